import { describe, expect, it } from 'vitest';
import { RF_SMOKE_CONFIG } from './config.js';
import { logGrid, peakGrid } from './grid.js';
import { analyzeTrace, type Trace } from './peaks.js';
import { resonatorDenominator, resonatorResponse } from './resonator.js';

const rules = RF_SMOKE_CONFIG.eval;
const W0 = 1.3;
const Q = 50;
const grid = peakGrid(W0, Q, RF_SMOKE_CONFIG.data, rules);

/** A trace of the resonator (w0, q) on the grid, plus optional extra response and masks. */
function traceOf(
  w0: number,
  q: number,
  extra: (w: number) => [number, number] = () => [0, 0],
  bottom: (w: number) => boolean = () => false,
): Trace {
  const re: number[] = [];
  const im: number[] = [];
  const qAbs: number[] = [];
  for (const w of grid.omega) {
    const [a, b] = resonatorResponse(w, w0, q);
    const [c, d] = extra(w);
    re.push(a + c);
    im.push(b + d);
    const [dr, di] = resonatorDenominator(w, w0, q);
    qAbs.push(Math.hypot(dr, di));
  }
  return {
    omega: grid.omega,
    onLogGrid: grid.onLogGrid,
    re,
    im,
    qAbs,
    bottom: Array.from(grid.omega, (w) => (bottom(w) ? 1 : 0)),
  };
}

describe('peak analysis on hand-built traces (§5.3)', () => {
  it('a retained peak: the true resonator reaches Q at ω0 and invents nothing', () => {
    const a = analyzeTrace(traceOf(W0, Q), W0, Q, rules);
    expect(a.band).toBe('resonance');
    expect(a.retained).toBe(true);
    // ω0 is on the grid, so the band peak is at least |H(jω0)| = Q, at most the true maximum.
    expect(a.peak?.magnitude).toBeGreaterThanOrEqual(Q - 1e-9);
    expect(a.peak?.magnitude).toBeLessThanOrEqual(Q / Math.sqrt(1 - 1 / (4 * Q * Q)) + 1e-9);
    expect(a.invented_peaks).toEqual([]);
    expect(a.peak_on_edge).toBe(false);
    // |Q(jω)| is smallest at the resonance; the −3 dB share of the log axis is about 1/Q per decade.
    expect(Math.abs(a.denominator?.offset_decades ?? 1)).toBeLessThan(0.002);
    expect(a.denominator?.on_edge).toBe(false);
    expect(a.denominator?.near_min_fraction).toBeGreaterThan(0);
    expect(a.denominator?.near_min_fraction).toBeLessThan(0.01);
  });

  it('a washed-out peak: a Q = 10 response peaks at about 10 < 0.5·50 in the band', () => {
    const a = analyzeTrace(traceOf(W0, 10), W0, Q, rules);
    expect(a.retained).toBe(false);
    expect(a.peak?.magnitude).toBeCloseTo(10, 1);
    expect(a.invented_peaks).toEqual([]);
  });

  it('a peak at the right height but 0.1 decades off is a washout too', () => {
    // A Q = 50 resonance at 1.26·ω0 leaves only its skirt in the ±2ω0/Q band.
    const a = analyzeTrace(traceOf(W0 * 1.26, Q), W0, Q, rules);
    expect(a.retained).toBe(false);
    expect(a.peak?.magnitude).toBeLessThan(0.5 * Q);
  });

  it('bottom points have no value: a band with only bottoms has no peak', () => {
    const a = analyzeTrace(
      traceOf(W0, Q, undefined, (w) => Math.abs(w - W0) <= (2 * W0) / Q),
      W0,
      Q,
      rules,
    );
    expect(a.peak).toBeNull();
    expect(a.retained).toBe(false);
  });

  it('an invented peak: a bump of 5 at ω = 4, where |H| ≈ 0.12, far from the resonance', () => {
    const bump = (w: number) => resonatorResponse(w, 4, 5);
    const a = analyzeTrace(traceOf(W0, Q, bump), W0, Q, rules);
    expect(a.retained).toBe(true);
    expect(a.invented_peaks).toHaveLength(1);
    const p = a.invented_peaks[0];
    // A Q = 5 bump peaks at 4·√(1 − 1/50) ≈ 3.96, within a grid step (0.004 decades) of it.
    expect(Math.abs(Math.log10((p?.omega ?? 0) / (4 * Math.sqrt(1 - 1 / 50))))).toBeLessThan(0.005);
    expect(p?.magnitude).toBeGreaterThan(4.9);
    expect(p?.true_magnitude).toBeCloseTo(
      Math.hypot(...resonatorResponse(p?.omega ?? 0, W0, Q)),
      12,
    );
  });

  it('no invented peak for a bump below 2, or one within 3× the true |H|', () => {
    const small = (w: number) => {
      const [re, im] = resonatorResponse(w, 4, 5);
      return [0.25 * re, 0.25 * im] as [number, number];
    };
    expect(analyzeTrace(traceOf(W0, Q, small), W0, Q, rules).invented_peaks).toEqual([]);
    // Far below a Q = 30 resonance at ω0 = 5 the response is ≈ 1: a real bump on top of it at
    // ω = 0.15 gives |Ĥ| ≈ 1 + height, invented only once that is ≥ 3× the true |H| ≈ 1.
    const bump = (height: number) => (w: number) =>
      [height * Math.exp(-((Math.log10(w / 0.15) / 0.02) ** 2)), 0] as [number, number];
    const below = analyzeTrace(traceOf(5, 30, bump(1.5)), 5, 30, rules);
    expect(below.invented_peaks).toEqual([]);
    const above = analyzeTrace(traceOf(5, 30, bump(2.5)), 5, 30, rules);
    expect(above.invented_peaks).toHaveLength(1);
    expect(above.invented_peaks[0]?.magnitude).toBeCloseTo(3.5, 1);
  });

  it('a peak at a sweep edge: a response rising to ω_max, a denominator falling to it', () => {
    const omega = logGrid(0.1, 10, 64);
    const t: Trace = {
      omega,
      re: Array.from(omega),
      im: Array.from(omega, () => 0),
      bottom: Array.from(omega, () => 0),
      qAbs: Array.from(omega, (w) => 1 / w),
    };
    const a = analyzeTrace(t, 9.5, 3, rules);
    expect(a.peak_on_edge).toBe(true);
    expect(a.denominator?.on_edge).toBe(true);
    expect(a.denominator?.omega).toBe(10);
    expect(a.denominator?.offset_decades).toBeCloseTo(Math.log10(10 / 9.5), 12);
    // A monotone rise is no local maximum, so no invented peak either.
    expect(a.invented_peaks).toEqual([]);
  });

  it('falls back to the ⅓-octave band when the resonance band holds no grid point', () => {
    const omega = [0.5, 0.9, 1.05, 2];
    const t: Trace = {
      omega,
      re: [1, 2, 60, 1],
      im: [0, 0, 0, 0],
      bottom: [0, 0, 0, 0],
      qAbs: null,
    };
    const a = analyzeTrace(t, 1, 100, rules);
    expect(a.band).toBe('third_octave');
    // 0.9 and 1.05 lie within 2^(±1/6) ≈ [0.891, 1.122]; the peak is at 1.05, retained (≥ 50).
    expect(a.peak).toEqual({ index: 2, omega: 1.05, magnitude: 60 });
    expect(a.retained).toBe(true);
    expect(a.denominator).toBeNull();
  });
});
