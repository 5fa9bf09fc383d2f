import { describe, expect, it } from 'vitest';
import type { RfSplit } from './generator.js';
import { computeRfMetrics, LEGACY_METRIC_KEYS, quantile, RF_METRICS } from './metrics.js';
import type { RfPredictions } from './models/rf-model.js';
import type { PeakAnalysis } from './peaks.js';

/** Two filters of two points: filter 0 in band (Q = 10), filter 1 in extrapolation (Q = 100). */
const split: RfSplit = {
  name: 'test',
  nFilters: 2,
  pointsPerFilter: 2,
  n: 4,
  w0: Float64Array.from([1, 2]),
  q: Float64Array.from([10, 100]),
  omega: Float64Array.from([0.5, 1, 1, 2]),
  x: new Float64Array(12),
  // y per point: 1, j, −1, −j.
  y: Float64Array.from([1, 0, 0, 1, -1, 0, 0, -1]),
};

const analysis = (retained: boolean, invented: number): PeakAnalysis => ({
  peak: null,
  band: 'resonance',
  retained,
  invented_peaks: Array.from({ length: invented }, (_, i) => ({
    index: i,
    omega: 5,
    magnitude: 3,
    true_magnitude: 0.1,
  })),
  peak_on_edge: false,
  denominator: null,
});

function predictions(p: Partial<RfPredictions>): RfPredictions {
  return {
    re: Float64Array.from([1, 0, -1, 0]),
    im: Float64Array.from([0, 1, 0, -1]),
    bottom: new Uint8Array(4),
    trigger: new Uint8Array(4),
    qAbs: null,
    ...p,
  };
}

const metricsOf = (p: Partial<RfPredictions>, peaks = [analysis(true, 0), analysis(true, 0)]) =>
  computeRfMetrics({
    test: split,
    inBand: Int32Array.from([0]),
    extrapolation: Int32Array.from([1]),
    predictions: predictions(p),
    peaks,
  });

describe('RF metrics on hand-built predictions (§5.3)', () => {
  it('are zero error, full coverage and perfect retention for the exact response', () => {
    const m = metricsOf({});
    expect(m).toMatchObject({
      in_band_mse: 0,
      extrapolation_mse: 0,
      mse_valid_only: 0,
      coverage_rate: 1,
      strict_trigger_rate: 0,
      phase_error_in_band_deg: 0,
      phase_error_extrapolation_deg: 0,
      peak_retention_yield: 1,
      peak_retention_yield_in_band: 1,
      false_peak_hallucination_rate: 0,
      denominator_min_abs_overall: null,
      denominator_min_abs_p01: null,
    });
  });

  it('MSE is ‖ŷ − y‖²/2 and phase error |wrap(Δ arg)| on accepted points only', () => {
    // Point 0 predicted 1 + j (error j: ‖·‖²/2 = 0.5, 45°); point 3 bottom (excluded).
    const m = metricsOf({
      re: Float64Array.from([1, 0, -1, 99]),
      im: Float64Array.from([1, 1, 0, 99]),
      bottom: Uint8Array.from([0, 0, 0, 1]),
      trigger: Uint8Array.from([0, 0, 0, 1]),
    });
    expect(m.in_band_mse).toBeCloseTo(0.25, 12);
    expect(m.extrapolation_mse).toBe(0);
    expect(m.mse_valid_only).toBeCloseTo(0.5 / 3, 12);
    expect(m.phase_error_in_band_deg).toBeCloseTo(22.5, 10);
    expect(m.phase_error_extrapolation_deg).toBe(0);
    expect(m.coverage_rate).toBe(0.75);
    expect(m.strict_trigger_rate).toBe(0.25);
    expect(m.strict_trigger_rate_in_band).toBe(0);
    expect(m.strict_trigger_rate_extrapolation).toBe(0.5);
  });

  it('phase error wraps: −179° against 179° is 2°', () => {
    const d = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
    const [a, b] = [d(-179), d(179)];
    const m = computeRfMetrics({
      test: {
        ...split,
        y: Float64Array.from([...(b as number[]), ...(b as number[]), 1, 0, 1, 0]),
      },
      inBand: Int32Array.from([0]),
      extrapolation: Int32Array.from([1]),
      predictions: predictions({
        re: Float64Array.from([a[0] as number, a[0] as number, 1, 1]),
        im: Float64Array.from([a[1] as number, a[1] as number, 0, 0]),
      }),
      peaks: [analysis(true, 0), analysis(true, 0)],
    });
    expect(m.phase_error_in_band_deg).toBeCloseTo(2, 9);
  });

  it('denominator statistics: min overall and per subset, p01 and median of per-filter minima', () => {
    const m = metricsOf({ qAbs: Float64Array.from([0.4, 0.2, 3, 5]) });
    expect(m.denominator_min_abs_overall).toBe(0.2);
    expect(m.denominator_min_abs_in_band).toBe(0.2);
    expect(m.denominator_min_abs_extrapolation).toBe(3);
    // Per-filter minima [0.2, 3]: median 1.6, p01 = 0.2 + 0.01·2.8.
    expect(m.denominator_min_abs_median).toBeCloseTo(1.6, 12);
    expect(m.denominator_min_abs_p01).toBeCloseTo(0.228, 12);
  });

  it('peak retention counts extrapolation filters; invented peaks count every test filter', () => {
    const m = metricsOf({}, [analysis(false, 2), analysis(false, 0)]);
    expect(m.peak_retention_yield).toBe(0);
    expect(m.peak_retention_yield_in_band).toBe(0);
    expect(m.false_peak_hallucination_rate).toBe(0.5);
  });

  it('records the legacy keys beside their canonical twins', () => {
    const m = metricsOf({ bottom: Uint8Array.from([1, 0, 0, 0]) });
    expect(LEGACY_METRIC_KEYS).toEqual({
      peak_success_rate: 'peak_retention_yield',
      success_rate: 'coverage_rate',
    });
    expect(m.success_rate).toBe(m.coverage_rate);
    expect(m.success_rate).toBe(0.75);
    expect(m.peak_success_rate).toBe(m.peak_retention_yield);
    // Every declared metric is present, and nothing else but the legacy keys.
    expect(Object.keys(m).sort()).toEqual(
      [...RF_METRICS.map((d) => d.key), ...Object.keys(LEGACY_METRIC_KEYS)].sort(),
    );
  });

  it('quantile interpolates linearly between order statistics', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNull();
  });
});
