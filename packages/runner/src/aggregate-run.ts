import {
  type ArtifactReader,
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
  type SeedResult,
  type SummaryV1,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';
import { buildPairedStats, buildSummary, collectMetrics, metricLogText } from './aggregate.js';
import { compareWithBaseline } from './baseline.js';
import { auditClaims, renderClaimAudit } from './claims.js';

/** What {@link aggregateRun} aggregates: the complete seeds of a run and its context. */
export interface AggregateRunInput {
  readonly plugin: DomainPlugin<unknown>;
  readonly runDir: string;
  readonly mode: string;
  readonly config: unknown;
  readonly configHash: string;
  /** The full seed plan (for the completeness claim). */
  readonly plannedSeeds: readonly number[];
  /** The complete seeds' results, hash-checked, keyed by seed. */
  readonly seedResults: ReadonlyMap<number, SeedResult>;
  /** Reads the run's declared artifacts (seed sidecars), hash-checked. */
  readonly read: ArtifactReader;
  readonly baseline: BenchmarkRun | null;
  readonly parent: ParentRunRef | null;
}

/** What {@link aggregateRun} wrote. */
export interface AggregateRunResult {
  readonly records: readonly FileRecord[];
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1;
  readonly claimAudit: ClaimAuditV2;
}

/**
 * The one aggregation step of a run, shared by a run, a baseline refresh and a sharded merge:
 * collects the complete seeds' metrics, writes the summary, paired stats (against a baseline run
 * when given), the metric log and the domain's aggregated artifacts (each checked against the
 * domain's artifact table), then audits the claims with that evidence and writes CLAIM_AUDIT.md.
 * Outputs depend only on the seeds' results and the config, never on order or time.
 */
export function aggregateRun(input: AggregateRunInput): AggregateRunResult {
  const { plugin, runDir } = input;
  const records: FileRecord[] = [];
  const write = (path: string, content: string) => {
    const record = writeRunFile(runDir, path, content);
    records.push(record);
    return record;
  };
  const seeds = [...input.seedResults.keys()].sort((a, b) => a - b);
  const collected = collectMetrics(
    plugin,
    seeds,
    (seed) => input.seedResults.get(seed) as SeedResult,
  );
  const summary = buildSummary(plugin, input.mode, input.configHash, collected);
  const baselineRun = input.baseline
    ? compareWithBaseline(plugin, collected, input.baseline)
    : null;
  const pairedStats = buildPairedStats(
    plugin,
    input.mode,
    input.configHash,
    collected,
    baselineRun,
  );
  const evidence = [
    write(RUN_FILES.summary, formatArtifactJson(summary)),
    write(RUN_FILES.pairedStats, formatArtifactJson(pairedStats)),
  ];
  write(RUN_FILES.metricLog, metricLogText(plugin.id, collected, summary, pairedStats));
  const table = runArtifactTable(plugin.contract);
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
    const record = write(file.path, file.content);
    if (found.spec.kind === 'json') evidence.push(record);
  }
  const claimAudit = auditClaims(
    plugin,
    input.mode,
    input.configHash,
    collected,
    input.plannedSeeds,
    evidence.map(({ path, sha256 }) => ({ path, sha256 })),
  );
  write(RUN_FILES.claimAuditJson, formatArtifactJson(claimAudit));
  write(RUN_FILES.claimAudit, renderClaimAudit(claimAudit));
  return { records, summary, pairedStats, claimAudit };
}
