import {
  type ArtifactReader,
  appendDerivedEnvelope,
  type BenchmarkRun,
  type ClaimAuditV2,
  checkArtifact,
  type DomainPlugin,
  ERROR_CODES,
  type FileRecord,
  findArtifactSpec,
  formatArtifactJson,
  type PairedStatsV1,
  type ParentRunRef,
  parseJsonText,
  RUN_FILES,
  runArtifactTable,
  runInputDigestOf,
  type SeedResult,
  type SummaryV1,
  sha256Hex,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';
import { buildPairedStats, buildSummary, collectMetrics, metricLogText } from './aggregate.js';
import { compareWithBaseline } from './baseline.js';
import { auditClaims, renderClaimAudit } from './claims.js';
import type { SlotRegression } from './statistics.js';

/** What {@link aggregateRun} aggregates: the complete seeds of a run and its context. */
export interface AggregateRunInput {
  readonly plugin: DomainPlugin<unknown>;
  readonly runDir: string;
  readonly mode: string;
  readonly config: unknown;
  readonly configHash: string;
  /** The zpbench version the run was planned with (its seed contract's `code_version`). */
  readonly codeVersion: string;
  /** The full seed plan (for the completeness claim). */
  readonly plannedSeeds: readonly number[];
  /** The complete seeds' results, hash-checked, keyed by seed. */
  readonly seedResults: ReadonlyMap<number, SeedResult>;
  /** Reads the run's declared artifacts (seed sidecars), hash-checked. */
  readonly read: ArtifactReader;
  readonly baseline: BenchmarkRun | null;
  readonly parent: ParentRunRef | null;
  /** Told when the aggregation moves on to auditing the claims (for a progress display). */
  readonly onPhase?: (phase: 'claims') => void;
}

/** One aggregated file: its path in the run and its exact content. */
export interface AggregateFile {
  readonly path: string;
  readonly content: string;
}

/** What {@link computeAggregates} gives: every aggregated file and the parsed core aggregates. */
export interface ComputedAggregates {
  /** Every file of the aggregation, in the order a run writes them. */
  readonly files: readonly AggregateFile[];
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1;
  readonly claimAudit: ClaimAuditV2;
  /** The severity test against the baseline run (null without a baseline or a verdict). */
  readonly regression: SlotRegression | null;
}

/** What {@link aggregateRun} wrote. */
export interface AggregateRunResult {
  readonly records: readonly FileRecord[];
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1;
  readonly claimAudit: ClaimAuditV2;
  /** The severity test against the baseline run (null without a baseline or a verdict). */
  readonly regression: SlotRegression | null;
}

/**
 * The one aggregation of a run, computed without writing anything: collects the complete seeds'
 * metrics, builds the summary, paired stats (against a baseline run when given), the metric log
 * and the domain's aggregated artifacts (each checked against the domain's artifact table), then
 * audits the claims with that evidence and renders CLAIM_AUDIT.md; every Markdown file gets the
 * provenance envelope (core's `appendDerivedEnvelope`). Outputs depend only on the
 * seeds' results and the config, never on order or time, so `benchmark-gate --deep` can compare
 * them byte for byte with a stored run.
 */
export function computeAggregates(input: AggregateRunInput): ComputedAggregates {
  const { plugin } = input;
  const table = runArtifactTable(plugin.contract);
  const seeds = [...input.seedResults.keys()].sort((a, b) => a - b);
  const collected = collectMetrics(
    plugin,
    seeds,
    (seed) => input.seedResults.get(seed) as SeedResult,
  );
  const summary = buildSummary(plugin, input.mode, input.configHash, collected);
  // Every Markdown file of the aggregation (CLAIM_AUDIT.md, the domain's) carries the envelope,
  // from the per-seed results alone: --deep and a merge rebuild the same bytes.
  const envelope = {
    contract: plugin.contract,
    mode: input.mode,
    codeVersion: input.codeVersion,
    inputDigest: runInputDigestOf({
      domain: plugin.id,
      mode: input.mode,
      configHash: input.configHash,
      seeds: input.plannedSeeds,
      datasetFingerprints: Object.fromEntries(
        seeds.map((seed) => [
          String(seed),
          (input.seedResults.get(seed) as SeedResult).dataset_fingerprint,
        ]),
      ),
    }),
    models: summary.models.map((model) => model.id),
    eventCount: summary.seeds.length * summary.models.length,
  };
  const files: AggregateFile[] = [];
  const add = (path: string, text: string) => {
    const content =
      findArtifactSpec(table, path)?.spec.kind === 'markdown'
        ? appendDerivedEnvelope(text, envelope)
        : text;
    files.push({ path, content });
    return { path, sha256: sha256Hex(content) };
  };
  const baseline = input.baseline ? compareWithBaseline(plugin, collected, input.baseline) : null;
  const pairedStats = buildPairedStats(
    plugin,
    input.mode,
    input.configHash,
    collected,
    baseline?.record ?? null,
  );
  const evidence = [
    add(RUN_FILES.summary, formatArtifactJson(summary)),
    add(RUN_FILES.pairedStats, formatArtifactJson(pairedStats)),
  ];
  add(RUN_FILES.metricLog, metricLogText(plugin.id, collected, summary, pairedStats));
  for (const file of plugin.aggregate?.({
    mode: input.mode,
    config: input.config,
    configHash: input.configHash,
    seeds,
    seedResults: input.seedResults,
    parent: input.parent,
    read: input.read,
  }) ?? []) {
    const found = findArtifactSpec(table, file.path);
    if (found?.spec.role !== 'aggregate' || plugin.contract.artifacts.indexOf(found.spec) < 0) {
      throw new ZpbenchError(
        ERROR_CODES.PLUGIN_CONTRACT,
        `the ${plugin.id} aggregate hook wrote ${file.path}, which its artifact table does not declare as an aggregated artifact; declare it (docs/domains/authoring.md)`,
      );
    }
    if (found.spec.schema) {
      const check = checkArtifact(found.spec.schema, parseJsonText(file.content, file.path));
      if (!check.ok) {
        throw new ZpbenchError(
          ERROR_CODES.PLUGIN_CONTRACT,
          `the ${plugin.id} aggregate hook wrote ${file.path}, which fails ${check.check} (expected ${check.expected}, found ${check.found}); fix the hook`,
        );
      }
    }
    const record = add(file.path, file.content);
    if (found.spec.kind === 'json') evidence.push(record);
  }
  input.onPhase?.('claims');
  const claimAudit = auditClaims(
    plugin,
    input.mode,
    input.configHash,
    collected,
    input.plannedSeeds,
    evidence,
  );
  add(RUN_FILES.claimAuditJson, formatArtifactJson(claimAudit));
  add(RUN_FILES.claimAudit, renderClaimAudit(claimAudit));
  return { files, summary, pairedStats, claimAudit, regression: baseline?.regression ?? null };
}

/**
 * The one aggregation step of a run, shared by a run and a baseline refresh: computes the
 * aggregates ({@link computeAggregates}) and writes each file atomically, returning the records
 * of the bytes written.
 */
export function aggregateRun(input: AggregateRunInput): AggregateRunResult {
  const computed = computeAggregates(input);
  const records = computed.files.map((file) => writeRunFile(input.runDir, file.path, file.content));
  return {
    records,
    summary: computed.summary,
    pairedStats: computed.pairedStats,
    claimAudit: computed.claimAudit,
    regression: computed.regression,
  };
}
