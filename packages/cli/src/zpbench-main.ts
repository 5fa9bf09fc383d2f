import { runMain } from './main.js';
import { createZpbenchProgram } from './program.js';

await runMain('zpbench', async () => {
  const program = await createZpbenchProgram();
  // No command is a usage error: the help goes to stderr and the exit code says so.
  if (process.argv.length <= 2) {
    process.stderr.write(
      `${program.helpInformation()}\nzpbench: no command given; see \`zpbench --help\`\n`,
    );
    return 2;
  }
  await program.parseAsync(process.argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
});
