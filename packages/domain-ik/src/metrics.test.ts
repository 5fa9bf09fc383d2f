import { describe, expect, it } from 'vitest';
import type { IkPredictions } from './ik-model.js';
import { ungatedPredictions } from './ik-model.js';
import {
  halfSquaredErrors,
  maskInvariantViolations,
  quantileSorted,
  roundMetric,
  testMetrics,
} from './metrics.js';

/** Six hand-built test samples: buckets, targets, and a gated model's decoded output and masks. */
function handBuilt(): { pred: IkPredictions; target: Float64Array; bucket: number[] } {
  const nan = Number.NaN;
  return {
    bucket: [0, 0, 1, 2, 3, 4],
    target: Float64Array.from([1e7, 0, 100, -50, 3, 4, 0.5, 0.5, 0.1, -0.2, 0.25, 0.125]),
    pred: {
      n: 6,
      // Row 0 bottomed (semantic); row 1 bottomed (fault and semantic); the rest decoded.
      decoded: Float64Array.from([nan, nan, nan, nan, 2, 4, 0.5, 1.5, 0.1, -0.2, 0.25, 0.625]),
      bottom: Uint8Array.from([1, 1, 0, 0, 0, 0]),
      fault: Uint8Array.from([0, 1, 0, 0, 0, 0]),
      semantic: Uint8Array.from([1, 1, 0, 0, 0, 0]),
      gap: Uint8Array.from([0, 0, 1, 0, 0, 0]),
      provenance: Uint8Array.from([2, 3, 0, 0, 0, 0]),
      qAbs: Float64Array.from([1e-8, nan, 5e-5, 0.1, 0.5, 0.9]),
    },
  };
}

describe('IK metrics on hand-built samples', () => {
  it('give ‖Δθ̂ − Δθ‖²/2 per accepted sample, NaN where bottomed', () => {
    const { pred, target } = handBuilt();
    const e = halfSquaredErrors(pred, target);
    expect(Number.isNaN(e[0] as number)).toBe(true);
    expect(Number.isNaN(e[1] as number)).toBe(true);
    expect(Array.from(e.subarray(2))).toEqual([0.5, 0.5, 0, 0.125]);
  });

  it('pin every test metric', () => {
    const { pred, target, bucket } = handBuilt();
    const m = testMetrics(pred, target, bucket);
    expect(m).toEqual({
      mse_valid_only: (0.5 + 0.5 + 0 + 0.125) / 4,
      success_rate: 4 / 6,
      // B0–B2: rows 0, 1 (bottomed), 2 and 3 → mean of 0.5 and 0.5.
      near_pole_mse: 0.5,
      near_pole_success_rate: 2 / 4,
      mse_b0: null,
      count_b0: 0,
      mse_b1: 0.5,
      count_b1: 1,
      mse_b2: 0.5,
      count_b2: 1,
      mse_b3: 0,
      count_b3: 1,
      mse_b4: 0.125,
      count_b4: 1,
      bottom_rate: 2 / 6,
      gap_rate: 1 / 6,
      fault_rate: 1 / 6,
      semantic_bottom_rate: 2 / 6,
      mask_invariant_violations: 0,
    });
    // fault + semantic ≥ bottom: the two overlap on row 1.
    expect((m.fault_rate as number) + (m.semantic_bottom_rate as number)).toBeGreaterThan(
      m.bottom_rate as number,
    );
  });

  it('count every broken mask invariant', () => {
    const { pred } = handBuilt();
    expect(maskInvariantViolations(pred)).toBe(0);
    const broken: IkPredictions = {
      ...pred,
      bottom: Uint8Array.from([0, 1, 0, 0, 0, 1]), // row 0: bottom without …; row 5: bottom on a decoded row
      gap: Uint8Array.from([0, 1, 1, 0, 0, 0]), // row 1: gap on a bottom
      provenance: Uint8Array.from([2, 3, 0, 1, 0, 0]), // row 3: provenance without a bottom
    };
    expect(maskInvariantViolations(broken)).toBe(4);
  });

  it('treat a non-finite baseline output as a fault bottom', () => {
    const pred = ungatedPredictions(
      Float64Array.from([1, 2, Number.POSITIVE_INFINITY, 0, Number.NaN, 1]),
      3,
    );
    expect(Array.from(pred.bottom)).toEqual([0, 1, 1]);
    expect(Array.from(pred.fault)).toEqual([0, 1, 1]);
    expect(Array.from(pred.provenance)).toEqual([0, 1, 1]);
    expect(maskInvariantViolations(pred)).toBe(0);
    const m = testMetrics(pred, Float64Array.from([1, 1, 0, 0, 0, 0]), [4, 4, 0]);
    expect([m.mse_valid_only, m.success_rate, m.fault_rate, m.semantic_bottom_rate]).toEqual([
      0.5,
      1 / 3,
      2 / 3,
      0,
    ]);
  });

  it('take linear-interpolation quantiles (numpy default) and round to 12 digits', () => {
    const xs = [1, 2, 3, 4, 10];
    expect(quantileSorted(xs, 0.5)).toBe(3);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(8.8, 12); // h = 3.8: 4 + 0.8·6
    expect(quantileSorted(xs, 0.99)).toBeCloseTo(9.76, 12);
    expect(quantileSorted(xs, 1)).toBe(10);
    expect(quantileSorted([7], 0.99)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(roundMetric(1 / 3)).toBe(0.333333333333);
    expect(roundMetric(null)).toBeNull();
  });
});
