import type { Activation, ActivationName } from './activations.js';
import { NnError } from './errors.js';
import { ensureMatrix, gemmNNBias, gemmNT, gemmTNColSums, type Matrix } from './matrix.js';
import { createParam, type Module, type Param } from './module.js';
import type { Rng } from './rng.js';

/** Weight initialisation schemes: He normal (ReLU/SiLU), Glorot uniform (tanh, softplus, linear). */
export type InitScheme = 'he' | 'glorot' | 'zeros';

/** The initialisation matched to an activation: He for ReLU-like, Glorot otherwise. */
export function initForActivation(activation: ActivationName): InitScheme {
  return activation === 'relu' || activation === 'silu' ? 'he' : 'glorot';
}

/** Options of a {@link Dense} layer. */
export interface DenseOptions {
  /** Parameter name prefix (default `dense`). */
  name?: string;
  /** Initialisation scheme (default `glorot`). */
  init?: InitScheme;
  /** Multiply the initial weights by this factor (e.g. 0.01 for a hypernetwork's last layer). */
  initScale?: number;
  /**
   * Compute dInput in `backward` (default true). False saves a matmul for a first layer whose
   * input needs no gradient; `backward` then returns a buffer that is never written (zeros).
   */
  inputGrad?: boolean;
}

/**
 * Fully connected layer y = x·W + b with W stored in×out row-major (so the forward product
 * streams rows of W) and seeded initialisation. Biases start at zero.
 *
 * @example
 * const layer = new Dense(4, 64, createRng(0).fork('l0'), { init: 'he', name: 'l0' });
 */
export class Dense implements Module {
  readonly inDim: number;
  readonly outDim: number;
  readonly weight: Param;
  readonly bias: Param;
  readonly inputGrad: boolean;
  private x: Matrix | undefined;
  private y: Matrix | undefined;
  private dx: Matrix | undefined;

  constructor(inDim: number, outDim: number, rng: Rng, options: DenseOptions = {}) {
    this.inDim = inDim;
    this.outDim = outDim;
    const name = options.name ?? 'dense';
    this.weight = createParam(`${name}.weight`, [inDim, outDim]);
    this.bias = createParam(`${name}.bias`, [outDim]);
    this.inputGrad = options.inputGrad ?? true;
    const scale = options.initScale ?? 1;
    const w = this.weight.value;
    const init = options.init ?? 'glorot';
    if (init === 'he') {
      const sd = Math.sqrt(2 / inDim) * scale;
      for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, sd);
    } else if (init === 'glorot') {
      const lim = Math.sqrt(6 / (inDim + outDim)) * scale;
      for (let i = 0; i < w.length; i++) w[i] = rng.uniformRange(-lim, lim);
    }
  }

  forward(x: Matrix): Matrix {
    return this.forwardThen(x, undefined);
  }

  /**
   * `next.forward(this.forward(x))` with `next`'s ReLU computed in the product's epilogue (each
   * block of the output by the thread that computed it, no pass of its own): the same bits and
   * the same state of both layers. Other activations run after the product.
   */
  forwardActivated(x: Matrix, next: Activation): Matrix {
    if (!next.fusesIntoGemm) return next.forward(this.forward(x));
    return this.forwardThen(x, next);
  }

  private forwardThen(x: Matrix, next: Activation | undefined): Matrix {
    if (x.cols !== this.inDim) {
      throw new NnError(
        'ZPB_NN_SHAPE',
        `Dense: input has ${x.cols} columns, expected ${this.inDim}`,
      );
    }
    this.x = x;
    const n = x.rows;
    const y = ensureMatrix(this.y, n, this.outDim);
    this.y = y;
    const out = next?.fusedForward(y);
    const then = out === undefined ? undefined : ({ kind: 'relu', out: out.data } as const);
    gemmNNBias(
      n,
      this.outDim,
      this.inDim,
      x.data,
      this.weight.value,
      this.bias.value,
      y.data,
      then,
    );
    return out ?? y;
  }

  backward(dOut: Matrix): Matrix {
    return this.backwardThen(dOut, undefined);
  }

  /**
   * `below.backward(this.backward(dOut))` for the layer `below` that fed this one, with its ReLU
   * backward computed in the epilogue of dX's product: the same bits and state of both layers.
   */
  backwardActivated(dOut: Matrix, below: Activation): Matrix {
    if (!below.fusesIntoGemm || !this.inputGrad) return below.backward(this.backward(dOut));
    return this.backwardThen(dOut, below);
  }

  private backwardThen(dOut: Matrix, below: Activation | undefined): Matrix {
    const x = this.x as Matrix;
    const n = x.rows;
    const m = this.outDim;
    const g = dOut.data;
    // dW += xᵀ·dOut and the bias gradient's column sums of dOut, from one copy of dOut; and
    // dX = dOut·Wᵀ, which reads none of them, on another thread when that measured faster.
    const dx = ensureMatrix(this.dx, n, this.inDim);
    this.dx = dx;
    const w = this.weight;
    const fused = below?.fusedBackward();
    const then =
      fused === undefined
        ? undefined
        : ({ kind: 'reluBackward', x: fused.x.data, out: fused.dx.data } as const);
    const dX = this.inputGrad
      ? () => gemmNT(n, this.inDim, m, g, w.value, dx.data, false, then)
      : undefined;
    gemmTNColSums(this.inDim, m, n, x.data, g, w.grad, true, this.bias.grad, dX);
    return fused?.dx ?? dx;
  }

  parameters(): Param[] {
    return [this.weight, this.bias];
  }
}
