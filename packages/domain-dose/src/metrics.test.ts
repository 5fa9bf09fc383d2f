import { describe, expect, it } from 'vitest';
import {
  acceptRate,
  bottomRate,
  computeDoseMetrics,
  type DosePredictions,
  directionOnlyMacroF1OnCensored,
  falseCensoredRateOnInRange,
  falseInRangeRateOnCensored,
  faultRate,
  finiteMae,
  gapRate,
  macroF1,
  macroF1ThreeWay,
  predictedClasses,
  semanticBottomRate,
} from './metrics.js';

const N = Number.NaN;
// Hand-built: truth B B R R R A A R; bottoms at 0, 3, 5; direction calls below/above.
const p: DosePredictions = {
  label: [0, 0, 1, 1, 1, 2, 2, 1],
  response: [5, 8, 52, 40, 33, 95, 92, 70],
  decoded: [N, 12, 50, N, 30, N, 85, 70],
  bottom: [1, 0, 0, 1, 0, 1, 0, 0],
  fault: [1, 0, 0, 0, 0, 0, 0, 0],
  semantic: [1, 0, 0, 1, 0, 1, 0, 0],
  gap: [0, 1, 0, 0, 1, 0, 0, 0],
  direction: [0, 2, 0, 2, 0, 2, 0, 0],
};

describe('DOSE metrics on hand-built predictions', () => {
  it('predicts in_range where accepted and the direction call where bottomed', () => {
    expect(Array.from(predictedClasses(p))).toEqual([0, 1, 1, 2, 1, 2, 1, 1]);
  });

  it('macro_f1 = (2/3 + 2/3 + 1/2) / 3 = 11/18', () => {
    // below: TP1 FP0 FN1 → 2/3; in_range: TP3 FP2 FN1 → 6/9; above: TP1 FP1 FN1 → 1/2.
    expect(macroF1ThreeWay(p)).toBeCloseTo(11 / 18, 12);
  });

  it('macro-F1 excludes a class with neither support nor predictions, and is null with none', () => {
    expect(macroF1([1, 1, 1], [1, 1, 1], [0, 1, 2])).toBe(1);
    expect(macroF1([1, 1], [1, 0], [0, 1, 2])).toBeCloseTo((0 + 2 / 3) / 2, 12);
    expect(macroF1([], [], [0, 1, 2])).toBeNull();
  });

  it('finite_mae = (2 + 3 + 0) / 3 over in-range accepted samples, n = 3', () => {
    expect(finiteMae(p)).toEqual({ value: 5 / 3, n: 3 });
  });

  it('false_in_range_rate_on_censored = 2 accepted of 4 censored', () => {
    expect(falseInRangeRateOnCensored(p)).toBe(0.5);
  });

  it('false_censored_rate_on_in_range = 1 bottomed of 4 in-range', () => {
    expect(falseCensoredRateOnInRange(p)).toBe(0.25);
  });

  it('direction_only_macro_f1_on_censored ignores the gate: truth B B A A vs calls B A A B → 0.5', () => {
    expect(directionOnlyMacroF1OnCensored(p)).toBe(0.5);
  });

  it('rates over all inputs: accept 5/8, bottom 3/8, fault 1/8, semantic 3/8, gap 2/8', () => {
    expect(acceptRate(p)).toBe(0.625);
    expect(bottomRate(p)).toBe(0.375);
    expect(faultRate(p)).toBe(0.125);
    expect(semanticBottomRate(p)).toBe(0.375);
    expect(gapRate(p)).toBe(0.25);
    expect(gapRate({ ...p, gap: null })).toBeNull();
  });

  it('conditional rates are null on an empty subset', () => {
    const allInRange: DosePredictions = { ...p, label: [1, 1, 1, 1, 1, 1, 1, 1] };
    expect(falseInRangeRateOnCensored(allInRange)).toBeNull();
    expect(directionOnlyMacroF1OnCensored(allInRange)).toBeNull();
  });

  it('computeDoseMetrics returns every key of the DOSE table', () => {
    const m = computeDoseMetrics(p);
    expect(m.macro_f1).toBeCloseTo(11 / 18, 12);
    expect({ ...m, macro_f1: 0 }).toEqual({
      macro_f1: 0,
      finite_mae: 5 / 3,
      false_in_range_rate_on_censored: 0.5,
      false_censored_rate_on_in_range: 0.25,
      direction_only_macro_f1_on_censored: 0.5,
      accept_rate: 0.625,
      bottom_rate: 0.375,
      fault_rate: 0.125,
      semantic_bottom_rate: 0.375,
      gap_rate: 0.25,
    });
  });
});
