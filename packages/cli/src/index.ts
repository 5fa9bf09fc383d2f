export { createGateProgram, runGate } from './commands/gate.js';
export type { RegisteredDomain } from './domains.js';
export { DOMAINS, findDomain } from './domains.js';
export { EXIT, reportError, runMain } from './main.js';
export { createZpbenchProgram } from './program.js';
