import type { z } from 'zod';
import { CLAIM_AUDIT_MARKER, CLAIM_AUDIT_VERSION, claimAuditV1Schema } from './claim-audit.js';
import {
  DOSE_DIAGNOSTICS_MARKER,
  DOSE_DIAGNOSTICS_VERSION,
  doseDiagnosticsV1Schema,
} from './dose-diagnostics.js';
import { MANIFEST_MARKER, MANIFEST_VERSION, runManifestV4Schema } from './manifest.js';
import { METRIC_LOG_MARKER, METRIC_LOG_VERSION, metricLogRecordV1Schema } from './metric-log.js';
import { PAIRED_STATS_MARKER, PAIRED_STATS_VERSION, pairedStatsV1Schema } from './paired-stats.js';
import { PERF_SUITE_MARKER, PERF_SUITE_VERSION, perfSuiteV1Schema } from './perf-suite.js';
import { PROVENANCE_MARKER, PROVENANCE_VERSION, provenanceV6Schema } from './provenance.js';
import { RESUME_STATE_MARKER, RESUME_STATE_VERSION, resumeStateV2Schema } from './resume-state.js';
import { SEED_RESULT_VERSION, seedResultMarker, seedResultSchemas } from './seed-result.js';
import { SUMMARY_MARKER, SUMMARY_VERSION, summaryV1Schema } from './summary.js';

/** One versioned artifact schema: its marker, version and zod schema. */
export interface SchemaEntry {
  readonly marker: string;
  readonly version: number;
  readonly schema: z.ZodType;
}

/** Every artifact schema zpbench reads and writes, current versions only. */
export const SCHEMA_REGISTRY: readonly SchemaEntry[] = [
  { marker: MANIFEST_MARKER, version: MANIFEST_VERSION, schema: runManifestV4Schema },
  { marker: PROVENANCE_MARKER, version: PROVENANCE_VERSION, schema: provenanceV6Schema },
  { marker: RESUME_STATE_MARKER, version: RESUME_STATE_VERSION, schema: resumeStateV2Schema },
  { marker: SUMMARY_MARKER, version: SUMMARY_VERSION, schema: summaryV1Schema },
  { marker: PAIRED_STATS_MARKER, version: PAIRED_STATS_VERSION, schema: pairedStatsV1Schema },
  { marker: METRIC_LOG_MARKER, version: METRIC_LOG_VERSION, schema: metricLogRecordV1Schema },
  { marker: CLAIM_AUDIT_MARKER, version: CLAIM_AUDIT_VERSION, schema: claimAuditV1Schema },
  {
    marker: DOSE_DIAGNOSTICS_MARKER,
    version: DOSE_DIAGNOSTICS_VERSION,
    schema: doseDiagnosticsV1Schema,
  },
  { marker: PERF_SUITE_MARKER, version: PERF_SUITE_VERSION, schema: perfSuiteV1Schema },
  ...Object.entries(seedResultSchemas).map(([domain, schema]) => ({
    marker: seedResultMarker(domain),
    version: SEED_RESULT_VERSION,
    schema,
  })),
];

/** Looks up a schema by marker; returns the entry whatever the version, or undefined. */
export function findSchemaEntry(marker: string): SchemaEntry | undefined {
  return SCHEMA_REGISTRY.find((entry) => entry.marker === marker);
}

/** File name of the exported JSON Schema of an entry: `<marker>.v<N>.schema.json`. */
export function jsonSchemaFileName(entry: Pick<SchemaEntry, 'marker' | 'version'>): string {
  return `${entry.marker}.v${entry.version}.schema.json`;
}
