import { describe, expect, it } from 'vitest';
import { mseLoss } from './losses.js';
import { createMatrix } from './matrix.js';
import { countParameters, zeroGrad } from './module.js';
import { createAdam } from './optimizer.js';
import { createRng } from './rng.js';
import { mlp } from './sequential.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('mlp', () => {
  it('counts parameters', () => {
    const net = mlp([4, 64, 64, 2], 'relu', createRng(0));
    expect(countParameters(net)).toBe(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
    expect(countParameters(net.parameters())).toBe(4610);
    expect(net.parameters().map((p) => p.name)).toEqual([
      'mlp.0.weight',
      'mlp.0.bias',
      'mlp.1.weight',
      'mlp.1.bias',
      'mlp.2.weight',
      'mlp.2.bias',
    ]);
  });

  it.each(['silu', 'tanh', 'softplus'] as const)(
    'a %s network passes the finite-difference gradient check for every parameter and the input',
    (act) => {
      const net = mlp([3, 7, 6, 2], act, createRng(5), { outputActivation: 'tanh' });
      const x = createMatrix(5, 3, fillPattern(new Float64Array(15)));
      const c = fillPattern(new Float64Array(10), 1, 2);
      const loss = () => probe(net.forward(x).data, c);
      net.forward(x);
      zeroGrad(net.parameters());
      const dx = Float64Array.from(net.backward(createMatrix(5, 2, c)).data);
      for (const p of net.parameters()) {
        expect(gradientError(loss, p.value, Float64Array.from(p.grad))).toBeLessThan(1e-6);
      }
      expect(gradientError(loss, x.data, dx)).toBeLessThan(1e-6);
    },
  );

  it('fits sin on [-π, π] to MSE < 1e-3 within 1000 full-batch Adam steps', () => {
    const n = 128;
    const x = createMatrix(n, 1);
    const y = createMatrix(n, 1);
    for (let i = 0; i < n; i++) {
      x.data[i] = -Math.PI + (2 * Math.PI * i) / (n - 1);
      y.data[i] = Math.sin(x.data[i] as number);
    }
    const net = mlp([1, 32, 32, 1], 'tanh', createRng('sin'));
    const opt = createAdam(net.parameters(), { lr: 1e-2 });
    let last = Number.POSITIVE_INFINITY;
    for (let s = 0; s < 1000; s++) {
      zeroGrad(net.parameters());
      const { value, grad } = mseLoss(net.forward(x, { train: true }), y);
      net.backward(grad);
      opt.step();
      last = value;
    }
    const final = mseLoss(net.forward(x), y).value;
    expect(last).toBeLessThan(1e-3);
    expect(final).toBeLessThan(1e-3);
  });
});
