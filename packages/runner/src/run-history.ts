import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  type CheckRunDirOptions,
  CLAIM_AUDIT_SCHEMA,
  type ClaimVerdict,
  checkRunDir,
  claimViolations,
  compareCodePoints,
  ERROR_CODES,
  isZpbenchError,
  MANIFEST_SCHEMA,
  PAIRED_STATS_SCHEMA,
  PROVENANCE_SCHEMA,
  RUN_FILES,
  readArtifact,
  readBenchmarkRun,
  readRunArtifact,
  regressionViolations,
  ZpbenchError,
} from '@zpbench/core';
import { type CompareDomain, compareRunPair } from './compare-runs.js';
import { diffConfigs } from './config-diff.js';

/** Where run directories are unless told otherwise. */
export const DEFAULT_RUNS_ROOT = join('results', 'benchmarks');

/**
 * The run directories under a root: every directory holding a `manifest.json`, never looked
 * into further (a run's seed directories are not runs), at most `maxDepth` levels down (enough
 * for `<project>/results/benchmarks/<domain>/<run>` below a parent), sorted, dot-directories
 * skipped.
 */
export function findRunDirs(root: string, maxDepth = 6): string[] {
  if (!existsSync(root)) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${root} does not exist; pass the directory that holds your run directories (default results/benchmarks)`,
    );
  }
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (existsSync(join(dir, RUN_FILES.manifest))) {
      out.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name)))
      if (entry.isDirectory() && !entry.name.startsWith('.'))
        walk(join(dir, entry.name), depth + 1);
  };
  walk(root, 0);
  return out;
}

/** One row of `zpbench runs list`. */
export interface RunListing {
  readonly runDir: string;
  readonly runId: string;
  readonly domain: string;
  readonly mode: string;
  readonly createdUtc: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly zpbenchVersion: string;
  readonly seedsCompleted: number;
  readonly seedsPlanned: number;
  /**
   * The scientific gate's verdicts on the run: every planned seed complete, every required claim
   * PASS, no stored regression FAIL (and, with `full`, every structural check).
   */
  readonly gate: 'PASS' | 'FAIL';
  /** Why the gate fails, one phrase each. */
  readonly gateReasons: readonly string[];
  readonly claims: readonly {
    readonly id: string;
    readonly verdict: ClaimVerdict;
    readonly required: boolean;
  }[];
  /** The stored regression verdict of a run made against a baseline, else null. */
  readonly regression: 'PASS' | 'FAIL' | null;
}

/** A directory that was skipped, and why. */
export interface SkippedRun {
  readonly runDir: string;
  readonly reason: string;
}

function lightListing(runDir: string): RunListing {
  // What the list shows, each file against its schema and the hash its manifest records.
  const manifest = readArtifact(
    join(runDir, RUN_FILES.manifest),
    MANIFEST_SCHEMA,
    `${runDir}/${RUN_FILES.manifest}`,
  );
  const read = <T>(path: string, entry: Parameters<typeof readRunArtifact<T>>[2]) => {
    const recorded = manifest.artifacts[path];
    if (!recorded) {
      throw new ZpbenchError(
        ERROR_CODES.RUN_INVALID,
        `${path} is not listed in ${runDir}/${RUN_FILES.manifest}`,
      );
    }
    return readRunArtifact(runDir, path, entry, recorded);
  };
  const provenance = read(RUN_FILES.provenance, PROVENANCE_SCHEMA);
  const claimAudit = read(RUN_FILES.claimAuditJson, CLAIM_AUDIT_SCHEMA);
  const pairedStats = read(RUN_FILES.pairedStats, PAIRED_STATS_SCHEMA);
  const reasons: string[] = [];
  const incomplete = manifest.seeds_planned.filter((s) => !manifest.seeds_completed.includes(s));
  if (incomplete.length > 0) reasons.push(`seeds ${incomplete.join(',')} incomplete`);
  for (const v of claimViolations(claimAudit))
    reasons.push(
      v.found.startsWith('INCONCLUSIVE')
        ? v.expected.replace(/ PASS$/, ' inconclusive (underpowered)')
        : v.expected.replace(/ PASS$/, ' fails'),
    );
  for (const v of regressionViolations(pairedStats)) reasons.push(v.found);
  const regression = pairedStats.baseline_run?.regression?.verdict ?? null;
  return {
    runDir,
    runId: manifest.run_id,
    domain: manifest.domain,
    mode: manifest.mode,
    createdUtc: provenance.created_utc,
    gitCommit: provenance.git.commit,
    gitDirty: provenance.git.dirty,
    zpbenchVersion: manifest.zpbench_version,
    seedsCompleted: manifest.seeds_completed.length,
    seedsPlanned: manifest.seeds_planned.length,
    gate: reasons.length === 0 ? 'PASS' : 'FAIL',
    gateReasons: reasons,
    claims: claimAudit.claims.map((c) => ({ id: c.id, verdict: c.verdict, required: c.required })),
    regression,
  };
}

/**
 * Lists the run directories under `root`, oldest first (by creation time, then run id), each with
 * its domain, mode, date, commit, seeds, claim verdicts and the gate's verdicts. By default each
 * run is checked for what the list shows (the manifest, provenance, claim audit and paired stats,
 * each against its schema and recorded hash), which keeps hundreds of runs under a second; `full`
 * runs the gate's whole structural check on each. A directory that does not validate is skipped
 * and named with the reason.
 */
export async function listRuns(
  root: string,
  options: { readonly full?: boolean; readonly domains?: CheckRunDirOptions['domains'] } = {},
): Promise<{ runs: RunListing[]; skipped: SkippedRun[] }> {
  const runs: RunListing[] = [];
  const skipped: SkippedRun[] = [];
  for (const runDir of findRunDirs(root)) {
    try {
      const listing = lightListing(runDir);
      if (options.full) {
        if (!options.domains) throw new Error('listRuns: full needs a domains lookup');
        const check = await checkRunDir(runDir, { domains: options.domains });
        const first = check.violations[0];
        if (first) {
          skipped.push({
            runDir,
            reason: `${first.file}: ${first.check} expected ${first.expected}, found ${first.found}${check.violations.length > 1 ? ` (and ${check.violations.length - 1} more)` : ''}`,
          });
          continue;
        }
      }
      runs.push(listing);
    } catch (error) {
      if (!isZpbenchError(error)) throw error;
      skipped.push({ runDir, reason: error.message });
    }
  }
  runs.sort(
    (a, b) => compareCodePoints(a.createdUtc, b.createdUtc) || compareCodePoints(a.runId, b.runId),
  );
  return { runs, skipped };
}

/** One run of a metric's trend. */
export interface TrendPoint {
  readonly runDir: string;
  readonly runId: string;
  readonly createdUtc: string;
  readonly gitCommit: string | null;
  readonly n: number;
  readonly mean: number | null;
  readonly ci95: readonly [number, number] | null;
  /**
   * The change from the previous point, by the comparison's paired test: its delta, interval, p
   * and status; null for the first point, or with the reason the pair was not compared.
   */
  readonly change: {
    readonly delta: number | null;
    readonly ci95: readonly [number, number] | null;
    readonly p: number | null;
    readonly status: string;
    readonly note: string | null;
  } | null;
}

/** A metric across comparable runs in time order. */
export interface MetricTrend {
  readonly domain: string;
  readonly mode: string;
  readonly model: string;
  readonly metric: string;
  readonly direction: 'higher' | 'lower' | 'none';
  readonly unit: string;
  readonly points: readonly TrendPoint[];
  /** Runs of the domain left out, with the reason (another mode, another setup, not valid). */
  readonly skipped: readonly SkippedRun[];
}

/**
 * A model's metric across the comparable runs of a domain, in time order: each run's mean and
 * 95% interval, and between consecutive runs the comparison's paired test (delta, interval,
 * sign-flip p and direction-aware status), so a slow drift shows as a run of changes. Runs are
 * comparable when they share the mode (the newest run's unless given) and the setup config
 * (treatment keys aside) of the newest run; others are skipped with the reason.
 */
export async function createMetricTrend(
  root: string,
  options: {
    readonly domain: string;
    readonly model: string;
    readonly metric: string;
    readonly mode?: string;
    readonly domains: CheckRunDirOptions['domains'];
    readonly compare?: CompareDomain;
  },
): Promise<MetricTrend> {
  const skipped: SkippedRun[] = [];
  const runs: BenchmarkRun[] = [];
  for (const runDir of findRunDirs(root)) {
    let domain: string;
    try {
      domain = readArtifact(join(runDir, RUN_FILES.manifest), MANIFEST_SCHEMA).domain;
    } catch (error) {
      if (!isZpbenchError(error)) throw error;
      skipped.push({ runDir, reason: error.message });
      continue;
    }
    if (domain !== options.domain) continue;
    try {
      runs.push(await readBenchmarkRun(runDir, { domains: options.domains }));
    } catch (error) {
      if (!isZpbenchError(error)) throw error;
      skipped.push({ runDir, reason: error.message });
    }
  }
  runs.sort(
    (a, b) =>
      compareCodePoints(a.provenance.created_utc, b.provenance.created_utc) ||
      compareCodePoints(a.manifest.run_id, b.manifest.run_id),
  );
  const newest = runs.at(-1);
  if (!newest) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `no valid ${options.domain} run under ${root}${skipped.length ? ` (${skipped.length} skipped: ${skipped[0]?.reason})` : ''}; run \`zpbench ${options.domain}\` first or pass the directory that holds its runs`,
    );
  }
  const mode = options.mode ?? newest.manifest.mode;
  const reference = runs.filter((r) => r.manifest.mode === mode).at(-1);
  if (!reference) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `no ${options.domain} run in mode ${mode} under ${root}; choose a mode the runs have (${[...new Set(runs.map((r) => r.manifest.mode))].join(', ')})`,
    );
  }
  const definition = reference.summary.metric_definitions[options.metric];
  if (!definition) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `--metric ${options.metric}: the ${options.domain} runs have no such metric; choose one of ${Object.keys(reference.summary.metric_definitions).join(', ')}`,
    );
  }
  if (!reference.summary.models.some((m) => m.id === options.model)) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `--model ${options.model}: the ${options.domain} runs have no such model; choose one of ${reference.summary.models.map((m) => m.id).join(', ')}`,
    );
  }
  const treatments = options.compare?.treatmentKeys ?? [];
  const comparable = runs.filter((run) => {
    if (run.manifest.mode !== mode) {
      skipped.push({ runDir: run.runDir, reason: `a ${run.manifest.mode} run, not ${mode}` });
      return false;
    }
    const setup = diffConfigs(
      reference.provenance.config,
      run.provenance.config,
      treatments,
    ).filter((d) => !d.treatment);
    if (setup.length > 0) {
      skipped.push({
        runDir: run.runDir,
        reason: `its setup differs from the newest run's in ${setup.map((d) => d.key).join(', ')}`,
      });
      return false;
    }
    return true;
  });
  const points: TrendPoint[] = comparable.map((run, i) => {
    const distribution = run.summary.metrics[options.model]?.[options.metric];
    let change: TrendPoint['change'] = null;
    const previous = comparable[i - 1];
    if (previous) {
      const pair = compareRunPair(previous, run, { domain: options.compare });
      const row = pair.diffs.find((d) => d.model === options.model && d.metric === options.metric);
      change = row
        ? { delta: row.delta, ci95: row.delta_ci95, p: row.p, status: row.status, note: row.note }
        : {
            delta: null,
            ci95: null,
            p: null,
            status: 'not-comparable',
            note: pair.refusals.map((r) => r.reason).join('; ') || 'not in both runs',
          };
    }
    return {
      runDir: run.runDir,
      runId: run.manifest.run_id,
      createdUtc: run.provenance.created_utc,
      gitCommit: run.provenance.git.commit,
      n: distribution?.n ?? 0,
      mean: distribution?.mean ?? null,
      ci95: distribution?.ci95 ?? null,
      change,
    };
  });
  return {
    domain: options.domain,
    mode,
    model: options.model,
    metric: options.metric,
    direction: definition.direction,
    unit: definition.unit,
    points,
    skipped,
  };
}
