export {
  aggregateDose,
  buildDirheadSummary,
  buildOperatingPoints,
  buildParetoFront,
} from './aggregate.js';
export type { BundleInput, BundleManifest, BundleOutput, LoadedBundle } from './bundle.js';
export { BUNDLE_MARKER, BUNDLE_VERSION, loadBundle, predict } from './bundle.js';
export { DOSE_CLAIMS, FALSE_CENSORED_MARGIN, MACRO_F1_MARGIN } from './claims.js';
export type {
  DoseConfig,
  DoseGeneratorConfig,
  DoseModelConfig,
  DoseTrainConfig,
} from './config.js';
export {
  DOSE_FROZEN_DIRHEAD_CONFIG,
  DOSE_PAPER_CONFIG,
  DOSE_SMOKE_CONFIG,
  doseConfigSchema,
  doseGeneratorConfigSchema,
} from './config.js';
export { decodeStrict } from './decode.js';
export { DOSE_MODELS, domain } from './domain.js';
export { doseFigurePack } from './figure-pack.js';
export type { Compound, DoseDataset, DoseLabel, DoseSplit, SplitName } from './generator.js';
export {
  fourPl,
  generateDataset,
  LABELS,
  labelOf,
  SPLITS,
  scaleResponse,
  unscaleResponse,
} from './generator.js';
export type { DosePredictions } from './metrics.js';
export {
  acceptRate,
  bottomRate,
  computeDoseMetrics,
  DOSE_METRICS,
  directionOnlyMacroF1OnCensored,
  falseCensoredRateOnInRange,
  falseInRangeRateOnCensored,
  faultRate,
  finiteMae,
  gapRate,
  macroF1,
  macroF1ThreeWay,
  predictedClasses,
  semanticBottomRate,
} from './metrics.js';
export { MODEL_IDS } from './run-seed.js';
