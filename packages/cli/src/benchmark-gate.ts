#!/usr/bin/env node
import { createGateProgram } from './commands/gate.js';
import { runMain } from './main.js';
import { applyExitOverride } from './program.js';

await runMain('benchmark-gate', async () => {
  const program = createGateProgram();
  applyExitOverride(program);
  await program.parseAsync(process.argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
});
