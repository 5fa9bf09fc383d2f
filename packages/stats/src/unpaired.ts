/**
 * The unpaired counterpart of the severity test, for two runs on different seeds (the same code
 * rerun on fresh seeds, as `plan` simulates). Per slot a one-sided pooled two-sample t of current
 * against baseline goodness; the severity T = Σ max(0, t_crit − t̃) as in pybench; the null
 * distribution permutes which seeds are "current" (a seed's whole row moves, so the correlation
 * between slots is kept): exact over all C(N, n_c) splits when that is at most nPerm, else nPerm
 * uniform random splits with +1 smoothing.
 */
import { ldexp, maxAbsOf, scaleExponent } from './_slot-scale.js';
import { SubsetSums } from './_subset-sums.js';
import { StatsError } from './errors.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import {
  compareCodePoints,
  DEFAULT_N_PERM,
  EFFECT_EPS,
  goodness,
  type RegressionSlotResult,
  ZERO_SD,
  ZERO_SD_T,
} from './severity.js';
import { tCdf, tQuantile } from './student-t.js';

/** One (metric, step) slot with the per-seed values of two runs on different seeds. */
export interface UnpairedSlotInput {
  readonly metric: string;
  readonly step: number;
  readonly baseline: readonly number[];
  readonly current: readonly number[];
}

/** Options of the unpaired test; the same meaning as the paired test's. */
export interface UnpairedOptions {
  readonly alpha?: number;
  readonly nPerm?: number;
  readonly minEffect?: number | null;
  readonly seed?: number | string;
  readonly stream?: RandomStream;
  /** Compute each slot's p (default true); false leaves NaN, for verdict-only simulations. */
  readonly slotPValues?: boolean;
}

/** Result of the unpaired severity permutation test. */
export interface UnpairedRegressionResult {
  readonly test: 'unpaired-permutation';
  readonly verdict: 'PASS' | 'FAIL';
  readonly metaP: number;
  readonly severity: number;
  readonly method: 'exact' | 'monte-carlo';
  /** Splits with T ≥ T_obs (exact: of all C(N, n_c), the observed one included; MC: of nPerm). */
  readonly permGe: number;
  readonly permTotal: number;
  readonly tCrit: number;
  readonly alpha: number;
  readonly minEffect: number | null;
  readonly nBaseline: number;
  readonly nCurrent: number;
  /**
   * Per slot: `meanDiff` = current − baseline mean goodness, `sdDiff` = the pooled sd, `tStat` /
   * `tRaw` the pooled two-sample t (df N − 2), other fields as in the paired test.
   */
  readonly slots: readonly RegressionSlotResult[];
}

/** C(N, k) as a double (exact while below 2⁵³). */
export function binomialCoefficient(N: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (N - k + i)) / i;
  return Math.round(c);
}

/** Throw ZPB_STATS_ALPHA_GUARD when C(N, n_c) ≤ 1/alpha: no split p could fall below alpha. */
export function checkUnpairedAlphaGuard(nBaseline: number, nCurrent: number, alpha: number): void {
  const splits = binomialCoefficient(nBaseline + nCurrent, nCurrent);
  if (splits <= 1 / alpha) {
    throw new StatsError(
      'ZPB_STATS_ALPHA_GUARD',
      `${nBaseline} baseline and ${nCurrent} current seeds cannot fail at alpha=${alpha} because the smallest permutation p is 1/C(${nBaseline + nCurrent}, ${nCurrent}) = 1/${splits}; run more seeds or use a larger alpha`,
    );
  }
}

function validate(slots: readonly UnpairedSlotInput[]): { nb: number; nc: number } {
  if (slots.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      'regression input has no slots; give at least one (metric, step) slot',
    );
  }
  const nb = slots[0]!.baseline.length;
  const nc = slots[0]!.current.length;
  for (const slot of slots) {
    const where = `slot (metric ${JSON.stringify(slot.metric)}, step ${slot.step})`;
    if (slot.baseline.length !== nb || slot.current.length !== nc) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `${where} has ${slot.baseline.length} baseline and ${slot.current.length} current seeds but the first slot has ${nb} and ${nc}; every slot needs the same seeds of each run`,
      );
    }
    for (const [run, values] of [
      ['baseline', slot.baseline],
      ['current', slot.current],
    ] as const) {
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new StatsError(
          'ZPB_STATS_NON_FINITE',
          `${where} ${run} seed ${bad} is ${values[bad]}; the test needs finite values, so fix or drop that seed`,
        );
      }
    }
  }
  if (nb < 2 || nc < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `the unpaired test needs at least 2 seeds in each run, got ${nb} baseline and ${nc} current; run more seeds`,
    );
  }
  return { nb, nc };
}

interface Prepared {
  N: number;
  nb: number;
  nc: number;
  K: number;
  /** Goodness, centred on the slot's pooled mean and scaled by 2^−e, seed-major: x[s*K + k]. */
  x: Float64Array;
  /** Σ_s x and Σ_s x² over all N seeds (split-invariant). */
  total: Float64Array;
  totalSq: Float64Array;
  /** Zero-variance cut on the pooled SS: (ZERO_SD·magnitude)²·(N − 2). */
  zeroSs: Float64Array;
  gateMean: Float64Array;
  tCrit: number;
  /** Subset sums of x and of x² over the seeds, and a scratch vector of block masks. */
  xSums: SubsetSums;
  x2Sums: SubsetSums;
  masks: Int32Array;
}

function mapT(mDiff: number, ss: number, zeroSs: number, scale: number): number {
  if (ss < zeroSs || ss === 0) return mDiff < 0 ? -ZERO_SD_T : mDiff > 0 ? ZERO_SD_T : 0;
  return mDiff / (Math.sqrt(ss) * scale);
}

/**
 * Severity of one split: `member[s]` = 1 for the seeds taken as "current". The group sums come
 * from subset-sum tables added in one fixed order for every split, the observed one included, so
 * the observed split always counts itself.
 */
function splitSeverity(p: Prepared, member: Uint8Array, F: Float64Array, Q: Float64Array): number {
  const { N, nb, nc, K, total, totalSq, zeroSs, gateMean, tCrit } = p;
  p.xSums.sum(p.xSums.masksOf(member, p.masks), F);
  p.x2Sums.sum(p.masks, Q);
  const df = N - 2;
  const scale = Math.sqrt((1 / nb + 1 / nc) / df);
  let T = 0;
  for (let k = 0; k < K; k++) {
    const mc = F[k]! / nc;
    const rest = total[k]! - F[k]!;
    const mb = rest / nb;
    const mDiff = mc - mb;
    // t ≥ 0 ≥ t_crit contributes nothing; a gated-out slot contributes nothing.
    if (tCrit <= 0 && !(mDiff < 0)) continue;
    if (!(mDiff < gateMean[k]!)) continue;
    let ss = Q[k]! - F[k]! * mc + (totalSq[k]! - Q[k]! - rest * mb);
    if (ss <= 1e-6 * totalSq[k]! || ss <= zeroSs[k]!) ss = twoPassSs(p, member, k);
    const t = mapT(mDiff, ss, zeroSs[k]!, scale);
    if (t < tCrit) T += tCrit - t;
  }
  return T;
}

/** Pooled SS of slot k for a split, two-pass per group (near-zero variance). */
function twoPassSs(p: Prepared, member: Uint8Array, k: number): number {
  const { N, nb, nc, K, x } = p;
  let sb = 0;
  let sc = 0;
  for (let s = 0; s < N; s++) {
    if (member[s]) sc += x[s * K + k]!;
    else sb += x[s * K + k]!;
  }
  const mb = sb / nb;
  const mc = sc / nc;
  let ss = 0;
  for (let s = 0; s < N; s++) ss += (x[s * K + k]! - (member[s] ? mc : mb)) ** 2;
  return ss;
}

/**
 * Did the current run regress against a baseline run on other seeds? The unpaired severity
 * permutation test (module comment): verdict FAIL iff meta-p < alpha, with the same slot order,
 * goodness, zero-variance convention, min_effect gate and scale handling as `checkRegression`.
 */
export function checkUnpairedRegression(
  input: { readonly slots: readonly UnpairedSlotInput[] },
  options: UnpairedOptions = {},
): UnpairedRegressionResult {
  const alpha = options.alpha ?? 0.05;
  const nPerm = options.nPerm ?? DEFAULT_N_PERM;
  const minEffect = options.minEffect ?? null;
  const slotP = options.slotPValues ?? true;
  if (!(alpha > 0 && alpha < 1)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `alpha is ${alpha}, expected a number in (0, 1); pass e.g. --alpha 0.05`,
    );
  }
  if (!(Number.isInteger(nPerm) && nPerm >= 1)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `nPerm is ${nPerm}, expected a positive integer; pass e.g. --n-perm 4096`,
    );
  }
  const { nb, nc } = validate(input.slots);
  checkUnpairedAlphaGuard(nb, nc, alpha);
  const slots = [...input.slots].sort(
    (a, b) => a.step - b.step || compareCodePoints(a.metric, b.metric),
  );
  const N = nb + nc;
  const K = slots.length;
  const df = N - 2;
  const tCrit = tQuantile(alpha, df);
  const x = new Float64Array(N * K);
  const total = new Float64Array(K);
  const totalSq = new Float64Array(K);
  const zeroSs = new Float64Array(K);
  const gateMean = new Float64Array(K);
  const results: RegressionSlotResult[] = [];
  const scaleT = Math.sqrt((1 / nb + 1 / nc) / df);
  let severity = 0;
  slots.forEach((slot, k) => {
    const e = scaleExponent(maxAbsOf(slot.baseline, slot.current));
    const g = (v: number) => ldexp(goodness(slot.metric, v), -e);
    const gb = slot.baseline.map(g);
    const gc = slot.current.map(g);
    const magnitude = maxAbsOf(gb, gc);
    const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ssOf = (xs: readonly number[], m: number) => xs.reduce((a, v) => a + (v - m) ** 2, 0);
    const mb = meanOf(gb);
    const mc = meanOf(gc);
    // Centre on the pooled mean before squaring (split-invariant), so Σx² − F²/n keeps its digits.
    const centre = meanOf([...gb, ...gc]);
    [...gb, ...gc].forEach((v, s) => {
      const c = v - centre;
      x[s * K + k] = c;
      total[k]! += c;
      totalSq[k]! += c * c;
    });
    zeroSs[k] = (ZERO_SD * magnitude) ** 2 * df;
    const floor = EFFECT_EPS * magnitude;
    const denom = Math.max(Math.abs(mb), floor) || 1;
    gateMean[k] = minEffect === null ? Number.POSITIVE_INFINITY : -minEffect * denom;
    const ss = ssOf(gb, mb) + ssOf(gc, mc);
    const mDiff = mc - mb;
    const sp = Math.sqrt(ss / df);
    const tRaw = mDiff / (Math.sqrt(ss) * scaleT);
    const zero = sp < ZERO_SD * magnitude || sp === 0;
    const tStat = zero ? (mDiff < 0 ? -ZERO_SD_T : mDiff > 0 ? ZERO_SD_T : 0) : tRaw;
    const p = zero ? (mDiff < 0 ? 0 : 1) : slotP ? tCdf(tRaw, df) : Number.NaN;
    const effect = mDiff / denom;
    const gateOk = minEffect === null || effect < -minEffect;
    const contribution = gateOk ? Math.max(0, tCrit - tStat) : 0;
    severity += contribution;
    const raw = (xs: readonly number[]) => {
      const scaled = xs.map((v) => ldexp(v, -e));
      const m = meanOf(scaled);
      return [ldexp(m, e), ldexp(Math.sqrt(ssOf(scaled, m) / (xs.length - 1)), e)] as const;
    };
    const [baselineMean, baselineSd] = raw(slot.baseline);
    const [currentMean, currentSd] = raw(slot.current);
    results.push({
      metric: slot.metric,
      step: slot.step,
      baselineMean,
      baselineSd,
      currentMean,
      currentSd,
      meanDiff: ldexp(mDiff, e),
      sdDiff: ldexp(sp, e),
      tStat,
      tRaw,
      zeroVariance: zero,
      p,
      effect,
      denomAtFloor: Math.abs(mb) < floor || magnitude === 0,
      flagged: tRaw < tCrit && gateOk,
      contribution,
    });
  });
  const xSums = new SubsetSums(x, N, K);
  const prep: Prepared = {
    N,
    nb,
    nc,
    K,
    x,
    total,
    totalSq,
    zeroSs,
    gateMean,
    tCrit,
    xSums,
    x2Sums: new SubsetSums(
      x.map((v) => v * v),
      N,
      K,
    ),
    masks: new Int32Array(xSums.nBlocks),
  };
  const splits = binomialCoefficient(N, nc);
  const exact = splits <= nPerm;
  const F = new Float64Array(K);
  const Q = new Float64Array(K);
  const member = new Uint8Array(N);
  let ge = 0;
  let count: number;
  if (!results.some((r) => r.contribution > 0)) {
    // T_obs = 0 and every T ≥ 0: meta-p is 1 on both paths.
    ge = exact ? splits : nPerm;
    count = ge;
  } else {
    member.fill(1, nb);
    const tObs = splitSeverity(prep, member, F, Q);
    if (exact) {
      // Every nc-subset of the N seeds, in lexicographic order.
      const idx = Array.from({ length: nc }, (_, i) => i);
      count = 0;
      for (;;) {
        member.fill(0);
        for (const i of idx) member[i] = 1;
        count++;
        if (splitSeverity(prep, member, F, Q) >= tObs) ge++;
        let i = nc - 1;
        while (i >= 0 && idx[i] === N - nc + i) i--;
        if (i < 0) break;
        idx[i]!++;
        for (let j = i + 1; j < nc; j++) idx[j] = idx[j - 1]! + 1;
      }
    } else {
      const stream = options.stream ?? createRandomStream(options.seed ?? 'zpbench-unpaired');
      const order = new Int32Array(N);
      count = nPerm;
      for (let b = 0; b < nPerm; b++) {
        // A uniform nc-subset: the first nc of a partial Fisher–Yates shuffle.
        for (let s = 0; s < N; s++) order[s] = s;
        member.fill(0);
        for (let i = 0; i < nc; i++) {
          const j = i + stream.int(N - i);
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
          member[order[i]!] = 1;
        }
        if (splitSeverity(prep, member, F, Q) >= tObs) ge++;
      }
    }
  }
  const metaP = exact ? ge / count : (1 + ge) / (count + 1);
  return {
    test: 'unpaired-permutation',
    verdict: metaP < alpha ? 'FAIL' : 'PASS',
    metaP,
    severity,
    method: exact ? 'exact' : 'monte-carlo',
    permGe: ge,
    permTotal: count,
    tCrit,
    alpha,
    minEffect,
    nBaseline: nb,
    nCurrent: nc,
    slots: results,
  };
}
