import { describe, expect, it } from 'vitest';
import { dominates, nondominated, PARETO_FRONTS } from './pareto.js';

describe('nondominated', () => {
  const objectives = PARETO_FRONTS.safety_vs_accuracy ?? [];
  const pts = [
    {
      model: 'a',
      metrics: { false_in_range_rate_on_censored: 0.1, false_censored_rate_on_in_range: 0.3 },
    },
    {
      model: 'b',
      metrics: { false_in_range_rate_on_censored: 0.4, false_censored_rate_on_in_range: 0.1 },
    },
    {
      model: 'c',
      metrics: { false_in_range_rate_on_censored: 0.5, false_censored_rate_on_in_range: 0.2 },
    },
    {
      model: 'd',
      metrics: { false_in_range_rate_on_censored: 0.1, false_censored_rate_on_in_range: 0.3 },
    },
  ];

  it('keeps the trade-off points and drops the dominated one; equal points do not dominate each other', () => {
    expect(nondominated(pts, objectives)).toEqual(['a', 'b', 'd']);
    expect(dominates(pts[1]!, pts[2]!, objectives)).toBe(true);
    expect(dominates(pts[0]!, pts[3]!, objectives)).toBe(false);
  });

  it('respects higher-is-better objectives', () => {
    const o = PARETO_FRONTS.safety_vs_coverage ?? [];
    const a = { model: 'a', metrics: { false_in_range_rate_on_censored: 0.1, accept_rate: 0.5 } };
    const b = { model: 'b', metrics: { false_in_range_rate_on_censored: 0.1, accept_rate: 0.6 } };
    expect(nondominated([a, b], o)).toEqual(['b']);
  });
});
