export { createGateProgram, runGate } from './commands/gate.js';
export type { RegisteredDomain } from './domains.js';
export {
  DOMAIN_IDS,
  DOMAIN_TITLES,
  domainOfRun,
  loadDomain,
  loadDomains,
  lookupContract,
} from './domains.js';
export { EXIT, reportError, runMain } from './main.js';
export { createZpbenchProgram } from './program.js';
export { renderReportFor } from './report-hook.js';
