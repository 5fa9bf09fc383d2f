import {
  ensureMatrix,
  type Matrix,
  PARALLEL_ELEMENTWISE_MIN,
  parallelThreads,
  tanhInto,
  wasmElementwise,
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
      case 'relu': {
        const wasm = wasmElementwise(n);
        if (wasm !== undefined) wasm.relu(xs, ys, n, parallelThreads(n, PARALLEL_ELEMENTWISE_MIN));
        else
          for (let i = 0; i < n; i++) {
            const v = xs[i] as number;
            ys[i] = Math.max(v, 0);
          }
        break;
      }
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
      case 'relu': {
        const wasm = wasmElementwise(n);
        if (wasm !== undefined)
          wasm.reluBackward(xs, gs, ds, n, parallelThreads(n, PARALLEL_ELEMENTWISE_MIN));
        else for (let i = 0; i < n; i++) ds[i] = (xs[i] as number) > 0 ? (gs[i] as number) : 0;
        break;
      }
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
