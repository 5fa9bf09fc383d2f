import { runMain } from './main.js';
import { createZpbenchProgram } from './program.js';

await runMain('zpbench', async () => {
  await (await createZpbenchProgram()).parseAsync(process.argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
});
