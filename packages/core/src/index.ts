export type { ArtifactCheck } from './artifact-io.js';
export {
  checkArtifact,
  checkMarker,
  formatZodIssues,
  MAX_INPUT_BYTES,
  parseArtifact,
  parseJsonText,
  parseWithSchema,
  readAnyArtifact,
  readArtifact,
  readJsonFile,
  readMarker,
  readTextFile,
} from './artifact-io.js';
export type {
  ArtifactKind,
  ArtifactParams,
  ArtifactRequirement,
  ArtifactRole,
  ArtifactSpec,
  SchemaEntry,
} from './artifact-spec.js';
export {
  artifactName,
  artifactPath,
  checkArtifactSpec,
  defineArtifact,
  findArtifactSpec,
  isArtifactRequired,
  matchArtifactPath,
} from './artifact-spec.js';
export type { AtomicWriteOptions } from './atomic-write.js';
export { syncFiles, writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export type { LoadedBudgetFile } from './budget-file.js';
export { parseBudgetFile, readBudgetFile } from './budget-file.js';
export { canonicalJson, compareCodePoints, formatArtifactJson } from './canonical-json.js';
export type { UnlistedArtifactSpec } from './core-artifacts.js';
export {
  CORE_ARTIFACTS,
  SEED_RESULT_ARTIFACT,
  UNLISTED_CORE_ARTIFACTS,
} from './core-artifacts.js';
export type {
  BundleSpec,
  DomainContract,
  DomainContractInput,
  DomainContractLookup,
} from './domain-contract.js';
export {
  contractSchemas,
  createArtifactNaming,
  defineDomainContract,
  runArtifactTable,
} from './domain-contract.js';
export type {
  AggregateContext,
  ArtifactReader,
  BundleDescriber,
  BundlePredictor,
  ClaimDefinition,
  DomainCliOption,
  DomainMode,
  DomainPlugin,
  FigureSpec,
  MetricDefinition,
  ModelDefinition,
  ParentRun,
  ParentRunSpec,
  ProgressEvent,
  ReportBlock,
  ReportCell,
  ReportSection,
  RunFile,
  RunView,
  SeedContext,
  SeedFile,
  SeedOutput,
} from './domain-plugin.js';
export { checkMetricSeries, defineDomain } from './domain-plugin.js';
export type {
  ArtifactEnvelopeInput,
  DerivedEnvelopeInput,
  RunEnvelopeInput,
  RunInputs,
} from './envelope.js';
export {
  appendArtifactEnvelope,
  appendDerivedEnvelope,
  buildRunEnvelope,
  canonicalDigest,
  ENVELOPE_HEADING,
  envelopeJsonBlock,
  PERF_CLAIM_BOUNDARY,
  PERF_METRIC_SEMANTICS,
  perfSuiteEnvelope,
  readRunEnvelope,
  renderEnvelopeMarkdown,
  runInputDigest,
  runInputDigestOf,
  runResultDigest,
  storedRunDerivedInput,
} from './envelope.js';
export type { ErrorCode } from './errors.js';
export { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
export type { ReliabilityBin, ReliabilitySpecOptions } from './figures/reliability.js';
export {
  addReliabilityBins,
  binReliability,
  createReliabilitySpec,
  expectedCalibrationError,
} from './figures/reliability.js';
export { configHash, fingerprint, hashFile, sha256Hex } from './hash.js';
export {
  JSON_SCHEMA_ID_BASE,
  renderJsonSchema,
  renderJsonSchemaFiles,
  renderJsonSchemaText,
  writeJsonSchemaFiles,
} from './json-schema.js';
export {
  CORE_SCHEMA_DIR,
  JsonSchemaValidator,
  jsonSchemaPath,
  PRECOMPILED_VALIDATOR_DIR,
  precompiledValidatorName,
  sharedJsonSchemaValidator,
  writePrecompiledValidators,
} from './json-schema-validator.js';
export type { SignatureProblem, SigningKeyPem } from './manifest-signature.js';
export {
  checkManifestSignature,
  createManifestSignature,
  createSigningKeys,
  publicKeyFingerprint,
  readSigningKey,
  SIGNING_KEY_FILES,
  writeSigningKeys,
} from './manifest-signature.js';
export {
  createManifestEntry,
  modelHashes,
  refreshManifest,
  SUMMARY_HASHED_FILES,
  sortArtifacts,
} from './manifest-update.js';
export { encodeHref, escapeMarkdown, markdownCode } from './markdown/escape.js';
export {
  formatInterval,
  formatMeanInterval,
  formatNumber,
  formatP,
  formatPercent,
  MISSING,
} from './markdown/format.js';
export { heading, joinBlocks, markdownTable } from './markdown/table.js';
export type { NumberArgumentSpec } from './number-argument.js';
export { parseNumberArgument } from './number-argument.js';
export type { PathArgumentKind, PathArgumentSpec } from './path-argument.js';
export { resolvePathArgument } from './path-argument.js';
export { DEFAULT_MAX_SLOWDOWN, DEFAULT_PERF_BASELINE } from './perf-defaults.js';
export type { PerfComparison, PerfDirCheck, PerfGateOptions } from './perf-gate.js';
export {
  checkPerfDir,
  listPerfArtifacts,
  listPerfFiles,
  looksLikePerfDir,
  perfArtifactName,
  readPerfSuite,
} from './perf-gate.js';
export type { BenchmarkRun } from './read-run.js';
export {
  benchmarkRunOf,
  createRunReader,
  readBenchmarkRun,
  readParentArtifact,
  readParentFile,
  validateRunDir,
} from './read-run.js';
export { DEFAULT_BASELINE_STORE } from './run-defaults.js';
export type { CheckRunDirOptions, RunArtifacts, RunDirCheck, Violation } from './run-dir-check.js';
export { checkRunDir, claimViolations, regressionViolations } from './run-dir-check.js';
export type { FileRecord } from './run-files.js';
export {
  fileRecordOf,
  isTempFileName,
  listRunFiles,
  readRunArtifact,
  readRunFile,
  removeOrphanTempFiles,
  syncRunFiles,
  writeRunFile,
} from './run-files.js';
export { createRunId, RUN_ID_PATTERN } from './run-id.js';
export {
  defaultRunRoot,
  parseSeedDirName,
  perSeedResultPath,
  RUN_FILES,
  seedDir,
} from './run-layout.js';
export { checkRelativePath, resolveInsideRunDir } from './safe-path.js';
export type { BaselineRefV1 } from './schemas/baseline-ref.js';
export {
  BASELINE_REF_MARKER,
  BASELINE_REF_VERSION,
  baselineRefV1Schema,
} from './schemas/baseline-ref.js';
export type {
  Budget,
  BudgetCheck,
  BudgetFileRef,
  BudgetFileV1,
  BudgetVerdictV1,
  ThresholdKey,
} from './schemas/budget.js';
export {
  BUDGET_FILE_MARKER,
  BUDGET_FILE_VERSION,
  BUDGET_VERDICT_MARKER,
  BUDGET_VERDICT_VERSION,
  budgetCheckSchema,
  budgetFileRefSchema,
  budgetFileV1Schema,
  budgetSchema,
  budgetVerdictV1Schema,
  METRIC_THRESHOLD_KEYS,
  PERFORMANCE_SELECTOR_KEYS,
  PERFORMANCE_THRESHOLD_KEYS,
  prefixedSha256Schema,
  RUN_THRESHOLD_KEYS,
  SCIENTIFIC_SELECTOR_KEYS,
} from './schemas/budget.js';
export type { BudgetCalibrationV2, CalibrationRow } from './schemas/calibration.js';
export {
  BUDGET_CALIBRATION_MARKER,
  BUDGET_CALIBRATION_VERSION,
  budgetCalibrationV2Schema,
  calibrationRowSchema,
} from './schemas/calibration.js';
export type { ClaimAuditV2, ClaimResult, ClaimVerdict } from './schemas/claim-audit.js';
export {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  CLAIM_VERDICTS,
  claimAuditV2Schema,
  claimResultSchema,
} from './schemas/claim-audit.js';
export type { Distribution } from './schemas/common.js';
export {
  directionSchema,
  distributionSchema,
  domainIdSchema,
  markerField,
  metricValueSchema,
  modeIdSchema,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './schemas/common.js';
export type {
  BaselineComparison,
  ComparedRun,
  ComparisonBudget,
  ComparisonContext,
  ComparisonRefusal,
  ComparisonRegression,
  ComparisonV1,
  ConfigDifference,
  MetricDiff,
} from './schemas/comparison.js';
export {
  baselineComparisonSchema,
  COMPARISON_MARKER,
  COMPARISON_VERSION,
  comparedRunSchema,
  comparisonBudgetSchema,
  comparisonContextSchema,
  comparisonRefusalSchema,
  comparisonRegressionSchema,
  comparisonV1Schema,
  configDifferenceSchema,
  metricDiffSchema,
} from './schemas/comparison.js';
export type { ProvenanceEnvelopeV2 } from './schemas/envelope.js';
export {
  ENVELOPE_MARKER,
  ENVELOPE_VERSION,
  provenanceEnvelopeV2Schema,
} from './schemas/envelope.js';
export type { ArtifactEntry, RunManifestV6 } from './schemas/manifest.js';
export {
  artifactEntrySchema,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  runManifestV6Schema,
} from './schemas/manifest.js';
export type { ManifestSignatureV1 } from './schemas/manifest-signature.js';
export {
  MANIFEST_SIGNATURE_MARKER,
  MANIFEST_SIGNATURE_VERSION,
  manifestSignatureV1Schema,
} from './schemas/manifest-signature.js';
export type { MetricLogRecordV1 } from './schemas/metric-log.js';
export {
  METRIC_LOG_MARKER,
  METRIC_LOG_VERSION,
  metricLogPhaseSchema,
  metricLogRecordV1Schema,
} from './schemas/metric-log.js';
export type { PairedComparison, PairedStatsV1 } from './schemas/paired-stats.js';
export {
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  pairedComparisonSchema,
  pairedStatsV1Schema,
  regressionVerdictSchema,
} from './schemas/paired-stats.js';
export type { ParityPoint, ParityReportV2 } from './schemas/parity-report.js';
export {
  PARITY_REPORT_MARKER,
  PARITY_REPORT_VERSION,
  parityPointSchema,
  parityReportV2Schema,
} from './schemas/parity-report.js';
export type {
  PerfBenchmark,
  PerfEnvironment,
  PerfLatency,
  PerfProvenance,
  PerfSuiteV3,
} from './schemas/perf-suite.js';
export {
  PERF_SUITE_MARKER,
  PERF_SUITE_VERSION,
  perfBenchmarkSchema,
  perfEnvironmentSchema,
  perfLatencySchema,
  perfProvenanceSchema,
  perfSuiteV3Schema,
} from './schemas/perf-suite.js';
export type { PresetV1 } from './schemas/preset.js';
export { PRESET_MARKER, PRESET_VERSION, presetV1Schema } from './schemas/preset.js';
export type { Attempt, GitInfo, ProvenanceV8 } from './schemas/provenance.js';
export {
  attemptSchema,
  environmentSchema,
  gitInfoSchema,
  PROVENANCE_MARKER,
  PROVENANCE_VERSION,
  provenanceV8Schema,
  shardProvenanceSchema,
} from './schemas/provenance.js';
export {
  BASELINE_REF_SCHEMA,
  BUDGET_CALIBRATION_SCHEMA,
  BUDGET_FILE_SCHEMA,
  BUDGET_VERDICT_SCHEMA,
  CLAIM_AUDIT_SCHEMA,
  COMPARISON_SCHEMA,
  ENVELOPE_SCHEMA,
  findSchemaEntry,
  jsonSchemaFileName,
  MANIFEST_SCHEMA,
  MANIFEST_SIGNATURE_SCHEMA,
  METRIC_LOG_SCHEMA,
  PAIRED_STATS_SCHEMA,
  PARITY_REPORT_SCHEMA,
  PERF_SUITE_SCHEMA,
  PRESET_SCHEMA,
  PROVENANCE_SCHEMA,
  RESUME_STATE_SCHEMA,
  SCHEMA_REGISTRY,
  SUMMARY_SCHEMA,
} from './schemas/registry.js';
export type { FileHash, ResumeStateV3 } from './schemas/resume-state.js';
export {
  fileHashSchema,
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  resumeStateV3Schema,
} from './schemas/resume-state.js';
export type { ParentRunRef, SeedContract, Shard } from './schemas/seed-contract.js';
export { parentRunRefSchema, seedContractSchema, shardSchema } from './schemas/seed-contract.js';
export type { ModelRun, SeedResult, TrainLogEntry } from './schemas/seed-result.js';
export {
  createSeedResultSchema,
  modelRunSchema,
  SEED_RESULT_VERSION,
  seedResultMarker,
  trainLogEntrySchema,
} from './schemas/seed-result.js';
export type { MetricDefinitionEntry, SummaryV1 } from './schemas/summary.js';
export {
  metricDefinitionSchema,
  modelEntrySchema,
  SUMMARY_MARKER,
  SUMMARY_VERSION,
  summaryV1Schema,
} from './schemas/summary.js';
export type { SeedResultHead } from './seed-result-head.js';
export { createSeedResultHead } from './seed-result-head.js';
export { signRun } from './sign-run.js';
export type { CheckpointFile, FigureArtifactsInput } from './standard-artifacts.js';
export {
  CHECKPOINT_PATH,
  createCheckpointFile,
  defineCheckpointArtifact,
  defineFigureArtifacts,
} from './standard-artifacts.js';
