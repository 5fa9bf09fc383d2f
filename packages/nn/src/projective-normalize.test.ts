import { describe, expect, it } from 'vitest';
import { createMatrix } from './matrix.js';
import { ProjectiveNormalize } from './projective-normalize.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('ProjectiveNormalize', () => {
  it('puts each row on the unit sphere and keeps P/Q', () => {
    const norm = new ProjectiveNormalize();
    const p = createMatrix(2, 2, Float64Array.from([3, 0, 1e-200, -2e-200]));
    const q = createMatrix(2, 1, Float64Array.from([4, 2e-200]));
    const out = norm.forward({ p, q });
    expect(Array.from(out.p.data.subarray(0, 2))).toEqual([0.6, 0]);
    expect(out.q.data[0]).toBe(0.8);
    expect(out.norm[0]).toBe(5);
    expect((out.p.data[3] as number) / (out.q.data[1] as number)).toBeCloseTo(-1, 12);
    const zero = norm.forward({ p: createMatrix(1, 2), q: createMatrix(1, 1) });
    expect(Array.from(zero.p.data)).toEqual([0, 0]);
  });

  it('passes the gradient check', () => {
    const norm = new ProjectiveNormalize();
    const n = 4;
    const p = createMatrix(n, 2, fillPattern(new Float64Array(n * 2), 1.3, 1));
    const q = createMatrix(n, 1, fillPattern(new Float64Array(n), 0.8, 2));
    const cp = fillPattern(new Float64Array(n * 2), 1, 3);
    const cq = fillPattern(new Float64Array(n), 1, 4);
    const loss = () => {
      const out = norm.forward({ p, q });
      return probe(out.p.data, cp) + probe(out.q.data, cq);
    };
    loss();
    const back = norm.backward(createMatrix(n, 2, cp), createMatrix(n, 1, cq));
    const dp = Float64Array.from(back.p.data);
    const dq = Float64Array.from(back.q.data);
    expect(gradientError(loss, p.data, dp)).toBeLessThan(1e-8);
    expect(gradientError(loss, q.data, dq)).toBeLessThan(1e-8);
  });
});
