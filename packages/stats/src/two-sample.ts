/**
 * The unpaired two-sample comparison of one metric between two runs on different seeds: the
 * difference of means with its Welch 95% interval, pooled-sd Cohen's d and the two-sided
 * permutation p of the difference of means. Its null is the unpaired severity test's (which
 * seeds belong to which run is exchangeable): exact over all C(N, n_c) splits when there are at
 * most `exactMaxSplits`, the observed split included and no +1; otherwise `nPerm` uniform random
 * splits from a seeded stream, with +1 smoothing. It is to the unpaired severity test what the
 * sign-flip p of `comparePaired` is to the paired one: the per-row, two-sided companion.
 */
import { StatsError } from './errors.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import { tQuantile } from './student-t.js';
import { binomialCoefficient } from './unpaired.js';

/** Options of {@link compareUnpaired} and {@link unpairedPermutationP}. */
export interface UnpairedComparisonOptions {
  /** Largest number of splits C(N, n_c) enumerated exactly (default 2²⁰, as the paired p). */
  readonly exactMaxSplits?: number;
  /** Monte-Carlo splits above it (default 10000). */
  readonly nPerm?: number;
  readonly stream?: RandomStream;
  /** Seed of the Monte-Carlo stream (default `zpbench-unpaired`). */
  readonly seed?: number | string;
}

/** Unpaired comparison of a (current) against b (baseline): delta = mean(a) − mean(b). */
export interface UnpairedComparison {
  readonly nA: number;
  readonly nB: number;
  readonly meanDelta: number;
  /** Welch 95% t-interval of the difference of means ([Δ, Δ] when both samples are constant). */
  readonly ci95: readonly [number, number];
  /** Welch–Satterthwaite degrees of freedom (NaN when both samples are constant). */
  readonly welchDf: number;
  /** Pooled sd √(((n_a−1)s_a² + (n_b−1)s_b²)/(N−2)): the denominator of d. */
  readonly pooledSd: number;
  /** Cohen's d = Δ / pooled sd (NaN when the pooled sd is 0). */
  readonly cohenD: number;
  /** Two-sided permutation p of the difference of means. */
  readonly p: number;
  readonly method: 'exact' | 'monte-carlo';
  /** Splits with |Δ| ≥ |Δ_obs| (relative tie tolerance 1e-12), and the splits counted. */
  readonly permGe: number;
  readonly permTotal: number;
}

const DEFAULT_EXACT_MAX_SPLITS = 2 ** 20;

function checkSample(values: readonly number[], where: string): void {
  if (values.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `unpaired comparison got no ${where} value; each run needs at least one seed`,
    );
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new StatsError(
      'ZPB_STATS_NON_FINITE',
      `unpaired comparison ${where} value ${bad} is ${values[bad]}; fix or drop that seed`,
    );
  }
}

const meanOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const ssOf = (xs: readonly number[], m: number) => xs.reduce((s, x) => s + (x - m) ** 2, 0);

/**
 * Two-sided permutation p that mean(a) − mean(b) is zero: the share of splits of the N = n_a + n_b
 * values into groups of n_a and n_b whose |difference of means| reaches the observed one (ties
 * within 1e-12 relative count as reaching it). Exact over every split when C(N, n_a) ≤
 * `exactMaxSplits`, else seeded Monte Carlo with +1.
 */
export function unpairedPermutationP(
  a: readonly number[],
  b: readonly number[],
  options: UnpairedComparisonOptions = {},
): { p: number; method: 'exact' | 'monte-carlo'; permGe: number; permTotal: number } {
  checkSample(a, 'first');
  checkSample(b, 'second');
  const nA = a.length;
  const nB = b.length;
  const N = nA + nB;
  // Centred on the pooled mean, so the sums below stay at the values' spread, not their level.
  const pooled = (a.reduce((s, x) => s + x, 0) + b.reduce((s, x) => s + x, 0)) / N;
  const x = Float64Array.from([...a, ...b], (v) => v - pooled);
  let total = 0;
  for (let i = 0; i < N; i++) total += x[i]!;
  // Δ of a split whose first group sums to S: S/n_a − (total − S)/n_b.
  const deltaOf = (sum: number) => sum / nA - (total - sum) / nB;
  let observedSum = 0;
  for (let i = 0; i < nA; i++) observedSum += x[i]!;
  const observed = Math.abs(deltaOf(observedSum));
  // Ties within 1e-12 of the observed |Δ|, or of the values' spread when |Δ| is rounding noise.
  let spread = 0;
  for (let i = 0; i < N; i++) spread = Math.max(spread, Math.abs(x[i]!));
  const target = observed - 1e-12 * Math.max(observed, spread);
  const splits = binomialCoefficient(N, nA);
  if (splits <= (options.exactMaxSplits ?? DEFAULT_EXACT_MAX_SPLITS)) {
    // Every subset of n_a of the N positions, depth first in index order.
    let ge = 0;
    const walk = (start: number, left: number, sum: number): void => {
      if (left === 0) {
        if (Math.abs(deltaOf(sum)) >= target) ge++;
        return;
      }
      for (let i = start; i <= N - left; i++) walk(i + 1, left - 1, sum + x[i]!);
    };
    walk(0, nA, 0);
    return { p: ge / splits, method: 'exact', permGe: ge, permTotal: splits };
  }
  const nPerm = options.nPerm ?? 10_000;
  const stream = options.stream ?? createRandomStream(options.seed ?? 'zpbench-unpaired');
  const order = Uint32Array.from({ length: N }, (_, i) => i);
  let ge = 0;
  for (let r = 0; r < nPerm; r++) {
    // A uniform n_a-subset: the first n_a places of a partial Fisher–Yates shuffle.
    let sum = 0;
    for (let i = 0; i < nA; i++) {
      const j = i + stream.int(N - i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
      sum += x[order[i]!]!;
    }
    if (Math.abs(deltaOf(sum)) >= target) ge++;
  }
  return { p: (1 + ge) / (nPerm + 1), method: 'monte-carlo', permGe: ge, permTotal: nPerm };
}

/**
 * Compare two runs' values of a metric on different seeds (delta = mean(a) − mean(b)): the
 * difference of means with its Welch 95% interval, Cohen's d over the pooled sd, and the
 * two-sided permutation p of {@link unpairedPermutationP}.
 */
export function compareUnpaired(
  a: readonly number[],
  b: readonly number[],
  options: UnpairedComparisonOptions = {},
): UnpairedComparison {
  checkSample(a, 'first');
  checkSample(b, 'second');
  const nA = a.length;
  const nB = b.length;
  const mA = meanOf(a);
  const mB = meanOf(b);
  const ssA = ssOf(a, mA);
  const ssB = ssOf(b, mB);
  const delta = mA - mB;
  const vA = nA > 1 ? ssA / (nA - 1) : 0;
  const vB = nB > 1 ? ssB / (nB - 1) : 0;
  const qA = vA / nA;
  const qB = vB / nB;
  const se = Math.sqrt(qA + qB);
  // Welch–Satterthwaite; a sample of one seed has no variance estimate and adds no df.
  const welchDf =
    se > 0
      ? (qA + qB) ** 2 / ((nA > 1 ? qA ** 2 / (nA - 1) : 0) + (nB > 1 ? qB ** 2 / (nB - 1) : 0))
      : Number.NaN;
  const half = se > 0 && Number.isFinite(welchDf) ? tQuantile(0.975, welchDf) * se : 0;
  const df = nA + nB - 2;
  const pooledSd = df > 0 ? Math.sqrt((ssA + ssB) / df) : 0;
  const perm = unpairedPermutationP(a, b, options);
  return {
    nA,
    nB,
    meanDelta: delta,
    ci95: [delta - half, delta + half],
    welchDf,
    pooledSd,
    cohenD: pooledSd > 0 ? delta / pooledSd : Number.NaN,
    p: perm.p,
    method: perm.method,
    permGe: perm.permGe,
    permTotal: perm.permTotal,
  };
}
