import { createMatrix, type Matrix } from '@zpbench/nn';
import type { IkSamples } from './generator.js';

/** Number of input features every learned model sees. */
export const N_FEATURES = 6;

/** Names of the input features, in column order. */
export const FEATURE_NAMES = ['sin θ1', 'cos θ1', 'sin θ2', 'cos θ2', 'dx/s', 'dy/s'] as const;

/** The raw model inputs [θ1, θ2, dx, dy] of a batch of queries (the 4 → 2 map of §6.1). */
export interface IkQueries {
  readonly n: number;
  readonly theta1: ArrayLike<number>;
  readonly theta2: ArrayLike<number>;
  readonly dx: ArrayLike<number>;
  readonly dy: ArrayLike<number>;
}

/**
 * The input encoding shared by every learned model (protocol v1: same inputs for all methods):
 * φ = [sin θ1, cos θ1, sin θ2, cos θ2, dx/s, dy/s] with s the generator's displacement scale, so
 * every feature is O(1) and the joint angles enter through the functions the kinematics is built
 * from (a 2π-periodic encoding; the raw angles' wrap at ±π would otherwise be a discontinuity).
 */
export function encodeFeatures(q: IkQueries, displacementScale: number): Matrix {
  const x = createMatrix(q.n, N_FEATURES);
  const d = x.data;
  for (let i = 0; i < q.n; i++) {
    const a = q.theta1[i] as number;
    const b = q.theta2[i] as number;
    const o = i * N_FEATURES;
    d[o] = Math.sin(a);
    d[o + 1] = Math.cos(a);
    d[o + 2] = Math.sin(b);
    d[o + 3] = Math.cos(b);
    d[o + 4] = (q.dx[i] as number) / displacementScale;
    d[o + 5] = (q.dy[i] as number) / displacementScale;
  }
  return x;
}

/** The queries of `indices` of a dataset's samples. */
export function queriesOf(s: IkSamples, indices: ArrayLike<number>): IkQueries {
  const pick = (col: Float64Array) => Float64Array.from(indices, (i) => col[i] as number);
  return {
    n: indices.length,
    theta1: pick(s.theta1),
    theta2: pick(s.theta2),
    dx: pick(s.dx),
    dy: pick(s.dy),
  };
}

/** The targets [dθ1, dθ2] of `indices`, n × 2 row-major. */
export function targetsOf(s: IkSamples, indices: ArrayLike<number>): Float64Array {
  const y = new Float64Array(indices.length * 2);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    y[2 * r] = s.dtheta1[i] as number;
    y[2 * r + 1] = s.dtheta2[i] as number;
  }
  return y;
}
