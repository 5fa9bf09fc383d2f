import { createGateProgram } from './commands/gate.js';
// Not program.js: that loads every domain, the runner and the report renderer, which the gate
// never needs (half a second of start-up).
import { applyExitOverride } from './exit-override.js';
import { refuseEmptyValues } from './flags.js';
import { runMain } from './main.js';

await runMain('benchmark-gate', async () => {
  const program = createGateProgram();
  applyExitOverride(program);
  refuseEmptyValues(program);
  await program.parseAsync(process.argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
});
