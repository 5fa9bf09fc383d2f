import { describe, expect, it } from 'vitest';
import { createMatrix } from './matrix.js';
import { RationalDivide } from './rational-divide.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

describe('RationalDivide', () => {
  it('divides element-wise and is bottom (0) where |Q| < ε or a value is not finite', () => {
    const div = new RationalDivide(1e-12);
    const p = createMatrix(3, 2, Float64Array.from([1, 2, 3, 4, Number.NaN, 6]));
    const q = createMatrix(
      3,
      2,
      Float64Array.from([2, -4, 1e-13, 0.5, 1, Number.POSITIVE_INFINITY]),
    );
    const { y, bottom } = div.forward(p, q);
    expect(Array.from(y.data)).toEqual([0.5, -0.5, 0, 8, 0, 0]);
    expect(Array.from(bottom)).toEqual([0, 0, 1, 0, 1, 1]);
  });

  it('an overflowing quotient of finite values is bottom, never an infinity', () => {
    const div = new RationalDivide(0);
    const { y, bottom } = div.forward(
      createMatrix(1, 1, Float64Array.from([1e300])),
      createMatrix(1, 1, Float64Array.from([1e-300])),
    );
    expect([y.data[0], bottom[0]]).toEqual([0, 1]);
  });

  it.each([1, 3])('passes the gradient check with Q of %i column(s), zero at bottom', (qCols) => {
    const div = new RationalDivide(0.05);
    const n = 5;
    const p = createMatrix(n, 3, fillPattern(new Float64Array(n * 3), 1.3));
    // Denominators away from ε except one, which stays bottom under the ±h probes.
    const q = createMatrix(n, qCols, fillPattern(new Float64Array(n * qCols), 0.9, 0.7));
    for (let k = 0; k < q.data.length; k++)
      q.data[k] = (q.data[k] as number) + Math.sign(q.data[k] as number) * 0.2;
    q.data[qCols] = 0.01;
    const c = fillPattern(new Float64Array(n * 3), 1, 5);
    const loss = () => probe(div.forward(p, q).y.data, c);
    loss();
    const { dP, dQ } = div.backward(createMatrix(n, 3, c));
    expect(gradientError(loss, p.data, Float64Array.from(dP.data))).toBeLessThan(1e-7);
    expect(gradientError(loss, q.data, Float64Array.from(dQ.data))).toBeLessThan(1e-7);
    // Row 1's denominator (all of it when shared, its first column otherwise) is below ε.
    const zeroed = Array.from(dP.data.subarray(3, 6)).map((g) => g === 0);
    expect(zeroed).toEqual(qCols === 1 ? [true, true, true] : [true, false, false]);
  });
});
