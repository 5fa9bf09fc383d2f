import { describe, expect, it } from 'vitest';
import {
  type ActivationName,
  createActivation,
  inverseSoftplus,
  sigmoid,
  softplus,
} from './activations.js';
import { createMatrix } from './matrix.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

const KINDS: ActivationName[] = ['relu', 'silu', 'tanh', 'softplus', 'linear'];

describe('activations', () => {
  it('computes known values', () => {
    const x = createMatrix(1, 3, Float64Array.from([-2, 0.5, 3]));
    expect(Array.from(createActivation('relu').forward(x).data)).toEqual([0, 0.5, 3]);
    expect(createActivation('silu').forward(x).data[2]).toBeCloseTo(3 / (1 + Math.exp(-3)), 15);
    expect(createActivation('tanh').forward(x).data[0]).toBeCloseTo(Math.tanh(-2), 15);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(softplus(inverseSoftplus(0.37))).toBeCloseTo(0.37, 14);
  });

  it.each(KINDS)('%s passes the finite-difference gradient check', (kind) => {
    // Keep inputs away from the ReLU kink at 0.
    const x = createMatrix(4, 5, fillPattern(new Float64Array(20), 2));
    for (let i = 0; i < 20; i++) if (Math.abs(x.data[i] as number) < 0.05) x.data[i] = 0.3;
    const c = fillPattern(new Float64Array(20), 1, 5);
    const act = createActivation(kind);
    act.forward(x);
    const dx = act.backward(createMatrix(4, 5, c));
    const analytic = Float64Array.from(dx.data);
    const err = gradientError(
      () => probe(createActivation(kind).forward(x).data, c),
      x.data,
      analytic,
    );
    expect(err).toBeLessThan(1e-6);
  });
});
