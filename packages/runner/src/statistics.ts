import type { Distribution } from '@zpbench/core';
import {
  checkRegression,
  checkUnpairedRegression,
  comparePaired as compareSeries,
  compareUnpaired,
  DEFAULT_N_PERM,
  describeValues,
  holmAdjust as holm,
  type RegressionOptions,
  type RegressionResult,
  type RegressionSlotInput,
  type SeverityTestOutcome,
  StatsError,
  signFlipPValue,
  type UnpairedRegressionResult,
} from '@zpbench/stats';

/**
 * The runner's view of the stats package: artifact-shaped results (snake_case, null where a
 * statistic is undefined) from the package's pure functions.
 */

/** Metric units whose values lie in [0, 1]: their intervals are kept in that range. */
const FRACTION_UNITS = new Set(['fraction']);

/**
 * Seed distribution of one metric; nulls (undefined values) are counted out. A metric whose unit
 * is a fraction gets its t-interval intersected with [0, 1] (`ci95_method: student-t-in-range`).
 */
export function summarize(values: readonly (number | null)[], unit?: string): Distribution {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const base = { n: finite.length, values: [...values] };
  if (finite.length === 0) {
    return { ...base, mean: null, std: null, median: null, min: null, max: null, ci95: null };
  }
  const d = describeValues(
    finite,
    unit !== undefined && FRACTION_UNITS.has(unit) ? { range: [0, 1] } : {},
  );
  const spread = d.n >= 2;
  return {
    ...base,
    mean: d.mean,
    std: spread ? d.std : null,
    median: d.median,
    min: d.min,
    max: d.max,
    ci95: spread ? [d.ci95[0], d.ci95[1]] : null,
    ...(spread ? { ci95_method: d.ci95Method } : {}),
  };
}

/** Statistics of paired deltas, as stored in a paired-comparison record. */
export interface DeltaStatistics {
  mean_delta: number | null;
  std_delta: number | null;
  ci95: [number, number] | null;
  sign_flip_p: number | null;
  wilcoxon_p: number | null;
  sign_test_p: number | null;
  cohens_dz: number | null;
  sign_agreement: number | null;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Mean delta with its 95% interval, sign-flip / Wilcoxon / sign-test p, d_z and agreement. */
export function comparePaired(deltas: readonly number[]): DeltaStatistics {
  if (deltas.length === 0) {
    return {
      mean_delta: null,
      std_delta: null,
      ci95: null,
      sign_flip_p: null,
      wilcoxon_p: null,
      sign_test_p: null,
      cohens_dz: null,
      sign_agreement: null,
    };
  }
  const c = compareSeries(
    deltas,
    deltas.map(() => 0),
  );
  const spread = c.n >= 2;
  return {
    mean_delta: c.meanDelta,
    std_delta: spread ? c.sdDelta : null,
    ci95: spread ? [c.ci95[0], c.ci95[1]] : null,
    sign_flip_p: c.signFlipP,
    wilcoxon_p: c.wilcoxonP,
    sign_test_p: c.signTestP,
    cohens_dz: finiteOrNull(c.cohenDz),
    sign_agreement: c.signAgreement,
  };
}

/** Statistics of two runs' values of a metric on different seeds (delta = mean a − mean b). */
export interface TwoSampleStatistics {
  mean_delta: number | null;
  /** Welch 95% interval; null unless both runs have a value on 2 or more seeds between them. */
  ci95: [number, number] | null;
  /** Two-sided permutation p of the difference of means (the unpaired test's null). */
  p: number | null;
  /** Pooled-sd Cohen's d; null when the pooled sd is zero or undefined. */
  cohens_d: number | null;
  /** The pooled sd, for callers that judge a difference constant to rounding. */
  pooled_sd: number | null;
}

/**
 * Difference of means with its Welch 95% interval, the two-sided unpaired permutation p and
 * pooled-sd Cohen's d (`compareUnpaired`); nulls when either run has no value.
 */
export function compareTwoSamples(a: readonly number[], b: readonly number[]): TwoSampleStatistics {
  if (a.length === 0 || b.length === 0)
    return { mean_delta: null, ci95: null, p: null, cohens_d: null, pooled_sd: null };
  const c = compareUnpaired(a, b);
  const spread = a.length + b.length >= 3;
  return {
    mean_delta: c.meanDelta,
    ci95: spread ? [c.ci95[0], c.ci95[1]] : null,
    p: c.p,
    cohens_d: finiteOrNull(c.cohenD),
    pooled_sd: spread ? c.pooledSd : null,
  };
}

/** Sample variance (divisor n − 1); null below two values. */
export function sampleVariance(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (xs.length - 1);
}

/** One-sided sign-flip p that the mean delta is below 0 (exact up to 20 seeds). */
export function oneSidedSignFlipP(deltas: readonly number[]): number {
  return signFlipPValue(deltas, { alternative: 'less' }).p;
}

/** Holm-adjusted p-values, in input order. */
export function holmAdjust(pValues: readonly number[]): number[] {
  return [...holm(pValues).adjusted];
}

/**
 * The severity test's metric name of a (model, metric) slot: `model/metric`, with pybench's
 * `min:` prefix when lower is better. The stored baseline verdict and `zpbench regress` on run
 * directories both name slots this way; `metric` is a series name for the steps of a series.
 */
export function slotMetricName(
  model: string,
  metric: string,
  direction: 'higher' | 'lower',
): string {
  return `${direction === 'lower' ? 'min:' : ''}${model}/${metric}`;
}

/** The metric declaration a slot is built from (a domain's `MetricDefinition`). */
export interface SlotMetricDefinition {
  readonly key: string;
  readonly direction: 'higher' | 'lower' | 'none';
  readonly series?: { readonly metric: string; readonly step: number };
}

/**
 * Where a model's metric enters the severity test: the slot's metric (the series of a metric
 * recorded at several steps, else the key), its step (the series step, else 0), its label in
 * verdicts (`model/key`, the row it is in every table and figure) and its benchmark in
 * pybench-style lines (the model, or `model/series`: the metrics that share their steps).
 */
export function metricSlot(
  model: string,
  definition: SlotMetricDefinition,
): { metric: string; step: number; label: string; benchmark: string } {
  const { series } = definition;
  return series
    ? {
        metric: series.metric,
        step: series.step,
        label: `${model}/${definition.key}`,
        benchmark: `${model}/${series.metric}`,
      }
    : { metric: definition.key, step: 0, label: `${model}/${definition.key}`, benchmark: model };
}

/** One (model, metric, step) slot of a current-vs-baseline comparison, values paired by seed. */
export interface RegressionSlot {
  readonly model: string;
  /** The metric key the values are of. */
  readonly key: string;
  /** The slot's metric: the series of a stepped metric, else the key. */
  readonly metric: string;
  readonly step: number;
  /** `model/key`: how verdicts name the slot. */
  readonly label: string;
  /** The pybench-style benchmark the slot belongs to: the model, or `model/series`. */
  readonly benchmark: string;
  readonly direction: 'higher' | 'lower';
  readonly baseline: readonly number[];
  readonly current: readonly number[];
}

/** The stored regression verdict of `paired_stats.json`. */
export interface RegressionVerdict {
  verdict: 'PASS' | 'FAIL';
  meta_p: number;
  /** Null when a zero-variance slot regressed: its t is −∞ (the test's ±1e9), T unbounded. */
  severity: number | null;
  method: 'exact' | 'monte-carlo';
  alpha: number;
  n_perm: number;
  n_slots: number;
  n_flagged: number;
  flagged: string[];
  /** Each slot's one-sided p as the verdict flags it. */
  slots: { slot: string; p: number; zero_variance: boolean; flagged: boolean }[];
}

/** The severity test of a current run against a baseline: the stored verdict and its details. */
export interface SlotRegression {
  readonly verdict: RegressionVerdict;
  /** The test's full result, slots in its order (step, then metric). */
  readonly result: RegressionResult;
  /** The slots tested, in `result.slots` order. */
  readonly slots: readonly RegressionSlot[];
}

const slotKey = (metric: string, step: number) => `${metric}\u0000${step}`;

/**
 * pybench's severity sign-flip test over (model, metric, step) slots; lower-is-better slots are
 * passed as `min:` metrics, the steps of a series as steps of one metric. Returns null when the
 * seed count cannot reach alpha (the alpha guard): with so few seeds no verdict is possible, and
 * the deltas still stand on their own.
 */
export function severityRegression(
  slots: readonly RegressionSlot[],
  options: SlotTestOptions = {},
): SlotRegression | null {
  return runSlotTest(slots, options, checkRegression);
}

/** The unpaired severity test of a current run against a baseline on other seeds. */
export interface UnpairedSlotRegression {
  readonly verdict: RegressionVerdict;
  readonly result: UnpairedRegressionResult;
  readonly slots: readonly RegressionSlot[];
}

/**
 * The unpaired severity permutation test (`checkUnpairedRegression`) over (model, metric, step)
 * slots whose baseline and current values come from different seeds; slots named and ordered as
 * {@link severityRegression} names them. Null when the split count cannot reach alpha.
 */
export function unpairedSeverityRegression(
  slots: readonly RegressionSlot[],
  options: SlotTestOptions = {},
): UnpairedSlotRegression | null {
  return runSlotTest(slots, options, checkUnpairedRegression);
}

type SlotTestOptions = { alpha?: number; nPerm?: number; seed?: number };

/**
 * One severity test (paired or unpaired) over (model, metric, step) slots: lower-is-better slots
 * named as `min:` metrics, the result's slots mapped back to ours in its order, and the alpha
 * guard turned into null.
 */
function runSlotTest<R extends SeverityTestOutcome>(
  slots: readonly RegressionSlot[],
  options: SlotTestOptions,
  test: (input: { slots: RegressionSlotInput[] }, options: RegressionOptions) => R,
): { verdict: RegressionVerdict; result: R; slots: readonly RegressionSlot[] } | null {
  const alpha = options.alpha ?? 0.05;
  const nPerm = options.nPerm ?? DEFAULT_N_PERM;
  const bySlot = new Map<string, RegressionSlot>();
  const input = {
    slots: slots.map((slot) => {
      const metric = slotMetricName(slot.model, slot.metric, slot.direction);
      bySlot.set(slotKey(metric, slot.step), slot);
      return { metric, step: slot.step, baseline: slot.baseline, current: slot.current };
    }),
  };
  let result: R;
  try {
    result = test(input, {
      alpha,
      nPerm,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  } catch (error) {
    if (error instanceof StatsError && error.code === 'ZPB_STATS_ALPHA_GUARD') return null;
    throw error;
  }
  const ordered = result.slots.map((s) => bySlot.get(slotKey(s.metric, s.step)) as RegressionSlot);
  const flagged = ordered.filter((_, i) => result.slots[i]?.flagged).map((slot) => slot.label);
  return {
    verdict: {
      verdict: result.verdict,
      meta_p: result.metaP,
      severity: result.slots.some((s) => s.zeroVariance && s.contribution > 0)
        ? null
        : result.severity,
      method: result.method,
      alpha,
      n_perm: nPerm,
      n_slots: result.slots.length,
      n_flagged: flagged.length,
      flagged,
      slots: result.slots.map((s, i) => ({
        slot: (ordered[i] as RegressionSlot).label,
        p: s.p,
        zero_variance: s.zeroVariance,
        flagged: s.flagged,
      })),
    },
    result,
    slots: ordered,
  };
}
