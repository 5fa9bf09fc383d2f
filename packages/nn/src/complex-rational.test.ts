import { describe, expect, it } from 'vitest';
import { inverseSoftplus } from './activations.js';
import { ComplexRationalHead, decodeSharedDenominator } from './complex-rational.js';
import { createMatrix } from './matrix.js';
import { fillPattern, gradientError, probe } from './testing/grad-check.js';

/** Coefficient row of the resonator H(s) = w0² / (s² + (w0/Q)s + w0²). */
function resonatorRow(w0: number, q: number, positive: boolean): number[] {
  const b = [w0 * w0, w0 / q];
  return [w0 * w0, 0, 0, ...(positive ? b.map(inverseSoftplus) : b)];
}

describe('ComplexRationalHead', () => {
  it.each([false, true])(
    'reproduces the resonator closed forms (positive denominator %s)',
    (positive) => {
      const w0 = 1.7;
      const q = 12;
      const peakW = w0 * Math.sqrt(1 - 1 / (2 * q * q));
      const head = new ComplexRationalHead({
        degreeP: 2,
        degreeQ: 2,
        positiveDenominator: positive,
      });
      const row = resonatorRow(w0, q, positive);
      const coeffs = createMatrix(3, 5, Float64Array.from([...row, ...row, ...row]));
      const out = head.forward(coeffs, Float64Array.from([w0, peakW, 0.3]));
      // H(j·w0) = −jQ.
      expect(out.h.data[0]).toBeCloseTo(0, 10);
      expect(out.h.data[1]).toBeCloseTo(-q, 10);
      // Peak magnitude Q / √(1 − 1/(4Q²)).
      expect(Math.hypot(out.h.data[2] as number, out.h.data[3] as number)).toBeCloseTo(
        q / Math.sqrt(1 - 1 / (4 * q * q)),
        9,
      );
      // Direct evaluation at ω = 0.3.
      const w = 0.3;
      const dr = w0 * w0 - w * w;
      const di = (w * w0) / q;
      const m = dr * dr + di * di;
      expect(out.h.data[4]).toBeCloseTo((w0 * w0 * dr) / m, 12);
      expect(out.h.data[5]).toBeCloseTo((-w0 * w0 * di) / m, 12);
      expect(out.qAbs.data[2]).toBeCloseTo(Math.sqrt(m), 12);
      expect(Array.from(out.bottom)).toEqual([0, 0, 0]);
    },
  );

  it('flags bottom and outputs 0 where |Q| < ε (a pole on the jω axis)', () => {
    // Q(s) = s² + 1 vanishes at ω = 1 exactly.
    const head = new ComplexRationalHead({ degreeP: 0, degreeQ: 2, epsilon: 1e-8 });
    const out = head.forward(
      createMatrix(2, 3, Float64Array.from([1, 1, 0, 1, 1, 0])),
      Float64Array.from([1, 2]),
    );
    expect(Array.from(out.bottom)).toEqual([1, 0]);
    expect(out.h.data[0]).toBe(0);
    expect(out.h.data[1]).toBe(0);
    expect(out.h.data[2]).toBeCloseTo(1 / (1 - 4), 14);
  });

  it.each([
    [true, false],
    [true, true],
    [false, false],
    [false, true],
  ])(
    'monic %s, positive %s: passes the gradient check through H, payload and |Q|²',
    (monic, positive) => {
      const head = new ComplexRationalHead({
        degreeP: 3,
        degreeQ: 2,
        monic,
        positiveDenominator: positive,
        qCoeffMin: 0.1,
      });
      const n = 4;
      const coeffs = createMatrix(
        n,
        head.coefficientCount,
        fillPattern(new Float64Array(n * head.coefficientCount), 0.8),
      );
      const omega = Float64Array.from([0.5, 0.9, 1.4, 2.1]);
      const c1 = fillPattern(new Float64Array(2 * n), 1, 1);
      const c2 = fillPattern(new Float64Array(2 * n), 0.5, 2);
      const c3 = fillPattern(new Float64Array(n), 0.3, 3);
      const loss = () => {
        const o = head.forward(coeffs, omega);
        return probe(o.h.data, c1) + probe(o.num.data, c2) + probe(o.den.data, c3);
      };
      loss();
      const g = head.backward({
        dH: createMatrix(n, 2, c1),
        dNum: createMatrix(n, 2, c2),
        dDen: createMatrix(n, 1, c3),
      });
      expect(gradientError(loss, coeffs.data, Float64Array.from(g.data))).toBeLessThan(1e-6);
    },
  );
});

describe('decodeSharedDenominator', () => {
  it('decodes H = P·conj(Q)/|Q|² with the gate on |Q|, also where |Q|² < τ ≤ |Q|', () => {
    // Q(s) = s² + b1·s + 1 at ω = 1 is j·b1, so |Q| = b1 exactly.
    const head = new ComplexRationalHead({ degreeP: 0, degreeQ: 2, epsilon: 1e-12 });
    const rows = [
      [1, 1, 1e-3], // |Q| = 1e-3: |Q|² = 1e-6 < τ = 1e-5 ≤ |Q|, accepted
      [1, 1, 1e-7], // |Q| = 1e-7 < τ: semantic bottom
      [2, 1, 0.5],
    ];
    const out = head.forward(
      createMatrix(3, 3, Float64Array.from(rows.flat())),
      Float64Array.from([1, 1, 1]),
    );
    const d = decodeSharedDenominator(out, { tauInfer: 1e-5, tauTrain: 1e-2 });
    // H = a0 / (j·b1) = −j·a0/b1.
    expect(d.decoded.data[0]).toBeCloseTo(0, 9);
    expect(d.decoded.data[1]).toBeCloseTo(-1e3, 9);
    expect(Number.isNaN(d.decoded.data[2])).toBe(true);
    expect(d.decoded.data[5]).toBeCloseTo(-4, 12);
    expect(Array.from(d.bottom)).toEqual([0, 1, 0]);
    expect(Array.from(d.semantic)).toEqual([0, 1, 0]);
    expect(Array.from(d.fault)).toEqual([0, 0, 0]);
    expect(Array.from(d.provenance)).toEqual([0, 2, 0]);
    // gap = ¬bottom ∧ τ_infer ≤ |Q| < τ_train: only the first row.
    expect(Array.from(d.gap)).toEqual([1, 0, 0]);
  });

  it('flags non-finite payloads and overflowing quotients as faults (both bits when also small)', () => {
    const mk = (v: number[]) => createMatrix(v.length / 2, 2, Float64Array.from(v));
    const d = decodeSharedDenominator({
      num: mk([Number.NaN, 0, 1e300, 1e300, Number.POSITIVE_INFINITY, 0]),
      den: createMatrix(3, 1, Float64Array.from([1, 1e-300, 0])),
      qAbs: createMatrix(3, 1, Float64Array.from([1, 1e-150, 0])),
    });
    expect(Array.from(d.fault)).toEqual([1, 0, 1]);
    expect(Array.from(d.semantic)).toEqual([0, 1, 1]);
    expect(Array.from(d.provenance)).toEqual([1, 2, 3]);
    expect(Array.from(d.bottom)).toEqual([1, 1, 1]);
    const overflow = decodeSharedDenominator(
      {
        num: mk([1e300, 0]),
        den: createMatrix(1, 1, Float64Array.from([1e-20])),
        qAbs: createMatrix(1, 1, Float64Array.from([1e-10])),
      },
      { tauInfer: 1e-12 },
    );
    expect([overflow.fault[0], overflow.bottom[0], overflow.decoded.data[0]]).toEqual([
      1,
      1,
      Number.NaN,
    ]);
  });
});
