export type { SyntheticConfig } from './config.js';
export { SYNTHETIC_DEFAULTS, syntheticConfigSchema } from './config.js';
export type { LossCurvesV1, SyntheticDetails } from './contract.js';
export {
  LOSS_CURVES,
  LOSS_CURVES_MARKER,
  LOSS_CURVES_VERSION,
  lossCurvesV1Schema,
  syntheticContract,
  syntheticDetailsSchema,
} from './contract.js';
export { syntheticDomain } from './domain.js';
export type { CurveParams } from './sampler.js';
export { sampleLossCurve } from './sampler.js';
