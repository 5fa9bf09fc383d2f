import { NnError } from './errors.js';
import { ensureMatrix, type Matrix } from './matrix.js';
import { createParam, type Param } from './module.js';
import type { ProjectiveOutput } from './rational-head.js';
import type { Rng } from './rng.js';

/** Options of a {@link PolynomialRationalHead}. */
export interface PolynomialRationalOptions {
  /** Number of input features m. */
  inputs: number;
  /** Total degree of each numerator Pₒ. */
  degreeP: number;
  /** Total degree of the denominator Q. */
  degreeQ: number;
  /** Number of numerator outputs (default 1). */
  outputs?: number;
  /** One denominator per output instead of one shared per sample (default false). */
  denominatorPerOutput?: boolean;
  /** Standard deviation of the initial numerator coefficients (default 0.1). */
  initScale?: number;
  /**
   * Largest exponent of each input (default: none). Capping sin-type features at 1 drops the
   * monomials made redundant by sin² + cos² = 1, so no nonzero coefficient vector gives a
   * polynomial that vanishes on the data (a zero tuple).
   */
  maxExponents?: readonly number[];
  /** Compute dL/dx in `backward` (default true; false for fixed input features). */
  inputGrad?: boolean;
  /** Parameter name prefix (default `polyrational`). */
  name?: string;
}

/**
 * The monomials x^α of total degree ≤ `degree` in `inputs` variables, in graded order (degree 0,
 * then 1, …; within a degree, lexicographic in the variable indices), optionally with αᵥ ≤
 * `maxExponents[v]`. Each monomial of degree ≥ 1 is its parent (a monomial of one degree less)
 * times one variable whose index is at least every index of the parent, so each is built with one
 * multiplication (and a capped monomial's parent is capped too).
 */
export function monomialExponents(
  inputs: number,
  degree: number,
  maxExponents?: readonly number[],
): number[][] {
  const out: number[][] = [new Array<number>(inputs).fill(0)];
  let layer: { exps: number[]; last: number }[] = [{ exps: out[0] as number[], last: 0 }];
  for (let d = 1; d <= degree; d++) {
    const next: { exps: number[]; last: number }[] = [];
    for (const m of layer) {
      for (let v = m.last; v < inputs; v++) {
        const exps = [...m.exps];
        exps[v] = (exps[v] as number) + 1;
        if (maxExponents !== undefined && (exps[v] as number) > (maxExponents[v] ?? Infinity))
          continue;
        next.push({ exps, last: v });
      }
    }
    for (const m of next) out.push(m.exps);
    layer = next;
  }
  return out;
}

/** Number of monomials of total degree ≤ d in m variables: C(m + d, d), or fewer under caps. */
export function monomialCount(
  inputs: number,
  degree: number,
  maxExponents?: readonly number[],
): number {
  if (maxExponents !== undefined) return monomialExponents(inputs, degree, maxExponents).length;
  let c = 1;
  for (let k = 1; k <= degree; k++) c = (c * (inputs + k)) / k;
  return Math.round(c);
}

/**
 * A rational head that is polynomial in the inputs themselves (no latent): Pₒ(x) = Σ_α aₒ,α x^α
 * over the monomials of total degree ≤ d_P, and Q(x) = Σ_α b_α x^α over those of degree ≤ d_Q,
 * shared by the outputs or one per output. Both are linear in the coefficients, so the implicit
 * loss with its stop-gradient is a weighted least-squares problem in them. Initialised with
 * Q ≡ 1 and numerator coefficients ~ N(0, initScale²). Returns the projective tuple (P, Q) for
 * the strict decode.
 *
 * @example
 * const head = new PolynomialRationalHead(createRng(0).fork('scm'), { inputs: 6, degreeP: 3, degreeQ: 2, outputs: 2 });
 * const { p, q } = head.forward(features); // features: n × 6
 * head.backward(dP, dQ);
 */
export class PolynomialRationalHead {
  readonly inputs: number;
  readonly degreeP: number;
  readonly degreeQ: number;
  readonly outputs: number;
  readonly qRows: number;
  readonly inputGrad: boolean;
  /** Exponents of the monomials (graded order); the first `monomialsQ` are Q's. */
  readonly exponents: readonly (readonly number[])[];
  readonly monomialsP: number;
  readonly monomialsQ: number;
  /** Numerator coefficients, outputs × monomialsP. */
  readonly pCoef: Param;
  /** Denominator coefficients, qRows × monomialsQ. */
  readonly qCoef: Param;
  private readonly parent: Int32Array;
  private readonly variable: Int32Array;
  private readonly width: number;
  private x: Matrix | undefined;
  private mono: Matrix | undefined;
  private p: Matrix | undefined;
  private q: Matrix | undefined;
  private dx: Matrix | undefined;
  private dMono: Float64Array | undefined;

  constructor(rng: Rng, options: PolynomialRationalOptions) {
    const name = options.name ?? 'polyrational';
    if (!(options.inputs >= 1 && options.degreeP >= 0 && options.degreeQ >= 0)) {
      throw new NnError(
        'ZPB_NN_ARGUMENT',
        'PolynomialRationalHead: inputs must be ≥ 1 and degrees ≥ 0',
      );
    }
    this.inputs = options.inputs;
    this.degreeP = options.degreeP;
    this.degreeQ = options.degreeQ;
    this.outputs = options.outputs ?? 1;
    this.qRows = options.denominatorPerOutput ? this.outputs : 1;
    this.inputGrad = options.inputGrad ?? true;
    const deg = Math.max(this.degreeP, this.degreeQ);
    const caps = options.maxExponents;
    if (caps !== undefined && caps.length !== this.inputs) {
      throw new NnError(
        'ZPB_NN_ARGUMENT',
        `PolynomialRationalHead: maxExponents has ${caps.length} entries, expected one per input (${this.inputs})`,
      );
    }
    this.exponents = monomialExponents(this.inputs, deg, caps);
    this.width = this.exponents.length;
    this.monomialsP = monomialCount(this.inputs, this.degreeP, caps);
    this.monomialsQ = monomialCount(this.inputs, this.degreeQ, caps);
    // parent[k] · x[variable[k]] = monomial k (k ≥ 1).
    this.parent = new Int32Array(this.width);
    this.variable = new Int32Array(this.width);
    const index = new Map(this.exponents.map((e, k) => [e.join(','), k]));
    for (let k = 1; k < this.width; k++) {
      const e = this.exponents[k] as readonly number[];
      let v = e.length - 1;
      while ((e[v] as number) === 0) v--;
      const pe = [...e];
      pe[v] = (pe[v] as number) - 1;
      this.parent[k] = index.get(pe.join(',')) as number;
      this.variable[k] = v;
    }
    this.pCoef = createParam(`${name}.p`, [this.outputs, this.monomialsP]);
    this.qCoef = createParam(`${name}.q`, [this.qRows, this.monomialsQ]);
    const sd = options.initScale ?? 0.1;
    const pv = this.pCoef.value;
    for (let i = 0; i < pv.length; i++) pv[i] = rng.normal(0, sd);
    for (let r = 0; r < this.qRows; r++) this.qCoef.value[r * this.monomialsQ] = 1;
  }

  /**
   * The monomials x^α of every row, n × `exponents.length` in `exponents` order (a reused buffer,
   * the one `forward` fills): what P and Q are linear combinations of.
   */
  monomials(x: Matrix): Matrix {
    if (x.cols !== this.inputs) {
      throw new NnError(
        'ZPB_NN_SHAPE',
        `PolynomialRationalHead: input has ${x.cols} columns, expected ${this.inputs}`,
      );
    }
    const n = x.rows;
    const w = this.width;
    const m = this.inputs;
    this.mono = ensureMatrix(this.mono, n, w);
    const xs = x.data;
    const t = this.mono.data;
    const parent = this.parent;
    const variable = this.variable;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      t[o] = 1;
      for (let k = 1; k < w; k++) {
        t[o + k] =
          (t[o + (parent[k] as number)] as number) *
          (xs[i * m + (variable[k] as number)] as number);
      }
    }
    return this.mono;
  }

  /** Evaluate (P, Q) at the inputs x (n × inputs). The returned matrices are reused buffers. */
  forward(x: Matrix): ProjectiveOutput {
    const t = this.monomials(x).data;
    const n = x.rows;
    const w = this.width;
    this.x = x;
    this.p = ensureMatrix(this.p, n, this.outputs);
    this.q = ensureMatrix(this.q, n, this.qRows);
    const pc = this.pCoef.value;
    const qc = this.qCoef.value;
    const pd = this.p.data;
    const qd = this.q.data;
    const mP = this.monomialsP;
    const mQ = this.monomialsQ;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      for (let out = 0; out < this.outputs; out++) {
        const c = out * mP;
        let s = 0;
        for (let k = 0; k < mP; k++) s += (pc[c + k] as number) * (t[o + k] as number);
        pd[i * this.outputs + out] = s;
      }
      for (let r = 0; r < this.qRows; r++) {
        const c = r * mQ;
        let s = 0;
        for (let k = 0; k < mQ; k++) s += (qc[c + k] as number) * (t[o + k] as number);
        qd[i * this.qRows + r] = s;
      }
    }
    return { p: this.p, q: this.q };
  }

  /**
   * Accumulate coefficient gradients from dL/dP and dL/dQ; returns dL/dx (n × inputs), computed
   * through the monomials in reverse build order (each one's gradient flows to its parent and its
   * variable), or a zero matrix when `inputGrad` is false.
   */
  backward(dP: Matrix, dQ: Matrix): Matrix {
    const x = this.x as Matrix;
    const n = x.rows;
    const w = this.width;
    const m = this.inputs;
    const t = (this.mono as Matrix).data;
    const xs = x.data;
    const pc = this.pCoef.value;
    const qc = this.qCoef.value;
    const pg = this.pCoef.grad;
    const qg = this.qCoef.grad;
    const mP = this.monomialsP;
    const mQ = this.monomialsQ;
    this.dx = ensureMatrix(this.dx, n, m);
    const dx = this.dx.data;
    dx.fill(0);
    if (this.dMono === undefined || this.dMono.length !== w) this.dMono = new Float64Array(w);
    const g = this.dMono;
    for (let i = 0; i < n; i++) {
      const o = i * w;
      g.fill(0);
      for (let out = 0; out < this.outputs; out++) {
        const d = dP.data[i * this.outputs + out] as number;
        if (d === 0) continue;
        const c = out * mP;
        for (let k = 0; k < mP; k++) {
          pg[c + k] = (pg[c + k] as number) + d * (t[o + k] as number);
          g[k] = (g[k] as number) + d * (pc[c + k] as number);
        }
      }
      for (let r = 0; r < this.qRows; r++) {
        const d = dQ.data[i * this.qRows + r] as number;
        if (d === 0) continue;
        const c = r * mQ;
        for (let k = 0; k < mQ; k++) {
          qg[c + k] = (qg[c + k] as number) + d * (t[o + k] as number);
          g[k] = (g[k] as number) + d * (qc[c + k] as number);
        }
      }
      if (!this.inputGrad) continue;
      // t[k] = t[parent[k]] · x[variable[k]]: push g[k] to the parent and to the variable.
      for (let k = w - 1; k >= 1; k--) {
        const gk = g[k] as number;
        if (gk === 0) continue;
        const pk = this.parent[k] as number;
        const v = this.variable[k] as number;
        g[pk] = (g[pk] as number) + gk * (xs[i * m + v] as number);
        dx[i * m + v] = (dx[i * m + v] as number) + gk * (t[o + pk] as number);
      }
    }
    return this.dx;
  }

  parameters(): Param[] {
    return [this.pCoef, this.qCoef];
  }
}
