import type { ArtifactKind, ArtifactSpec, SchemaEntry } from './artifact-spec.js';
import { RUN_FILES } from './run-layout.js';
import {
  BUDGET_VERDICT_SCHEMA,
  CLAIM_AUDIT_SCHEMA,
  MANIFEST_SCHEMA,
  MANIFEST_SIGNATURE_SCHEMA,
  METRIC_LOG_SCHEMA,
  PAIRED_STATS_SCHEMA,
  PROVENANCE_SCHEMA,
  RESUME_STATE_SCHEMA,
  SUMMARY_SCHEMA,
} from './schemas/registry.js';

/** The id of the per-seed result spec; its schema is the domain contract's `seedResult`. */
export const SEED_RESULT_ARTIFACT = 'per_seed_result';

const figure = (id: string, path: string, required: boolean, what: string): ArtifactSpec[] => [
  { id, path, kind: 'svg', role: 'figure', required, description: what },
  {
    id: `${id}_spec`,
    path: path.replace(/\.svg$/, '.vl.json'),
    kind: 'json',
    role: 'figure',
    required: false,
    description: `vega-lite spec the ${id} figure is rendered from.`,
  },
];

/**
 * The glossary's own artifacts, which every run directory of every domain holds. The gate checks
 * these and then the run's domain table (`DomainContract.artifacts`); the manifest itself is not
 * listed in its own table of contents.
 */
export const CORE_ARTIFACTS: readonly ArtifactSpec[] = [
  {
    id: 'provenance',
    path: RUN_FILES.provenance,
    kind: 'json',
    role: 'journal',
    schema: PROVENANCE_SCHEMA,
    required: true,
    description: 'Git, system, runtime, invocation, config, fingerprints, timings and attempts.',
  },
  {
    id: 'resume_state',
    path: RUN_FILES.resumeState,
    kind: 'json',
    role: 'journal',
    schema: RESUME_STATE_SCHEMA,
    required: true,
    description: 'Planned seed contract, seed status and file hashes, attempt history.',
  },
  {
    id: SEED_RESULT_ARTIFACT,
    path: RUN_FILES.perSeedResult,
    kind: 'json',
    role: 'seed-result',
    required: true,
    description: 'Canonical raw per-seed result; its schema is the domain’s.',
  },
  {
    id: 'summary',
    path: RUN_FILES.summary,
    kind: 'json',
    role: 'aggregate',
    schema: SUMMARY_SCHEMA,
    required: true,
    description: 'Cross-seed metric distributions, definitions and the per-seed table.',
  },
  {
    id: 'paired_stats',
    path: RUN_FILES.pairedStats,
    kind: 'json',
    role: 'aggregate',
    schema: PAIRED_STATS_SCHEMA,
    required: true,
    description: 'Per-model distributions and paired comparisons (and baseline deltas).',
  },
  {
    id: 'metric_log',
    path: RUN_FILES.metricLog,
    kind: 'jsonl',
    role: 'aggregate',
    schema: METRIC_LOG_SCHEMA,
    required: true,
    description: 'Versioned JSONL metric log: per-seed, summary and delta records.',
  },
  {
    id: 'claim_audit',
    path: RUN_FILES.claimAuditJson,
    kind: 'json',
    role: 'audit',
    schema: CLAIM_AUDIT_SCHEMA,
    required: true,
    description: 'JSON twin of CLAIM_AUDIT.md: each claim with its evidence and verdict.',
  },
  {
    id: 'budget_verdict',
    path: RUN_FILES.budgetVerdict,
    kind: 'json',
    role: 'audit',
    schema: BUDGET_VERDICT_SCHEMA,
    required: false,
    description: 'Verdict of the budget file the run was gated with (--budget-file).',
  },
  {
    id: 'claim_audit_md',
    path: RUN_FILES.claimAudit,
    kind: 'markdown',
    role: 'audit',
    required: true,
    description: 'Human-readable pass/fail evidence of every claim gate.',
  },
  {
    id: 'summary_md',
    path: RUN_FILES.summaryMd,
    kind: 'markdown',
    role: 'report',
    required: true,
    description: 'Markdown rendering of aggregated/summary.json.',
  },
  {
    id: 'paired_stats_md',
    path: RUN_FILES.pairedStatsMd,
    kind: 'markdown',
    role: 'report',
    required: true,
    description: 'Markdown rendering of aggregated/paired_stats.json.',
  },
  {
    id: 'run_report',
    path: RUN_FILES.runReport,
    kind: 'markdown',
    role: 'report',
    required: true,
    description: 'The run report, regenerated from stored artifacts.',
  },
  {
    id: 'run_report_html',
    path: RUN_FILES.runReportHtml,
    kind: 'html',
    role: 'report',
    required: false,
    description: 'The run report as one offline HTML page (with --html-report).',
  },
  ...figure('metric_summary', RUN_FILES.metricSummarySvg, true, 'Metric means by model.'),
  ...figure(
    'per_seed_metric_distributions',
    RUN_FILES.perSeedDistributionsSvg,
    true,
    'Per-seed metric distributions.',
  ),
  ...figure(
    'baseline_delta',
    RUN_FILES.baselineDeltaSvg,
    false,
    'Current-minus-baseline deltas (with paired baseline stats).',
  ),
  ...figure(
    'training_loss',
    RUN_FILES.trainingLossSvg,
    false,
    'Training-loss curves per model, one line per seed (when models log training).',
  ),
];

/** A core file of a run directory that the manifest's table of contents never lists. */
export interface UnlistedArtifactSpec {
  readonly id: string;
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly schema: SchemaEntry;
  readonly required: boolean;
  readonly description: string;
}

/**
 * Core's files outside the manifest's table of contents: the manifest itself, and its signature,
 * which signs the manifest's exact bytes and so cannot be listed in them. The gate reads both
 * with the same checks as every listed file (regular, inside the run, on their schemas).
 */
export const UNLISTED_CORE_ARTIFACTS: readonly UnlistedArtifactSpec[] = [
  {
    id: 'manifest',
    path: RUN_FILES.manifest,
    kind: 'json',
    schema: MANIFEST_SCHEMA,
    required: true,
    description: 'Run index and table of contents of every other file; written last.',
  },
  {
    id: 'manifest_signature',
    path: RUN_FILES.manifestSignature,
    kind: 'json',
    schema: MANIFEST_SIGNATURE_SCHEMA,
    required: false,
    description:
      'Ed25519 signature of the exact bytes of manifest.json (`zpbench sign`); checked by `benchmark-gate --verify-key`.',
  },
];
