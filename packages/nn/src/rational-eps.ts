import { NnError } from './errors.js';
import { ensureMatrix, type Matrix } from './matrix.js';

/**
 * The Rational+ε baseline y = N / (D + ε·sgn(D)) with sgn(0) = +1. Sign-preserving: the shift
 * moves D away from zero on its own side, so |D + ε·sgn(D)| ≥ ε and the output is always finite,
 * with no spurious pole where D crosses −ε (the plain N/(D+ε) would have one). D is n × 1
 * (shared across outputs) or n × d.
 *
 * @example
 * const eps = new RationalEps(1e-3);
 * const y = eps.forward(p, q);
 * const { dN, dD } = eps.backward(dY);
 */
export class RationalEps {
  readonly epsilon: number;
  private n: Matrix | undefined;
  private d: Matrix | undefined;
  private y: Matrix | undefined;
  private dN: Matrix | undefined;
  private dD: Matrix | undefined;

  constructor(epsilon: number) {
    if (!(epsilon > 0)) throw new NnError('ZPB_NN_ARGUMENT', 'RationalEps: epsilon must be > 0');
    this.epsilon = epsilon;
  }

  forward(num: Matrix, den: Matrix): Matrix {
    if (den.rows !== num.rows || (den.cols !== 1 && den.cols !== num.cols)) {
      throw new NnError('ZPB_NN_SHAPE', 'RationalEps: D must be n x 1 or the shape of N');
    }
    this.n = num;
    this.d = den;
    const y = ensureMatrix(this.y, num.rows, num.cols);
    this.y = y;
    const c = num.cols;
    const dc = den.cols;
    const eps = this.epsilon;
    for (let i = 0; i < num.rows; i++) {
      for (let j = 0; j < c; j++) {
        const d = den.data[i * dc + (dc === 1 ? 0 : j)] as number;
        y.data[i * c + j] = (num.data[i * c + j] as number) / (d + (d >= 0 ? eps : -eps));
      }
    }
    return y;
  }

  backward(dY: Matrix): { dN: Matrix; dD: Matrix } {
    const num = this.n as Matrix;
    const den = this.d as Matrix;
    const dN = ensureMatrix(this.dN, num.rows, num.cols);
    const dD = ensureMatrix(this.dD, den.rows, den.cols);
    this.dN = dN;
    this.dD = dD;
    dD.data.fill(0);
    const c = num.cols;
    const dc = den.cols;
    const eps = this.epsilon;
    for (let i = 0; i < num.rows; i++) {
      for (let j = 0; j < c; j++) {
        const di = i * dc + (dc === 1 ? 0 : j);
        const d = den.data[di] as number;
        const s = d + (d >= 0 ? eps : -eps);
        const g = dY.data[i * c + j] as number;
        dN.data[i * c + j] = g / s;
        dD.data[di] = (dD.data[di] as number) - (g * (num.data[i * c + j] as number)) / (s * s);
      }
    }
    return { dN, dD };
  }
}
