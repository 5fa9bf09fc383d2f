import { describe, expect, it } from 'vitest';
import { createMatrix } from './matrix.js';
import { RationalEps } from './rational-eps.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('RationalEps', () => {
  it('shifts the denominator away from zero on its own side (sgn(0) = +1)', () => {
    const r = new RationalEps(0.1);
    const y = r.forward(
      createMatrix(4, 1, Float64Array.from([1, 1, 1, 2])),
      createMatrix(4, 1, Float64Array.from([0, -0.05, 0.05, -1])),
    );
    expect(Array.from(y.data).map((v) => Number(v.toFixed(12)))).toEqual(
      [10, -1 / 0.15, 1 / 0.15, 2 / -1.1].map((v) => Number(v.toFixed(12))),
    );
    expect(() => new RationalEps(0)).toThrow(/epsilon must be > 0/);
  });

  it.each([1, 3])('passes the gradient check with D of %i column(s)', (dc) => {
    const r = new RationalEps(1e-2);
    const num = createMatrix(5, 3, fillPattern(new Float64Array(15)));
    const den = createMatrix(5, dc, fillPattern(new Float64Array(5 * dc), 0.5, 1));
    const c = fillPattern(new Float64Array(15), 1, 2);
    const loss = () => probe(r.forward(num, den).data, c);
    loss();
    const { dN, dD } = r.backward(createMatrix(5, 3, c));
    const gn = Float64Array.from(dN.data);
    const gd = Float64Array.from(dD.data);
    expect(gradientError(loss, num.data, gn)).toBeLessThan(1e-6);
    expect(gradientError(loss, den.data, gd)).toBeLessThan(1e-6);
  });
});
