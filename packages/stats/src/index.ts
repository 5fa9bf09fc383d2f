export type { StatsErrorCode } from './errors.js';
export { StatsError } from './errors.js';
export type { HolmResult } from './holm.js';
export { holmAdjust } from './holm.js';
export type { MarginOptions, MarginResult } from './non-inferiority.js';
export { checkEquivalence, checkNonInferiority } from './non-inferiority.js';
export type { PairedComparison, PairedOptions, ValueSummary } from './paired.js';
export {
  comparePaired,
  describeValues,
  signFlipPValue,
  signTestP,
  wilcoxonSignedRankP,
} from './paired.js';
export type { PowerEstimate, PowerOptions } from './power.js';
export { estimatePower, minimumDetectableEffect, requiredSeeds } from './power.js';
export type { RandomStream } from './random-stream.js';
export { createRandomStream } from './random-stream.js';
export type { RenderRegressionOptions } from './render-regression.js';
export { renderRegression } from './render-regression.js';
export type {
  RegressionInput,
  RegressionOptions,
  RegressionResult,
  RegressionSlotResult,
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
export { buildSlots, parseSlotMatrix } from './slot-matrix.js';
export { normalCdf, normalQuantile, tCdf, tQuantile } from './student-t.js';
