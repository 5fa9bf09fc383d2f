import { createBuffer, type Matrix } from './matrix.js';

/** A trainable tensor: its value, its accumulated gradient (same length) and its logical shape. */
export interface Param {
  name: string;
  value: Float64Array;
  grad: Float64Array;
  shape: number[];
}

/** Options of a forward pass; `train` is false at inference. */
export interface ForwardOptions {
  train?: boolean;
}

/**
 * A layer with manual backprop. `forward` caches what `backward` needs and returns a buffer
 * the module owns and reuses on the next call of the same batch size (copy it to keep it);
 * the input must stay unchanged until `backward`. `backward(dOut)` accumulates parameter
 * gradients (`+=`) and returns dLoss/dInput.
 */
export interface Module {
  forward(x: Matrix, opts?: ForwardOptions): Matrix;
  backward(dOut: Matrix): Matrix;
  parameters(): Param[];
}

/** Create a parameter with a zero gradient; the value is zero-filled unless given. */
export function createParam(name: string, shape: number[], value?: Float64Array): Param {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    name,
    value: value ?? createBuffer(size),
    grad: createBuffer(size),
    shape: [...shape],
  };
}

/** Total number of scalar parameters (for protocol v1 parameter matching). */
export function countParameters(source: Module | readonly Param[]): number {
  const params = Array.isArray(source) ? source : (source as Module).parameters();
  let n = 0;
  for (const p of params as readonly Param[]) n += p.value.length;
  return n;
}

/** Set every gradient to zero (call before each backward pass; gradients accumulate). */
export function zeroGrad(params: readonly Param[]): void {
  for (const p of params) p.grad.fill(0);
}
