/**
 * The provenance envelope of a report: the block that lets one number be cited. Its digests are
 * of canonical JSON (sorted keys, no whitespace) of deterministic content only, so the same
 * inputs and results give the same digest on any machine; machine facts stay in `runtime`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifact } from './artifact-io.js';
import { canonicalJson } from './canonical-json.js';
import type { DomainContract } from './domain-contract.js';
import { sha256Hex } from './hash.js';
import { escapeMarkdown, markdownCode } from './markdown/escape.js';
import { heading, markdownTable } from './markdown/table.js';
import { RUN_FILES } from './run-layout.js';
import type { ClaimAuditV2 } from './schemas/claim-audit.js';
import {
  ENVELOPE_MARKER,
  ENVELOPE_VERSION,
  type ProvenanceEnvelopeV2,
} from './schemas/envelope.js';
import type { PerfSuiteV3 } from './schemas/perf-suite.js';
import type { ProvenanceV8 } from './schemas/provenance.js';
import { CLAIM_AUDIT_SCHEMA, PROVENANCE_SCHEMA, SUMMARY_SCHEMA } from './schemas/registry.js';
import type { SummaryV1 } from './schemas/summary.js';

/** `sha256:<hex>` of the canonical JSON of a value. */
export function canonicalDigest(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

/**
 * The digest of a run's inputs: domain, mode, config hash, the seed plan and every seed's dataset
 * fingerprint. Two runs of one configuration and seeds have the same input digest anywhere.
 */
export function runInputDigest(provenance: ProvenanceV8): string {
  return canonicalDigest({
    domain: provenance.domain,
    mode: provenance.mode,
    config_hash: provenance.config_hash,
    seeds: [...provenance.contract.seeds].sort((a, b) => a - b),
    dataset_fingerprints: provenance.dataset_fingerprints,
  });
}

/** The digest of a run's deterministic results: its summary and claim audit. */
export function runResultDigest(summary: SummaryV1, claimAudit: ClaimAuditV2 | null): string {
  return canonicalDigest({ summary, claim_audit: claimAudit });
}

/** What {@link buildRunEnvelope} reads: stored artifacts of one run and its domain's contract. */
export interface RunEnvelopeInput {
  readonly contract: Pick<DomainContract, 'claimBoundary' | 'metricSemantics' | 'seedResult'>;
  readonly provenance: ProvenanceV8;
  readonly summary: SummaryV1;
  readonly claimAudit: ClaimAuditV2 | null;
  /** Runtime records → their `sha256:` digest (e.g. provenance.json as stored). */
  readonly references?: Readonly<Record<string, string>>;
}

/**
 * The envelope of a scientific run, from its stored artifacts alone (so `report benchmark`
 * regenerates it byte for byte): `created_at` and `command` are the run's first invocation,
 * `event_count` the evaluated (seed, model) results, `budget_file` and `notes` the provenance's.
 */
export function buildRunEnvelope(input: RunEnvelopeInput): ProvenanceEnvelopeV2 {
  const { provenance, summary } = input;
  return {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: 'scientific-run',
    suite_id: summary.domain,
    suite_version: `${summary.domain}:${summary.mode}:v${input.contract.seedResult.version}`,
    zpbench_version: provenance.zpbench_version,
    created_at: provenance.created_utc,
    command: [...provenance.invocation.argv],
    models: summary.models.map((model) => model.id),
    runtime: {
      node: provenance.runtime.node,
      os: provenance.system.os,
      cpu_model: provenance.system.cpu_model,
      device: provenance.environment.device,
      cuda_available: provenance.environment.cuda_available,
      references: { ...(input.references ?? {}) },
    },
    input_digest: runInputDigest(provenance),
    result_digest: runResultDigest(summary, input.claimAudit),
    budget_file: provenance.budget_file,
    event_count: summary.seeds.length * summary.models.length,
    claim_boundary: input.contract.claimBoundary,
    metric_semantics: input.contract.metricSemantics,
    notes: provenance.notes,
  };
}

/** What a performance-suite artifact's numbers mean, and what they do not. */
export const PERF_CLAIM_BOUNDARY =
  'Latency and throughput of zpbench’s own code paths (statistics kernels, nn training steps, I/O, bundles) on one machine class, warm-up excluded; not a cross-machine claim and not a measure of any model’s scientific quality.';
/** How a performance-suite artifact's metrics are computed. */
export const PERF_METRIC_SEMANTICS =
  'Per benchmark: milliseconds per measured iteration (min, p50, p95 interpolated as numpy does, max, mean) and throughput in items per wall-clock second in the benchmark’s unit.';

/**
 * The envelope of a performance-suite artifact, from the artifact's own content: the input
 * digest covers what was asked (suites, definitions version, options, each benchmark's
 * workload shape), the result digest the measurements; neither covers times, host or argv.
 */
export function perfSuiteEnvelope(suite: Omit<PerfSuiteV3, 'envelope'>): ProvenanceEnvelopeV2 {
  const { provenance, environment } = suite;
  return {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: 'performance',
    suite_id: suite.suite,
    suite_version: `perf:${suite.suite}:v${provenance.suite_version}`,
    zpbench_version: provenance.zpbench_version,
    created_at: suite.created_utc,
    command: [...provenance.command],
    models: suite.benchmarks.map((b) => b.name),
    runtime: {
      node: environment.node,
      os: environment.os,
      cpu_model: environment.cpu_model,
      device: provenance.environment.device,
      cuda_available: provenance.environment.cuda_available,
      references: {},
    },
    input_digest: canonicalDigest({
      suite: suite.suite,
      suites: suite.suites,
      suite_version: provenance.suite_version,
      options: provenance.options,
      benchmarks: suite.benchmarks.map((b) => ({
        name: b.name,
        group: b.group,
        iterations: b.iterations,
        warmup: b.warmup,
        concurrency: b.concurrency,
      })),
    }),
    result_digest: canonicalDigest(suite.benchmarks),
    budget_file: null,
    event_count: suite.benchmarks.reduce((n, b) => n + b.samples_ms.length, 0),
    claim_boundary: PERF_CLAIM_BOUNDARY,
    metric_semantics: PERF_METRIC_SEMANTICS,
    notes: null,
  };
}

/**
 * The envelope as JSON safe inside a Markdown code block: `<`, `>`, `&` and backticks as
 * `\u` escapes (the same JSON when parsed), so no artifact string can become markup or end
 * the block.
 */
export function envelopeJsonBlock(envelope: ProvenanceEnvelopeV2): string {
  const json = JSON.stringify(envelope, null, 2).replace(
    /[<>&`]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `\`\`\`json\n${json}\n\`\`\``;
}

/** The envelope as a Markdown section: the fields as a table, then the JSON block to attach. */
export function renderEnvelopeMarkdown(envelope: ProvenanceEnvelopeV2, level = 2): string[] {
  const rows: [string, string][] = [
    ['kind', markdownCode(envelope.kind)],
    ['suite', `${markdownCode(envelope.suite_id)} (${markdownCode(envelope.suite_version)})`],
    ['zpbench', markdownCode(envelope.zpbench_version)],
    ['created at', markdownCode(envelope.created_at)],
    ['input digest', markdownCode(envelope.input_digest)],
    ['result digest', markdownCode(envelope.result_digest)],
    [
      'budget file',
      envelope.budget_file
        ? `${markdownCode(envelope.budget_file.path)} (${markdownCode(envelope.budget_file.sha256)})`
        : 'none',
    ],
    ['event count', String(envelope.event_count)],
    ['claim boundary', escapeMarkdown(envelope.claim_boundary)],
    ['metric semantics', escapeMarkdown(envelope.metric_semantics)],
    ['notes', envelope.notes === null ? 'none' : escapeMarkdown(envelope.notes)],
  ];
  return [
    heading(level, 'Provenance envelope'),
    'Cite a number of this report with this block attached (schema `zpbench_provenance_envelope` v2; the digests are sha256 of canonical JSON of deterministic content, equal on any machine for the same inputs and results).',
    markdownTable(['field', 'value'], rows),
    envelopeJsonBlock(envelope),
  ];
}

/**
 * The envelope of the run in `runDir` from its stored provenance, summary and claim audit (each
 * validated by its schema); a one-line error naming the file when one is missing or invalid.
 */
export function readRunEnvelope(
  runDir: string,
  contract: RunEnvelopeInput['contract'],
): ProvenanceEnvelopeV2 {
  const at = (file: string) => join(runDir, file);
  const provenanceBytes = readFileSync(at(RUN_FILES.provenance));
  const provenance = readArtifact(at(RUN_FILES.provenance), PROVENANCE_SCHEMA);
  const summary = readArtifact(at(RUN_FILES.summary), SUMMARY_SCHEMA);
  const claimAudit = existsSync(at(RUN_FILES.claimAuditJson))
    ? readArtifact(at(RUN_FILES.claimAuditJson), CLAIM_AUDIT_SCHEMA)
    : null;
  return buildRunEnvelope({
    contract,
    provenance,
    summary,
    claimAudit,
    references: { [RUN_FILES.provenance]: `sha256:${sha256Hex(provenanceBytes)}` },
  });
}
