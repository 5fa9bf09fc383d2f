import { ldexp, ldexpFactors, maxAbsOf, scaleExponent } from './_slot-scale.js';
import {
  checkAlpha,
  checkFiniteSlot,
  checkHasSlots,
  checkNPerm,
  slotWhere,
} from './_test-input.js';
import { StatsError } from './errors.js';
import { aleaStateOf, createRandomStream, type RandomStream } from './random-stream.js';
import {
  type CheckedColumns,
  checkedColumnOf,
  checkedColumnsOf,
  type RegressionSlotInput,
} from './slot-matrix.js';
import { fastTCdfBeta, tCdf, tQuantile } from './student-t.js';
import { type WalksKernel, walksKernel } from './wasm/walks-wasm.js';

/** pybench's permutation budget (`DEFAULT_N_PERM`): exact enumeration when 2ⁿ ≤ this. */
export const DEFAULT_N_PERM = 4096;
/** Default seed of the Monte-Carlo sign stream, so runs reproduce. */
export const DEFAULT_PERM_SEED = 'zpbench-severity';
/**
 * Zero-variance cut on the per-slot sd (pybench's 1e-12), taken relative to the slot's largest
 * |value| so that rescaling a metric cannot change a verdict (docs/stats.md, "Scale").
 */
export const ZERO_SD = 1e-12;
/** Floor of the effect denominator (pybench `_EPS`), relative to the slot's largest |value|. */
export const EFFECT_EPS = 1e-9;
/** The finite t the severity uses for a zero-variance slot with a non-zero mean. */
export const ZERO_SD_T = 1e9;

/** Input of the severity test: the (metric, step) slots, each with paired per-seed values. */
export interface RegressionInput {
  readonly slots: readonly RegressionSlotInput[];
}

/** Options of the severity test; defaults follow pybench. */
export interface RegressionOptions {
  /** Level of every slot's t and of the meta-test (default 0.05). */
  readonly alpha?: number;
  /** Permutation budget (default 4096): exact when 2ⁿ ≤ nPerm, else nPerm Monte-Carlo draws. */
  readonly nPerm?: number;
  /** Relative drop a slot must exceed to count (pybench `min_effect`); null/undefined = off. */
  readonly minEffect?: number | null;
  /** Seed of the Monte-Carlo sign stream (default `DEFAULT_PERM_SEED`); ignored if `stream` given. */
  readonly seed?: number | string;
  /** Explicit random stream for the Monte-Carlo signs. */
  readonly stream?: RandomStream;
  /**
   * Compute each slot's p (default true). Simulations that need only the verdict pass false:
   * p is then NaN on slots with variance (the t CDF is most of the cost of small tests).
   */
  readonly slotPValues?: boolean;
}

/** Per-slot statistics of the observed data, as pybench computes them. */
export interface RegressionSlotResult {
  readonly metric: string;
  readonly step: number;
  readonly baselineMean: number;
  readonly baselineSd: number;
  readonly currentMean: number;
  readonly currentSd: number;
  /** Mean paired difference in goodness (negative = worse). */
  readonly meanDiff: number;
  readonly sdDiff: number;
  /** The t the severity used: ±1e9 or 0 on zero-variance slots, else the raw t. */
  readonly tStat: number;
  /** The raw quotient m/(sd/√n): −∞, +∞ or NaN on exactly constant differences. */
  readonly tRaw: number;
  /** sd below 1e-12 of the slot's largest |value|: `tStat` is the ±1e9 (or 0) convention. */
  readonly zeroVariance: boolean;
  /** One-sided "regressed" p = CDF of t(n−1) at t (0 or 1 on zero variance). */
  readonly p: number;
  /** Relative change in goodness m / max(|baseline goodness mean|, 1e-9·max|value|). */
  readonly effect: number;
  /** The baseline goodness mean is below 1e-9 of the slot's largest |value|: effect unreliable. */
  readonly denomAtFloor: boolean;
  readonly flagged: boolean;
  /** This slot's share max(0, t_crit − t̃) of the severity (0 when gated out). */
  readonly contribution: number;
}

/** What the paired and the unpaired severity tests both report. */
export interface SeverityTestOutcome {
  readonly verdict: 'PASS' | 'FAIL';
  readonly metaP: number;
  readonly severity: number;
  readonly method: 'exact' | 'monte-carlo';
  /** Permutations with T ≥ T_obs, out of `permTotal` (each test says which it counts). */
  readonly permGe: number;
  readonly permTotal: number;
  readonly tCrit: number;
  readonly alpha: number;
  readonly minEffect: number | null;
  readonly slots: readonly RegressionSlotResult[];
}

/** Result of the severity sign-flip test. */
export interface RegressionResult extends SeverityTestOutcome {
  /** Which test: seeds paired by position, their signs flipped (pybench's test). */
  readonly test: 'paired-sign-flip';
  /** Patterns with T ≥ T_obs (exact: out of 2ⁿ including identity; MC: out of nPerm draws). */
  readonly permGe: number;
  readonly nSeeds: number;
}

/** Compare strings by Unicode code point (Python's str order), not UTF-16 units or locale. */
export function compareCodePoints(a: string, b: string): number {
  // Equal strings (every slot of a metric) and strings without surrogates compare by UTF-16
  // unit, which is code-point order there; a surrogate pair takes the iterator below.
  if (a === b) return 0;
  const len = Math.min(a.length, b.length);
  let i = 0;
  while (i < len && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === len) return a.length - b.length;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if ((x < 0xd800 || x > 0xdfff) && (y < 0xd800 || y > 0xdfff)) return x - y;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** Goodness of a metric value: −x for a `min:` metric, +x otherwise. */
export function goodness(metric: string, value: number): number {
  return metric.startsWith('min:') ? -value : value;
}

/** Throw ZPB_STATS_ALPHA_GUARD when 2ⁿ ≤ 1/alpha (no exact meta-p could ever fall below alpha). */
export function checkAlphaGuard(nSeeds: number, alpha: number): void {
  checkAlpha(alpha);
  if (2 ** nSeeds <= 1 / alpha) {
    const need = Math.floor(Math.log2(1 / alpha)) + 1;
    throw new StatsError(
      'ZPB_STATS_ALPHA_GUARD',
      `${nSeeds} seeds cannot fail at alpha=${alpha} because the smallest meta-p is 1/2^${nSeeds}; use at least ${need} seeds or a larger alpha`,
    );
  }
}

function sampleMeanSd(values: ArrayLike<number>, n: number): [number, number] {
  let sum = 0;
  for (let s = 0; s < n; s++) sum += values[s]!;
  const mean = sum / n;
  let ss = 0;
  for (let s = 0; s < n; s++) {
    const dev = values[s]! - mean;
    ss += dev * dev;
  }
  return [mean, Math.sqrt(ss / (n - 1))];
}

/** Mean and sample sd of raw values, computed on values·2^−e and scaled back (no overflow). */
function scaledMeanSd(
  values: readonly number[],
  n: number,
  e: number,
  scaled: Float64Array,
): [number, number] {
  if (Math.abs(e) <= 1022) {
    const f = 2 ** -e;
    for (let s = 0; s < n; s++) scaled[s] = values[s]! * f;
  } else for (let s = 0; s < n; s++) scaled[s] = ldexp(values[s]!, -e);
  const [mean, sd] = sampleMeanSd(scaled, n);
  return [ldexp(mean, e), ldexp(sd, e)];
}

/** Internal prepared form of the test: differences, invariants and per-slot constants. */
interface Prepared {
  n: number;
  K: number;
  /** Differences seed-major, in each slot's scaled units: d[s*K + k] = d_sk·2^−e_k. */
  d: Float64Array;
  /** Σ_s d[s,k] (identity pattern's flipped sum), summed in seed order. */
  rowSum: Float64Array;
  /** Σ_s d[s,k]²: invariant under sign flips. */
  sumSq: Float64Array;
  /** Threshold below which the one-pass variance falls back to an exact two-pass sum. */
  ssFloor: Float64Array;
  /** Zero-variance cut on SS/(n−1) per slot: (ZERO_SD · the slot's scaled magnitude)². */
  zeroVar: Float64Array;
  /** Gate per slot: the flipped mean must be below this (−min_effect·denom), or −Infinity… */
  gateMean: Float64Array;
  /** min(gateMean, 0): a contributing slot (t_crit < 0) has m below it. */
  gateNeg: Float64Array;
  /**
   * Prefilter on the flipped sum (t_crit < 0): a slot can contribute only if F < theta. Since
   * Σd² is fixed, t is increasing in F, so t < t_crit ⇔ F < F* = −|t_crit|·√(nΣd²/(n−1+t_crit²));
   * theta also admits the gate and the near-zero-variance fallback, with a 1e-9 relative slack,
   * so every slot the exact tests below accept passes it: the counts are unchanged.
   */
  theta: Float64Array;
  allZero: Uint8Array;
  tCrit: number;
  /** 1/n and 1/√n, shared by every evaluation so all patterns round alike. */
  invN: number;
  invSqrtN: number;
}

/** Per-slot constants of the observed data that the report needs beyond `Prepared`. */
interface SlotScale {
  /** The slot's scaling exponent e_k: statistics in scaled units are raw ones times 2^−e_k. */
  exponent: Int32Array;
  /** max|value| of the slot in scaled units (in [1, 2), or 0 for an all-zero slot). */
  magnitude: Float64Array;
  /** Effect denominator in scaled units: max(|mean baseline goodness|, EFFECT_EPS·max|value|). */
  denom: Float64Array;
  denomAtFloor: Uint8Array;
}

/**
 * The per-seed pass over the observed data: differences, their sums and each slot's scaling, and
 * the observed per-slot statistics the report needs (mean and sd of d in scaled units, then the
 * raw-unit mean and sd of d, baseline and current), 8 per slot in `stats`.
 */
export interface SlotSums {
  /** Differences seed-major, in each slot's scaled units: d[s*K + k] = d_sk·2^−e_k. */
  d: Float64Array;
  rowSum: Float64Array;
  sumSq: Float64Array;
  /** Σ_s goodness(baseline)·2^−e_k, in seed order. */
  baseSum: Float64Array;
  allZero: Uint8Array;
  exponent: Int32Array;
  magnitude: Float64Array;
  /** Per slot k at 8k: m, sd (scaled), meanDiff, sdDiff, baseline mean, sd, current mean, sd (raw). */
  stats: Float64Array;
}

/** slotSums in JS: the reference for the wasm pass, and the path without WebAssembly. */
function slotSumsJs(slots: readonly RegressionSlotInput[], n: number): SlotSums {
  const K = slots.length;
  const d = new Float64Array(n * K);
  const rowSum = new Float64Array(K);
  const sumSq = new Float64Array(K);
  const baseSum = new Float64Array(K);
  const exponent = new Int32Array(K);
  const magnitudes = new Float64Array(K);
  const allZero = new Uint8Array(K);
  const stats = new Float64Array(8 * K);
  const diffs = new Float64Array(n);
  const scratch = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    const slot = slots[k]!;
    // Scale by a power of two near the slot's largest magnitude: exact, so at ordinary scales
    // every number below is pybench's bit for bit, and squares cannot overflow or underflow.
    const maxAbs = Math.max(maxAbsOf(slot.baseline), maxAbsOf(slot.current));
    const e = scaleExponent(maxAbs);
    exponent[k] = e;
    magnitudes[k] = ldexp(maxAbs, -e);
    let bSum = 0;
    let zero = 1;
    // Goodness times 2^−e as one exact multiplication (the sign flip and the power of two are
    // both exact), unless 2^−e itself is outside the double range.
    const sign = slot.metric.startsWith('min:') ? -1 : 1;
    const direct = Math.abs(e) <= 1022;
    const factor = direct ? sign * 2 ** -e : 0;
    const { baseline, current } = slot;
    for (let s = 0; s < n; s++) {
      const gb = direct ? baseline[s]! * factor : ldexp(sign * baseline[s]!, -e);
      const gc = direct ? current[s]! * factor : ldexp(sign * current[s]!, -e);
      const diff = gc - gb;
      d[s * K + k] = diff;
      diffs[s] = diff;
      bSum += gb;
      rowSum[k]! += diff;
      sumSq[k]! += diff * diff;
      if (diff !== 0) zero = 0;
    }
    baseSum[k] = bSum;
    allZero[k] = zero;
    // Every statistic in the slot's scaled units; means and sds go back to raw units.
    const [m, sd] = sampleMeanSd(diffs, n);
    const [baselineMean, baselineSd] = scaledMeanSd(slot.baseline, n, e, scratch);
    const [currentMean, currentSd] = scaledMeanSd(slot.current, n, e, scratch);
    stats.set(
      [m, sd, ldexp(m, e), ldexp(sd, e), baselineMean, baselineSd, currentMean, currentSd],
      8 * k,
    );
  }
  return { d, rowSum, sumSq, baseSum, allZero, exponent, magnitude: magnitudes, stats };
}

/** Whether every value is a number (NaN and infinities included: the kernel's check finds those). */
function allNumbers(values: readonly number[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
}

/**
 * When every slot is a `buildSlots` slot of parsed slot matrices with n seeds: each slot's rows
 * and column index, and the distinct metrics (row lists of one run) they read; else null.
 */
function checkedSources(
  slots: readonly RegressionSlotInput[],
  n: number,
): {
  columns: CheckedColumns[];
  column: Int32Array;
  rows: Set<CheckedColumns['baseline']>;
} | null {
  const columns = new Array<CheckedColumns>(slots.length);
  const column = new Int32Array(slots.length);
  const rows = new Set<CheckedColumns['baseline']>();
  let last: CheckedColumns | null = null;
  for (let k = 0; k < slots.length; k++) {
    const checked = checkedColumnsOf(slots[k]!);
    if (checked === null || checked.seeds !== n) return null;
    columns[k] = checked;
    column[k] = checkedColumnOf(slots[k]!);
    if (checked !== last) {
      last = checked;
      rows.add(last.baseline);
      rows.add(last.current);
    }
  }
  return { columns, column, rows };
}

/**
 * slotSumsJs in walks.wat (`slot_max_abs`, `slot_sums`): the same IEEE operations in the same
 * order, so the same bits, in two passes with the exponents (Math.log2) formed in JS between
 * them; "non-finite" when a value is not finite (the caller reports it as the JS checks do),
 * null when the kernel's memory cannot hold the slots.
 */
function slotSumsWasm(
  slots: readonly RegressionSlotInput[],
  n: number,
  kernel: WalksKernel,
): SlotSums | 'non-finite' | null {
  const K = slots.length;
  const checked = checkedSources(slots, n);
  // The values: each slot's two runs slot-major (K·n each), or the checked rows of every metric
  // whole, seed-major (then each slot reads its column with a stride of the metric's width).
  let values = 2 * K * n;
  if (checked !== null) {
    values = 0;
    for (const rows of checked.rows) values += rows.length * rows[0]!.length;
  }
  const maxAbs = values;
  const coef = maxAbs + K;
  const d = coef + 6 * K;
  const sums = d + n * K;
  const stats = sums + 4 * K;
  // Per slot and run, in i32: the byte address of its seed-0 value and the bytes between seeds.
  const idx = 2 * (stats + 8 * K);
  const views = kernel.views(4 * (idx + 4 * K));
  if (views === null) return null;
  const { f64, i32 } = views;
  if (checked !== null) {
    // One native copy per row: parseSlotMatrix has checked every value.
    let at = 0;
    const where = new Map<CheckedColumns['baseline'], number>();
    for (const rows of checked.rows) {
      where.set(rows, at);
      const width = rows[0]!.length;
      for (let s = 0; s < rows.length; s++) f64.set(rows[s]!, at + s * width);
      at += rows.length * width;
    }
    for (let k = 0; k < K; k++) {
      const columns = checked.columns[k]!;
      const step = checked.column[k]!;
      const o = idx + 4 * k;
      i32[o] = 8 * (where.get(columns.baseline)! + step);
      i32[o + 1] = 8 * columns.steps;
      i32[o + 2] = 8 * (where.get(columns.current)! + step);
      i32[o + 3] = 8 * columns.steps;
    }
  } else {
    // Typed-array copies of the number arrays (checkShapes has made sure they hold only numbers).
    for (let k = 0; k < K; k++) {
      const slot = slots[k]!;
      const o = idx + 4 * k;
      f64.set(slot.baseline, k * n);
      f64.set(slot.current, (K + k) * n);
      i32[o] = 8 * k * n;
      i32[o + 1] = 8;
      i32[o + 2] = 8 * (K + k) * n;
      i32[o + 3] = 8;
    }
  }
  if (kernel.wasm.slot_max_abs(K, n, 4 * idx, maxAbs * 8) > 0) return 'non-finite';
  const exponent = new Int32Array(K);
  const magnitude = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const e = scaleExponent(f64[maxAbs + k]!);
    exponent[k] = e;
    magnitude[k] = ldexp(f64[maxAbs + k]!, -e);
    const at = coef + 6 * k;
    // ldexpFactors(−e) and ldexpFactors(e), unrolled for the common |e| ≤ 1022 (no arrays).
    if (Math.abs(e) <= 1022) {
      f64[at + 1] = 2 ** -e;
      f64[at + 2] = 1;
      f64[at + 3] = 2 ** e;
      f64[at + 4] = 1;
    } else {
      const [f1, f2] = ldexpFactors(-e);
      const [u1, u2] = ldexpFactors(e);
      f64[at + 1] = f1;
      f64[at + 2] = f2;
      f64[at + 3] = u1;
      f64[at + 4] = u2;
    }
    f64[at] = slots[k]!.metric.startsWith('min:') ? -f64[at + 1]! : f64[at + 1]!;
  }
  kernel.wasm.slot_sums(K, n, 4 * idx, coef * 8, d * 8, sums * 8, stats * 8);
  return {
    d: f64.slice(d, d + n * K),
    rowSum: f64.slice(sums, sums + K),
    sumSq: f64.slice(sums + K, sums + 2 * K),
    baseSum: f64.slice(sums + 2 * K, sums + 3 * K),
    allZero: Uint8Array.from(f64.subarray(sums + 3 * K, sums + 4 * K)),
    exponent,
    magnitude,
    stats: f64.slice(stats, stats + 8 * K),
  };
}

function prepare(
  sums: SlotSums,
  n: number,
  tCrit: number,
  minEffect: number | null,
  kernel: WalksKernel | null,
): Prepared & SlotScale {
  const { rowSum, sumSq, magnitude } = sums;
  const K = rowSum.length;
  const arrays =
    (kernel && prepareWasm(sums, n, tCrit, minEffect, kernel)) ??
    prepareJs(sums, n, tCrit, minEffect);
  return {
    n,
    K,
    d: sums.d,
    rowSum,
    sumSq,
    ...arrays,
    allZero: sums.allZero,
    tCrit,
    exponent: sums.exponent,
    magnitude,
    invN: 1 / n,
    invSqrtN: 1 / Math.sqrt(n),
  };
}

/** The per-slot arrays prepare forms from the slot sums. */
export interface PreparedArrays {
  ssFloor: Float64Array;
  zeroVar: Float64Array;
  gateMean: Float64Array;
  denom: Float64Array;
  denomAtFloor: Uint8Array;
  gateNeg: Float64Array;
  theta: Float64Array;
}

/**
 * The kernel's memory as f64 with `arrays` copied in one after another from index 0 and room for
 * `extra` more values after them: where each array starts, then the first free index (at[length]);
 * null when the memory cannot hold them.
 */
function loadArrays(
  kernel: WalksKernel,
  arrays: readonly Float64Array[],
  extra: number,
): { f64: Float64Array; at: number[] } | null {
  let total = extra;
  for (const a of arrays) total += a.length;
  const views = kernel.views(8 * total);
  if (views === null) return null;
  const at: number[] = [];
  let i = 0;
  for (const a of arrays) {
    at.push(i);
    views.f64.set(a, i);
    i += a.length;
  }
  at.push(i);
  return { f64: views.f64, at };
}

/**
 * prepareJs in walks.wat (`prepare`): the same operations in the same order, so the same bits,
 * without ~37 interpreted double operations per slot (each a fresh heap number in a cold
 * process: 355 KB on a 600-slot comparison). Null when the kernel's memory cannot hold them.
 */
export function prepareWasm(
  sums: SlotSums,
  n: number,
  tCrit: number,
  minEffect: number | null,
  kernel: WalksKernel,
): PreparedArrays | null {
  const K = sums.rowSum.length;
  const loaded = loadArrays(kernel, [sums.baseSum, sums.magnitude, sums.sumSq], 7 * K);
  if (loaded === null) return null;
  const { f64, at } = loaded;
  const out = at[3]!;
  kernel.wasm.prepare(
    K,
    n,
    8 * at[0]!,
    8 * at[1]!,
    8 * at[2]!,
    8 * out,
    EFFECT_EPS,
    ZERO_SD,
    minEffect === null ? 0 : 1,
    minEffect === null ? 0 : -minEffect,
    tCrit,
  );
  const array = (i: number) => f64.slice(out + i * K, out + (i + 1) * K);
  return {
    ssFloor: array(0),
    zeroVar: array(1),
    gateMean: array(2),
    denom: array(3),
    denomAtFloor: Uint8Array.from(f64.subarray(out + 4 * K, out + 5 * K)),
    gateNeg: array(5),
    theta: array(6),
  };
}

/** prepare's per-slot arrays in JS: the reference for the wasm pass, and the path without it. */
export function prepareJs(
  sums: SlotSums,
  n: number,
  tCrit: number,
  minEffect: number | null,
): PreparedArrays {
  const { rowSum, sumSq, magnitude } = sums;
  const K = rowSum.length;
  const ssFloor = new Float64Array(K);
  const zeroVar = new Float64Array(K);
  const gateMean = new Float64Array(K);
  const denom = new Float64Array(K);
  const denomAtFloor = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    const mag = magnitude[k]!;
    // pybench's absolute floors (sd < 1e-12, |baseline mean| < 1e-9) become relative to the
    // slot's magnitude, so a rescaled metric gives the same verdict (docs/stats.md).
    const baseMean = Math.abs(sums.baseSum[k]! / n);
    const floor = EFFECT_EPS * mag;
    denomAtFloor[k] = baseMean < floor || mag === 0 ? 1 : 0;
    // An all-zero slot has m = 0, so its effect is 0 whatever the (unit) denominator.
    denom[k] = Math.max(baseMean, floor) || 1;
    zeroVar[k] = (ZERO_SD * mag) ** 2;
    // One-pass SS = Σd² − F²/n loses ~4ε·Σd² to cancellation; below 1e-6·Σd² recompute exactly.
    // The floor is at least the zero-variance cut, so the fast path never meets a zero variance.
    ssFloor[k] = Math.max(1e-6 * sumSq[k]!, zeroVar[k]! * n);
    // Gate on the mean: e = m/denom < −min_effect ⇔ m < −min_effect·denom (denom > 0).
    gateMean[k] = minEffect === null ? Number.POSITIVE_INFINITY : -minEffect * denom[k]!;
  }
  const gateNeg = gateMean.map((g) => Math.min(g, 0));
  const theta = new Float64Array(K);
  const tc2 = tCrit * tCrit;
  for (let k = 0; k < K; k++) {
    const Q = sumSq[k]!;
    const fStar = -Math.sqrt(tc2) * Math.sqrt((n * Q) / (n - 1 + tc2));
    const fFloor = -Math.sqrt(n * Math.max(Q - ssFloor[k]!, 0));
    const t = Math.min(Math.max(fStar, fFloor), n * gateNeg[k]!);
    theta[k] = t + Math.abs(t) * 1e-9 + Number.MIN_VALUE;
  }
  return { ssFloor, zeroVar, gateMean, denom, denomAtFloor, gateNeg, theta };
}

/** The sign pattern j of a walk, asked for only by the exact two-pass fallback. */
type SignsOf = (j: number) => Float64Array;

/**
 * Contribution of slot k for one sign pattern with flipped sum Fk = Σ_s ε_s d[s,k].
 * `signsOf(j)` is the pattern, read only by the exact two-pass fallback on (near) zero-variance slots.
 */
function slotContribution(p: Prepared, k: number, Fk: number, signsOf: SignsOf, j: number): number {
  const { n, tCrit } = p;
  if (p.allZero[k]) {
    // m = 0, sd = 0 → t̃ = 0; c = max(0, t_crit) unless gated (e = 0 never passes a gate ≥ 0).
    return tCrit > 0 && 0 < p.gateMean[k]! ? tCrit : 0;
  }
  let m = Fk * p.invN;
  // t ≥ 0 ≥ t_crit contributes nothing; zero variance needs |F| = n·|d|, so m ≥ 0 is safe here.
  if (m >= 0 && tCrit <= 0) return 0;
  if (!(m < p.gateMean[k]!)) return 0;
  let ss = p.sumSq[k]! - Fk * m;
  if (ss <= p.ssFloor[k]!) {
    // Exact two-pass mean and SS in seed order, as numpy's mean/std along the seed axis.
    const { d, K } = p;
    const signs = signsOf(j);
    let sum = 0;
    for (let s = 0; s < n; s++) sum += signs[s]! * d[s * K + k]!;
    m = sum / n;
    if (!(m < p.gateMean[k]!)) return 0;
    ss = 0;
    for (let s = 0; s < n; s++) {
      const dev = signs[s]! * d[s * K + k]! - m;
      ss += dev * dev;
    }
  }
  const nm1 = n - 1;
  if (ss < p.zeroVar[k]! * nm1) {
    const t = m < 0 ? -ZERO_SD_T : m > 0 ? ZERO_SD_T : 0;
    return t < tCrit ? tCrit - t : 0;
  }
  // For m < 0 and t_crit < 0: t < t_crit ⇔ n(n−1)·m² > t_crit²·ss; skip the sqrt otherwise.
  if (tCrit < 0 && m < 0 && n * nm1 * m * m <= tCrit * tCrit * ss) return 0;
  const t = m / (Math.sqrt(ss / nm1) * p.invSqrtN);
  return t < tCrit ? tCrit - t : 0;
}

/**
 * Slot k's share of the severity T for flipped sum Fk: `slotContribution`'s value, with the
 * common case (t_crit < 0) inlined: a slot contributes only if F < theta, m < min(gate, 0) and
 * n(n−1)m² > t_crit²·SS, so one rarely-true test replaces a 50/50 branch on the sign of m;
 * near-zero-variance slots go through `slotContribution`'s two-pass fallback.
 */
function severityShare(p: Prepared, k: number, Fk: number, signsOf: SignsOf, j: number): number {
  const { tCrit } = p;
  if (!(tCrit < 0)) return slotContribution(p, k, Fk, signsOf, j);
  if (!(Fk < p.theta[k]!)) return 0;
  const nm1 = p.n - 1;
  const m = Fk * p.invN;
  const ss = p.sumSq[k]! - Fk * m;
  const fl = p.ssFloor[k]!;
  if (!(m < p.gateNeg[k]!) || !(p.n * nm1 * m * m > tCrit * tCrit * ss || ss <= fl)) return 0;
  if (ss <= fl) return slotContribution(p, k, Fk, signsOf, j);
  const t = m / (Math.sqrt(ss / nm1) * p.invSqrtN);
  return t < tCrit ? tCrit - t : 0;
}

/** Severity T of the identity pattern (every ε = +1); Σ_k in slot order (step, metric code point). */
function observedSeverity(p: Prepared): number {
  const ones = new Float64Array(p.n).fill(1);
  const signsOf = () => ones;
  const kernel = p.tCrit < 0 ? walksKernel() : null;
  const fromKernel = kernel === null ? null : observedSeverityWasm(p, kernel, signsOf);
  if (fromKernel !== null) return fromKernel;
  let T = 0;
  for (let k = 0; k < p.K; k++) T += severityShare(p, k, p.rowSum[k]!, signsOf, 0);
  return T;
}

/**
 * observedSeverity's sum in walks.wat (`observed`, t_crit < 0): the same prefilter and `$share`
 * as the walks, the fallback with the all-plus pattern, in slot order, so the same bits without
 * a cold interpreted pass over every slot. Null when the kernel's memory cannot hold the slots.
 */
function observedSeverityWasm(p: Prepared, kernel: WalksKernel, signsOf: SignsOf): number | null {
  const { K, n, tCrit } = p;
  const loaded = loadArrays(kernel, [p.rowSum, p.theta, p.sumSq, p.gateNeg, p.ssFloor], 0);
  if (loaded === null) return null;
  const [F, theta, sumSq, gateNeg, ssFloor] = loaded.at.map((i) => 8 * i);
  kernel.wasm.setup(p.invN, n * (n - 1), tCrit, tCrit * tCrit, n - 1, p.invSqrtN);
  kernel.setFallback((k, Fk) => slotContribution(p, k, Fk, signsOf, 0));
  return kernel.wasm.observed(K, F!, theta!, sumSq!, gateNeg!, ssFloor!);
}

/** Patterns (exact) or draws (Monte Carlo) whose severities are accumulated at once, slot by slot. */
const CHUNK = 1 << 16;

/*
 * Both counts walk a chunk of patterns slot by slot (slot-outer): each slot's flipped sums are
 * formed in one small monomorphic loop of its own function, which V8 optimises after a few
 * slots, while a slot's data stay in registers and L1. Every F_k is formed by the same
 * operations in the same order as a pattern-by-pattern walk, and every pattern's T adds its
 * slots' shares in slot order (step, metric code point), so each F, each T and the count are bit
 * for bit those of the pattern-major loop (test: "slot-outer counts").
 */

/** Count of T[j] ≥ tObs over the first len patterns of a chunk. */
function countAtLeast(T: Float64Array, len: number, tObs: number): number {
  let ge = 0;
  for (let j = 0; j < len; j++) if (T[j]! >= tObs) ge++;
  return ge;
}

/** The chunk's Gray-code steps i0 … i0+len−1: step i flips seed ctz(i), F_k += −2·ε_old·d[s,k]. */
function grayChunk(
  i0: number,
  len: number,
  walk: Float64Array,
  seedOf: Int32Array,
  factor: Float64Array,
): void {
  for (let j = 0; j < len; j++) {
    const i = i0 + j;
    const s = 31 - Math.clz32(i & -i);
    const old = walk[s]!;
    walk[s] = -old;
    seedOf[j] = s;
    factor[j] = -2 * old;
  }
}

/** Slot k's contributions to the chunk's T for any t_crit; returns F_k after the last step. */
function graySlot(
  p: Prepared,
  k: number,
  Fk: number,
  len: number,
  seedOf: Int32Array,
  factor: Float64Array,
  dk: Float64Array,
  T: Float64Array,
  signsOf: SignsOf,
): number {
  for (let j = 0; j < len; j++) {
    Fk = Fk + factor[j]! * dk[seedOf[j]!]!;
    T[j]! += slotContribution(p, k, Fk, signsOf, j);
  }
  return Fk;
}

/** d[·,k]: slot k's differences in seed order. */
function slotColumn(p: Prepared, k: number, dk: Float64Array): Float64Array {
  const { n, K, d } = p;
  for (let s = 0; s < n; s++) dk[s] = d[s * K + k]!;
  return dk;
}

/** The pattern after Gray-code step i, into signs: seed s is −1 iff bit s of i ⊕ (i ≫ 1) is set. */
function grayPattern(i: number, signs: Float64Array): Float64Array {
  const g = i ^ (i >>> 1);
  for (let s = 0; s < signs.length; s++) signs[s] = (g >>> s) & 1 ? -1 : 1;
  return signs;
}

/** Count patterns with T ≥ T_obs over all 2ⁿ sign vectors, walked in Gray-code order. */
function exactCount(p: Prepared): { ge: number; total: number; tObs: number } {
  const { n, K } = p;
  const tObs = observedSeverity(p);
  const total = 2 ** n;
  const kernel = p.tCrit < 0 ? walksKernel() : null;
  const wasmGe = kernel === null ? null : exactCountWasm(p, kernel, tObs);
  if (wasmGe !== null) return { ge: wasmGe, total, tObs };
  let ge = 1; // the identity pattern
  const F = Float64Array.from(p.rowSum);
  const walk = new Float64Array(n).fill(1);
  const signs = new Float64Array(n);
  const dk = new Float64Array(n);
  const size = Math.min(CHUNK, total - 1);
  const seedOf = new Int32Array(size);
  const factor = new Float64Array(size);
  const T = new Float64Array(size);
  let i0 = 1;
  const graySigns = (j: number): Float64Array => grayPattern(i0 + j, signs);
  const fast = p.tCrit < 0;
  const { theta } = p;
  for (; i0 < total; i0 += size) {
    const len = Math.min(size, total - i0);
    grayChunk(i0, len, walk, seedOf, factor);
    T.fill(0);
    for (let k = 0; k < K; k++) {
      slotColumn(p, k, dk);
      let Fk = F[k]!;
      if (!fast) {
        Fk = graySlot(p, k, Fk, len, seedOf, factor, dk, T, graySigns);
        F[k] = Fk;
        continue;
      }
      // Inlined here, so one on-stack replacement of this loop optimises every slot's walk.
      const th = theta[k]!;
      for (let j = 0; j < len; j++) {
        Fk = Fk + factor[j]! * dk[seedOf[j]!]!;
        // Rarely true: most slots of most patterns stop at this one comparison.
        if (Fk < th) T[j]! += severityShare(p, k, Fk, graySigns, j);
      }
      F[k] = Fk;
    }
    ge += countAtLeast(T, len, tObs);
  }
  return { ge, total, tObs };
}

/**
 * A chunk of Monte-Carlo draws, one `stream.sign()` per seed in seed order, as block masks: the
 * mask of block blk, offset by blk·width, indexes that block's entries of a slot's table.
 */
function drawChunk(
  stream: RandomStream,
  n: number,
  bits: number,
  stride: number,
  len: number,
  masks: Int32Array,
): void {
  const width = 1 << bits;
  for (let j = 0; j < len; j++) {
    const o = j * stride;
    for (let blk = 0; blk < stride; blk++) masks[o + blk] = blk * width;
    for (let s = 0; s < n; s++) {
      if (stream.sign() < 0) masks[o + ((s / bits) | 0)]! += 1 << (s % bits);
    }
  }
}

/** All subset sums of each block of seeds of one slot (entry 0 of every block stays 0). */
function blockSums(dk: Float64Array, n: number, bits: number, table: Float64Array): void {
  const width = 1 << bits;
  for (let lo = 0, off = 0; lo < n; lo += bits, off += width) {
    const end = 1 << Math.min(bits, n - lo);
    for (let mask = 1; mask < end; mask++) {
      const low = mask & -mask;
      table[off + mask] = table[off + (mask ^ low)]! + dk[lo + 31 - Math.clz32(low)]!;
    }
  }
}

/**
 * Slot k's contributions to a chunk of up to 32-seed draws (t_crit < 0): the negative-subset sum
 * of four 8-seed blocks, added pairwise (a missing block reads 0).
 */
function drawSlotFused(
  p: Prepared,
  k: number,
  len: number,
  masks: Int32Array,
  table: Float64Array,
  T: Float64Array,
  signsOf: SignsOf,
): void {
  const r = p.rowSum[k]!;
  const th = p.theta[k]!;
  for (let j = 0; j < len; j++) {
    const o = j * 4;
    const Fk =
      r -
      2 *
        (table[masks[o]!]! +
          table[masks[o + 1]!]! +
          (table[masks[o + 2]!]! + table[masks[o + 3]!]!));
    if (Fk < th) T[j]! += severityShare(p, k, Fk, signsOf, j);
  }
}

/** Slot k's contributions to a chunk of draws of any width: block sums added in block order. */
function drawSlot(
  p: Prepared,
  k: number,
  len: number,
  stride: number,
  masks: Int32Array,
  table: Float64Array,
  T: Float64Array,
  signsOf: SignsOf,
): void {
  const r = p.rowSum[k]!;
  for (let j = 0; j < len; j++) {
    const o = j * stride;
    let neg = table[masks[o]!]!;
    for (let blk = 1; blk < stride; blk++) neg += table[masks[o + blk]!]!;
    T[j]! += severityShare(p, k, r - 2 * neg, signsOf, j);
  }
}

/**
 * Monte-Carlo count over nPerm i.i.d. sign vectors (one `stream.sign()` per seed, in seed order).
 * F = Σd − 2·Σ_{ε_s=−1} d[s,·], with the negative-subset sums read from per-block tables of
 * 8 seeds (all 256 subset sums), so a draw costs ⌈n/8⌉ lookups per slot; a chunk of draws is
 * drawn first, then walked slot by slot with that slot's tables (8 KiB, in L1).
 */
function monteCarloCount(
  p: Prepared,
  nPerm: number,
  stream: RandomStream,
): { ge: number; total: number; tObs: number } {
  const { n, K } = p;
  const tObs = observedSeverity(p);
  // The block width the sums depend on, as chosen when every slot's tables were held at once
  // (at most 64 MiB), so the sums, hence the counts, stay what they were.
  let bits = 8;
  while (bits > 1 && Math.ceil(n / bits) * 2 ** bits * K * 8 > 64 * 2 ** 20) bits--;
  const nBlocks = Math.ceil(n / bits);
  const fused = bits === 8 && nBlocks <= 4 && p.tCrit < 0;
  const kernel = fused ? walksKernel() : null;
  const wasmGe = kernel === null ? null : monteCarloCountWasm(p, kernel, nPerm, stream, tObs);
  if (wasmGe !== null) return { ge: wasmGe, total: nPerm, tObs };
  const stride = fused ? 4 : nBlocks;
  const table = new Float64Array(stride << bits);
  const dk = new Float64Array(n);
  const size = Math.min(CHUNK, nPerm);
  const masks = new Int32Array(size * stride);
  const T = new Float64Array(size);
  const signs = new Float64Array(n);
  /** The signs of draw j of the chunk, from its block masks. */
  const drawSigns = (j: number): Float64Array => {
    for (let s = 0; s < n; s++) {
      const blk = (s / bits) | 0;
      signs[s] = (masks[j * stride + blk]! >>> (s - blk * bits)) & 1 ? -1 : 1;
    }
    return signs;
  };
  let ge = 0;
  for (let b0 = 0; b0 < nPerm; b0 += size) {
    const len = Math.min(size, nPerm - b0);
    drawChunk(stream, n, bits, stride, len, masks);
    T.fill(0);
    for (let k = 0; k < K; k++) {
      blockSums(slotColumn(p, k, dk), n, bits, table);
      if (fused) drawSlotFused(p, k, len, masks, table, T, drawSigns);
      else drawSlot(p, k, len, stride, masks, table, T, drawSigns);
    }
    ge += countAtLeast(T, len, tObs);
  }
  return { ge, total: nPerm, tObs };
}

/**
 * Where one walk's arrays sit in the kernel's memory, in elements of their type (f64: d, the
 * per-slot constants, a slot's ±2·d products, the chunk's severities, the subset-sum tables, a
 * slot's candidate F; then i32: the exact walk's step codes or the Monte-Carlo block masks, a
 * slot's candidate pattern indices).
 */
function walkLayout(p: Prepared, size: number, i32PerPattern: number) {
  const { n, K } = p;
  const d = 0;
  const F = d + n * K;
  const theta = F + K;
  const sumSq = theta + K;
  const gateNeg = sumSq + K;
  const ssFloor = gateNeg + K;
  const step = ssFloor + K;
  const T = step + 2 * n;
  const table = T + size;
  // A slot's candidate patterns (F below theta): their F here, their index at i32 candJ.
  const candF = table + 4 * 256;
  const i32 = 2 * (candF + size);
  const candJ = i32 + i32PerPattern * size;
  return {
    d,
    F,
    theta,
    sumSq,
    gateNeg,
    ssFloor,
    step,
    T,
    table,
    candF,
    i32,
    candJ,
    // Whole f64s, so that what follows (the Monte-Carlo sign state) is f64-aligned.
    bytes: 8 * Math.ceil((candJ + size) / 2),
  };
}

/**
 * Slots per kernel call. V8 starts a wasm function in its baseline compiler (Liftoff, about 3×
 * slower here) and switches to the optimised code it compiles in the background at the next
 * call, so a walk cut into calls of a few slots runs mostly optimised code in a cold process.
 */
const WASM_SLOTS_PER_CALL = 16;

/** Copy the test's constants into the kernel's memory; null when it cannot hold the walk. */
function loadKernel(
  p: Prepared,
  kernel: WalksKernel,
  size: number,
  i32PerPattern: number,
  F: Float64Array,
  extraBytes = 0,
) {
  const at = walkLayout(p, size, i32PerPattern);
  const views = kernel.views(at.bytes + extraBytes);
  if (views === null) return null;
  const { f64 } = views;
  f64.set(p.d, at.d);
  f64.set(F, at.F);
  f64.set(p.theta, at.theta);
  f64.set(p.sumSq, at.sumSq);
  f64.set(p.gateNeg, at.gateNeg);
  f64.set(p.ssFloor, at.ssFloor);
  const { n, tCrit } = p;
  kernel.wasm.setup(p.invN, n * (n - 1), tCrit, tCrit * tCrit, n - 1, p.invSqrtN);
  return { at, ...views };
}

type KernelLoad = NonNullable<ReturnType<typeof loadKernel>>;

/**
 * One chunk of len patterns or draws walked by the kernel, WASM_SLOTS_PER_CALL slots per call
 * (`tables`: the exact walk's ±2·d products or the Monte-Carlo subset sums); its count of T ≥ T_obs.
 */
function kernelChunk(
  kernel: WalksKernel,
  walk: 'exact_chunk' | 'mc_chunk',
  p: Prepared,
  { at, f64 }: KernelLoad,
  len: number,
  tables: number,
  tObs: number,
): number {
  const { n, K } = p;
  f64.fill(0, at.T, at.T + len);
  const arrays = [at.d, at.F, at.theta, at.sumSq, at.gateNeg, at.ssFloor].map((x) => x * 8);
  for (let k = 0; k < K; k += WASM_SLOTS_PER_CALL) {
    const end = Math.min(k + WASM_SLOTS_PER_CALL, K);
    kernel.wasm[walk](
      K,
      k,
      end,
      n,
      len,
      ...arrays,
      at.i32 * 4,
      tables * 8,
      at.T * 8,
      at.candF * 8,
      at.candJ * 4,
    );
  }
  return kernel.wasm.count_ge(at.T * 8, len, tObs);
}

/**
 * exactCount's walk (t_crit < 0) in walks.wat: the same Gray-code steps, flipped sums and shares
 * in the same order, so the same count; null when the kernel's memory cannot hold the walk.
 */
function exactCountWasm(p: Prepared, kernel: WalksKernel, tObs: number): number | null {
  const { n } = p;
  const total = 2 ** n;
  const size = Math.min(CHUNK, total - 1);
  const loaded = loadKernel(p, kernel, size, 1, p.rowSum);
  if (loaded === null) return null;
  const { at, i32 } = loaded;
  // ±1 per seed as integers: a cold process steps this loop 4,095 times in the interpreter,
  // where each read of a Float64Array element (and its negation) is a fresh heap number.
  const walk = new Int32Array(n).fill(1);
  const signs = new Float64Array(n);
  let i0 = 1;
  const graySigns = (j: number): Float64Array => grayPattern(i0 + j, signs);
  kernel.setFallback((k, Fk, j) => slotContribution(p, k, Fk, graySigns, j));
  let ge = 1; // the identity pattern
  for (; i0 < total; i0 += size) {
    const len = Math.min(size, total - i0);
    for (let j = 0; j < len; j++) {
      const i = i0 + j;
      const s = 31 - Math.clz32(i & -i);
      const old = walk[s]!;
      walk[s] = -old;
      // The product −2·ε_old·d[s, k] walks.wat adds: entry 2s (−2·d) or 2s + 1 (+2·d).
      i32[at.i32 + j] = (2 * s + (old < 0 ? 1 : 0)) * 8;
    }
    ge += kernelChunk(kernel, 'exact_chunk', p, loaded, len, at.step, tObs);
  }
  return ge;
}

/**
 * monteCarloCount's fused walk (up to 32 seeds in four 8-seed blocks, t_crit < 0) in walks.wat:
 * the same draws, tables, flipped sums and shares in the same order, so the same count; null
 * when the kernel's memory cannot hold the walk.
 */
function monteCarloCountWasm(
  p: Prepared,
  kernel: WalksKernel,
  nPerm: number,
  stream: RandomStream,
  tObs: number,
): number | null {
  const { n } = p;
  const size = Math.min(CHUNK, nPerm);
  // Four f64 past the walk's arrays hold the sign stream's alea state while the kernel draws.
  const loaded = loadKernel(p, kernel, size, 4, p.rowSum, 32);
  if (loaded === null) return null;
  const { at, f64, i32 } = loaded;
  const alea = aleaStateOf(stream);
  const state = at.bytes / 8;
  const masks = i32.subarray(at.i32, at.i32 + 4 * size);
  const signs = new Float64Array(n);
  const drawSigns = (j: number): Float64Array => {
    for (let s = 0; s < n; s++) signs[s] = (masks[j * 4 + (s >> 3)]! >>> (s & 7)) & 1 ? -1 : 1;
    return signs;
  };
  kernel.setFallback((k, Fk, j) => slotContribution(p, k, Fk, drawSigns, j));
  // Entry 0 of every block (and the blocks past n) must read 0, whatever the memory held before.
  f64.fill(0, at.table, at.table + 4 * 256);
  let ge = 0;
  for (let b0 = 0; b0 < nPerm; b0 += size) {
    const len = Math.min(size, nPerm - b0);
    if (alea === undefined) drawChunk(stream, n, 8, 4, len, masks);
    else {
      const { c, s0, s1, s2 } = alea.get();
      f64.set([s0, s1, s2, c], state);
      kernel.wasm.mc_draw(n, len, at.i32 * 4, at.bytes);
      alea.set({ s0: f64[state]!, s1: f64[state + 1]!, s2: f64[state + 2]!, c: f64[state + 3]! });
    }
    ge += kernelChunk(kernel, 'mc_chunk', p, loaded, len, at.table, tObs);
  }
  return ge;
}

/**
 * The number of paired seeds when every slot has it for both runs, it is at least 2 and every
 * value is a number (the kernel checks that they are finite); otherwise `validate`'s error.
 */
function checkShapes(input: RegressionInput): number {
  const slots = input.slots;
  const n = slots.length > 0 ? slots[0]!.baseline.length : 0;
  if (n < 2) return validate(input);
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k]!;
    // A slot of parsed slot matrices holds finite numbers (parseSlotMatrix checked each one).
    if (checkedColumnsOf(slot)?.seeds === n) continue;
    if (slot.baseline.length !== n || slot.current.length !== n) return validate(input);
    // The kernel's typed-array copy would read null as 0 and true as 1: a value that is not a
    // number (a library caller's, past the types) goes to validate, which refuses it.
    if (!allNumbers(slot.baseline) || !allNumbers(slot.current)) return validate(input);
  }
  return n;
}

function validate(input: RegressionInput): number {
  const slots = input.slots;
  checkHasSlots(slots);
  const n = slots[0]!.baseline.length;
  for (const slot of slots) {
    if (slot.baseline.length !== n || slot.current.length !== n) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `${slotWhere(slot)} has ${slot.baseline.length} baseline and ${slot.current.length} current seeds but the first slot has ${n}; every slot needs the same paired seeds`,
      );
    }
    checkFiniteSlot(slot, 'fix or drop that seed in both runs');
  }
  if (n < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `the test needs at least 2 paired seeds, got ${n}; run more seeds`,
    );
  }
  return n;
}

/** One slot's result; the observed statistics are read from stats at `at` (slotSums' layout). */
function slotResult(
  slot: RegressionSlotInput,
  stats: Float64Array,
  at: number,
  tStat: number,
  tRaw: number,
  zeroVariance: boolean,
  p: number,
  effect: number,
  denomAtFloor: boolean,
  flagged: boolean,
  contribution: number,
): RegressionSlotResult {
  return {
    metric: slot.metric,
    step: slot.step,
    baselineMean: stats[at + 4]!,
    baselineSd: stats[at + 5]!,
    currentMean: stats[at + 6]!,
    currentSd: stats[at + 7]!,
    meanDiff: stats[at + 2]!,
    sdDiff: stats[at + 3]!,
    tStat,
    tRaw,
    zeroVariance,
    p,
    effect,
    denomAtFloor,
    flagged,
    contribution,
  };
}

/**
 * checkRegression's per-slot results in walks.wat (`slot_results`, with the t CDF's continued
 * fraction and `Math.pow` as the JS path forms them): the same operations in the same order, so
 * the same bits, without the JS loop's ~30 interpreted double operations per slot (each a fresh
 * heap number in a cold process). Null when the p-values need stdlib's CDF (df above 200) or the
 * kernel's memory cannot hold the slots.
 */
function slotResultsWasm(
  slots: readonly RegressionSlotInput[],
  stats: Float64Array,
  prep: Prepared & SlotScale,
  kernel: WalksKernel,
  test: { n: number; tCrit: number; minEffect: number | null; slotP: boolean },
): { severity: number; results: RegressionSlotResult[] } | null {
  const { n, tCrit, minEffect, slotP } = test;
  const beta = slotP ? fastTCdfBeta(n - 1) : 0;
  if (beta === null) return null;
  const K = slots.length;
  const loaded = loadArrays(kernel, [stats, prep.magnitude, prep.denom], 8 * K);
  if (loaded === null) return null;
  const { f64, at: starts } = loaded;
  const out = starts[3]!;
  const severity = kernel.wasm.slot_results(
    K,
    8 * starts[0]!,
    8 * starts[1]!,
    8 * starts[2]!,
    8 * out,
    Math.sqrt(n),
    ZERO_SD,
    ZERO_SD_T,
    slotP ? 1 : 0,
    n - 1,
    beta,
    tCrit,
    minEffect === null ? 0 : 1,
    minEffect === null ? 0 : -minEffect,
  );
  const results = new Array<RegressionSlotResult>(K);
  for (let k = 0; k < K; k++) {
    const at = out + 8 * k;
    results[k] = slotResult(
      slots[k]!,
      stats,
      8 * k,
      f64[at + 1]!,
      f64[at]!,
      f64[at + 5] === 1,
      f64[at + 2]!,
      f64[at + 3]!,
      prep.denomAtFloor[k] === 1,
      f64[at + 6] === 1,
      f64[at + 4]!,
    );
  }
  return { severity, results };
}

/**
 * pybench's severity sign-flip permutation test of "did current regress against baseline?"
 * (stats.md §2): per-slot one-sided paired t, severity T = Σ max(0, t_crit − t̃), meta-p by
 * exact Gray-code enumeration when 2ⁿ ≤ nPerm, else seeded Monte Carlo with +1 smoothing.
 */
export function checkRegression(
  input: RegressionInput,
  options: RegressionOptions = {},
): RegressionResult {
  const alpha = options.alpha ?? 0.05;
  const nPerm = options.nPerm ?? DEFAULT_N_PERM;
  const minEffect = options.minEffect ?? null;
  const slotP = options.slotPValues ?? true;
  // With the kernel the finite-value check runs inside its first pass; the JS checks then run
  // only to report what it found (the same error as without the kernel).
  const kernel = walksKernel();
  const n = kernel === null ? validate(input) : checkShapes(input);
  const slots = [...input.slots].sort(
    (a, b) => a.step - b.step || compareCodePoints(a.metric, b.metric),
  );
  let sums = kernel === null ? null : slotSumsWasm(slots, n, kernel);
  if (sums === 'non-finite') {
    validate(input);
    sums = null;
  }
  checkAlphaGuard(n, alpha);
  checkNPerm(nPerm);
  const tCrit = tQuantile(alpha, n - 1);
  const observed = sums ?? slotSumsJs(slots, n);
  const prep = prepare(observed, n, tCrit, minEffect, kernel);
  const { stats } = observed;
  const fromKernel =
    kernel === null
      ? null
      : slotResultsWasm(slots, stats, prep, kernel, { n, tCrit, minEffect, slotP });
  let severity = 0;
  let results: RegressionSlotResult[];
  if (fromKernel !== null) ({ severity, results } = fromKernel);
  else {
    const sqrtN = Math.sqrt(n);
    results = slots.map((slot, k): RegressionSlotResult => {
      const at = 8 * k;
      const m = stats[at]!;
      const sd = stats[at + 1]!;
      const tRaw = m / (sd / sqrtN);
      const zero = sd < ZERO_SD * prep.magnitude[k]! || sd === 0;
      const tStat = zero ? (m < 0 ? -ZERO_SD_T : m > 0 ? ZERO_SD_T : 0) : tRaw;
      const p = zero ? (m < 0 ? 0 : 1) : slotP ? tCdf(tRaw, n - 1) : Number.NaN;
      const effect = m / prep.denom[k]!;
      const gateOk = minEffect === null || effect < -minEffect;
      const flagged = tRaw < tCrit && gateOk;
      const contribution = gateOk ? Math.max(0, tCrit - tStat) : 0;
      severity += contribution;
      return slotResult(
        slot,
        stats,
        at,
        tStat,
        tRaw,
        zero,
        p,
        effect,
        prep.denomAtFloor[k] === 1,
        flagged,
        contribution,
      );
    });
  }
  const exact = 2 ** n <= nPerm;
  let metaP: number;
  let count: { ge: number; total: number };
  if (!results.some((r) => r.contribution > 0)) {
    // T_obs = 0 and every T ≥ 0: every pattern reaches it, meta-p is 1 on both paths.
    count = exact ? { ge: 2 ** n, total: 2 ** n } : { ge: nPerm, total: nPerm };
  } else if (exact) {
    count = exactCount(prep);
  } else {
    const stream = options.stream ?? createRandomStream(options.seed ?? DEFAULT_PERM_SEED);
    count = monteCarloCount(prep, nPerm, stream);
  }
  if (exact) metaP = count.ge / count.total;
  else metaP = (1 + count.ge) / (count.total + 1);
  return {
    test: 'paired-sign-flip',
    verdict: metaP < alpha ? 'FAIL' : 'PASS',
    metaP,
    severity,
    method: exact ? 'exact' : 'monte-carlo',
    permGe: count.ge,
    permTotal: count.total,
    tCrit,
    alpha,
    minEffect,
    nSeeds: n,
    slots: results,
  };
}
