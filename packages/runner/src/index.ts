export type { CollectedMetrics, MetricTable } from './aggregate.js';
export {
  buildMetricLog,
  buildPairedStats,
  buildSummary,
  collectMetrics,
  createComparison,
  pairValues,
} from './aggregate.js';
export { assertComparable, compareWithBaseline, comparisonHash } from './baseline.js';
export { auditClaims, escapeMarkdown, isClaimRequired, renderClaimAudit } from './claims.js';
export { acquireRunLock } from './lock.js';
export { collectPackageVersions, readGitInfo, readSystemInfo } from './provenance.js';
export { refreshBaselineComparison } from './refresh-baseline.js';
export type {
  BenchmarkVerdict,
  MarginSlot,
  MatchedSources,
  PlanOptions,
  PlanReport,
  RegressOptions,
  RegressReport,
  RegressSource,
} from './regress.js';
export {
  benchmarkOf,
  loadRegressSource,
  matchSources,
  pairSources,
  plan,
  regress,
  regressJson,
  runSlotMatrix,
} from './regress.js';
export type { ReproResult } from './repro.js';
export { reproduceSeed } from './repro.js';
export type { RunBenchmarkOptions, RunBenchmarkResult, RunEvent } from './run-benchmark.js';
export { runBenchmark } from './run-benchmark.js';
export type { ResolvedConfig } from './run-config.js';
export { resolveConfig } from './run-config.js';
export { parseSeedList } from './seed-plan.js';
export type { PluginModule, SeedScheduleHandlers } from './worker-pool.js';
export { defaultWorkerCount, runSeedSchedule } from './worker-pool.js';
