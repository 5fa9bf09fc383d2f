export { aggregateIk, meanAndVariance } from './aggregate.js';
export {
  BUCKET_EDGES,
  BUCKET_NAMES,
  bucketLabel,
  bucketOf,
  N_BUCKETS,
  NEAR_POLE_BUCKETS,
} from './buckets.js';
export {
  COVERAGE_FLOOR,
  IK_CLAIMS,
  LEARNED_BASELINES,
  NEAR_POLE_VARIANCE_RATIO_MIN,
  PUBLISHED_VARIANCE_RATIO,
} from './claims.js';
export type {
  IkConfig,
  IkEvaluationConfig,
  IkGeneratorConfig,
  IkModelConfig,
  IkRolloutConfig,
  IkTrainConfig,
} from './config.js';
export { IK_PAPER_CONFIG, IK_SMOKE_CONFIG, ikConfigSchema } from './config.js';
export {
  AGGREGATED_DIAGNOSTICS,
  CHECKPOINT,
  FIGURE_PACK,
  FIGURE_PACK_SPEC,
  ikContract,
  SEED_DIAGNOSTICS,
  SEED_TRAJECTORIES,
} from './contract.js';
export { bottomScore, detjBin, detjEdges, workspaceCell } from './diagnostics.js';
export { createDlsModel, dlsSteps } from './dls-model.js';
export { ikDomain, tinyIkConfig } from './domain.js';
export type { IkQueries } from './features.js';
export { encodeFeatures, FEATURE_NAMES, N_FEATURES } from './features.js';
export { ikFigurePack } from './figure-pack.js';
export type { IkDataset, IkSamples } from './generator.js';
export { generateDataset, roundHalfEven, stratifiedSplit, targetStep } from './generator.js';
export type { IkModel, IkPredictions } from './ik-model.js';
export {
  clipStep,
  conditionNumber,
  distanceToSingularity,
  dlsStep,
  forwardKinematics,
  invStep,
  jacobian,
  jacobianDeterminant,
} from './kinematics.js';
export { IK_METRICS } from './metric-definitions.js';
export {
  halfSquaredErrors,
  maskInvariantViolations,
  quantileSorted,
  testMetrics,
} from './metrics.js';
export { IK_MODELS } from './model-definitions.js';
export { ikReportSections } from './report-sections.js';
export type { Trajectory, TrajectoryRun } from './rollout.js';
export { planTrajectories, reachAt, rolloutMetrics, rolloutModel, wrapAngle } from './rollout.js';
export { MODEL_IDS, runIkSeed } from './run-seed.js';
export type { IkCheckpointV1 } from './schemas/checkpoint.js';
export { ikCheckpointV1Schema } from './schemas/checkpoint.js';
export type { IkDetails } from './schemas/details.js';
export { ikDetailsSchema } from './schemas/details.js';
export type { IkAggregatedDiagnosticsV1, IkDiagnosticsV1 } from './schemas/diagnostics.js';
export { ikAggregatedDiagnosticsV1Schema, ikDiagnosticsV1Schema } from './schemas/diagnostics.js';
export type { IkTrajectoriesV1 } from './schemas/trajectories.js';
export { ikTrajectoriesV1Schema } from './schemas/trajectories.js';
export { trainScm } from './scm-model.js';
