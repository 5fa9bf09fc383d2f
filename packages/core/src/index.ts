export {
  checkMarker,
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
export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export { canonicalJson, compareCodePoints, formatArtifactJson } from './canonical-json.js';
export type {
  AggregateContext,
  ClaimDefinition,
  DomainCliOption,
  DomainMode,
  DomainPlugin,
  FigurePackInput,
  FigureSpec,
  MetricDefinition,
  ModelDefinition,
  ProgressEvent,
  RunFile,
  SeedContext,
  SeedFile,
  SeedOutput,
} from './domain-plugin.js';
export { defineDomain } from './domain-plugin.js';
export type { ErrorCode } from './errors.js';
export { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
export { configHash, fingerprint, hashFile, sha256Hex } from './hash.js';
export { JSON_SCHEMA_ID_BASE, renderJsonSchema } from './json-schema.js';
export {
  JsonSchemaValidator,
  jsonSchemaPath,
  sharedJsonSchemaValidator,
} from './json-schema-validator.js';
export {
  artifactKind,
  createArtifactEntry,
  refreshManifest,
  SUMMARY_HASHED_FILES,
} from './manifest-update.js';
export type { NumberArgumentSpec } from './number-argument.js';
export { parseNumberArgument } from './number-argument.js';
export type { PathArgumentKind, PathArgumentSpec } from './path-argument.js';
export { resolvePathArgument } from './path-argument.js';
export type { PerfDirCheck } from './perf-gate.js';
export { checkPerfDir, DEFAULT_MAX_SLOWDOWN } from './perf-gate.js';
export type { BenchmarkRun, RunDirCheck, Violation } from './run-dir.js';
export {
  checkRunDir,
  listPerfFiles,
  loadBenchmarkRun,
  looksLikePerfDir,
  validateRunDir,
} from './run-dir.js';
export { createRunId, RUN_ID_PATTERN } from './run-id.js';
export {
  DOMAIN_REQUIRED_FILES,
  defaultRunRoot,
  parseSeedDirName,
  perSeedResultPath,
  REQUIRED_RUN_FILES,
  RUN_FILES,
  seedDir,
} from './run-layout.js';
export { checkRelativePath, resolveInsideRunDir } from './safe-path.js';
export * from './schemas/claim-audit.js';
export * from './schemas/common.js';
export * from './schemas/dose-diagnostics.js';
export * from './schemas/manifest.js';
export * from './schemas/metric-log.js';
export * from './schemas/paired-stats.js';
export * from './schemas/perf-suite.js';
export * from './schemas/provenance.js';
export * from './schemas/registry.js';
export * from './schemas/resume-state.js';
export * from './schemas/seed-result.js';
export * from './schemas/summary.js';
export { writeFixturePerfDir, writeFixtureRunDir } from './testing/fixture-run.js';
