import { describe, expect, it } from 'vitest';
import { setGemmBackend } from './matrix.js';
import { createParam } from './module.js';
import { clipGradNorm, createAdam, createAdamW } from './optimizer.js';
import { createRng } from './rng.js';

describe('optimizers', () => {
  it('Adam matches the hand-computed PyTorch update for two steps', () => {
    const p = createParam('w', [2], Float64Array.from([1, -1]));
    const opt = createAdam([p]);
    p.grad.set([0.5, -2]);
    opt.step();
    // Step 1: m̂ = g, v̂ = g², update lr·g/(|g| + ε) ≈ lr·sign(g).
    expect(p.value[0]).toBeCloseTo(1 - 1e-3 * (0.5 / (0.5 + 1e-8)), 15);
    expect(p.value[1]).toBeCloseTo(-1 + 1e-3 * (2 / (2 + 1e-8)), 15);
    p.grad.set([1, -2]);
    opt.step();
    const m = 0.9 * 0.1 * 0.5 + 0.1 * 1;
    const v = 0.999 * 0.001 * 0.25 + 0.001 * 1;
    const expected =
      1 -
      1e-3 * (0.5 / (0.5 + 1e-8)) -
      (1e-3 / (1 - 0.81)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expect(p.value[0]).toBeCloseTo(expected, 15);
    expect(opt.stepCount).toBe(2);
  });

  it('AdamW decays weights by (1 − lr·wd) independently of the gradient; Adam L2 goes through it', () => {
    const p = createParam('w', [1], Float64Array.from([2]));
    createAdamW([p]).step();
    expect(p.value[0]).toBe(2 * (1 - 1e-3 * 0.01));
    const q = createParam('w', [1], Float64Array.from([2]));
    createAdam([q], { weightDecay: 0.1 }).step();
    // Gradient 0 + 0.1·2 > 0: a normal Adam step of −lr.
    expect(q.value[0]).toBeCloseTo(2 - 1e-3, 10);
  });

  it('clips the global gradient norm and returns the norm before clipping', () => {
    const a = createParam('a', [2]);
    const b = createParam('b', [1]);
    a.grad.set([3, 0]);
    b.grad.set([4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expect(Math.hypot(a.grad[0]!, a.grad[1]!, b.grad[0]!)).toBeCloseTo(1, 6);
    expect(clipGradNorm([a, b], 10)).toBeCloseTo(1, 6);
  });

  it.each([
    ['Adam with L2', createAdam, { weightDecay: 0.05 }],
    ['AdamW', createAdamW, {}],
  ] as const)(
    '%s on resident parameters (wasm kernel) gives the bits of the JS loop',
    (_, create, options) => {
      // 1031 elements: resident, with an odd tail the JS loop finishes; gradients of every sign
      // and magnitude, zeros included.
      const run = (backend: 'js' | 'auto') => {
        const previous = setGemmBackend(backend);
        try {
          const rng = createRng('adam-wasm');
          const p = createParam('w', [1031]);
          for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal();
          const opt = create([p], { lr: 1e-2, ...options });
          for (let step = 0; step < 5; step++) {
            for (let i = 0; i < p.grad.length; i++) {
              const u = rng.uniform();
              p.grad[i] = u < 0.1 ? 0 : rng.normal() * 10 ** Math.round(rng.uniformRange(-8, 8));
            }
            opt.step();
          }
          return { resident: p.value.buffer instanceof SharedArrayBuffer, value: p.value.slice() };
        } finally {
          setGemmBackend(previous);
        }
      };
      const js = run('js');
      const wasm = run('auto');
      expect([js.resident, wasm.resident]).toEqual([false, true]);
      expect(Buffer.from(wasm.value.buffer).equals(Buffer.from(js.value.buffer))).toBe(true);
    },
  );
});
