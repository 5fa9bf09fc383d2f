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

/** What a run's input digest covers: the run's identity of inputs, never its time or machine. */
export interface RunInputs {
  readonly domain: string;
  readonly mode: string;
  readonly configHash: string;
  /** The planned seeds (any order). */
  readonly seeds: readonly number[];
  /** Seed → the dataset fingerprint its per-seed result records (the complete seeds). */
  readonly datasetFingerprints: Readonly<Record<string, string>>;
}

/**
 * The digest of a run's inputs: domain, mode, config hash, the seed plan and every seed's dataset
 * fingerprint. Two runs of one configuration and seeds have the same input digest anywhere, and
 * the per-seed results alone give it (as provenance.json does).
 */
export function runInputDigestOf(inputs: RunInputs): string {
  return canonicalDigest({
    domain: inputs.domain,
    mode: inputs.mode,
    config_hash: inputs.configHash,
    seeds: [...inputs.seeds].sort((a, b) => a - b),
    dataset_fingerprints: inputs.datasetFingerprints,
  });
}

/** The input digest of a run ({@link runInputDigestOf}) from its provenance. */
export function runInputDigest(provenance: ProvenanceV8): string {
  return runInputDigestOf({
    domain: provenance.domain,
    mode: provenance.mode,
    configHash: provenance.config_hash,
    seeds: provenance.contract.seeds,
    datasetFingerprints: provenance.dataset_fingerprints,
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
    ['created at', envelope.created_at === null ? 'none' : markdownCode(envelope.created_at)],
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

/** The heading a Markdown file's envelope section starts with (`validate-with-jsonschema.py` finds it). */
export const ENVELOPE_HEADING = '## Provenance envelope';

/** What {@link appendDerivedEnvelope} cites: inputs fixed when a run's derived file is written. */
export interface DerivedEnvelopeInput {
  readonly contract: Pick<
    DomainContract,
    'id' | 'claimBoundary' | 'metricSemantics' | 'seedResult'
  >;
  readonly mode: string;
  /** The zpbench version the run was planned with (its seed contract's `code_version`). */
  readonly codeVersion: string;
  /** The run's input digest ({@link runInputDigestOf}); a seed's for a per-seed file. */
  readonly inputDigest: string;
  readonly models: readonly string[];
  /** The (seed, model) results the file covers. */
  readonly eventCount: number;
}

/**
 * Appends the provenance envelope to a run's derived Markdown (CLAIM_AUDIT.md, the aggregated
 * Markdown, a domain's Markdown sidecars and aggregates): the JSON block of RUN_REPORT.md's
 * envelope, holding only what is fixed when the file is written, so the file stays byte-identical
 * for every run, resume, merge or `--deep` recomputation of the same inputs on any machine. Its
 * `result_digest` is the sha256 of the file's bytes before the section, `created_at`, `command`,
 * `runtime` and `notes` are null (the run's are in provenance.json and RUN_REPORT.md), and
 * `budget_file` is null (no budget enters a derived file; the verdict is budget_verdict.json).
 * @example
 * const text = appendDerivedEnvelope('# Claim audit\n', { contract, mode: 'smoke', codeVersion: '0.1.0', inputDigest, models: ['mlp'], eventCount: 3 });
 */
export function appendDerivedEnvelope(markdown: string, input: DerivedEnvelopeInput): string {
  return appendEnvelopeSection(
    markdown,
    {
      kind: 'scientific-run',
      suite_id: input.contract.id,
      suite_version: `${input.contract.id}:${input.mode}:v${input.contract.seedResult.version}`,
      zpbench_version: input.codeVersion,
      models: [...input.models],
      input_digest: input.inputDigest,
      event_count: input.eventCount,
      claim_boundary: input.contract.claimBoundary,
      metric_semantics: input.contract.metricSemantics,
    },
    'the input digest is the run’s (as in RUN_REPORT.md), the result digest the sha256 of this file’s bytes above this section; time, command and machine are left out so the file is identical for the same inputs anywhere (they are in provenance.json)',
  );
}

/** The fields of a file-cited envelope that its writer knows (the rest are null or computed). */
export type EnvelopeSectionFields = Pick<
  ProvenanceEnvelopeV2,
  | 'kind'
  | 'suite_id'
  | 'suite_version'
  | 'zpbench_version'
  | 'models'
  | 'input_digest'
  | 'event_count'
  | 'claim_boundary'
  | 'metric_semantics'
>;

/**
 * Appends an envelope section whose `result_digest` is the sha256 of the Markdown's bytes before
 * the section (so `sed '/^## Provenance envelope$/,$d' FILE | sha256sum` checks it), with
 * `created_at`, `command`, `runtime`, `budget_file` and `notes` null: a report regenerated from the
 * same stored inputs is the same bytes on any machine. `why` says, after "Cite a number of this
 * file with this block attached", what the two digests cover.
 */
function appendEnvelopeSection(
  markdown: string,
  fields: EnvelopeSectionFields,
  why: string,
): string {
  const body = `${markdown.endsWith('\n') ? markdown : `${markdown}\n`}\n`;
  const envelope: ProvenanceEnvelopeV2 = {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: fields.kind,
    suite_id: fields.suite_id,
    suite_version: fields.suite_version,
    zpbench_version: fields.zpbench_version,
    created_at: null,
    command: null,
    models: fields.models,
    runtime: null,
    input_digest: fields.input_digest,
    result_digest: `sha256:${sha256Hex(body)}`,
    budget_file: null,
    event_count: fields.event_count,
    claim_boundary: fields.claim_boundary,
    metric_semantics: fields.metric_semantics,
    notes: null,
  };
  return `${body}${ENVELOPE_HEADING}\n\nCite a number of this file with this block attached (schema \`${ENVELOPE_MARKER}\` v${ENVELOPE_VERSION}): ${why}.\n\n${envelopeJsonBlock(envelope)}\n`;
}

/** What a report on a stored artifact (a metric log, a loose bundle) cites: the artifact's bytes. */
export interface ArtifactEnvelopeInput {
  /** What the artifact is: `metric-log`, or `<domain>-bundle` for a bundle manifest. */
  readonly suiteId: string;
  /** Its schema, e.g. `zeroproofml.metric_log:v1`. */
  readonly suiteVersion: string;
  readonly zpbenchVersion: string;
  /** The artifact's bytes as stored (its digest is the input digest). */
  readonly artifactBytes: Uint8Array | string;
  readonly models: readonly string[];
  /** The records (log lines, checked files) the report covers. */
  readonly eventCount: number;
  readonly claimBoundary: string;
  readonly metricSemantics: string;
}

/**
 * Appends the provenance envelope to a report on one stored artifact that belongs to no run it
 * could cite (`report training-log`, a loose bundle's VALIDATION_REPORT.md): kind
 * `artifact-report`, the input digest the artifact's sha256, the result digest this file's bytes
 * above the section.
 * @example
 * const text = appendArtifactEnvelope(markdown, { suiteId: 'metric-log', suiteVersion: 'zeroproofml.metric_log:v1', zpbenchVersion: '0.1.0', artifactBytes: readFileSync(log), models: ['mlp'], eventCount: 40, claimBoundary, metricSemantics });
 */
export function appendArtifactEnvelope(markdown: string, input: ArtifactEnvelopeInput): string {
  return appendEnvelopeSection(
    markdown,
    {
      kind: 'artifact-report',
      suite_id: input.suiteId,
      suite_version: input.suiteVersion,
      zpbench_version: input.zpbenchVersion,
      models: [...input.models],
      input_digest: `sha256:${sha256Hex(input.artifactBytes)}`,
      event_count: input.eventCount,
      claim_boundary: input.claimBoundary,
      metric_semantics: input.metricSemantics,
    },
    'the input digest is the sha256 of the reported file as stored, the result digest the sha256 of this file’s bytes above this section; time, command and machine are left out so a regenerated report is the same bytes anywhere',
  );
}

/**
 * What {@link appendDerivedEnvelope} cites for a stored run's Markdown: its domain contract, the
 * planned code version and input digest from provenance (fixed once the seeds are complete) and
 * the models and (seed, model) results of the summary shown.
 */
export function storedRunDerivedInput(
  contract: DerivedEnvelopeInput['contract'],
  provenance: ProvenanceV8,
  summary: Pick<SummaryV1, 'mode' | 'seeds' | 'models'>,
): DerivedEnvelopeInput {
  return {
    contract,
    mode: summary.mode,
    codeVersion: provenance.contract.code_version,
    inputDigest: runInputDigest(provenance),
    models: summary.models.map((model) => model.id),
    eventCount: summary.seeds.length * summary.models.length,
  };
}
