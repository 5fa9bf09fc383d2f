import { createBuffer, PARALLEL_ELEMENTWISE_MIN, wasmAdam } from './matrix.js';
import type { Param } from './module.js';
import { threadCount } from './threads.js';
import { loadWasmKernels } from './wasm/gemm-wasm.js';

/** An optimiser over a fixed parameter list. */
export interface Optimizer {
  readonly params: readonly Param[];
  /** Optimizer steps taken so far (the protocol v1 compute budget unit). */
  readonly stepCount: number;
  /** Apply one update from the accumulated gradients. */
  step(): void;
  /** Set the learning rate of the following steps (a schedule); optional for other optimisers. */
  setLearningRate?(lr: number): void;
}

/** Options of {@link createAdam} / {@link createAdamW} (PyTorch defaults). */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Adam: L2 added to the gradient (default 0); AdamW: decoupled decay (default 0.01). */
  weightDecay?: number;
}

/** l2, decay, b1, 1 − b1, b2, 1 − b2, step size, √(1 − b2ᵗ), eps (the wasm kernel's order). */
type Coefficients = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

class AdamOptimizer implements Optimizer {
  readonly params: readonly Param[];
  stepCount = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private readonly wd: number;
  private readonly decoupled: boolean;

  constructor(params: readonly Param[], o: AdamOptions, decoupled: boolean) {
    this.params = params;
    // Resident (like the parameters) so the wasm kernel updates them in place.
    this.m = params.map((p) => createBuffer(p.value.length));
    this.v = params.map((p) => createBuffer(p.value.length));
    this.lr = o.lr ?? 1e-3;
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.wd = o.weightDecay ?? (decoupled ? 0.01 : 0);
    this.decoupled = decoupled;
    // The helper's share: from the end of the largest parameter's even part, half of all elements.
    let largest = -1;
    let total = 0;
    for (const [i, p] of params.entries()) {
      total += p.value.length;
      if (largest < 0 || p.value.length > (params[largest] as Param).value.length) largest = i;
    }
    const hi = largest < 0 ? 0 : (params[largest] as Param).value.length & ~1;
    const share = Math.min(hi, Math.floor(total / 4) * 2);
    this.split =
      total >= PARALLEL_ELEMENTWISE_MIN && share > 0
        ? { param: largest, lo: hi - share, hi }
        : undefined;
  }

  setLearningRate(lr: number): void {
    this.lr = lr;
  }

  step(): void {
    this.stepCount++;
    const t = this.stepCount;
    const { lr, b1, b2, eps, wd } = this;
    const bc1 = 1 - b1 ** t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** t);
    const stepSize = lr / bc1;
    const decay = this.decoupled ? 1 - lr * wd : 1;
    const l2 = this.decoupled ? 0 : wd;
    const wasm = wasmAdam();
    const coefficients = [l2, decay, b1, 1 - b1, b2, 1 - b2, stepSize, sqrtBc2, eps];
    // Every element's update is independent of the others', so a helper thread can take the
    // tail [lo, hi) of the largest parameter (about half the elements) while this thread
    // updates the rest: the same bits in any order.
    const { split } = this;
    const threads = wasm === undefined || split === undefined ? 1 : threadCount();
    if (split !== undefined && threads > 1) {
      const kernels = loadWasmKernels();
      const i = split.param;
      const args = [this.params[i]?.value, this.params[i]?.grad, this.m[i], this.v[i]];
      const [x, g, m, v] = args as [Float64Array, Float64Array, Float64Array, Float64Array];
      const rest = (): void => this.update(wasm, coefficients, split);
      if (kernels?.adamBeside(x, g, m, v, split.lo, split.hi, coefficients, threads, rest)) return;
    }
    this.update(wasm, coefficients, undefined);
  }

  /** Elements [lo, hi) of parameter `param` (lo, hi even), updated on a helper when it pays. */
  private readonly split: { param: number; lo: number; hi: number } | undefined;

  /** Adam's update of every element, but the `skip` range when given. */
  private update(
    wasm: ReturnType<typeof wasmAdam>,
    coefficients: readonly number[],
    skip: { param: number; lo: number; hi: number } | undefined,
  ): void {
    const [l2, decay, b1, c1, b2, c2, stepSize, sqrtBc2, eps] = coefficients as Coefficients;
    for (let pi = 0; pi < this.params.length; pi++) {
      const p = this.params[pi] as Param;
      const x = p.value;
      const g = p.grad;
      const m = this.m[pi] as Float64Array;
      const v = this.v[pi] as Float64Array;
      const skipped = skip?.param === pi;
      // The same update, two lanes at a time, on the leading elements of resident arrays.
      const lead = skipped ? skip.lo : x.length;
      const done = wasm === undefined ? 0 : wasm(x, g, m, v, lead, coefficients);
      for (let i = done; i < x.length; i++) {
        if (skipped && i === skip.lo) i = skip.hi;
        if (i >= x.length) break;
        let xi = x[i] as number;
        const gi = (g[i] as number) + l2 * xi;
        xi *= decay;
        const mi = b1 * (m[i] as number) + c1 * gi;
        const vi = b2 * (v[i] as number) + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        x[i] = xi - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
      }
    }
  }
}

/**
 * Adam (lr 1e-3, β 0.9/0.999, ε 1e-8, optional coupled L2 `weightDecay`), PyTorch's update rule.
 *
 * @example
 * const opt = createAdam(net.parameters(), { lr: 1e-3 });
 */
export function createAdam(params: readonly Param[], options: AdamOptions = {}): Optimizer {
  return new AdamOptimizer(params, options, false);
}

/**
 * AdamW: Adam with decoupled weight decay (default 0.01): x ← x·(1 − lr·wd) before the Adam step.
 *
 * @example
 * const opt = createAdamW(params, { lr: 1e-3, weightDecay: 0.01 });
 */
export function createAdamW(params: readonly Param[], options: AdamOptions = {}): Optimizer {
  return new AdamOptimizer(params, options, true);
}

/** Scale all gradients so their global L2 norm is at most `maxNorm`; returns the norm before. */
export function clipGradNorm(params: readonly Param[], maxNorm: number): number {
  let s = 0;
  for (const p of params) {
    const g = p.grad;
    for (let i = 0; i < g.length; i++) s += (g[i] as number) * (g[i] as number);
  }
  const norm = Math.sqrt(s);
  if (norm > maxNorm && norm > 0) {
    const f = maxNorm / (norm + 1e-6);
    for (const p of params) {
      const g = p.grad;
      for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) * f;
    }
  }
  return norm;
}
