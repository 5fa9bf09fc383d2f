export type { AlternativeTestOptions, AlternativeTestResult } from './alternative-tests.js';
export {
  binomialUpperTail,
  globalTTest,
  perSlotBinomialTest,
  signFlipCountTest,
} from './alternative-tests.js';
export type { BootstrapOptions } from './bootstrap.js';
export {
  bootstrapMeanInterval,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
} from './bootstrap.js';
export type {
  CalibrationCase,
  CalibrationOptions,
  CalibrationRate,
  CalibrationReport,
} from './calibrate.js';
export {
  CALIBRATED_TESTS,
  CALIBRATION_CASES,
  calibrateTests,
  calibrationRegimes,
  LOSS_CURVE,
  PYBENCH_PART2_RATES,
  sampleLossCurves,
} from './calibrate.js';
export type { StatsErrorCode } from './errors.js';
export { StatsError } from './errors.js';
export type { HolmResult } from './holm.js';
export { holmAdjust } from './holm.js';
export type { MarginOptions, MarginResult } from './non-inferiority.js';
export { checkEquivalence, checkNonInferiority } from './non-inferiority.js';
export type {
  DescribeOptions,
  PairedComparison,
  PairedOptions,
  ValueSummary,
} from './paired.js';
export {
  comparePaired,
  describeValues,
  signFlipPValue,
  signTestP,
  wilcoxonSignedRankP,
} from './paired.js';
export type {
  ConstantSlot,
  PowerEstimate,
  PowerOptions,
  PowerPlan,
  PowerProgress,
} from './power.js';
export {
  constantSlots,
  estimatePower,
  minimumDetectableEffect,
  planPower,
  requiredSeeds,
} from './power.js';
export type { RandomStream } from './random-stream.js';
export { createRandomStream } from './random-stream.js';
export type { RenderRegressionOptions, SlotChange } from './render-regression.js';
export {
  alignColumns,
  formatSlotChange,
  formatSlotP,
  renderMethod,
  renderRegression,
  slotChange,
} from './render-regression.js';
export type {
  RegressionInput,
  RegressionOptions,
  RegressionResult,
  RegressionSlotResult,
  SeverityTestOutcome,
} from './severity.js';
export {
  checkAlphaGuard,
  checkRegression,
  compareCodePoints,
  DEFAULT_N_PERM,
  DEFAULT_PERM_SEED,
  EFFECT_EPS,
  goodness,
  ZERO_SD,
  ZERO_SD_T,
} from './severity.js';
export type { RegressionSlotInput, SlotMatrix, SlotMatrixMetric } from './slot-matrix.js';
export { buildSlots, buildUnpairedSlots, parseSlotMatrix } from './slot-matrix.js';
export { parseStepRecords } from './step-records.js';
export { normalCdf, normalQuantile, tCdf, tQuantile } from './student-t.js';
export type { UnpairedComparison, UnpairedComparisonOptions } from './two-sample.js';
export { compareUnpaired, unpairedPermutationP } from './two-sample.js';
export type { UnpairedOptions, UnpairedRegressionResult, UnpairedSlotInput } from './unpaired.js';
export {
  binomialCoefficient,
  checkUnpairedAlphaGuard,
  checkUnpairedRegression,
} from './unpaired.js';
