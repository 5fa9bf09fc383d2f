export type { SyntheticConfig } from './config.js';
export { SYNTHETIC_DEFAULTS, syntheticConfigSchema } from './config.js';
export { domain } from './domain.js';
export type { CurveParams } from './sampler.js';
export { sampleLossCurve } from './sampler.js';
