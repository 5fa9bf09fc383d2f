import { describe, expect, it } from 'vitest';
import { Dense, initForActivation } from './dense.js';
import { createMatrix } from './matrix.js';
import { createRng } from './rng.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('Dense', () => {
  it('computes x·W + b', () => {
    const layer = new Dense(2, 3, createRng(0), { init: 'zeros' });
    layer.weight.value.set([1, 2, 3, 4, 5, 6]);
    layer.bias.value.set([0.5, -0.5, 1]);
    const y = layer.forward(createMatrix(1, 2, Float64Array.from([1, -1])));
    expect(Array.from(y.data)).toEqual([1 - 4 + 0.5, 2 - 5 - 0.5, 3 - 6 + 1]);
  });

  it('initialises by activation with the expected scale, deterministically', () => {
    expect(initForActivation('relu')).toBe('he');
    expect(initForActivation('tanh')).toBe('glorot');
    const he = new Dense(200, 100, createRng(1), { init: 'he' });
    const again = new Dense(200, 100, createRng(1), { init: 'he' });
    expect(Array.from(again.weight.value)).toEqual(Array.from(he.weight.value));
    let s2 = 0;
    for (const v of he.weight.value) s2 += v * v;
    expect(Math.sqrt(s2 / he.weight.value.length)).toBeCloseTo(Math.sqrt(2 / 200), 2);
    const gl = new Dense(200, 100, createRng(1), { init: 'glorot' });
    const lim = Math.sqrt(6 / 300);
    expect(Math.max(...gl.weight.value.map(Math.abs))).toBeLessThanOrEqual(lim);
    expect(Array.from(gl.bias.value).every((v) => v === 0)).toBe(true);
  });

  it('passes the finite-difference gradient check for W, b and x', () => {
    const layer = new Dense(5, 4, createRng(2), { init: 'glorot' });
    layer.bias.value.set([0.1, -0.2, 0.3, 0.05]);
    // 6 rows: exercises both the 4-row blocked path and the remainder.
    const x = createMatrix(6, 5, fillPattern(new Float64Array(30)));
    const c = fillPattern(new Float64Array(24), 1, 4);
    const loss = () => probe(layer.forward(x).data, c);
    layer.forward(x);
    const dx = Float64Array.from(layer.backward(createMatrix(6, 4, c)).data);
    const gw = Float64Array.from(layer.weight.grad);
    const gb = Float64Array.from(layer.bias.grad);
    expect(gradientError(loss, layer.weight.value, gw)).toBeLessThan(1e-6);
    expect(gradientError(loss, layer.bias.value, gb)).toBeLessThan(1e-6);
    expect(gradientError(loss, x.data, dx)).toBeLessThan(1e-6);
  });

  it('accumulates gradients over backward calls', () => {
    const layer = new Dense(3, 2, createRng(3));
    const x = createMatrix(2, 3, fillPattern(new Float64Array(6)));
    const g = createMatrix(2, 2, fillPattern(new Float64Array(4)));
    layer.forward(x);
    layer.backward(g);
    const once = Float64Array.from(layer.weight.grad);
    layer.forward(x);
    layer.backward(g);
    expect(layer.weight.grad[0]).toBeCloseTo(2 * (once[0] as number), 14);
  });

  it('rejects an input of the wrong width', () => {
    const layer = new Dense(3, 2, createRng(3));
    expect(() => layer.forward(createMatrix(1, 4))).toThrow(/expected 3/);
  });
});
