import { join } from 'node:path';
import {
  type BenchmarkRun,
  type CheckRunDirOptions,
  compareCodePoints,
  ERROR_CODES,
  isZpbenchError,
  MANIFEST_SCHEMA,
  RUN_FILES,
  readArtifact,
  readBenchmarkRun,
  ZpbenchError,
} from '@zpbench/core';
import { type CompareDomain, compareRunPair } from './compare-runs.js';
import { diffConfigs } from './config-diff.js';
import { findRunDirs, type SkippedRun } from './run-list.js';

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
    /** The test behind `p`: paired sign-flip on shared seeds, else the unpaired permutation. */
    readonly test: 'paired-sign-flip' | 'unpaired-permutation' | null;
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
        ? {
            delta: row.delta,
            ci95: row.delta_ci95,
            p: row.p,
            test: row.test,
            status: row.status,
            note: row.note,
          }
        : {
            delta: null,
            ci95: null,
            p: null,
            test: null,
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
