import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from './bootstrap.js';

describe('bootstrapMeanInterval', () => {
  it('is [v, v] for constant values and [a, b] for two values (closed form)', () => {
    expect(bootstrapMeanInterval([0.3, 0.3, 0.3])).toEqual([0.3, 0.3]);
    // Means of two draws from {a, b}: a, (a+b)/2, b with probabilities 1/4, 1/2, 1/4.
    expect(bootstrapMeanInterval([0.1, 0.5])).toEqual([0.1, 0.5]);
  });

  it('matches the exact bootstrap distribution of four values', () => {
    const v = [0, 0.1, 0.3, 0.7];
    // All 4⁴ equally likely resamples; the inverse-CDF quantiles at 2.5% and 97.5%.
    const means: number[] = [];
    for (let m = 0; m < 256; m++) {
      means.push((v[m & 3]! + v[(m >> 2) & 3]! + v[(m >> 4) & 3]! + v[(m >> 6) & 3]!) / 4);
    }
    means.sort((a, b) => a - b);
    const q = (p: number) => means[Math.ceil(p * 256) - 1]!;
    // 2.5% of 256 = 6.4: the 7th smallest; 97.5% = 249.6: the 250th.
    const [lo, hi] = bootstrapMeanInterval(v, { resamples: 20_000 });
    expect([lo, hi]).toEqual([q(0.025), q(0.975)].map((x) => expect.closeTo(x, 12)));
  });

  it('stays inside [min, max] and is deterministic for a seed', () => {
    const v = [0, 0, 0.01, 0, 0.02];
    const a = bootstrapMeanInterval(v);
    expect(a[0]).toBe(0);
    expect(a[1]).toBeLessThanOrEqual(0.02);
    expect(bootstrapMeanInterval(v)).toEqual(a);
  });
});
