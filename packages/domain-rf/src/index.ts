export { HALLUCINATION_MARGIN, RF_CLAIMS } from './claims.js';
export type {
  RfConfig,
  RfDataConfig,
  RfEvalConfig,
  RfModelConfig,
  RfTrainConfig,
  SamplingStrategy,
} from './config.js';
export {
  CONDITIONINGS,
  RF_PAPER_CONFIG,
  RF_SMOKE_CONFIG,
  rfConfigSchema,
  SAMPLING_STRATEGIES,
} from './config.js';
export {
  CHECKPOINT,
  FREQUENCY_RESPONSE,
  FREQUENCY_RESPONSE_SPEC,
  QUALITATIVE_FIGURE,
  QUALITATIVE_FIGURE_SPEC,
  QUALITATIVE_MANIFEST,
  QUALITATIVE_README,
  rfContract,
  SIGNAL_TRACES,
} from './contract.js';
export { rfDomain } from './domain.js';
export type { DenseGrids, ModelEvaluation } from './evaluate.js';
export { denseGrids, evaluateModel, peakClipping } from './evaluate.js';
export { frequencyResponseFigure, qualitativeFigure, rfFigurePack } from './figures.js';
export type { RfDataset, RfSplit, SplitName } from './generator.js';
export { generateDataset, logUniform, SPLITS, splitContract, testSubsets } from './generator.js';
export type { PeakGrid } from './grid.js';
export { logGrid, peakGrid } from './grid.js';
export type { MetricInputs } from './metrics.js';
export { computeRfMetrics, LEGACY_METRIC_KEYS, quantile, RF_METRICS } from './metrics.js';
export type { RfInputs, RfPredictions, TrainedRfModel } from './models/rf-model.js';
export { CLAIMED_MODEL, MODEL_LABELS, RF_MODELS } from './models.js';
export type { PeakAnalysis, Trace } from './peaks.js';
export { analyzeTrace, searchBand } from './peaks.js';
export { rfReportSections } from './report-sections.js';
export {
  peakFrequency,
  peakMagnitude,
  phaseDifferenceDeg,
  resonatorDenominator,
  resonatorMagnitude,
  resonatorResponse,
} from './resonator.js';
export { runRfSeed } from './run-seed.js';
export type { RfCheckpointV1 } from './schemas/checkpoint.js';
export {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  rfCheckpointV1Schema,
} from './schemas/checkpoint.js';
export type { PeakClipping, RfDetails } from './schemas/details.js';
export { peakClippingSchema, rfDetailsSchema } from './schemas/details.js';
export type { QualitativeExample, QualitativePackV1 } from './schemas/qualitative-pack.js';
export {
  QUALITATIVE_MARKER,
  QUALITATIVE_VERSION,
  qualitativePackV1Schema,
} from './schemas/qualitative-pack.js';
export type { SignalTracesV1, TraceV1 } from './schemas/traces.js';
export { signalTracesV1Schema, TRACES_MARKER, TRACES_VERSION } from './schemas/traces.js';
