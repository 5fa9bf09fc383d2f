export type { BaselineUpdate } from './baseline.js';
export { updatePerfBaseline } from './baseline.js';
export type { AnyBenchmark, BenchmarkContext, BenchmarkDefinition } from './define-benchmark.js';
export { defineBenchmark } from './define-benchmark.js';
export type { SuiteDefinition } from './define-suite.js';
export { defineSuite } from './define-suite.js';
export { collectEnvironment, deriveMachineClass } from './environment.js';
export type { HeadlineRatio } from './latency.js';
export { headlineRatio, ratioSpread, summarizeLatencies } from './latency.js';
export type { MeasureOptions, MeasureProgress } from './measure.js';
export { measureBenchmark, measureInterleaved } from './measure.js';
export type { ParityRun } from './parity.js';
export {
  createCoverageAccuracyFigure,
  PARITY_FILES,
  PARITY_TASK,
  PARITY_TAUS,
  rasterizeSvg,
  runParity,
} from './parity.js';
export type { PerfSuiteRun, RunPerfSuiteOptions, SuiteProgress } from './run-suite.js';
export { runPerfSuite } from './run-suite.js';
export type { BundleDomain, BundleSource } from './suites/bundle-suite.js';
export { BUNDLE_BATCHES, createBundleSuite, trainTinyBundle } from './suites/bundle-suite.js';
export { mlpTrainStepBenchmark } from './suites/nn-suite.js';
export { SEVERITY_N_PERM, SEVERITY_WORKLOADS } from './suites/stats-suite.js';
export { PERF_SUITE_DEFINITIONS_VERSION, PERF_SUITES, selectSuites } from './suites.js';
export type { NnModule, TrainStep } from './workloads/mlp-step.js';
export {
  createMlpTrainStep,
  createStepData,
  mlpStepFlops,
  STEP_BATCH,
  STEP_SAMPLES,
} from './workloads/mlp-step.js';
export type { SlotWorkload } from './workloads/regression-slots.js';
export { createRegressionSlots } from './workloads/regression-slots.js';
