import {
  countParameters,
  createAdam,
  createMatrix,
  type Module,
  mlp,
  type Optimizer,
  type Param,
  type Rng,
  type Sequential,
  zeroGrad,
} from '@zpbench/nn';

/** Activations of one forward pass. */
export interface MlpCache {
  readonly n: number;
  /** Post-activation of the last hidden layer, row-major n × width (a copy). */
  readonly features: Float64Array;
  /** Linear output, row-major n × out (a copy). */
  readonly output: Float64Array;
}

/**
 * A tanh MLP with a linear output over `@zpbench/nn`'s `mlp`, exposing flat inputs/outputs and
 * the last hidden layer (the frozen features of frozen-dirhead mode). `backward` must follow the
 * `forward` whose gradient it applies (nn layers cache their last input).
 */
export class Mlp {
  readonly sizes: readonly number[];
  readonly net: Sequential;
  readonly paramList: readonly Param[];

  /** Builds `sizes` ([in, hidden…, out]); parameters from `params` (flat, in parameter order) when given. */
  constructor(sizes: readonly number[], rng: Rng, params?: ArrayLike<number>) {
    this.sizes = sizes;
    this.net = mlp(sizes, 'tanh', rng, { name: 'dose', inputGrad: false });
    this.paramList = this.net.parameters();
    if (params) this.setFlatParams(params);
  }

  /** Number of trainable parameters. */
  get nParams(): number {
    return countParameters(this.paramList);
  }

  /** The parameters as one flat array, in parameter order. */
  flatParams(): number[] {
    return this.paramList.flatMap((p) => Array.from(p.value));
  }

  /** Overwrites the parameters from a flat array. */
  setFlatParams(params: ArrayLike<number>): void {
    if (params.length !== this.nParams)
      throw new Error(`expected ${this.nParams} parameters, got ${params.length}`);
    let o = 0;
    for (const p of this.paramList) {
      for (let k = 0; k < p.value.length; k++) p.value[k] = params[o++] as number;
    }
  }

  /** Sets element `k` of the output layer's bias. */
  setOutputBias(k: number, value: number): void {
    const bias = this.paramList[this.paramList.length - 1] as Param;
    bias.value[k] = value;
  }

  /** Forward pass on `n` row-major inputs. */
  forward(input: Float64Array, n: number): MlpCache {
    let h = createMatrix(n, this.sizes[0] as number, input);
    let features = h.data;
    const modules = this.net.modules;
    modules.forEach((m: Module, i) => {
      h = m.forward(h, { train: true });
      if (i === modules.length - 2) features = h.data.slice();
    });
    return { n, features, output: h.data.slice() };
  }

  /** Accumulates gradients of the last forward pass for output gradient `dOut` (n × out). */
  backward(cache: MlpCache, dOut: Float64Array): void {
    this.net.backward(createMatrix(cache.n, this.sizes[this.sizes.length - 1] as number, dOut));
  }

  /** Zeroes the gradients. */
  zeroGrad(): void {
    zeroGrad(this.paramList);
  }

  /** An Adam optimizer over this network's parameters. */
  adam(options: { lr: number; beta1: number; beta2: number; eps: number }): Optimizer {
    return createAdam(this.paramList, options);
  }
}
