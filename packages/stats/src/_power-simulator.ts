/**
 * The simulation engine behind power planning. One replication draws n baseline rows (with
 * replacement) and n other rows, and asks whether the severity test FAILs once the second set's
 * goodness is lowered by c·denom on every slot. The sign patterns and the rows of a replication
 * do not depend on c, so the flipped sums F0 = Σ_s ε_s d0[s,k] of the unshifted differences are
 * computed once per replication; the test at any c then costs one pass over patterns × slots:
 * with δ_k = c·denom_k, F(ε) = F0(ε) − δ_k·Σε, and Σd² is Σ(d0 − δ_k)², the same for every ε.
 */
import { ldexp, maxAbsOf, scaleExponent } from './_slot-scale.js';
import { StatsError } from './errors.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import { EFFECT_EPS, goodness, ZERO_SD, ZERO_SD_T } from './severity.js';
import type { SlotMatrix } from './slot-matrix.js';
import { tQuantile } from './student-t.js';

/** A baseline slot prepared for simulation: goodness in the slot's scaled units. */
export interface SimSlot {
  readonly metric: string;
  readonly step: number;
  /** Goodness per baseline row, times 2^−e (e from the slot's largest |value|). */
  readonly values: Float64Array;
  /** max|value| in scaled units, in [1, 2). */
  readonly magnitude: number;
  /** Effect denominator in scaled units: max(|mean goodness|, 1e-9·magnitude). */
  readonly denom: number;
  readonly denomAtFloor: boolean;
}

/** The baseline's slots split into those the simulation shifts and the constant ones it cannot. */
export interface SimBaseline {
  readonly rows: number;
  readonly slots: readonly SimSlot[];
  /** Slots with no seed-to-seed spread (sd < 1e-12·max|value|): a relative shift means nothing. */
  readonly constant: readonly { metric: string; step: number; value: number }[];
  readonly total: number;
}

/** Reads a slot matrix into simulation slots, setting aside slots constant over the seeds. */
export function readSimBaseline(matrix: SlotMatrix): SimBaseline {
  const rows = matrix.metrics[0]?.values.length ?? 0;
  const slots: SimSlot[] = [];
  const constant: { metric: string; step: number; value: number }[] = [];
  let total = 0;
  for (const m of matrix.metrics) {
    if (m.values.length !== rows) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `baseline metric ${JSON.stringify(m.metric)} has ${m.values.length} seeds but the first metric has ${rows}; give every metric the same seeds`,
      );
    }
    const steps = m.values[0]?.length ?? 0;
    for (let k = 0; k < steps; k++) {
      total++;
      const raw = Float64Array.from(m.values, (row) => goodness(m.metric, row[k]!));
      const e = scaleExponent(maxAbsOf(raw));
      const values = raw.map((x) => ldexp(x, -e));
      const magnitude = maxAbsOf(values);
      let sum = 0;
      for (const v of values) sum += v;
      const mean = sum / rows;
      let ss = 0;
      for (const v of values) ss += (v - mean) ** 2;
      const sd = Math.sqrt(ss / Math.max(rows - 1, 1));
      if (magnitude === 0 || sd < ZERO_SD * magnitude) {
        constant.push({ metric: m.metric, step: k, value: m.values[0]![k]! });
        continue;
      }
      const floor = EFFECT_EPS * magnitude;
      slots.push({
        metric: m.metric,
        step: k,
        values,
        magnitude,
        denom: Math.max(Math.abs(mean), floor),
        denomAtFloor: Math.abs(mean) < floor,
      });
    }
  }
  if (rows < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `power planning needs a baseline with at least 2 seeds, got ${rows}; run more baseline seeds`,
    );
  }
  return { rows, slots, constant, total };
}

/** Test settings shared by every replication. */
export interface SimSettings {
  readonly alpha: number;
  readonly nPerm: number;
  readonly minEffect: number | null;
}

/** Largest count of patterns with T ≥ T_obs that still FAILs (meta-p < alpha). */
function failCeiling(exact: boolean, total: number, alpha: number): number {
  // exact: ge/total < alpha; Monte Carlo: (1 + ge)/(total + 1) < alpha.
  let g = exact ? Math.ceil(alpha * total) - 1 : Math.ceil(alpha * (total + 1)) - 2;
  while (g >= 0 && !(exact ? g / total < alpha : (1 + g) / (total + 1) < alpha)) g--;
  while (exact ? (g + 1) / total < alpha : (g + 2) / (total + 1) < alpha) g++;
  return g;
}

/**
 * One seed count's simulation: replication r draws its rows and sign patterns from
 * `<seed>/rep<r>` exactly as `estimatePower` always has, so estimates reuse the same draws.
 */
export class RepSimulator {
  readonly n: number;
  readonly K: number;
  private readonly base: SimBaseline;
  private readonly settings: SimSettings;
  private readonly root: RandomStream;
  readonly exact: boolean;
  /** Patterns per replication: 2ⁿ (exact, identity first) or nPerm Monte-Carlo draws. */
  readonly patterns: number;
  private readonly tCrit: number;
  private readonly ceiling: number;
  private readonly bits: number;
  private readonly nBlocks: number;
  // Per replication (reused buffers).
  private readonly d0: Float64Array;
  private readonly rowSum: Float64Array;
  private readonly F0: Float64Array;
  private readonly masks: Uint8Array;
  private readonly S: Float64Array;
  private readonly tables: Float64Array;
  // Per evaluation.
  private readonly shift: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly ssFloor: Float64Array;
  private readonly zeroVar: Float64Array;
  private readonly gateNeg: Float64Array;
  private readonly gateMean: Float64Array;
  /** Prefilter on the flipped sum per slot at the current shift (see severity.ts). */
  private readonly theta: Float64Array;
  private readonly signs: Float64Array;
  /** The baseline's scaled goodness, row-major: rowsMatrix[row*K + k]. */
  private readonly rowsMatrix: Float64Array;
  /** The pattern `severity` is evaluating, for the two-pass fallback. */
  private pattern = 0;
  private static readonly CHUNK = 128;

  constructor(base: SimBaseline, n: number, settings: SimSettings, seed: number | string) {
    this.base = base;
    this.n = n;
    this.K = base.slots.length;
    this.settings = settings;
    this.root = createRandomStream(seed);
    this.exact = 2 ** n <= settings.nPerm;
    this.patterns = this.exact ? 2 ** n : settings.nPerm;
    this.tCrit = tQuantile(settings.alpha, n - 1);
    this.ceiling = failCeiling(this.exact, this.patterns, settings.alpha);
    // Subset-sum tables of `bits` seeds: (2^bits + patterns)/bits adds per pattern and slot.
    let bits = 1;
    for (let b = 2; b <= 8; b++) {
      if ((2 ** b + this.patterns) / b < (2 ** bits + this.patterns) / bits) bits = b;
    }
    this.bits = Math.min(bits, n);
    this.nBlocks = Math.ceil(n / this.bits);
    const K = this.K;
    this.d0 = new Float64Array(n * K);
    this.rowSum = new Float64Array(K);
    this.F0 = new Float64Array(this.patterns * K);
    this.masks = new Uint8Array(this.patterns * this.nBlocks);
    this.S = new Float64Array(this.patterns);
    this.tables = new Float64Array(this.nBlocks * 2 ** this.bits * RepSimulator.CHUNK);
    this.shift = new Float64Array(K);
    this.sumSq = new Float64Array(K);
    this.ssFloor = new Float64Array(K);
    this.zeroVar = Float64Array.from(base.slots, (s) => (ZERO_SD * s.magnitude) ** 2);
    this.gateNeg = new Float64Array(K);
    this.gateMean = new Float64Array(K);
    this.theta = new Float64Array(K);
    this.signs = new Float64Array(n);
    this.rowsMatrix = new Float64Array(base.rows * K);
    base.slots.forEach((slot, k) => {
      for (let row = 0; row < base.rows; row++) this.rowsMatrix[row * K + k] = slot.values[row]!;
    });
  }

  /** Draws replication r's rows and sign patterns and computes its unshifted flipped sums. */
  prepare(r: number): void {
    const { n, K, d0, rowSum } = this;
    const rows = this.base.rows;
    const stream = this.root.fork(`rep${r}`);
    const X = this.rowsMatrix;
    rowSum.fill(0);
    for (let s = 0; s < n; s++) {
      const i = stream.int(rows) * K;
      const j = ((i / K + 1 + stream.int(rows - 1)) % rows) * K;
      const off = s * K;
      for (let k = 0; k < K; k++) {
        const diff = X[j + k]! - X[i + k]!;
        d0[off + k] = diff;
        rowSum[k]! += diff;
      }
    }
    this.drawPatterns(stream.fork('perm'));
    this.flippedSums();
  }

  /** Pattern masks: bit s of a pattern set means ε_s = −1; one `sign()` per seed, in order. */
  private drawPatterns(perm: RandomStream): void {
    const { n, bits, nBlocks, masks, S } = this;
    masks.fill(0);
    for (let b = 0; b < this.patterns; b++) {
      let negatives = 0;
      for (let s = 0; s < n; s++) {
        const negative = this.exact ? ((b >> s) & 1) === 1 : perm.sign() < 0;
        if (negative) {
          masks[b * nBlocks + ((s / bits) | 0)]! |= 1 << (s % bits);
          negatives++;
        }
      }
      S[b] = n - 2 * negatives;
    }
  }

  /** F0[b,k] = Σd0 − 2·Σ_{ε=−1} d0, from subset-sum tables, slot chunk by chunk (cache-sized). */
  private flippedSums(): void {
    const { n, K, d0, rowSum, F0, masks, bits, nBlocks, tables } = this;
    const W = RepSimulator.CHUNK;
    const size = 2 ** bits;
    for (let k0 = 0; k0 < K; k0 += W) {
      const w = Math.min(W, K - k0);
      for (let blk = 0; blk < nBlocks; blk++) {
        const lo = blk * bits;
        const width = Math.min(bits, n - lo);
        const base = blk * size * W;
        for (let kk = 0; kk < w; kk++) tables[base + kk] = 0;
        for (let mask = 1; mask < 2 ** width; mask++) {
          const low = mask & -mask;
          const s = lo + 31 - Math.clz32(low);
          const prev = base + (mask ^ low) * W;
          const cur = base + mask * W;
          const off = s * K + k0;
          for (let kk = 0; kk < w; kk++) tables[cur + kk] = tables[prev + kk]! + d0[off + kk]!;
        }
      }
      // Eight blocks per pass over a row: one load and store of F0 per eight table reads.
      const bw = size * W;
      for (let b = 0; b < this.patterns; b++) {
        const row = b * K + k0;
        const mb = b * nBlocks;
        for (let kk = 0; kk < w; kk++) F0[row + kk] = 0;
        let blk = 0;
        for (; blk + 8 <= nBlocks; blk += 8) {
          const a0 = blk * bw + masks[mb + blk]! * W;
          const a1 = (blk + 1) * bw + masks[mb + blk + 1]! * W;
          const a2 = (blk + 2) * bw + masks[mb + blk + 2]! * W;
          const a3 = (blk + 3) * bw + masks[mb + blk + 3]! * W;
          const a4 = (blk + 4) * bw + masks[mb + blk + 4]! * W;
          const a5 = (blk + 5) * bw + masks[mb + blk + 5]! * W;
          const a6 = (blk + 6) * bw + masks[mb + blk + 6]! * W;
          const a7 = (blk + 7) * bw + masks[mb + blk + 7]! * W;
          for (let kk = 0; kk < w; kk++) {
            F0[row + kk]! +=
              tables[a0 + kk]! +
              tables[a1 + kk]! +
              (tables[a2 + kk]! + tables[a3 + kk]!) +
              (tables[a4 + kk]! + tables[a5 + kk]! + (tables[a6 + kk]! + tables[a7 + kk]!));
          }
        }
        for (; blk < nBlocks; blk++) {
          const a = blk * bw + masks[mb + blk]! * W;
          for (let kk = 0; kk < w; kk++) F0[row + kk]! += tables[a + kk]!;
        }
        for (let kk = 0; kk < w; kk++) F0[row + kk] = rowSum[k0 + kk]! - 2 * F0[row + kk]!;
      }
    }
  }

  /** Shift every slot's current goodness down by `effect`·denom: Σd², floors and gates. */
  private setShift(effect: number): void {
    const { n, K, d0, shift, sumSq, ssFloor, zeroVar, gateNeg, gateMean } = this;
    const slots = this.base.slots;
    const minEffect = this.settings.minEffect;
    sumSq.fill(0);
    for (let k = 0; k < K; k++) shift[k] = effect * slots[k]!.denom;
    for (let s = 0; s < n; s++) {
      const off = s * K;
      for (let k = 0; k < K; k++) {
        const x = d0[off + k]! - shift[k]!;
        sumSq[k]! += x * x;
      }
    }
    const tc2 = this.tCrit * this.tCrit;
    for (let k = 0; k < K; k++) {
      ssFloor[k] = Math.max(1e-6 * sumSq[k]!, zeroVar[k]! * n);
      const gate = minEffect === null ? Number.POSITIVE_INFINITY : -minEffect * slots[k]!.denom;
      gateMean[k] = gate;
      gateNeg[k] = Math.min(gate, 0);
      // The prefilter of severity.ts: t < t_crit needs F below F* (t is increasing in F at
      // fixed Σd²), the fallback needs |F| ≥ √(n(Σd² − floor)); 1e-9 relative slack.
      const Q = sumSq[k]!;
      const fStar = -Math.sqrt(tc2) * Math.sqrt((n * Q) / (n - 1 + tc2));
      const fFloor = -Math.sqrt(n * Math.max(Q - ssFloor[k]!, 0));
      const t = Math.min(Math.max(fStar, fFloor), n * gateNeg[k]!);
      this.theta[k] = t + Math.abs(t) * 1e-9 + Number.MIN_VALUE;
    }
  }

  /** Does the prepared replication's test FAIL when current goodness drops by `effect`·denom? */
  failsAt(effect: number): boolean {
    const { n, K } = this;
    this.setShift(effect);
    // Observed pattern: every sign +1, F = Σd0 − n·δ.
    const tObs = this.severity(this.rowSum, 0, n);
    if (!(tObs > 0)) return false; // T_obs = 0: meta-p = 1
    let ge = this.exact ? 1 : 0; // the exact set holds the identity (pattern 0)
    for (let b = this.exact ? 1 : 0; b < this.patterns; b++) {
      this.pattern = b;
      if (this.severity(this.F0, b * K, this.S[b]!) >= tObs) {
        ge++;
        if (ge > this.ceiling) return false;
      }
    }
    return true;
  }

  /** Severity of the pattern with flipped sums F[off..off+K) and sign sum Sb at the current shift. */
  private severity(F: Float64Array, off: number, Sb: number): number {
    const { n, K, shift, sumSq, ssFloor, gateNeg, gateMean, tCrit } = this;
    const invN = 1 / n;
    const nm1 = n - 1;
    const nnm1 = n * nm1;
    const tc2 = tCrit * tCrit;
    const invSqrtN = 1 / Math.sqrt(n);
    let T = 0;
    if (tCrit < 0) {
      // Only slots with m < min(gate, 0) and t < t_crit (n(n−1)m² > t_crit²·SS) contribute.
      // One rarely-true test instead of a 50/50 branch on the sign of m (as severity.ts).
      const theta = this.theta;
      for (let k = 0; k < K; k++) {
        const Fk = F[off + k]! - Sb * shift[k]!;
        if (!(Fk < theta[k]!)) continue;
        const m = Fk * invN;
        const ss = sumSq[k]! - Fk * m;
        const fl = ssFloor[k]!;
        const below = (m < gateNeg[k]! ? 1 : 0) & (nnm1 * m * m > tc2 * ss || ss <= fl ? 1 : 0);
        if (below === 0) continue;
        if (ss <= fl) T += this.twoPass(k, Sb === n && F === this.rowSum);
        else {
          const t = m / (Math.sqrt(ss / nm1) * invSqrtN);
          if (t < tCrit) T += tCrit - t;
        }
      }
      return T;
    }
    for (let k = 0; k < K; k++) {
      const Fk = F[off + k]! - Sb * shift[k]!;
      const m = Fk * invN;
      if (!(m < gateMean[k]!)) continue;
      const ss = sumSq[k]! - Fk * m;
      if (ss <= ssFloor[k]!) T += this.twoPass(k, Sb === n && F === this.rowSum);
      else T += Math.max(0, tCrit - m / (Math.sqrt(ss / nm1) * invSqrtN));
    }
    return T;
  }

  /** Exact two-pass contribution of slot k (observed pattern, or `this.pattern`), near zero variance. */
  private twoPass(k: number, observed: boolean): number {
    const { n, K, d0, shift, signs, tCrit, bits } = this;
    const mb = this.pattern * this.nBlocks;
    for (let s = 0; s < n; s++) {
      const negative = !observed && (this.masks[mb + ((s / bits) | 0)]! >> (s % bits)) & 1;
      signs[s] = negative ? -1 : 1;
    }
    let sum = 0;
    for (let s = 0; s < n; s++) sum += signs[s]! * (d0[s * K + k]! - shift[k]!);
    const m = sum / n;
    if (!(m < this.gateMean[k]!)) return 0;
    let ss = 0;
    for (let s = 0; s < n; s++) {
      const dev = signs[s]! * (d0[s * K + k]! - shift[k]!) - m;
      ss += dev * dev;
    }
    let t: number;
    if (ss < this.zeroVar[k]! * (n - 1)) t = m < 0 ? -ZERO_SD_T : m > 0 ? ZERO_SD_T : 0;
    else t = m / (Math.sqrt(ss / (n - 1)) / Math.sqrt(n));
    return t < tCrit ? tCrit - t : 0;
  }
}
