import { createRng } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { Mlp } from './mlp.js';

describe('Mlp adapter', () => {
  it('backward matches central finite differences of a quadratic loss, and flat parameters round-trip', () => {
    const net = new Mlp([3, 4, 4, 2], createRng('mlp-test'));
    const x = new Float64Array([0.3, -0.2, 0.9, -0.7, 0.1, 0.4]);
    const target = [0.5, -1, 0.2, 0.3];
    const loss = () =>
      net.forward(x, 2).output.reduce((s, v, i) => s + 0.5 * (v - (target[i] as number)) ** 2, 0);
    const cache = net.forward(x, 2);
    net.zeroGrad();
    net.backward(
      cache,
      cache.output.map((v, i) => v - (target[i] as number)),
    );
    const grads = net.paramList.flatMap((p) => Array.from(p.grad));
    const flat = net.flatParams();
    const h = 1e-6;
    for (let k = 0; k < flat.length; k += 5) {
      const at = (d: number) => {
        net.setFlatParams(flat.map((v, j) => (j === k ? v + d : v)));
        return loss();
      };
      expect(grads[k]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 6);
    }
    net.setFlatParams(flat);
    expect(new Mlp([3, 4, 4, 2], createRng('other'), flat).forward(x, 2).output).toEqual(
      net.forward(x, 2).output,
    );
    expect(net.forward(x, 2).features).toHaveLength(8);
  });
});
