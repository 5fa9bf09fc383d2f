import { describe, expect, it } from 'vitest';
import { summarize } from './statistics.js';

describe('summarize', () => {
  it('keeps a fraction’s interval in [0, 1] and says how it was computed', () => {
    const rate = summarize([0, 0, 0.01, null, 0, 0.02], 'fraction');
    expect([rate.n, rate.ci95_method, rate.ci95?.[0]]).toEqual([5, 'student-t-in-range', 0]);
    // The upper end is the t-interval's: mean 0.006 + t(0.975, 4)·sd/√5.
    expect(rate.ci95?.[1]).toBeCloseTo(
      0.006 + (2.7764451051977934 * Math.sqrt(0.00008)) / Math.sqrt(5),
      12,
    );
    // scipy: t.ppf(0.975, 2)·0.1/√3 = 0.24841377117503302.
    const loss = summarize([0.5, 0.7, 0.6], 'loss');
    expect([loss.ci95_method, loss.ci95?.[0]]).toEqual([
      'student-t',
      expect.closeTo(0.6 - 0.24841377117503302, 11),
    ]);
    const one = summarize([0.2], 'fraction');
    expect([one.ci95, 'ci95_method' in one]).toEqual([null, false]);
  });
});
