export { createGateProgram, runGate } from './commands/gate.js';
export { EXIT, reportError, runMain } from './main.js';
export { createZpbenchProgram } from './program.js';
