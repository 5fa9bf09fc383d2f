import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';
import { StatsError } from './errors.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import { normalCdf, tQuantile } from './student-t.js';

/** Descriptive summary of one model's metric over seeds. */
export interface ValueSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (divisor n−1); 0 for n = 1. */
  readonly std: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
  /**
   * 95% Student-t interval of the mean ([mean, mean] for n = 1), intersected with `range` when
   * one is given: the true mean lies in the range, so the intersection covers exactly as often.
   */
  readonly ci95: readonly [number, number];
  /** `student-t`, or `student-t-in-range` when a range was given. */
  readonly ci95Method: 'student-t' | 'student-t-in-range';
}

/** Options of `describeValues`. */
export interface DescribeOptions {
  /**
   * The metric's range (e.g. [0, 1] for a fraction): the interval is clipped to it, so a rate's
   * interval never reads −0.1 or 1.05. If a value lies outside it, the range is ignored.
   */
  readonly range?: readonly [number, number];
}

/** Paired comparison of a against b (delta = a − b, paired by position). */
export interface PairedComparison {
  readonly n: number;
  readonly meanDelta: number;
  /** Sample sd of the deltas (divisor n−1; 0 for n = 1): the denominator of d_z. */
  readonly sdDelta: number;
  readonly ci95: readonly [number, number];
  /** Two-sided sign-flip permutation p of the mean delta (exact for n ≤ 20, else seeded MC +1). */
  readonly signFlipP: number;
  readonly signFlipMethod: 'exact' | 'monte-carlo';
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
  /** Cohen's d_z = mean delta / sd of the deltas (NaN when the sd is 0). */
  readonly cohenDz: number;
  /** Share of seeds whose delta has the sign of the mean delta (0 when the mean is 0). */
  readonly signAgreement: number;
  /** Two-sided Wilcoxon signed-rank p (zeros dropped; exact without ties for n ≤ 50). */
  readonly wilcoxonP: number;
  /** Two-sided exact sign-test p on wins vs losses (ties dropped). */
  readonly signTestP: number;
}

/** Options of `comparePaired`. */
export interface PairedOptions {
  /** Largest n enumerated exactly by the sign-flip p (default 20). */
  readonly exactMaxN?: number;
  /** Monte-Carlo draws above `exactMaxN` (default 10000). */
  readonly nPerm?: number;
  readonly stream?: RandomStream;
  readonly seed?: number | string;
  /**
   * Alternative hypothesis of the sign-flip p: 'two-sided' (default, |Σd|), 'less' (the mean
   * delta is below 0, counts Σd ≤ observed) or 'greater' (above 0, counts Σd ≥ observed).
   */
  readonly alternative?: 'two-sided' | 'less' | 'greater';
}

function checkFinite(values: readonly number[], where: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new StatsError(
      'ZPB_STATS_NON_FINITE',
      `${where} value ${bad} is ${values[bad]}; summaries need finite values, so fix or drop that seed`,
    );
  }
}

/** Half-width of the 95% t-interval of the mean: t_{0.975, n−1}·sd/√n. */
function halfWidth95(sd: number, n: number): number {
  return n < 2 ? 0 : tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
}

/**
 * Summarise values: n, mean, std (n−1), median, min, max, values and a 95% t-interval (clipped
 * to `options.range` when given).
 */
export function describeValues(
  values: readonly number[],
  options: DescribeOptions = {},
): ValueSummary {
  if (values.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      'cannot summarise an empty list of values; run at least one seed',
    );
  }
  checkFinite(values, 'summary');
  const xs = [...values];
  const m = mean(xs);
  const sd = xs.length > 1 ? sampleStandardDeviation(xs) : 0;
  const h = halfWidth95(sd, xs.length);
  // Values outside the declared range mean the range does not hold: keep the plain t-interval.
  const range =
    options.range && xs.every((x) => x >= options.range![0] && x <= options.range![1])
      ? options.range
      : undefined;
  return {
    n: xs.length,
    mean: m,
    std: sd,
    median: median(xs),
    min: min(xs),
    max: max(xs),
    values: xs,
    ci95: range ? [Math.max(range[0], m - h), Math.min(range[1], m + h)] : [m - h, m + h],
    ci95Method: range ? 'student-t-in-range' : 'student-t',
  };
}

/**
 * Exact or Monte-Carlo sign-flip p of the summed deltas (relative tie tolerance 1e-12): two-sided
 * by default, one-sided with `alternative: 'less' | 'greater'`.
 */
export function signFlipPValue(
  deltas: readonly number[],
  options: PairedOptions = {},
): { p: number; method: 'exact' | 'monte-carlo' } {
  const n = deltas.length;
  const d = Float64Array.from(deltas);
  const alternative = options.alternative ?? 'two-sided';
  // Every alternative is "statistic ≥ observed statistic" for a statistic of the flipped sum.
  const statistic =
    alternative === 'two-sided'
      ? Math.abs
      : alternative === 'less'
        ? (sum: number) => -sum
        : (sum: number) => sum;
  let obs = 0;
  for (let s = 0; s < n; s++) obs += d[s]!;
  const observed = statistic(obs);
  const target = observed - 1e-12 * Math.abs(observed);
  if (n <= (options.exactMaxN ?? 20)) {
    // Gray-code walk: one seed flips per pattern, the running sum moves by ±2·d_s.
    let sum = obs;
    const signs = new Int8Array(n).fill(1);
    let ge = 1;
    const total = 2 ** n;
    for (let i = 1; i < total; i++) {
      const s = 31 - Math.clz32(i & -i);
      sum -= 2 * signs[s]! * d[s]!;
      signs[s] = -signs[s]! as 1 | -1;
      if (statistic(sum) >= target) ge++;
    }
    return { p: ge / total, method: 'exact' };
  }
  const nPerm = options.nPerm ?? 10_000;
  const stream = options.stream ?? createRandomStream(options.seed ?? 'zpbench-paired');
  let ge = 0;
  for (let b = 0; b < nPerm; b++) {
    let sum = 0;
    for (let s = 0; s < n; s++) sum += stream.sign() * d[s]!;
    if (statistic(sum) >= target) ge++;
  }
  return { p: (1 + ge) / (nPerm + 1), method: 'monte-carlo' };
}

/** log C(n, k) by summing logs (exact enough for binomial tails up to n ~ 1e6). */
function logChoose(n: number, k: number): number {
  let r = 0;
  for (let i = 1; i <= k; i++) r += Math.log(n - k + i) - Math.log(i);
  return r;
}

/** Two-sided exact sign test: p = min(1, 2·P(X ≤ min(wins, losses))), X ~ Bin(wins+losses, ½). */
export function signTestP(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/**
 * Two-sided Wilcoxon signed-rank p as scipy's default (`zero_method='wilcox'`): zeros dropped,
 * average ranks; exact null distribution when n ≤ 50 without ties, else the normal
 * approximation with tie-corrected variance and no continuity correction.
 */
export function wilcoxonSignedRankP(deltas: readonly number[]): number {
  const d = deltas.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) return 1;
  const order = d.map((x, i) => [Math.abs(x), i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(n);
  let ties = false;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j + 2) / 2;
    for (let q = i; q <= j; q++) ranks[order[q]![1]] = avg;
    const t = j - i + 1;
    if (t > 1) {
      ties = true;
      tieTerm += t * t * t - t;
    }
    i = j + 1;
  }
  let wPlus = 0;
  d.forEach((x, i) => {
    if (x > 0) wPlus += ranks[i]!;
  });
  const maxW = (n * (n + 1)) / 2;
  if (n <= 50 && !ties) {
    // counts[w] = number of subsets of {1..n} with rank sum w.
    const counts = new Float64Array(maxW + 1);
    counts[0] = 1;
    for (let r = 1; r <= n; r++) {
      for (let w = maxW; w >= r; w--) counts[w]! += counts[w - r]!;
    }
    const total = 2 ** n;
    let lower = 0;
    let upper = 0;
    for (let w = 0; w <= maxW; w++) {
      if (w <= wPlus) lower += counts[w]!;
      if (w >= wPlus) upper += counts[w]!;
    }
    return Math.min(1, (2 * Math.min(lower, upper)) / total);
  }
  const mu = maxW / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const z = (wPlus - mu) / Math.sqrt(variance);
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Compare two value arrays paired by position (delta = a − b): mean delta with 95% t-interval,
 * sign-flip p, wins/losses/ties, Cohen's d_z, sign agreement, Wilcoxon and sign-test p.
 */
export function comparePaired(
  a: readonly number[],
  b: readonly number[],
  options: PairedOptions = {},
): PairedComparison {
  if (a.length !== b.length || a.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `paired comparison got ${a.length} and ${b.length} values; pair the same non-empty seed list in both`,
    );
  }
  checkFinite(a, 'paired comparison (first)');
  checkFinite(b, 'paired comparison (second)');
  const deltas = a.map((x, i) => x - b[i]!);
  const n = deltas.length;
  const m = mean(deltas);
  const sd = n > 1 ? sampleStandardDeviation(deltas) : 0;
  const h = halfWidth95(sd, n);
  const wins = deltas.filter((x) => x > 0).length;
  const losses = deltas.filter((x) => x < 0).length;
  const sign = Math.sign(m);
  const flip = signFlipPValue(deltas, options);
  return {
    n,
    meanDelta: m,
    sdDelta: sd,
    ci95: [m - h, m + h],
    signFlipP: flip.p,
    signFlipMethod: flip.method,
    wins,
    losses,
    ties: n - wins - losses,
    cohenDz: sd > 0 ? m / sd : Number.NaN,
    signAgreement: sign === 0 ? 0 : deltas.filter((x) => Math.sign(x) === sign).length / n,
    wilcoxonP: wilcoxonSignedRankP(deltas),
    signTestP: signTestP(wins, losses),
  };
}
