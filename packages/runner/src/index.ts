export type { CollectedMetrics, MetricTable } from './aggregate.js';
export {
  buildMetricLog,
  buildPairedStats,
  buildSummary,
  collectMetrics,
  createComparison,
  pairValues,
} from './aggregate.js';
export type {
  AggregateFile,
  AggregateRunInput,
  AggregateRunResult,
  ComputedAggregates,
} from './aggregate-run.js';
export { aggregateRun, computeAggregates } from './aggregate-run.js';
export type { ReferenceClass } from './artifact-drift.js';
export { classifyReference, computeArtifactDrift } from './artifact-drift.js';
export type { BaselineComparison as BaselineRunComparison } from './baseline.js';
export { assertComparable, compareWithBaseline, comparisonHash } from './baseline.js';
export {
  baselineRefPath,
  checkBaselineRef,
  DEFAULT_BASELINE_STORE,
  readBaselineRef,
  saveBaseline,
} from './baseline-store.js';
export type {
  CalibrateOptions,
  CalibrationOutput,
  CalibrationSource,
} from './budgets/calibrate.js';
export {
  CALIBRATION_CONFIDENCE,
  CALIBRATION_COVERAGE,
  CALIBRATION_RULE_TEXT,
  calibrateBudgets,
  renderCalibration,
  toleranceFactor,
} from './budgets/calibrate.js';
export type { ComparisonEnvelopeOptions } from './budgets/compare-budgets.js';
export {
  compareBudgetStatus,
  comparisonEnvelope,
  runBudgetVerdict,
} from './budgets/compare-budgets.js';
export type {
  BudgetEvidence,
  MetricObservation,
  PerformanceEvidence,
  PerformanceObservation,
  ScientificEvidence,
} from './budgets/evaluate.js';
export {
  evaluateBudgets,
  formatSelector,
  isPerformanceBudget,
  performanceEvidenceFromSuite,
  quantile,
  scientificEvidence,
} from './budgets/evaluate.js';
export type { GatedOutputInput, GateOutputFormat } from './budgets/render.js';
export { budgetViolationsCsv, gatedOutput, renderBudgetReport } from './budgets/render.js';
export { checkRunAggregates } from './check-aggregates.js';
export {
  auditClaims,
  isClaimRequired,
  renderClaimAudit,
  seedsNeededForClaims,
  type UnderpoweredClaim,
  underpoweredRequiredClaims,
} from './claims.js';
export type { CompareDomain, CompareRunsOptions } from './compare-runs.js';
export {
  CLAIM_BOUNDARY,
  compareBenchmarkRuns,
  compareRunPair,
  createComparedRun,
  createRunComparison,
  METRIC_SEMANTICS,
  runRegression,
} from './compare-runs.js';
export { diffConfigs } from './config-diff.js';
export { acquireRunLock } from './lock.js';
export type { MergeShardsOptions } from './merge-shards.js';
export { mergeShards } from './merge-shards.js';
export type { ResolvedParent } from './parent-run.js';
export { resolveParentRun } from './parent-run.js';
export type { PlanRunOptions, ReuseMode, RunPlan, SeedFiles } from './plan-run.js';
export { planRun } from './plan-run.js';
export type { LoadedPreset } from './presets.js';
export { findPreset, loadPresets, presetBudget, presetSkipReason } from './presets.js';
export {
  collectPackageVersions,
  currentEnvelopeRuntime,
  readEnvironment,
  readGitInfo,
  readSystemInfo,
} from './provenance.js';
export type { ProvenanceDifference } from './provenance-diff.js';
export { diffProvenance } from './provenance-diff.js';
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
  holmPowerWarning,
  loadRegressSource,
  matchSources,
  pairSources,
  plan,
  regress,
  regressJson,
  runSlotMatrix,
} from './regress.js';
export type { BenchmarkLine, BenchmarkSlot } from './regression-benchmarks.js';
export { newBenchmarkLines, regressionBenchmarkLines } from './regression-benchmarks.js';
export type { ReproResult } from './repro.js';
export { reproduceSeed } from './repro.js';
export type {
  ReportOutput,
  RunBenchmarkOptions,
  RunBenchmarkResult,
  RunEvent,
} from './run-benchmark.js';
export { runBenchmark, SUPPORTED_DEVICES } from './run-benchmark.js';
export type { ResolveConfigOptions, ResolvedConfig } from './run-config.js';
export { cliOptionName, resolveConfig } from './run-config.js';
export type { MetricTrend, TrendPoint } from './run-history.js';
export { createMetricTrend } from './run-history.js';
export type { JournalStart, SeedTiming } from './run-journal.js';
export { RunJournal } from './run-journal.js';
export type { RunListing, SkippedRun } from './run-list.js';
export { DEFAULT_RUNS_ROOT, findRunDirs, listRuns } from './run-list.js';
export { parseSeedList } from './seed-plan.js';
export type { ShardSpec } from './shard.js';
export { parseShard, shardSeeds } from './shard.js';
export type { RegressionSlot, SlotMetricDefinition, SlotRegression } from './statistics.js';
export { metricSlot, slotMetricName } from './statistics.js';
export {
  type ClaimLine,
  type RegressionLine,
  type RunVerdict,
  type RunVerdictInput,
  runVerdict,
} from './verdict.js';
export type { PluginModule, SeedScheduleHandlers, SeedScheduleOptions } from './worker-pool.js';
export { defaultWorkerCount, runSeedSchedule } from './worker-pool.js';
export type { SeedFailure, SeedTask } from './worker-protocol.js';
export type { ManifestInput } from './write-manifest.js';
export { writeRunManifest } from './write-manifest.js';
export type { CheckedSeed } from './write-seed.js';
export { checkSeedOutput, writeSeedFiles } from './write-seed.js';
