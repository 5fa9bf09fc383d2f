import { describe, expect, it } from 'vitest';
import { headlineRatio, ratioSpread, summarizeLatencies } from './latency.js';

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

describe('headlineRatio', () => {
  it('names the configuration with the highest median ratio and gives its ratio per round', () => {
    // Reference latencies 4, 6, 8 ms; "one" runs 2, 3, 8 ms (ratios 2, 2, 1) and "two"
    // 1, 6, 2 ms (ratios 4, 1, 4): medians 2 and 4, so "two" is the headline.
    const headline = headlineRatio([4, 6, 8], { one: [2, 3, 8], two: [1, 6, 2] });
    expect(headline).toEqual({
      configuration: 'two',
      median: 4,
      min: 1,
      max: 4,
      rounds: 3,
      perRound: [4, 1, 4],
      configurations: { one: { median: 2, min: 1, max: 2 }, two: { median: 4, min: 1, max: 4 } },
    });
  });

  it('keeps the first configuration on a tie and refuses none', () => {
    expect(headlineRatio([2, 2], { a: [1, 1], b: [1, 1] }).configuration).toBe('a');
    expect(() => headlineRatio([1], {})).toThrow('headlineRatio: no configurations');
  });
});
