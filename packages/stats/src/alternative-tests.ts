/**
 * The simpler regression tests pybench's docs compare the severity test with (Part 2 of
 * `docs/synthetic.md`; stats.md §4): a global t-test over every (seed, slot) difference, per-slot
 * t-tests with a binomial count, and a sign-flip permutation of the flagged count. They are here
 * to show, by simulation (`calibrateTests`), why zpbench's verdict is the severity test: do not
 * gate on them.
 */
import { SubsetSums } from './_subset-sums.js';
import { StatsError } from './errors.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import { goodness, type RegressionInput } from './severity.js';
import { tCdf, tQuantile } from './student-t.js';

/** Options of the alternative tests. */
export interface AlternativeTestOptions {
  readonly alpha?: number;
  /** Sign-flip count: exact when 2ⁿ ≤ nPerm, else nPerm Monte-Carlo draws (default 4096). */
  readonly nPerm?: number;
  readonly seed?: number | string;
  readonly stream?: RandomStream;
}

/** The outcome of one alternative test: its statistic, p, and whether it flags a regression. */
export interface AlternativeTestResult {
  readonly test: 'global-t' | 'per-slot-binomial' | 'sign-flip-count';
  readonly statistic: number;
  readonly p: number;
  readonly regressed: boolean;
  readonly method: 'closed-form' | 'exact' | 'monte-carlo';
}

/** Goodness differences seed-major (d[s*K + k]), n seeds, K slots; throws on bad shapes. */
function differences(input: RegressionInput): { d: Float64Array; n: number; K: number } {
  const slots = input.slots;
  const K = slots.length;
  const n = slots[0]?.baseline.length ?? 0;
  if (K === 0 || n < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `the test needs at least one slot and 2 paired seeds, got ${K} slots and ${n} seeds`,
    );
  }
  const d = new Float64Array(n * K);
  slots.forEach((slot, k) => {
    if (slot.baseline.length !== n || slot.current.length !== n) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `slot (metric ${JSON.stringify(slot.metric)}, step ${slot.step}) has ${slot.baseline.length} baseline and ${slot.current.length} current seeds but the first slot has ${n}`,
      );
    }
    for (let s = 0; s < n; s++) {
      d[s * K + k] =
        goodness(slot.metric, slot.current[s]!) - goodness(slot.metric, slot.baseline[s]!);
    }
  });
  return { d, n, K };
}

/**
 * One one-sided t-test pooling all n·K differences as if independent: t = mean/(sd/√(nK)),
 * df = nK − 1, p = CDF(t), regressed iff t < t_crit. Correlated slots make its standard error
 * too small, and a regression in one slot is diluted by all the others.
 */
export function globalTTest(
  input: RegressionInput,
  options: AlternativeTestOptions = {},
): AlternativeTestResult {
  const alpha = options.alpha ?? 0.05;
  const { d } = differences(input);
  const N = d.length;
  let sum = 0;
  for (const x of d) sum += x;
  const mean = sum / N;
  let ss = 0;
  for (const x of d) ss += (x - mean) ** 2;
  const t = mean / (Math.sqrt(ss / (N - 1)) / Math.sqrt(N));
  const p = Number.isNaN(t) ? 1 : tCdf(t, N - 1);
  return {
    test: 'global-t',
    statistic: t,
    p,
    regressed: t < tQuantile(alpha, N - 1),
    method: 'closed-form',
  };
}

/** Upper binomial tail P(X ≥ k) for X ~ Bin(K, q), as scipy's `binomtest(..., 'greater')`. */
export function binomialUpperTail(k: number, K: number, q: number): number {
  if (k <= 0) return 1;
  if (k > K) return 0;
  // Σ_{i ≥ k} C(K, i) q^i (1−q)^{K−i}, each term from logs, summed from the smallest upward.
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log(K - k + i) - Math.log(i);
  const terms: number[] = [];
  for (let i = k; i <= K; i++) {
    terms.push(Math.exp(logC + i * logQ + (K - i) * log1mQ));
    logC += Math.log(K - i) - Math.log(i + 1);
  }
  let total = 0;
  for (let i = terms.length - 1; i >= 0; i--) total += terms[i]!;
  return Math.min(1, total);
}

/** Per-slot t (df n−1) of differences d (seed-major), raw quotient m/(sd/√n). */
function slotT(d: Float64Array, n: number, K: number, k: number, signs?: Float64Array): number {
  let sum = 0;
  for (let s = 0; s < n; s++) sum += (signs ? signs[s]! : 1) * d[s * K + k]!;
  const mean = sum / n;
  let ss = 0;
  for (let s = 0; s < n; s++) ss += ((signs ? signs[s]! : 1) * d[s * K + k]! - mean) ** 2;
  return mean / (Math.sqrt(ss / (n - 1)) / Math.sqrt(n));
}

/**
 * A one-sided paired t per slot, then a one-sided binomial test of the number of slots with
 * t < t_crit against Bin(K, alpha): regressed iff P(X ≥ count) < alpha. It assumes the slots'
 * rejections are independent, which correlated slots are not.
 */
export function perSlotBinomialTest(
  input: RegressionInput,
  options: AlternativeTestOptions = {},
): AlternativeTestResult {
  const alpha = options.alpha ?? 0.05;
  const { d, n, K } = differences(input);
  const tCrit = tQuantile(alpha, n - 1);
  let count = 0;
  for (let k = 0; k < K; k++) if (slotT(d, n, K, k) < tCrit) count++;
  const p = binomialUpperTail(count, K, alpha);
  return {
    test: 'per-slot-binomial',
    statistic: count,
    p,
    regressed: p < alpha,
    method: 'closed-form',
  };
}

/**
 * The within-seed sign-flip permutation test of the flagged count #{k : t_k < t_crit, or sd = 0
 * and mean < 0} (pybench's discarded early design): exactly calibrated like the severity test,
 * but one sharply regressed slot counts as much as one barely flagged. Exact over all 2ⁿ patterns
 * when 2ⁿ ≤ nPerm, else Monte Carlo with +1 smoothing; regressed iff p < alpha.
 */
export function signFlipCountTest(
  input: RegressionInput,
  options: AlternativeTestOptions = {},
): AlternativeTestResult {
  const alpha = options.alpha ?? 0.05;
  const nPerm = options.nPerm ?? 4096;
  const { d, n, K } = differences(input);
  const tCrit = tQuantile(alpha, n - 1);
  // A sign flip leaves Σd² unchanged: each pattern needs only the flipped sums
  // F = Σd − 2·Σ_{ε=−1} d, read from subset-sum tables.
  const sumSq = new Float64Array(K);
  const rowSum = new Float64Array(K);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < K; k++) {
      sumSq[k]! += d[s * K + k]! ** 2;
      rowSum[k]! += d[s * K + k]!;
    }
  }
  const sums = new SubsetSums(d, n, K);
  const masks = new Int32Array(sums.nBlocks);
  const negative = new Uint8Array(n);
  const signs = new Float64Array(n);
  const F = new Float64Array(K);
  const count = (): number => {
    for (let s = 0; s < n; s++) negative[s] = signs[s]! < 0 ? 1 : 0;
    sums.sum(sums.masksOf(negative, masks), F);
    for (let k = 0; k < K; k++) F[k] = rowSum[k]! - 2 * F[k]!;
    let c = 0;
    for (let k = 0; k < K; k++) {
      const m = F[k]! / n;
      const ss = sumSq[k]! - F[k]! * m;
      // Near-zero variance: recompute exactly, as pybench's std() would.
      const t = ss <= 1e-6 * sumSq[k]! ? slotT(d, n, K, k, signs) : m / Math.sqrt(ss / (n - 1) / n);
      if (t < tCrit || (!(ss > 0) && m < 0)) c++;
    }
    return c;
  };
  signs.fill(1);
  const observed = count();
  const exact = 2 ** n <= nPerm;
  let ge = 0;
  let total: number;
  if (exact) {
    total = 2 ** n;
    for (let mask = 0; mask < total; mask++) {
      for (let s = 0; s < n; s++) signs[s] = (mask >> s) & 1 ? -1 : 1;
      if (count() >= observed) ge++;
    }
  } else {
    total = nPerm;
    const stream = options.stream ?? createRandomStream(options.seed ?? 'zpbench-count');
    for (let b = 0; b < nPerm; b++) {
      for (let s = 0; s < n; s++) signs[s] = stream.sign();
      if (count() >= observed) ge++;
    }
  }
  const p = exact ? ge / total : (1 + ge) / (total + 1);
  return {
    test: 'sign-flip-count',
    statistic: observed,
    p,
    regressed: p < alpha,
    method: exact ? 'exact' : 'monte-carlo',
  };
}
