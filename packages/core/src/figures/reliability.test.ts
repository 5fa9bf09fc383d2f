import { describe, expect, it } from 'vitest';
import {
  addReliabilityBins,
  binReliability,
  createReliabilitySpec,
  expectedCalibrationError,
} from './reliability.js';

describe('reliability bins', () => {
  it('bin scores into equal-width bins with the last edge closed, clamping out-of-range scores', () => {
    const bins = binReliability(
      [0, 0.1, 0.49, 0.5, 0.99, 1, -3, 7, Number.NaN],
      [1, 0, 1, 1, 0, 1, 0, 1, 0],
      2,
    );
    expect(bins).toEqual([
      { lo: 0, hi: 0.5, count: 5, score_sum: 0.59, positives: 2 },
      { lo: 0.5, hi: 1, count: 4, score_sum: 3.49, positives: 3 },
    ]);
  });

  it('add up over seeds and give the expected calibration error', () => {
    const a = binReliability([0.1, 0.9], [0, 1], 2);
    const b = binReliability([0.3, 0.7, 0.8], [1, 1, 0], 2);
    const sum = addReliabilityBins(a, b);
    expect(sum.map((x) => [x.count, x.positives])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    // Bin 0: observed 1/2, mean score 0.2 → 0.3; bin 1: observed 2/3, mean 0.8 → 2/15.
    expect(expectedCalibrationError(sum)).toBeCloseTo((2 / 5) * 0.3 + (3 / 5) * (2 / 15), 15);
    expect(expectedCalibrationError(binReliability([], [], 4))).toBeNull();
    expect(() => addReliabilityBins(a, binReliability([], [], 3))).toThrow(RangeError);
  });

  it('build a vega-lite spec with the diagonal, the non-empty bins and the ECE in the legend', () => {
    const spec = createReliabilitySpec({
      series: { gate: binReliability([0.1, 0.9, 0.95], [0, 1, 1], 4) },
      scoreTitle: 'p(event)',
      outcomeTitle: 'observed rate',
    }) as { vconcat: { layer?: { data: { values: Record<string, unknown>[] } }[] }[] };
    const layers = spec.vconcat[0]?.layer ?? [];
    expect(layers.map((l) => (l as { mark: { type: string } }).mark.type)).toEqual([
      'line',
      'line',
      'point',
    ]);
    expect(layers[0]?.data.values).toEqual([
      { mean_score: 0, observed_rate: 0 },
      { mean_score: 1, observed_rate: 1 },
    ]);
    expect(layers[1]?.data.values).toEqual([
      { series: 'gate (ECE 0.083)', lo: 0, hi: 0.25, count: 1, mean_score: 0.1, observed_rate: 0 },
      {
        series: 'gate (ECE 0.083)',
        lo: 0.75,
        hi: 1,
        count: 2,
        mean_score: 0.925,
        observed_rate: 1,
      },
    ]);
  });
});
