import { describe, expect, it } from 'vitest';
import {
  peakFrequency,
  peakMagnitude,
  phaseDifferenceDeg,
  resonatorDenominator,
  resonatorMagnitude,
  resonatorResponse,
} from './resonator.js';

describe('the resonator H(s) = ω0² / (s² + (ω0/Q)s + ω0²)', () => {
  it.each([
    [0.5, 2],
    [1.7, 12],
    [5, 200],
  ])('H(jω0) = −jQ, so |H(jω0)| = Q and the phase is −90° (ω0 = %f, Q = %f)', (w0, q) => {
    const [re, im] = resonatorResponse(w0, w0, q);
    expect(re).toBeCloseTo(0, 12);
    expect(im).toBeCloseTo(-q, 9);
    expect(resonatorMagnitude(w0, w0, q)).toBeCloseTo(q, 9);
    expect(phaseDifferenceDeg([re, im], [1, 0])).toBeCloseTo(-90, 9);
  });

  it.each([0.75, 1, 2, 30, 200])(
    'peaks at ω0·√(1 − 1/(2Q²)) with height Q/√(1 − 1/(4Q²)) for Q = %f > 1/√2',
    (q) => {
      const w0 = 1.3;
      const wp = peakFrequency(w0, q);
      const hp = peakMagnitude(q);
      expect(wp).toBeCloseTo(w0 * Math.sqrt(1 - 1 / (2 * q * q)), 15);
      expect(resonatorMagnitude(wp, w0, q)).toBeCloseTo(hp, 9);
      // A maximum: every neighbour within ±1e-4 relative is lower.
      for (const f of [1 - 1e-4, 1 - 1e-6, 1 + 1e-6, 1 + 1e-4])
        expect(resonatorMagnitude(wp * f, w0, q)).toBeLessThan(hp);
    },
  );

  it('below Q = 1/√2 the magnitude falls from the DC gain 1', () => {
    expect(peakFrequency(1, 0.5)).toBe(0);
    expect(peakMagnitude(0.5)).toBe(1);
    expect(resonatorMagnitude(1e-9, 1, 0.5)).toBeCloseTo(1, 12);
    expect(resonatorMagnitude(0.5, 1, 0.5)).toBeLessThan(1);
  });

  it('is the monic denominator [ω0², ω0/Q, 1] evaluated at jω', () => {
    const [dr, di] = resonatorDenominator(0.3, 2, 8);
    expect([dr, di]).toEqual([4 - 0.09, (0.3 * 2) / 8]);
    const [re, im] = resonatorResponse(0.3, 2, 8);
    const m = dr * dr + di * di;
    expect(re).toBeCloseTo((4 * dr) / m, 15);
    expect(im).toBeCloseTo((-4 * di) / m, 15);
  });

  it('wraps phase differences into (−180°, 180°]', () => {
    const at = (deg: number): [number, number] => [
      Math.cos((deg * Math.PI) / 180),
      Math.sin((deg * Math.PI) / 180),
    ];
    expect(phaseDifferenceDeg(at(170), at(-170))).toBeCloseTo(-20, 10);
    expect(phaseDifferenceDeg(at(-170), at(170))).toBeCloseTo(20, 10);
    expect(phaseDifferenceDeg([-1, 0], [1, 0])).toBe(180);
    expect(phaseDifferenceDeg([-1, -0], [1, 0])).toBe(180);
  });
});
