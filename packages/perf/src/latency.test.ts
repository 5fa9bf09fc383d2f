import { describe, expect, it } from 'vitest';
import { ratioSpread, summarizeLatencies } from './latency.js';

describe('summarizeLatencies', () => {
  it('gives min, median, p95 (linear interpolation, as numpy.percentile), max and mean', () => {
    // 1…20 shuffled: median (10 + 11) / 2; p95 at 0-based rank 0.95·19 = 18.05 → 19.05.
    const samples = [7, 3, 20, 1, 15, 9, 12, 18, 5, 2, 11, 14, 4, 19, 6, 16, 8, 13, 10, 17];
    expect(summarizeLatencies(samples)).toEqual({
      min: 1,
      p50: 10.5,
      p95: expect.closeTo(19.05, 12),
      max: 20,
      mean: 10.5,
    });
    // Nine samples: the median is the 5th; p95 at rank 0.95·8 = 7.6 → 8 + 0.6 = 8.6.
    const nine = summarizeLatencies([9, 1, 8, 2, 7, 3, 6, 4, 5]);
    expect(nine.p50).toBe(5);
    expect(nine.p95).toBeCloseTo(8.6, 12);
    expect(summarizeLatencies([2.5])).toEqual({
      min: 2.5,
      p50: 2.5,
      p95: 2.5,
      max: 2.5,
      mean: 2.5,
    });
  });

  it('refuses an empty sample list', () => {
    expect(() => summarizeLatencies([])).toThrow('summarizeLatencies: no samples');
  });
});

describe('ratioSpread', () => {
  it('pairs samples by position', () => {
    expect(ratioSpread([2, 6, 4], [1, 2, 4])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
  });
});
