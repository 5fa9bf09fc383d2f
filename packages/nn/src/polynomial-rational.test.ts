import { describe, expect, it } from 'vitest';
import { createMatrix } from './matrix.js';
import { zeroGrad } from './module.js';
import { monomialCount, monomialExponents, PolynomialRationalHead } from './polynomial-rational.js';
import { createRng } from './rng.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('monomials', () => {
  it('are enumerated in graded order, each once, C(m + d, d) of them', () => {
    expect(monomialExponents(2, 2)).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [2, 0],
      [1, 1],
      [0, 2],
    ]);
    for (const [m, d] of [
      [6, 3],
      [6, 2],
      [3, 4],
      [1, 5],
    ] as const) {
      const all = monomialExponents(m, d);
      expect(all.length).toBe(monomialCount(m, d));
      expect(new Set(all.map((e) => e.join(','))).size).toBe(all.length);
      const degrees = all.map((e) => e.reduce((a, b) => a + b, 0));
      expect(degrees).toEqual([...degrees].sort((a, b) => a - b));
      expect(Math.max(...degrees)).toBe(d);
    }
    expect([monomialCount(6, 3), monomialCount(6, 2)]).toEqual([84, 28]);
    // Capping two inputs at exponent 1 (sines reduced by sin² + cos² = 1).
    const caps = [1, 9, 1, 9, 9, 9];
    const capped = monomialExponents(6, 3, caps);
    expect(capped.every((e) => (e[0] as number) <= 1 && (e[2] as number) <= 1)).toBe(true);
    expect([monomialCount(6, 3, caps), monomialCount(6, 2, caps)]).toEqual([70, 26]);
  });
});

describe('PolynomialRationalHead', () => {
  it('evaluates hand-set polynomials exactly', () => {
    const head = new PolynomialRationalHead(createRng(0), {
      inputs: 2,
      degreeP: 2,
      degreeQ: 1,
      outputs: 2,
    });
    // Monomials: 1, x, y, x², xy, y². P₀ = 1 + 2xy, P₁ = x² − y², Q = x − 0.5.
    head.pCoef.value.set([1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, -1]);
    head.qCoef.value.set([-0.5, 1, 0]);
    const x = createMatrix(2, 2, Float64Array.from([0.5, 2, -1, 3]));
    const { p, q } = head.forward(x);
    expect(Array.from(p.data)).toEqual([1 + 2 * 0.5 * 2, 0.25 - 4, 1 - 6, 1 - 9]);
    expect(Array.from(q.data)).toEqual([0, -1.5]);
  });

  it('starts with Q ≡ 1', () => {
    const head = new PolynomialRationalHead(createRng(1), { inputs: 3, degreeP: 2, degreeQ: 2 });
    const { q } = head.forward(createMatrix(2, 3, Float64Array.from([0.3, -2, 5, 1, 1, 1])));
    expect(Array.from(q.data)).toEqual([1, 1]);
  });

  it.each([false, true])(
    'passes the gradient check in coefficients and inputs (per-output Q %s)',
    (perOutput) => {
      const head = new PolynomialRationalHead(createRng(2), {
        inputs: 4,
        degreeP: 3,
        degreeQ: 2,
        outputs: 2,
        denominatorPerOutput: perOutput,
      });
      fillPattern(head.qCoef.value, 0.6, 4);
      const n = 5;
      const x = createMatrix(n, 4, fillPattern(new Float64Array(n * 4), 0.9));
      const cp = fillPattern(new Float64Array(n * 2), 1, 1);
      const cq = fillPattern(new Float64Array(n * head.qRows), 1, 2);
      const loss = () => {
        const { p, q } = head.forward(x);
        return probe(p.data, cp) + probe(q.data, cq);
      };
      loss();
      zeroGrad(head.parameters());
      const dx = Float64Array.from(
        head.backward(createMatrix(n, 2, cp), createMatrix(n, head.qRows, cq)).data,
      );
      expect(gradientError(loss, head.pCoef.value, head.pCoef.grad)).toBeLessThan(1e-8);
      expect(gradientError(loss, head.qCoef.value, head.qCoef.grad)).toBeLessThan(1e-8);
      expect(gradientError(loss, x.data, dx)).toBeLessThan(1e-8);
    },
  );

  it('returns a zero input gradient when inputGrad is false', () => {
    const head = new PolynomialRationalHead(createRng(3), {
      inputs: 2,
      degreeP: 2,
      degreeQ: 1,
      inputGrad: false,
    });
    const x = createMatrix(1, 2, Float64Array.from([0.4, 0.7]));
    head.forward(x);
    const dx = head.backward(
      createMatrix(1, 1, Float64Array.of(1)),
      createMatrix(1, 1, Float64Array.of(1)),
    );
    expect(Array.from(dx.data)).toEqual([0, 0]);
    expect(head.pCoef.grad[5]).toBeCloseTo(0.49, 15);
  });
});
