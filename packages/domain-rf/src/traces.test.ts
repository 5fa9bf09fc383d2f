import { describe, expect, it } from 'vitest';
import type { ModelEvaluation } from './evaluate.js';
import { indexBands } from './figures.js';
import type { RfSplit } from './generator.js';
import type { PeakAnalysis } from './peaks.js';
import { representativeFilters, roundTrace, selectFilters, targetedFailures } from './traces.js';

const Q = [5, 40, 120, 60, 10, 180];
const test = { nFilters: 6, q: Float64Array.from(Q), w0: new Float64Array(6).fill(1) } as RfSplit;
const extrapolation = Int32Array.from([1, 2, 3, 5]);

const a = (retained: boolean, ratios: number[] = []): PeakAnalysis => ({
  peak: null,
  band: 'resonance',
  retained,
  invented_peaks: ratios.map((r, i) => ({
    index: i,
    omega: 5,
    magnitude: 2 * r,
    true_magnitude: 2,
  })),
  peak_on_edge: false,
  denominator: null,
});
const evaluation = (peaks: PeakAnalysis[]) => ({ peaks }) as unknown as ModelEvaluation;

describe('qualitative targets', () => {
  it('picks the filter where most baselines fail, preferring a contrast, then severity', () => {
    const evaluations = {
      // claimed: retains 1 and 3, washes out 2 and 5; invents a peak on filter 4.
      scm_transfer: evaluation([a(true), a(true), a(false), a(true), a(true, [4]), a(false)]),
      // baselines wash out 2, 3 and 5; mlp invents on filter 0 (×3), rational on 0 (×9) and 4 (×5).
      mlp: evaluation([a(true, [3]), a(true), a(false), a(false), a(true), a(false)]),
      rational_eps: evaluation([a(true, [9]), a(true), a(false), a(false), a(true, [5]), a(false)]),
    };
    const targets = targetedFailures(
      test,
      extrapolation,
      evaluations,
      ['scm_transfer', 'mlp', 'rational_eps'],
      'scm_transfer',
      1,
    );
    expect(targets).toEqual([
      // Filters 2, 3, 5 each have both baselines washing out; 3 is the one SCM-Transfer retains.
      { kind: 'washout', filter: 3, models: ['mlp', 'rational_eps'] },
      // SCM-Transfer's own washouts are never hidden: its highest-Q one (filter 5, Q = 180).
      { kind: 'washout', filter: 5, models: ['scm_transfer', 'mlp', 'rational_eps'] },
      // Filter 0: two baselines invent a peak and the claimed model does not.
      { kind: 'invented_peak', filter: 0, models: ['mlp', 'rational_eps'] },
      { kind: 'invented_peak', filter: 4, models: ['scm_transfer', 'rational_eps'] },
    ]);
    const selected = selectFilters([1, 4], targets);
    expect(selected).toEqual([
      { filter: 1, selection: ['representative'] },
      {
        filter: 4,
        selection: ['representative', 'invented_peak:scm_transfer', 'invented_peak:rational_eps'],
      },
      { filter: 3, selection: ['washout:mlp', 'washout:rational_eps'] },
      { filter: 5, selection: ['washout:scm_transfer', 'washout:mlp', 'washout:rational_eps'] },
      { filter: 0, selection: ['invented_peak:mlp', 'invented_peak:rational_eps'] },
    ]);
  });

  it('is empty when no baseline fails, and washouts count only extrapolation filters', () => {
    const ok = evaluation(Array.from({ length: 6 }, () => a(true)));
    const inBandMiss = evaluation([a(false), a(true), a(true), a(true), a(false), a(true)]);
    expect(
      targetedFailures(test, extrapolation, { c: ok, b: inBandMiss }, ['c', 'b'], 'c', 1),
    ).toEqual([]);
  });

  it('spreads representatives over Q: the median in-band filter, then extrapolation quantiles', () => {
    const inBand = Int32Array.from([0, 4]);
    expect(representativeFilters(test, { inBand, extrapolation }, 3)).toEqual([0, 2, 5]);
    expect(representativeFilters(test, { inBand, extrapolation }, 2)).toEqual([0, 5]);
    expect(representativeFilters(test, { inBand: new Int32Array(0), extrapolation }, 2)).toEqual([
      2, 5,
    ]);
  });
});

describe('trace helpers', () => {
  it('rounds to significant digits and turns non-finite values into null', () => {
    expect(roundTrace(1.23456789, 4)).toBe(1.235);
    expect(roundTrace(Number.NaN, 4)).toBeNull();
    expect(roundTrace(Number.POSITIVE_INFINITY, 4)).toBeNull();
  });

  it('turns runs of trigger indices into bands widened to the geometric midpoints', () => {
    const omega = [1, 4, 16, 64, 256];
    expect(indexBands([1, 2, 4], omega)).toEqual([
      [2, 32],
      [128, 256],
    ]);
    expect(indexBands([0], omega)).toEqual([[1, 2]]);
    expect(indexBands([], omega)).toEqual([]);
  });
});
