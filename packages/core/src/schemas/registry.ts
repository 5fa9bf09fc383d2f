import type { SchemaEntry } from '../artifact-spec.js';
import { BASELINE_REF_MARKER, BASELINE_REF_VERSION, baselineRefV1Schema } from './baseline-ref.js';
import {
  BUDGET_FILE_MARKER,
  BUDGET_FILE_VERSION,
  BUDGET_VERDICT_MARKER,
  BUDGET_VERDICT_VERSION,
  budgetFileV1Schema,
  budgetVerdictV1Schema,
} from './budget.js';
import {
  BUDGET_CALIBRATION_MARKER,
  BUDGET_CALIBRATION_VERSION,
  budgetCalibrationV2Schema,
} from './calibration.js';
import { CLAIM_AUDIT_MARKER, CLAIM_AUDIT_VERSION, claimAuditV2Schema } from './claim-audit.js';
import { COMPARISON_MARKER, COMPARISON_VERSION, comparisonV1Schema } from './comparison.js';
import { ENVELOPE_MARKER, ENVELOPE_VERSION, provenanceEnvelopeV2Schema } from './envelope.js';
import { MANIFEST_MARKER, MANIFEST_VERSION, runManifestV6Schema } from './manifest.js';
import {
  MANIFEST_SIGNATURE_MARKER,
  MANIFEST_SIGNATURE_VERSION,
  manifestSignatureV1Schema,
} from './manifest-signature.js';
import { METRIC_LOG_MARKER, METRIC_LOG_VERSION, metricLogRecordV1Schema } from './metric-log.js';
import { PAIRED_STATS_MARKER, PAIRED_STATS_VERSION, pairedStatsV1Schema } from './paired-stats.js';
import {
  PARITY_REPORT_MARKER,
  PARITY_REPORT_VERSION,
  parityReportV2Schema,
} from './parity-report.js';
import { PERF_SUITE_MARKER, PERF_SUITE_VERSION, perfSuiteV3Schema } from './perf-suite.js';
import { PRESET_MARKER, PRESET_VERSION, presetV1Schema } from './preset.js';
import { PROVENANCE_MARKER, PROVENANCE_VERSION, provenanceV8Schema } from './provenance.js';
import { RESUME_STATE_MARKER, RESUME_STATE_VERSION, resumeStateV3Schema } from './resume-state.js';
import { SUMMARY_MARKER, SUMMARY_VERSION, summaryV1Schema } from './summary.js';

/** The manifest schema entry. */
export const MANIFEST_SCHEMA = {
  marker: MANIFEST_MARKER,
  version: MANIFEST_VERSION,
  schema: runManifestV6Schema,
} as const satisfies SchemaEntry;
/** The manifest-signature schema entry. */
export const MANIFEST_SIGNATURE_SCHEMA = {
  marker: MANIFEST_SIGNATURE_MARKER,
  version: MANIFEST_SIGNATURE_VERSION,
  schema: manifestSignatureV1Schema,
} as const satisfies SchemaEntry;
/** The provenance schema entry. */
export const PROVENANCE_SCHEMA = {
  marker: PROVENANCE_MARKER,
  version: PROVENANCE_VERSION,
  schema: provenanceV8Schema,
} as const satisfies SchemaEntry;
/** The resume-state schema entry. */
export const RESUME_STATE_SCHEMA = {
  marker: RESUME_STATE_MARKER,
  version: RESUME_STATE_VERSION,
  schema: resumeStateV3Schema,
} as const satisfies SchemaEntry;
/** The summary schema entry. */
export const SUMMARY_SCHEMA = {
  marker: SUMMARY_MARKER,
  version: SUMMARY_VERSION,
  schema: summaryV1Schema,
} as const satisfies SchemaEntry;
/** The paired-stats schema entry. */
export const PAIRED_STATS_SCHEMA = {
  marker: PAIRED_STATS_MARKER,
  version: PAIRED_STATS_VERSION,
  schema: pairedStatsV1Schema,
} as const satisfies SchemaEntry;
/** The metric-log record schema entry (one per JSONL line). */
export const METRIC_LOG_SCHEMA = {
  marker: METRIC_LOG_MARKER,
  version: METRIC_LOG_VERSION,
  schema: metricLogRecordV1Schema,
} as const satisfies SchemaEntry;
/** The claim-audit schema entry. */
export const CLAIM_AUDIT_SCHEMA = {
  marker: CLAIM_AUDIT_MARKER,
  version: CLAIM_AUDIT_VERSION,
  schema: claimAuditV2Schema,
} as const satisfies SchemaEntry;
/** The performance-suite schema entry. */
export const PERF_SUITE_SCHEMA = {
  marker: PERF_SUITE_MARKER,
  version: PERF_SUITE_VERSION,
  schema: perfSuiteV3Schema,
} as const satisfies SchemaEntry;

/** The parity-report schema entry. */
export const PARITY_REPORT_SCHEMA = {
  marker: PARITY_REPORT_MARKER,
  version: PARITY_REPORT_VERSION,
  schema: parityReportV2Schema,
} as const satisfies SchemaEntry;

/** The comparison schema entry (`zpbench runs compare`). */
export const COMPARISON_SCHEMA = {
  marker: COMPARISON_MARKER,
  version: COMPARISON_VERSION,
  schema: comparisonV1Schema,
} as const satisfies SchemaEntry;
/** The stored baseline reference schema entry (`results/baselines/<domain>/<mode>.json`). */
export const BASELINE_REF_SCHEMA = {
  marker: BASELINE_REF_MARKER,
  version: BASELINE_REF_VERSION,
  schema: baselineRefV1Schema,
} as const satisfies SchemaEntry;

/** The budget-file schema entry (`--budget-file`, `candidate-budgets.json`). */
export const BUDGET_FILE_SCHEMA = {
  marker: BUDGET_FILE_MARKER,
  version: BUDGET_FILE_VERSION,
  schema: budgetFileV1Schema,
} as const satisfies SchemaEntry;
/** The budget-verdict schema entry (`aggregated/budget_verdict.json`). */
export const BUDGET_VERDICT_SCHEMA = {
  marker: BUDGET_VERDICT_MARKER,
  version: BUDGET_VERDICT_VERSION,
  schema: budgetVerdictV1Schema,
} as const satisfies SchemaEntry;
/** The budget-calibration schema entry (`budget-calibration.json`). */
export const BUDGET_CALIBRATION_SCHEMA = {
  marker: BUDGET_CALIBRATION_MARKER,
  version: BUDGET_CALIBRATION_VERSION,
  schema: budgetCalibrationV2Schema,
} as const satisfies SchemaEntry;
/** The preset schema entry (`presets/<name>.preset.json` of a domain). */
export const PRESET_SCHEMA = {
  marker: PRESET_MARKER,
  version: PRESET_VERSION,
  schema: presetV1Schema,
} as const satisfies SchemaEntry;
/** The provenance-envelope schema entry (in reports and JSON outputs). */
export const ENVELOPE_SCHEMA = {
  marker: ENVELOPE_MARKER,
  version: ENVELOPE_VERSION,
  schema: provenanceEnvelopeV2Schema,
} as const satisfies SchemaEntry;

/**
 * Every schema core owns, current versions only. Per-seed results and domain sidecars are owned
 * by their domains (see `DomainContract`), whose packages commit their own JSON Schemas.
 */
export const SCHEMA_REGISTRY: readonly SchemaEntry[] = [
  MANIFEST_SCHEMA,
  MANIFEST_SIGNATURE_SCHEMA,
  PROVENANCE_SCHEMA,
  RESUME_STATE_SCHEMA,
  SUMMARY_SCHEMA,
  PAIRED_STATS_SCHEMA,
  METRIC_LOG_SCHEMA,
  CLAIM_AUDIT_SCHEMA,
  PERF_SUITE_SCHEMA,
  COMPARISON_SCHEMA,
  BASELINE_REF_SCHEMA,
  PARITY_REPORT_SCHEMA,
  BUDGET_FILE_SCHEMA,
  BUDGET_VERDICT_SCHEMA,
  BUDGET_CALIBRATION_SCHEMA,
  PRESET_SCHEMA,
  ENVELOPE_SCHEMA,
];

/** Looks up a core schema by marker; returns the entry whatever the version, or undefined. */
export function findSchemaEntry(marker: string): SchemaEntry | undefined {
  return SCHEMA_REGISTRY.find((entry) => entry.marker === marker);
}

/** File name of the exported JSON Schema of an entry: `<marker>.v<N>.schema.json`. */
export function jsonSchemaFileName(entry: Pick<SchemaEntry, 'marker' | 'version'>): string {
  return `${entry.marker}.v${entry.version}.schema.json`;
}
