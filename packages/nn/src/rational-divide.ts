import { NnError } from './errors.js';
import { ensureMatrix, type Matrix } from './matrix.js';

/** Output of {@link RationalDivide.forward}; reused buffers. */
export interface RationalDivideOutput {
  /** P / Q element-wise, 0 where the row's entry is bottom (n × d). */
  y: Matrix;
  /** 1 where |Q| < ε or P or Q is non-finite, per element (n × d, row-major). */
  bottom: Uint8Array;
}

/**
 * The division of an SCM rational layer (domains.md §1.3): y = P / Q element-wise, with Q
 * n × 1 (shared by every output) or n × d (one denominator per output). Where |Q| < ε, or P
 * or Q is not finite, the entry is bottom and y = 0, so training never sees an infinity; the
 * strict decode at inference applies its own τ gate on top. Backward: ∂y/∂P = 1/Q and
 * ∂y/∂Q = −P/Q², both zero at bottom entries.
 *
 * @example
 * const div = new RationalDivide(1e-12);
 * const { y, bottom } = div.forward(p, q); // p: n × 2, q: n × 2 (per output)
 * const { dP, dQ } = div.backward(dY);
 */
export class RationalDivide {
  readonly epsilon: number;
  private p: Matrix | undefined;
  private q: Matrix | undefined;
  private out: RationalDivideOutput | undefined;
  private dP: Matrix | undefined;
  private dQ: Matrix | undefined;

  constructor(epsilon: number) {
    if (!(epsilon >= 0))
      throw new NnError('ZPB_NN_ARGUMENT', 'RationalDivide: epsilon must be ≥ 0');
    this.epsilon = epsilon;
  }

  forward(p: Matrix, q: Matrix): RationalDivideOutput {
    if (q.rows !== p.rows || (q.cols !== 1 && q.cols !== p.cols)) {
      throw new NnError(
        'ZPB_NN_SHAPE',
        `RationalDivide: Q is ${q.rows}x${q.cols}, expected ${p.rows}x1 or ${p.rows}x${p.cols}`,
      );
    }
    this.p = p;
    this.q = q;
    const n = p.rows;
    const d = p.cols;
    const qc = q.cols;
    const prev = this.out;
    const out: RationalDivideOutput = {
      y: ensureMatrix(prev?.y, n, d),
      bottom:
        prev !== undefined && prev.bottom.length === n * d ? prev.bottom : new Uint8Array(n * d),
    };
    this.out = out;
    const eps = this.epsilon;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        const pv = p.data[k] as number;
        const qv = q.data[i * qc + (qc === 1 ? 0 : j)] as number;
        // NaN compares false, so a NaN Q is bottom as well.
        const bad = !(Math.abs(qv) >= eps) || !Number.isFinite(qv) || !Number.isFinite(pv);
        const v = bad ? 0 : pv / qv;
        out.bottom[k] = bad || !Number.isFinite(v) ? 1 : 0;
        out.y.data[k] = out.bottom[k] === 1 ? 0 : v;
      }
    }
    return out;
  }

  /** dL/dP (n × d) and dL/dQ (the shape of Q; shared Q sums over outputs). Reused buffers. */
  backward(dY: Matrix): { dP: Matrix; dQ: Matrix } {
    const p = this.p as Matrix;
    const q = this.q as Matrix;
    const out = this.out as RationalDivideOutput;
    const n = p.rows;
    const d = p.cols;
    const qc = q.cols;
    const dP = ensureMatrix(this.dP, n, d);
    const dQ = ensureMatrix(this.dQ, n, qc);
    this.dP = dP;
    this.dQ = dQ;
    dQ.data.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        const qi = i * qc + (qc === 1 ? 0 : j);
        if (out.bottom[k] === 1) {
          dP.data[k] = 0;
          continue;
        }
        const qv = q.data[qi] as number;
        const g = dY.data[k] as number;
        dP.data[k] = g / qv;
        dQ.data[qi] = (dQ.data[qi] as number) - (g * (out.y.data[k] as number)) / qv;
      }
    }
    return { dP, dQ };
  }
}
