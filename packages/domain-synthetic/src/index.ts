export type { SyntheticConfig } from './config.js';
export { SYNTHETIC_DEFAULTS, syntheticConfigSchema } from './config.js';
/** The light entry's exports (`./contract`), listed once in contract-entry.ts. */
export * from './contract-entry.js';
export { syntheticDomain } from './domain.js';
export type { CurveParams } from './sampler.js';
export { sampleLossCurve } from './sampler.js';
