import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  candidatesFrom,
  type PointMetrics,
  selectPreset,
} from './operating-points.js';
import type { SweepPoint } from './sweep.js';

const point = (tau: number | null, fp: number, fn: number, f1: number): SweepPoint => ({
  tau,
  accept_rate: 0.5,
  bottom_rate: 0.5,
  false_in_range_rate_on_censored: fp,
  false_censored_rate_on_in_range: fn,
  macro_f1: f1,
  finite_mae: 3,
  direction_only_macro_f1_on_censored: 0.9,
  fault_rate: 0,
  semantic_bottom_rate: 0.5,
  bottom_cost: 0.25,
});

describe('operating points', () => {
  it('averages sweeps over seeds and picks presets by their fixed cost rules', () => {
    const candidates = candidatesFrom({
      scm: [
        [point(0.3, 0.2, 0.1, 0.8), point(0.7, 0.02, 0.3, 0.7)],
        [point(0.3, 0.2, 0.1, 0.8), point(0.7, 0.04, 0.3, 0.7)],
      ],
      rational_eps: [[point(null, 0.5, 0.05, 0.6)], [point(null, 0.5, 0.05, 0.6)]],
    });
    expect(candidates.map((c) => [c.model, c.tau])).toEqual([
      ['rational_eps', null],
      ['scm', 0.3],
      ['scm', 0.7],
    ]);
    const scm07 = candidates[2] as Candidate;
    expect((scm07.metrics as PointMetrics).false_in_range_rate_on_censored).toBeCloseTo(0.03, 12);
    // safety: 0.8·0.03 + 0.2·0.3 = 0.084 < 0.8·0.2 + 0.2·0.1 = 0.18
    expect(selectPreset(candidates, 'safety_first')).toMatchObject({ model: 'scm', tau: 0.7 });
    // accuracy: scm@0.3 0.2·0.2 + 0.8·0.1 = 0.12 < rational 0.2·0.5 + 0.8·0.05 = 0.14
    expect(selectPreset(candidates, 'accuracy_first')).toMatchObject({ model: 'scm', tau: 0.3 });
    expect(selectPreset(candidates, 'direction_aware')).toMatchObject({ model: 'scm', tau: 0.3 });
  });
});
