import { inverseSoftplus, sigmoid, softplus } from './activations.js';
import { NnError } from './errors.js';
import { ensureMatrix, type Matrix } from './matrix.js';
import { createParam, type Param } from './module.js';
import type { Rng } from './rng.js';

/** Polynomial basis of a rational head: Chebyshev Tₖ(z) (default) or monomials zᵏ. */
export type RationalBasis = 'chebyshev' | 'monomial';

/** Options of a {@link RationalHead}. */
export interface RationalHeadOptions {
  /** Numerator degree d_P (coefficients p₀…p_{d_P} per output). */
  degreeP: number;
  /** Denominator degree d_Q. */
  degreeQ: number;
  /** Number of P output dims (default 1). */
  outputs?: number;
  /** Basis (default `chebyshev`). */
  basis?: RationalBasis;
  /** One denominator per output instead of one per sample (default false). */
  denominatorPerOutput?: boolean;
  /** Fix the leading denominator coefficient to 1 (default false). */
  monic?: boolean;
  /** Denominator coefficients are softplus(θ) > 0 (default false). */
  positiveDenominator?: boolean;
  /** Standard deviation of the initial numerator coefficients (default 0.1). */
  initScale?: number;
  /** Parameter name prefix (default `rational`). */
  name?: string;
}

/** A projective tuple (P, Q): P is n × outputs, Q is n × 1 (or n × outputs per output). */
export interface ProjectiveOutput {
  p: Matrix;
  q: Matrix;
}

/**
 * Fill `t` (n × (D+1)) with basis values and `dt` with their z-derivatives.
 * Chebyshev: T₀=1, T₁=z, Tₖ₊₁ = 2zTₖ − Tₖ₋₁ and T'ₖ₊₁ = 2Tₖ + 2zT'ₖ − T'ₖ₋₁.
 */
function fillBasis(
  basis: RationalBasis,
  z: Float64Array,
  n: number,
  zStride: number,
  deg: number,
  t: Float64Array,
  dt: Float64Array,
): void {
  const w = deg + 1;
  for (let i = 0; i < n; i++) {
    const x = z[i * zStride] as number;
    const o = i * w;
    t[o] = 1;
    dt[o] = 0;
    if (deg === 0) continue;
    t[o + 1] = x;
    dt[o + 1] = 1;
    for (let k = 2; k <= deg; k++) {
      const a = t[o + k - 1] as number;
      const da = dt[o + k - 1] as number;
      if (basis === 'chebyshev') {
        t[o + k] = 2 * x * a - (t[o + k - 2] as number);
        dt[o + k] = 2 * a + 2 * x * da - (dt[o + k - 2] as number);
      } else {
        t[o + k] = x * a;
        dt[o + k] = k * a;
      }
    }
  }
}

/**
 * Learnable rational head over a scalar latent z (n × 1): Pₒ(z) = Σₖ pₒₖ Bₖ(z) for every output
 * o and Q(z) = Σₖ qₖ Bₖ(z), per sample or per output, with an optional monic and/or
 * softplus-positive denominator. Returns the projective tuple (P, Q) for the strict decode.
 * Denominator coefficients start at Q ≡ 1 (non-monic); numerator coefficients ~ N(0, initScale²).
 *
 * @example
 * const head = new RationalHead(createRng(0).fork('head'), { degreeP: 6, degreeQ: 6, outputs: 2 });
 * const { p, q } = head.forward(z); // z: n × 1 latent from an MLP
 * const dz = head.backward(dP, dQ);
 */
export class RationalHead {
  readonly degreeP: number;
  readonly degreeQ: number;
  readonly outputs: number;
  readonly basis: RationalBasis;
  readonly monic: boolean;
  readonly positiveDenominator: boolean;
  readonly qRows: number;
  /** Numerator coefficients, outputs × (d_P + 1). */
  readonly pCoef: Param;
  /** Free denominator parameters, qRows × (d_Q or d_Q + 1); softplus-mapped when positive. */
  readonly qCoef: Param;
  private readonly qFree: number;
  private readonly deg: number;
  private readonly qEff: Float64Array;
  private readonly qChain: Float64Array;
  private z: Matrix | undefined;
  private t: Matrix | undefined;
  private dt: Matrix | undefined;
  private p: Matrix | undefined;
  private q: Matrix | undefined;
  private dz: Matrix | undefined;

  constructor(rng: Rng, options: RationalHeadOptions) {
    const name = options.name ?? 'rational';
    this.degreeP = options.degreeP;
    this.degreeQ = options.degreeQ;
    this.outputs = options.outputs ?? 1;
    this.basis = options.basis ?? 'chebyshev';
    this.monic = options.monic ?? false;
    this.positiveDenominator = options.positiveDenominator ?? false;
    if (this.monic && this.degreeQ === 0) {
      throw new NnError('ZPB_NN_ARGUMENT', 'RationalHead: a monic denominator needs degreeQ ≥ 1');
    }
    this.qRows = options.denominatorPerOutput ? this.outputs : 1;
    this.qFree = this.monic ? this.degreeQ : this.degreeQ + 1;
    this.deg = Math.max(this.degreeP, this.degreeQ);
    this.pCoef = createParam(`${name}.p`, [this.outputs, this.degreeP + 1]);
    this.qCoef = createParam(`${name}.q`, [this.qRows, this.qFree]);
    this.qEff = new Float64Array(this.qRows * this.qFree);
    this.qChain = new Float64Array(this.qRows * this.qFree);
    const sd = options.initScale ?? 0.1;
    const pv = this.pCoef.value;
    for (let i = 0; i < pv.length; i++) pv[i] = rng.normal(0, sd);
    const qv = this.qCoef.value;
    for (let r = 0; r < this.qRows; r++) {
      for (let k = 0; k < this.qFree; k++) {
        const target = k === 0 && !this.monic ? 1 : this.positiveDenominator ? 1e-3 : 0;
        qv[r * this.qFree + k] = this.positiveDenominator ? inverseSoftplus(target) : target;
      }
    }
  }

  private effectiveQ(): Float64Array {
    const qv = this.qCoef.value;
    const qe = this.qEff;
    for (let i = 0; i < qe.length; i++) {
      qe[i] = this.positiveDenominator ? softplus(qv[i] as number) : (qv[i] as number);
    }
    return qe;
  }

  /** Evaluate (P, Q) at the latent z (n × 1). The returned matrices are reused buffers. */
  forward(z: Matrix): ProjectiveOutput {
    if (z.cols !== 1) {
      throw new NnError('ZPB_NN_SHAPE', `RationalHead: latent has ${z.cols} columns, expected 1`);
    }
    const n = z.rows;
    const w = this.deg + 1;
    this.z = z;
    this.t = ensureMatrix(this.t, n, w);
    this.dt = ensureMatrix(this.dt, n, w);
    fillBasis(this.basis, z.data, n, 1, this.deg, this.t.data, this.dt.data);
    this.p = ensureMatrix(this.p, n, this.outputs);
    this.q = ensureMatrix(this.q, n, this.qRows);
    const t = this.t.data;
    const pc = this.pCoef.value;
    const pd = this.p.data;
    const qd = this.q.data;
    const qe = this.effectiveQ();
    const nO = this.outputs;
    const dP = this.degreeP;
    const dQ = this.degreeQ;
    const qF = this.qFree;
    const qR = this.qRows;
    const monic = this.monic;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      for (let out = 0; out < nO; out++) {
        const c = out * (dP + 1);
        let s = 0;
        for (let k = 0; k <= dP; k++) s += (pc[c + k] as number) * (t[o + k] as number);
        pd[i * nO + out] = s;
      }
      for (let r = 0; r < qR; r++) {
        const c = r * qF;
        let s = monic ? (t[o + dQ] as number) : 0;
        for (let k = 0; k < qF; k++) s += (qe[c + k] as number) * (t[o + k] as number);
        qd[i * qR + r] = s;
      }
    }
    return { p: this.p, q: this.q };
  }

  /** Accumulate coefficient gradients from dL/dP and dL/dQ; returns dL/dz (n × 1). */
  backward(dP: Matrix, dQ: Matrix): Matrix {
    const n = (this.z as Matrix).rows;
    const w = this.deg + 1;
    const t = (this.t as Matrix).data;
    const dt = (this.dt as Matrix).data;
    const pc = this.pCoef.value;
    const pg = this.pCoef.grad;
    const qe = this.qEff;
    const qg = this.qCoef.grad;
    const qv = this.qCoef.value;
    const gp = dP.data;
    const gq = dQ.data;
    this.dz = ensureMatrix(this.dz, n, 1);
    const dz = this.dz.data;
    const nO = this.outputs;
    const degP = this.degreeP;
    const degQ = this.degreeQ;
    const qF = this.qFree;
    const qR = this.qRows;
    const monic = this.monic;
    // d softplus(θ)/dθ = σ(θ), once per coefficient rather than per sample.
    const chain = this.qChain;
    for (let k = 0; k < qv.length; k++)
      chain[k] = this.positiveDenominator ? sigmoid(qv[k] as number) : 1;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      let acc = 0;
      for (let out = 0; out < nO; out++) {
        const g = gp[i * nO + out] as number;
        if (g === 0) continue;
        const c = out * (degP + 1);
        let ds = 0;
        for (let k = 0; k <= degP; k++) {
          pg[c + k] = (pg[c + k] as number) + g * (t[o + k] as number);
          ds += (pc[c + k] as number) * (dt[o + k] as number);
        }
        acc += g * ds;
      }
      for (let r = 0; r < qR; r++) {
        const g = gq[i * qR + r] as number;
        if (g === 0) continue;
        const c = r * qF;
        let ds = monic ? (dt[o + degQ] as number) : 0;
        for (let k = 0; k < qF; k++) {
          qg[c + k] = (qg[c + k] as number) + g * (t[o + k] as number) * (chain[c + k] as number);
          ds += (qe[c + k] as number) * (dt[o + k] as number);
        }
        acc += g * ds;
      }
      dz[i] = acc;
    }
    return this.dz;
  }

  parameters(): Param[] {
    return [this.pCoef, this.qCoef];
  }
}
