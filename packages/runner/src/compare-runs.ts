import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BaselineComparison,
  type BenchmarkRun,
  CLAIM_AUDIT_MARKER,
  COMPARISON_MARKER,
  COMPARISON_VERSION,
  type ComparedRun,
  type ComparisonContext,
  type ComparisonRefusal,
  type ComparisonRegression,
  type ComparisonV1,
  MANIFEST_MARKER,
  type MetricDiff,
  PAIRED_STATS_MARKER,
  PROVENANCE_MARKER,
  RESUME_STATE_MARKER,
  RUN_FILES,
  SUMMARY_MARKER,
  sha256Hex,
} from '@zpbench/core';
import { pairValues } from './aggregate.js';
import { computeArtifactDrift } from './artifact-drift.js';
import { diffConfigs } from './config-diff.js';
import { diffProvenance } from './provenance-diff.js';
import {
  comparePaired,
  metricSlot,
  type RegressionSlot,
  type SlotMetricDefinition,
  type SlotRegression,
  severityRegression,
  summarize,
} from './statistics.js';

/** What a comparison supports and what it does not; Markdown and HTML open with it. */
export const CLAIM_BOUNDARY =
  'This comparison reports differences between preserved zpbench run directories of one domain, mode and dataset, seed by seed. It is review evidence for one change between these runs: not a leaderboard, not a ranking across domains, modes or tasks, and not a claim about other seeds, datasets or machines. Cite a number only with the run directories it was computed from.';

/** How every number of a comparison is defined. */
export const METRIC_SEMANTICS =
  'delta = candidate − baseline: the mean of the per-seed differences when the runs share their seeds (paired), with its 95% t-interval, the two-sided sign-flip permutation p (exact up to 20 seeds, seeded Monte Carlo above), Cohen’s d_z and the share of seeds whose difference has the sign of the mean. A row is improved or regressed when the 95% interval of its delta lies wholly on the better or worse side of zero for the metric’s declared direction, else unchanged. The regression verdict is pybench’s severity sign-flip test over every (model, metric, step) slot at alpha.';

/** A domain's declarations a comparison uses; a `DomainPlugin` fits. */
export interface CompareDomain {
  /** Config keys that describe a treatment: they may differ (`DomainPlugin.treatmentKeys`). */
  readonly treatmentKeys?: readonly string[];
  /** The metric declarations: their series make steps of one metric in the regression test. */
  readonly metrics?: readonly SlotMetricDefinition[];
}

/** Options of {@link compareBenchmarkRuns}. */
export interface CompareRunsOptions {
  /** standard (rows of deltas, the default) or regression (the first run is the baseline). */
  readonly mode?: 'standard' | 'regression';
  /** Compare runs whose setup config differs; every differing key is named. */
  readonly allowConfigDiff?: boolean;
  readonly domain?: CompareDomain;
  /** Level of the regression verdict (0.05). */
  readonly alpha?: number;
  /** Permutation budget of the regression verdict (4096: exact up to 12 seeds). */
  readonly nPerm?: number;
  /** The version recorded as the comparer's. */
  readonly zpbenchVersion?: string;
}

/**
 * The seam for runs on different seeds: the unpaired two-sample permutation test of a row and of
 * the regression verdict. It returns null until the stats package provides that test, and runs
 * that share no seed are refused meanwhile; this is the one place it plugs in.
 */
function unpairedTest(): null {
  return null;
}

/** A run as a comparison identifies it. */
export function createComparedRun(run: BenchmarkRun): ComparedRun {
  return {
    run_id: run.manifest.run_id,
    run_dir: run.runDir,
    manifest_sha256: sha256Hex(readFileSync(join(run.runDir, RUN_FILES.manifest))),
    domain: run.manifest.domain,
    mode: run.manifest.mode,
    config_hash: run.manifest.config_hash,
    zpbench_version: run.manifest.zpbench_version,
    created_utc: run.provenance.created_utc,
    git_commit: run.provenance.git.commit,
    git_dirty: run.provenance.git.dirty,
    seeds: [...run.manifest.seeds_completed].sort((a, b) => a - b),
  };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;
const setText = (seeds: readonly number[]) => `{${seeds.join(',')}}`;

/** The shared context of two runs and every reason they cannot be compared. */
function checkContext(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  options: CompareRunsOptions,
): { context: ComparisonContext; refusals: ComparisonRefusal[] } {
  const refusals: ComparisonRefusal[] = [];
  const b = baseline.manifest;
  const c = candidate.manifest;
  const refuse = (check: ComparisonRefusal['check'], x: string, y: string, reason: string) =>
    refusals.push({ check, baseline: x, candidate: y, reason });
  if (b.domain !== c.domain)
    refuse(
      'domain',
      b.domain,
      c.domain,
      `the baseline is a ${b.domain} run and the candidate a ${c.domain} run; compare runs of one domain`,
    );
  if (b.mode !== c.mode)
    refuse(
      'mode',
      b.mode,
      c.mode,
      `the baseline ran in ${b.mode} mode and the candidate in ${c.mode} mode; compare runs of one mode`,
    );
  const baseSeeds = [...b.seeds_completed].sort((x, y) => x - y);
  const candSeeds = [...c.seeds_completed].sort((x, y) => x - y);
  const common = baseSeeds.filter((seed) => candSeeds.includes(seed));
  const pairing: ComparisonContext['pairing'] =
    common.length === baseSeeds.length && common.length === candSeeds.length
      ? 'paired'
      : common.length === 0
        ? 'unpaired'
        : 'partial';
  if (pairing === 'partial')
    refuse(
      'seeds',
      setText(baseSeeds),
      setText(candSeeds),
      `the runs share seeds ${setText(common)} but not all of them; rerun the candidate on the baseline's seeds ${setText(baseSeeds)} to pair them, or on seeds the baseline lacks for an unpaired comparison`,
    );
  if (pairing === 'unpaired' && unpairedTest() === null)
    refuse(
      'seeds',
      setText(baseSeeds),
      setText(candSeeds),
      `the runs share no seed, and this build has no unpaired two-sample test yet; rerun the candidate on the baseline's seeds ${setText(baseSeeds)} for a paired comparison`,
    );
  const differing = common.filter(
    (seed) => b.dataset_fingerprints[String(seed)] !== c.dataset_fingerprints[String(seed)],
  );
  const first = differing[0];
  if (first !== undefined) {
    const x = b.dataset_fingerprints[String(first)] ?? '';
    const y = c.dataset_fingerprints[String(first)] ?? '';
    refuse(
      'dataset-fingerprint',
      x,
      y,
      `seed ${first}${differing.length > 1 ? ` (and ${differing.length - 1} more)` : ''} generated another dataset (sha256 ${short(x)} vs ${short(y)}): the data generator or its configuration changed; compare runs on the same data`,
    );
  }
  const differences = diffConfigs(
    baseline.provenance.config,
    candidate.provenance.config,
    options.domain?.treatmentKeys,
  );
  const setup = differences.filter((d) => !d.treatment);
  const config: ComparisonContext['config'] =
    b.config_hash === c.config_hash && differences.length === 0
      ? 'identical'
      : setup.length === 0
        ? 'treatment-only'
        : 'differs';
  if (
    config === 'differs' &&
    !options.allowConfigDiff &&
    b.domain === c.domain &&
    b.mode === c.mode
  )
    refuse(
      'config',
      b.config_hash,
      c.config_hash,
      `the configurations differ in ${setup.map((d) => d.key).join(', ')} (config hash ${short(b.config_hash)} vs ${short(c.config_hash)}); pass --allow-config-diff to compare them anyway, and every differing key is named`,
    );
  const firstResult = candidate.seedResults.values().next().value;
  return {
    refusals,
    context: {
      domain: b.domain,
      mode: b.mode,
      schema_versions: {
        [MANIFEST_MARKER]: c.schema_version,
        [PROVENANCE_MARKER]: candidate.provenance.schema_version,
        [RESUME_STATE_MARKER]: candidate.resumeState.schema_version,
        [SUMMARY_MARKER]: candidate.summary.schema_version,
        [PAIRED_STATS_MARKER]: candidate.pairedStats.schema_version,
        [CLAIM_AUDIT_MARKER]: candidate.claimAudit.schema_version,
        ...(firstResult ? { [firstResult.schema]: firstResult.schema_version } : {}),
      },
      pairing,
      test: refusals.length > 0 ? null : 'paired-sign-flip',
      common_seeds: common,
      dataset_fingerprints:
        common.length === 0 ? 'no-common-seed' : differing.length > 0 ? 'differ' : 'match',
      config,
      allow_config_diff: Boolean(options.allowConfigDiff),
      config_differences: differences,
    },
  };
}

/** A model's values of a metric on the given seeds (null where undefined or absent). */
function valuesOf(
  run: BenchmarkRun,
  model: string,
  key: string,
  seeds: readonly number[],
): (number | null)[] {
  return seeds.map((seed) => {
    const value = run.seedResults.get(seed)?.runs[model]?.metrics[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
}

/** Models of both runs: the candidate's in its order, then the baseline's others. */
function unionOrder(first: readonly string[], second: readonly string[]): string[] {
  return [...first, ...second.filter((x) => !first.includes(x))];
}

/** The 95% interval's side of zero, by the metric's direction. */
function statusOf(
  direction: 'higher' | 'lower' | 'none',
  ci95: readonly [number, number] | null,
): MetricDiff['status'] {
  if (direction === 'none') return 'no-direction';
  if (!ci95) return 'not-comparable';
  const [low, high] = ci95;
  const up = low > 0;
  const down = high < 0;
  if (!up && !down) return 'unchanged';
  return up === (direction === 'higher') ? 'improved' : 'regressed';
}

function diffRows(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  seeds: readonly number[],
  options: CompareRunsOptions,
): MetricDiff[] {
  const declared = new Map((options.domain?.metrics ?? []).map((m) => [m.key, m]));
  const models = unionOrder(
    candidate.summary.models.map((m) => m.id),
    baseline.summary.models.map((m) => m.id),
  );
  const definitions = {
    ...baseline.summary.metric_definitions,
    ...candidate.summary.metric_definitions,
  };
  const keys = unionOrder(
    Object.keys(candidate.summary.metric_definitions),
    Object.keys(baseline.summary.metric_definitions),
  );
  const rows: MetricDiff[] = [];
  for (const model of models) {
    for (const key of keys) {
      const definition = definitions[key];
      if (!definition) continue;
      const series = declared.get(key)?.series ?? null;
      const base = valuesOf(baseline, model, key, seeds);
      const cand = valuesOf(candidate, model, key, seeds);
      const paired = pairValues(seeds, cand, base);
      const deltas = paired.a.map((x, i) => x - (paired.b[i] as number));
      const stats = comparePaired(deltas);
      const sideOf = (values: (number | null)[]) => {
        const d = summarize(values);
        return { n: d.n, mean: d.mean, ci95: d.ci95 };
      };
      const absent = (run: BenchmarkRun) =>
        !run.summary.models.some((m) => m.id === model) || !(key in run.summary.metric_definitions);
      let note: string | null = null;
      if (absent(baseline) || absent(candidate))
        note = `${absent(baseline) ? 'absent from the baseline' : 'absent from the candidate'}`;
      else if (deltas.length === 0) note = 'no seed has a finite value in both runs';
      else if (deltas.length < 2) note = 'fewer than 2 seeds have a finite value in both runs';
      else if (deltas.length < seeds.length)
        note = `compared on the ${deltas.length} of ${seeds.length} seeds with a finite value in both runs`;
      // Differences constant to rounding (a pure shift) have no meaningful d: 0.2 / 1e-17.
      const scale = Math.max(0, ...paired.a.map(Math.abs), ...paired.b.map(Math.abs));
      const constant = stats.std_delta !== null && stats.std_delta <= 1e-12 * scale;
      rows.push({
        model,
        metric: key,
        series: series?.metric ?? null,
        step: series?.step ?? null,
        direction: definition.direction,
        unit: definition.unit,
        baseline: sideOf(base),
        candidate: sideOf(cand),
        n_pairs: deltas.length,
        delta: stats.mean_delta,
        delta_ci95: stats.ci95,
        p: stats.sign_flip_p,
        test: deltas.length > 0 ? 'paired-sign-flip' : null,
        cohens_d: constant ? null : stats.cohens_dz,
        sign_agreement: stats.mean_delta ? stats.sign_agreement : null,
        status: deltas.length === 0 ? 'not-comparable' : statusOf(definition.direction, stats.ci95),
        note,
      });
    }
  }
  return rows;
}

/**
 * The severity test of the candidate against the baseline over every (model, directed metric,
 * step) slot finite on every paired seed: the same slots, in the same way, as the verdict a run
 * made against this baseline stores in its paired stats.
 */
export function runRegression(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  options: Pick<CompareRunsOptions, 'domain' | 'alpha' | 'nPerm'> = {},
): SlotRegression | null {
  const seeds = [...candidate.manifest.seeds_completed].sort((a, b) => a - b);
  const declared = new Map((options.domain?.metrics ?? []).map((m) => [m.key, m]));
  const slots: RegressionSlot[] = [];
  const baseModels = new Set(baseline.summary.models.map((m) => m.id));
  for (const model of candidate.summary.models.map((m) => m.id)) {
    if (!baseModels.has(model)) continue;
    for (const [key, definition] of Object.entries(candidate.summary.metric_definitions)) {
      const direction = definition.direction;
      if (direction === 'none' || !(key in baseline.summary.metric_definitions)) continue;
      const base = valuesOf(baseline, model, key, seeds);
      const cand = valuesOf(candidate, model, key, seeds);
      if (base.some((v) => v === null) || cand.some((v) => v === null)) continue;
      slots.push({
        model,
        key,
        ...metricSlot(model, { key, direction, series: declared.get(key)?.series }),
        direction,
        baseline: base as number[],
        current: cand as number[],
      });
    }
  }
  if (slots.length === 0 || seeds.length === 0) return null;
  return severityRegression(slots, { alpha: options.alpha, nPerm: options.nPerm });
}

type MetricStatus = ComparisonRegression['metric_status_changes'][number]['baseline'];

function metricStatus(run: BenchmarkRun, model: string, key: string): MetricStatus {
  const distribution = run.summary.metrics[model]?.[key];
  if (!distribution) return 'absent';
  if (distribution.n === 0) return 'undefined';
  return distribution.n < run.summary.n_seeds ? 'partial' : 'defined';
}

function regressionEvidence(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  options: CompareRunsOptions,
): ComparisonRegression {
  const alpha = options.alpha ?? 0.05;
  const regression = runRegression(baseline, candidate, options);
  const failing = (run: BenchmarkRun) =>
    new Map(run.claimAudit.claims.filter((c) => c.verdict === 'FAIL').map((c) => [c.id, c]));
  const before = failing(baseline);
  const after = failing(candidate);
  const ref = (claim: BenchmarkRun['claimAudit']['claims'][number]) => ({
    id: claim.id,
    metric: claim.metric,
    required: claim.required,
    reason: claim.reason,
  });
  const models = unionOrder(
    candidate.summary.models.map((m) => m.id),
    baseline.summary.models.map((m) => m.id),
  );
  const keys = unionOrder(
    Object.keys(candidate.summary.metric_definitions),
    Object.keys(baseline.summary.metric_definitions),
  );
  const statusChanges: ComparisonRegression['metric_status_changes'] = [];
  for (const model of models) {
    for (const key of keys) {
      const x = metricStatus(baseline, model, key);
      const y = metricStatus(candidate, model, key);
      if (x !== y) statusChanges.push({ model, metric: key, baseline: x, candidate: y });
    }
  }
  const seeds = candidate.manifest.seeds_completed.length;
  return {
    verdict: regression?.verdict ?? null,
    verdict_note: regression
      ? null
      : 2 ** seeds <= 1 / alpha
        ? `${seeds} paired seeds cannot reach alpha ${alpha} (the smallest sign-flip p is 1/2^${seeds}); run at least ${Math.floor(Math.log2(1 / alpha)) + 1} seeds for a verdict`
        : 'no (model, metric) slot is finite on every seed of both runs',
    claim_failures: {
      new: [...after.values()].filter((c) => !before.has(c.id)).map(ref),
      removed: [...before.values()].filter((c) => !after.has(c.id)).map(ref),
      persisting: [...after.values()].filter((c) => before.has(c.id)).map(ref),
    },
    metric_status_changes: statusChanges,
    provenance_differences: diffProvenance(baseline.provenance, candidate.provenance),
    artifact_drift: computeArtifactDrift(baseline, candidate),
  };
}

/**
 * Compares a candidate run with one baseline run: the shared context (domain, mode, seeds,
 * dataset fingerprints, config with every differing key named), the refusals when any of it
 * differs (treatment keys may; setup keys only with `allowConfigDiff`), one row per model ×
 * metric and, in regression mode, the regression evidence. Reads nothing but the two runs and
 * never writes: a baseline is never edited.
 */
export function compareRunPair(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  options: CompareRunsOptions = {},
): BaselineComparison {
  const { context, refusals } = checkContext(baseline, candidate, options);
  const refused = refusals.length > 0;
  return {
    baseline: createComparedRun(baseline),
    candidate: createComparedRun(candidate),
    status: refused ? 'refused' : 'compared',
    refusals,
    context,
    diffs: refused ? [] : diffRows(baseline, candidate, context.common_seeds, options),
    regression:
      refused || options.mode !== 'regression'
        ? null
        : regressionEvidence(baseline, candidate, options),
  };
}

/** Wraps baseline–candidate pairs into the versioned `zpbench_comparison` artifact. */
export function createRunComparison(
  pairs: readonly BaselineComparison[],
  options: CompareRunsOptions = {},
): ComparisonV1 {
  return {
    schema: COMPARISON_MARKER,
    schema_version: COMPARISON_VERSION,
    mode: options.mode ?? 'standard',
    zpbench_version: options.zpbenchVersion ?? 'unknown',
    alpha: options.alpha ?? 0.05,
    claim_boundary: CLAIM_BOUNDARY,
    metric_semantics: METRIC_SEMANTICS,
    baselines: [...pairs],
  };
}

/**
 * Compares a run with preserved baseline runs, each read by the one run reader
 * (`readBenchmarkRun`): per baseline the shared context, the refusals and the diffs
 * (`comparison.baselines[i].diffs`), as the versioned `zpbench_comparison` artifact.
 * @example
 * const run = await readBenchmarkRun('results/benchmarks/<domain>/run_b', { domains });
 * const base = await readBenchmarkRun('results/benchmarks/<domain>/run_a', { domains });
 * const comparison = compareBenchmarkRuns(run, [base], { domain: doseDomain });
 * console.log(comparison.baselines[0].diffs);
 */
export function compareBenchmarkRuns(
  run: BenchmarkRun,
  baselines: readonly BenchmarkRun[],
  options: CompareRunsOptions = {},
): ComparisonV1 {
  return createRunComparison(
    baselines.map((baseline) => compareRunPair(baseline, run, options)),
    options,
  );
}
