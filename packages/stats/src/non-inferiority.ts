import { StatsError } from './errors.js';
import { goodness } from './severity.js';
import { tCdf, tQuantile } from './student-t.js';

/** Options of the non-inferiority and equivalence tests. */
export interface MarginOptions {
  /** Margin δ ≥ 0. */
  readonly margin: number;
  /**
   * `relative` (default): δ is a fraction of |mean baseline goodness| (floored at 1e-9), the same
   * denominator as pybench's effect; `absolute`: δ is in the metric's own units.
   */
  readonly marginKind?: 'relative' | 'absolute';
  readonly alpha?: number;
  /** Metric name; a `min:` prefix makes lower values better (goodness = −value). */
  readonly metric?: string;
}

/** Result of a one-sided non-inferiority test or of TOST equivalence. */
export interface MarginResult {
  readonly verdict: 'NON_INFERIOR' | 'INCONCLUSIVE' | 'EQUIVALENT' | 'NOT_EQUIVALENT';
  readonly p: number;
  readonly n: number;
  /** Mean paired difference in goodness (current − baseline). */
  readonly meanDiff: number;
  /** The margin in goodness units (δ·denominator for relative margins). */
  readonly marginAbs: number;
  /** One-sided (1−alpha) lower confidence bound of the mean difference. */
  readonly lowerBound: number;
  /** One-sided (1−alpha) upper confidence bound of the mean difference. */
  readonly upperBound: number;
}

function prepare(baseline: readonly number[], current: readonly number[], o: MarginOptions) {
  const n = baseline.length;
  if (n !== current.length || n < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `margin test got ${n} baseline and ${current.length} current values; pair at least 2 seeds in both runs`,
    );
  }
  if (!(o.margin >= 0) || !Number.isFinite(o.margin)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `margin is ${o.margin}, expected a finite number ≥ 0; pass e.g. --margin 0.01`,
    );
  }
  const metric = o.metric ?? '';
  let sum = 0;
  let baseSum = 0;
  const d = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const b = baseline[s]!;
    const c = current[s]!;
    if (!Number.isFinite(b) || !Number.isFinite(c)) {
      throw new StatsError(
        'ZPB_STATS_NON_FINITE',
        `margin test seed ${s} has a non-finite value (${b}, ${c}); fix or drop that seed`,
      );
    }
    const gb = goodness(metric, b);
    d[s] = goodness(metric, c) - gb;
    sum += d[s]!;
    baseSum += gb;
  }
  const m = sum / n;
  let ss = 0;
  for (let s = 0; s < n; s++) ss += (d[s]! - m) ** 2;
  const se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
  const denom = Math.max(Math.abs(baseSum / n), 1e-9);
  const marginAbs = (o.marginKind ?? 'relative') === 'relative' ? o.margin * denom : o.margin;
  const alpha = o.alpha ?? 0.05;
  const q = tQuantile(1 - alpha, n - 1);
  return { n, m, se, marginAbs, alpha, lower: m - q * se, upper: m + q * se };
}

/** One-sided p that the mean difference exceeds `shift` (H0: mean ≤ shift); handles se = 0. */
function pAbove(m: number, se: number, shift: number, df: number): number {
  if (se < 1e-300) return m > shift ? 0 : 1;
  return 1 - tCdf((m - shift) / se, df);
}

/**
 * Non-inferiority: one-sided paired t-test of H0 "current is worse than baseline by at least δ"
 * (mean goodness difference ≤ −δ); NON_INFERIOR iff p < alpha.
 */
export function checkNonInferiority(
  baseline: readonly number[],
  current: readonly number[],
  options: MarginOptions,
): MarginResult {
  const r = prepare(baseline, current, options);
  const p = pAbove(r.m, r.se, -r.marginAbs, r.n - 1);
  return {
    verdict: p < r.alpha ? 'NON_INFERIOR' : 'INCONCLUSIVE',
    p,
    n: r.n,
    meanDiff: r.m,
    marginAbs: r.marginAbs,
    lowerBound: r.lower,
    upperBound: r.upper,
  };
}

/**
 * TOST equivalence: two one-sided paired t-tests of |mean goodness difference| < δ;
 * p = max of the two one-sided p, EQUIVALENT iff p < alpha.
 */
export function checkEquivalence(
  baseline: readonly number[],
  current: readonly number[],
  options: MarginOptions,
): MarginResult {
  const r = prepare(baseline, current, options);
  const pLow = pAbove(r.m, r.se, -r.marginAbs, r.n - 1);
  const pHigh = pAbove(-r.m, r.se, -r.marginAbs, r.n - 1);
  const p = Math.max(pLow, pHigh);
  return {
    verdict: p < r.alpha ? 'EQUIVALENT' : 'NOT_EQUIVALENT',
    p,
    n: r.n,
    meanDiff: r.m,
    marginAbs: r.marginAbs,
    lowerBound: r.lower,
    upperBound: r.upper,
  };
}
