export {
  aggregateDose,
  buildDirheadSummary,
  buildOperatingPoints,
  buildParetoFront,
  renderOperatingPoints,
  renderPareto,
} from './aggregate.js';
export type { BundleInput, BundleOutput, LoadedBundle } from './bundle.js';
export { loadBundle, loadBundlePredictor, predict } from './bundle.js';
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
export {
  AGGREGATED_DIAGNOSTICS,
  BUNDLE_MANIFEST,
  BUNDLE_PARAMS,
  CHECKPOINT,
  DIRHEAD_RESULTS,
  DIRHEAD_SUMMARY,
  doseContract,
  FIGURE_PACK,
  FIGURE_PACK_SPEC,
  OPERATING_POINTS,
  OPERATING_POINTS_MD,
  PARETO_FRONT,
  PARETO_FRONT_MD,
  SEED_DIAGNOSTICS,
} from './contract.js';
export { decodeStrict } from './decode.js';
export { DOSE_MODELS, doseDomain } from './domain.js';
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
export {
  bottomBreakdownSection,
  describeDoseBundle,
  doseReportSections,
} from './report-sections.js';
export { MODEL_IDS } from './run-seed.js';
export type { BundleManifest, BundleParams } from './schemas/bundle.js';
export {
  BUNDLE_MARKER,
  BUNDLE_PARAMS_MARKER,
  BUNDLE_VERSION,
  bundleManifestV1Schema,
  bundleParamsV1Schema,
} from './schemas/bundle.js';
export type { DoseCheckpointV1 } from './schemas/checkpoint.js';
export {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  doseCheckpointV1Schema,
} from './schemas/checkpoint.js';
export type { DirheadBase, DoseDetails } from './schemas/details.js';
export { dirheadBaseSchema, doseDetailsSchema } from './schemas/details.js';
export type { DoseDiagnosticsV1 } from './schemas/diagnostics.js';
export {
  DOSE_DIAGNOSTICS_MARKER,
  DOSE_DIAGNOSTICS_VERSION,
  doseDiagnosticsV1Schema,
} from './schemas/diagnostics.js';
export type { DirheadResultsV1, DirheadSummaryV1 } from './schemas/dirhead.js';
export { dirheadResultsV1Schema, dirheadSummaryV1Schema } from './schemas/dirhead.js';
export type { OperatingPointsV1 } from './schemas/operating-points.js';
export { operatingPointsV1Schema } from './schemas/operating-points.js';
export type { ParetoFrontV1 } from './schemas/pareto-front.js';
export { paretoFrontV1Schema } from './schemas/pareto-front.js';
export type { PointMetrics, SweepPoint } from './schemas/sweep-point.js';
export { sweepPointSchema } from './schemas/sweep-point.js';
