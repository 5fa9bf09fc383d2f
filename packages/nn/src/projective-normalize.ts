import { NnError } from './errors.js';
import { ensureMatrix, type Matrix } from './matrix.js';
import type { ProjectiveOutput } from './rational-head.js';

/**
 * Per-sample projective normalisation of a tuple (P, Q) with one shared Q per sample: each row
 * u = (P₁…P_d, Q) is divided by ‖u‖ = √(Σu² + floor), so P/Q is unchanged while the tuple lies
 * on the unit sphere. This removes the scale freedom of a projective head: the implicit loss's
 * γ otherwise rewards shrinking the whole tuple towards 0, and the strict gate's |Q| < τ gets a
 * meaning (|Q̂| ≈ 1/‖P/Q‖ for large outputs). Backward applies d(u/‖u‖)/du = (I − ûûᵀ)/‖u‖.
 *
 * @example
 * const norm = new ProjectiveNormalize();
 * const { p, q } = norm.forward(head.forward(x)); // unit-norm rows
 * const back = norm.backward(dP, dQ); // then head.backward(back.p, back.q)
 */
export class ProjectiveNormalize {
  /** Added to the squared norm, so an all-zero row stays finite (default 1e-300). */
  readonly floor: number;
  private p: Matrix | undefined;
  private q: Matrix | undefined;
  private dp: Matrix | undefined;
  private dq: Matrix | undefined;
  private norms: Float64Array | undefined;

  constructor(floor = 1e-300) {
    if (!(floor > 0))
      throw new NnError('ZPB_NN_ARGUMENT', 'ProjectiveNormalize: floor must be > 0');
    this.floor = floor;
  }

  /** The normalised tuple; also keeps ‖u‖ per row (`norm`). Returned matrices are reused. */
  forward(input: ProjectiveOutput): ProjectiveOutput & { norm: Float64Array } {
    const { p, q } = input;
    if (q.rows !== p.rows || q.cols !== 1) {
      throw new NnError('ZPB_NN_SHAPE', 'ProjectiveNormalize: Q must be n x 1 beside P (n x d)');
    }
    const n = p.rows;
    const d = p.cols;
    this.p = ensureMatrix(this.p, n, d);
    this.q = ensureMatrix(this.q, n, 1);
    if (this.norms === undefined || this.norms.length !== n) this.norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = (q.data[i] as number) ** 2;
      for (let j = 0; j < d; j++) s += (p.data[i * d + j] as number) ** 2;
      const r = Math.sqrt(s + this.floor);
      this.norms[i] = r;
      for (let j = 0; j < d; j++) this.p.data[i * d + j] = (p.data[i * d + j] as number) / r;
      this.q.data[i] = (q.data[i] as number) / r;
    }
    return { p: this.p, q: this.q, norm: this.norms };
  }

  /** Gradients with respect to the unnormalised (P, Q) from those of the normalised tuple. */
  backward(dP: Matrix, dQ: Matrix): ProjectiveOutput {
    const ph = this.p as Matrix;
    const qh = this.q as Matrix;
    const norms = this.norms as Float64Array;
    const n = ph.rows;
    const d = ph.cols;
    this.dp = ensureMatrix(this.dp, n, d);
    this.dq = ensureMatrix(this.dq, n, 1);
    for (let i = 0; i < n; i++) {
      let dot = (qh.data[i] as number) * (dQ.data[i] as number);
      for (let j = 0; j < d; j++)
        dot += (ph.data[i * d + j] as number) * (dP.data[i * d + j] as number);
      const r = norms[i] as number;
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        this.dp.data[k] = ((dP.data[k] as number) - (ph.data[k] as number) * dot) / r;
      }
      this.dq.data[i] = ((dQ.data[i] as number) - (qh.data[i] as number) * dot) / r;
    }
    return { p: this.dp, q: this.dq };
  }
}
