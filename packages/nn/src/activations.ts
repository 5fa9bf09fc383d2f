import {
  ensureMatrix,
  type Matrix,
  PARALLEL_ELEMENTWISE_MIN,
  parallelThreads,
  reluBackwardInto,
  reluInto,
  tanhInto,
} from './matrix.js';
import type { Module, Param } from './module.js';

/** Activation names understood by {@link createActivation} and `mlp`. */
export type ActivationName = 'relu' | 'silu' | 'tanh' | 'softplus' | 'linear';

/** Numerically stable softplus log(1 + e^x). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Logistic sigmoid 1 / (1 + e^-x), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Inverse of softplus, for initialising softplus-parametrised coefficients (y > 0). */
export function inverseSoftplus(y: number): number {
  return y > 30 ? y : Math.log(Math.expm1(y));
}

/** An element-wise activation layer with cached input/output buffers. */
export class Activation implements Module {
  readonly kind: ActivationName;
  private x: Matrix | undefined;
  private y: Matrix | undefined;
  private dx: Matrix | undefined;
  /** SiLU: σ(x) of the last forward pass, so backward reuses it instead of a second exp. */
  private s: Float64Array | undefined;

  constructor(kind: ActivationName) {
    this.kind = kind;
  }

  forward(x: Matrix): Matrix {
    this.x = x;
    const y = ensureMatrix(this.y, x.rows, x.cols);
    this.y = y;
    const xs = x.data;
    const ys = y.data;
    const n = x.rows * x.cols;
    switch (this.kind) {
      case 'relu':
        reluInto(xs, ys, n, parallelThreads(n, PARALLEL_ELEMENTWISE_MIN));
        break;
      case 'silu': {
        if (this.s === undefined || this.s.length < n) this.s = new Float64Array(n);
        const sg = this.s;
        for (let i = 0; i < n; i++) {
          const v = xs[i] as number;
          const s = sigmoid(v);
          sg[i] = s;
          ys[i] = v * s;
        }
        break;
      }
      case 'tanh':
        tanhInto(xs, ys, n);
        break;
      case 'softplus':
        for (let i = 0; i < n; i++) ys[i] = softplus(xs[i] as number);
        break;
      case 'linear':
        ys.set(xs.subarray(0, n));
        break;
    }
    return y;
  }

  /**
   * Whether a Dense layer before this one may compute this layer in its product's epilogue
   * (ReLU only): see {@link fusedForward} and {@link fusedBackward}.
   */
  get fusesIntoGemm(): boolean {
    return this.kind === 'relu';
  }

  /**
   * A forward pass that the caller computes: records `x` as this layer's input and returns the
   * output matrix for the caller to fill with the activation of `x` (the state is that of
   * {@link forward}).
   */
  fusedForward(x: Matrix): Matrix {
    this.x = x;
    const y = ensureMatrix(this.y, x.rows, x.cols);
    this.y = y;
    return y;
  }

  /**
   * A backward pass that the caller computes: returns this layer's input from the last forward
   * pass and the gradient matrix for the caller to fill (as {@link backward} would).
   */
  fusedBackward(): { x: Matrix; dx: Matrix } {
    const x = this.x as Matrix;
    const dx = ensureMatrix(this.dx, x.rows, x.cols);
    this.dx = dx;
    return { x, dx };
  }

  backward(dOut: Matrix): Matrix {
    const x = this.x as Matrix;
    const y = this.y as Matrix;
    const dx = ensureMatrix(this.dx, x.rows, x.cols);
    this.dx = dx;
    const xs = x.data;
    const ys = y.data;
    const gs = dOut.data;
    const ds = dx.data;
    const n = x.rows * x.cols;
    switch (this.kind) {
      case 'relu':
        reluBackwardInto(xs, gs, ds, n, parallelThreads(n, PARALLEL_ELEMENTWISE_MIN));
        break;
      case 'silu': {
        const sg = this.s as Float64Array;
        for (let i = 0; i < n; i++) {
          const v = xs[i] as number;
          const s = sg[i] as number;
          ds[i] = (gs[i] as number) * s * (1 + v * (1 - s));
        }
        break;
      }
      case 'tanh':
        for (let i = 0; i < n; i++) {
          const t = ys[i] as number;
          ds[i] = (gs[i] as number) * (1 - t * t);
        }
        break;
      case 'softplus':
        for (let i = 0; i < n; i++) ds[i] = (gs[i] as number) * sigmoid(xs[i] as number);
        break;
      case 'linear':
        ds.set(gs.subarray(0, n));
        break;
    }
    return dx;
  }

  parameters(): Param[] {
    return [];
  }
}

/**
 * Create an activation layer by name.
 *
 * @example
 * const act = createActivation('silu');
 */
export function createActivation(kind: ActivationName): Activation {
  return new Activation(kind);
}
