import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from './bootstrap.js';
import {
  comparePaired,
  describeValues,
  signFlipPValue,
  signTestP,
  wilcoxonSignedRankP,
} from './paired.js';
import { createRandomStream } from './random-stream.js';

describe('describeValues', () => {
  it('matches the closed-form summary and scipy t.interval for 1..5', () => {
    const s = describeValues([5, 1, 4, 2, 3]);
    expect([s.n, s.mean, s.median, s.min, s.max]).toEqual([5, 3, 3, 1, 5]);
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 14);
    // scipy.stats.t.interval(0.95, 4, loc=3, scale=sem) = (1.0367568385224428, 4.963243161477557)
    expect(s.ci95[0]).toBeCloseTo(1.0367568385224428, 12);
    expect(s.ci95[1]).toBeCloseTo(4.963243161477557, 12);
    expect(s.ci95Method).toBe('student-t');
  });

  it('keeps a fraction’s interval in [0, 1]: the t-interval intersected with the range', () => {
    // Issue 19's cases: a rate near 0 and an F1 near 1 over 5 seeds; t(0.975, 4) = 2.7764451051977934.
    const t4 = 2.7764451051977934;
    for (const [values, lo, hi] of [
      [[0, 0, 0.01, 0, 0.02], 0, 0.006 + (t4 * Math.sqrt(0.00032 / 4)) / Math.sqrt(5)],
      [[0.95, 1, 0.9, 1, 0.98], 0.966 - (t4 * Math.sqrt(0.00712 / 4)) / Math.sqrt(5), 1],
    ] as const) {
      const plain = describeValues(values);
      const inRange = describeValues(values, { range: [0, 1] });
      expect(plain.ci95[0] < 0 || plain.ci95[1] > 1).toBe(true);
      expect(inRange.ci95Method).toBe('student-t-in-range');
      expect(inRange.ci95[0]).toBeCloseTo(lo, 12);
      expect(inRange.ci95[1]).toBeCloseTo(hi, 12);
    }
    // A value outside the declared range: the range does not hold, so the plain interval stays.
    expect(describeValues([0.5, 1.2], { range: [0, 1] }).ci95Method).toBe('student-t');
  });

  it('covers a rate’s mean as often as the t-interval, more than a percentile bootstrap at 5 seeds', () => {
    // 600 simulated 5-seed runs of a rate with seed-to-seed spread, Beta(2, 38) (mean 0.05).
    const r = createRandomStream('coverage');
    const gamma = (k: number) => {
      let s = 0;
      for (let i = 0; i < k; i++) s -= Math.log(1 - r.uniform());
      return s;
    };
    const beta = (a: number, b: number) => {
      const x = gamma(a);
      return x / (x + gamma(b));
    };
    let inRange = 0;
    let boot = 0;
    let outside = 0;
    const sims = 600;
    for (let i = 0; i < sims; i++) {
      const v = Array.from({ length: 5 }, () => beta(2, 38));
      const [lo, hi] = describeValues(v, { range: [0, 1] }).ci95;
      if (lo <= 0.05 && 0.05 <= hi) inRange++;
      const [bl, bh] = bootstrapMeanInterval(v, { resamples: 1000, seed: i });
      if (bl <= 0.05 && 0.05 <= bh) boot++;
      if (describeValues(v).ci95[0] < 0) outside++;
    }
    // Monte-Carlo error of a coverage near 0.9 over 600 runs: √(0.09/600) = 0.012.
    expect({
      inRange: inRange / sims,
      boot: boot / sims,
      outside: outside / sims,
    }).toMatchInlineSnapshot(`
      {
        "boot": 0.8016666666666666,
        "inRange": 0.9083333333333333,
        "outside": 0.17333333333333334,
      }
    `);
    expect(inRange / sims).toBeGreaterThan(0.88);
    expect(boot / sims).toBeLessThan(inRange / sims - 0.05);
  });
});

describe('paired tests', () => {
  it('gives exact Wilcoxon p on enumerable cases (scipy values)', () => {
    // W+ = 13 of 15; P(W+ ≥ 13) = 3/32, two-sided 6/32.
    expect(wilcoxonSignedRankP([1, -2, 3, 4, 5])).toBe(0.1875);
    expect(wilcoxonSignedRankP([1, -2, 3, 4, 5, -6, 7, 8, 9, 10, -11, 12])).toBeCloseTo(
      0.12939453125,
      14,
    );
  });

  it('gives exact sign-test p (scipy binomtest)', () => {
    expect(signTestP(5, 0)).toBe(0.0625);
    expect(signTestP(2, 10)).toBeCloseTo(0.03857421875, 14);
    expect(signTestP(0, 0)).toBe(1);
  });

  it('enumerates the sign-flip p exactly: only ±identity reach |Σd| for a clean shift', () => {
    expect(signFlipPValue([1, 2, 3, 4, 5])).toEqual({ p: 2 / 32, method: 'exact' });
    expect(signFlipPValue([0, 0, 0])).toEqual({ p: 1, method: 'exact' });
  });

  it('gives one-sided sign-flip p by enumeration (Σd over the 8 patterns of [1, −2, 3])', () => {
    // Flipped sums: 6, 0, 2, −4, 4, −2, 0, −6; observed Σd = 2.
    expect(signFlipPValue([1, -2, 3], { alternative: 'less' }).p).toBe(6 / 8);
    expect(signFlipPValue([1, -2, 3], { alternative: 'greater' }).p).toBe(3 / 8);
    expect(signFlipPValue([-1, -2, -3, -4, -5], { alternative: 'less' }).p).toBe(1 / 32);
    expect(signFlipPValue([-1, -2, -3, -4, -5], { alternative: 'greater' }).p).toBe(1);
  });

  it('compares two runs by seed: wins, d_z, agreement and interval', () => {
    const a = [0.9, 0.85, 0.88, 0.92, 0.87];
    const b = [0.8, 0.86, 0.8, 0.9, 0.87];
    const c = comparePaired(a, b);
    const deltas = a.map((x, i) => x - b[i]!);
    const m = deltas.reduce((x, y) => x + y) / 5;
    const sd = Math.sqrt(deltas.reduce((acc, d) => acc + (d - m) ** 2, 0) / 4);
    expect([c.wins, c.losses, c.ties, c.n]).toEqual([3, 1, 1, 5]);
    expect(c.meanDelta).toBeCloseTo(m, 15);
    expect(c.cohenDz).toBeCloseTo(m / sd, 12);
    expect(c.sdDelta).toBeCloseTo(sd, 15);
    expect(c.cohenDz).toBe(c.meanDelta / c.sdDelta);
    expect(c.signAgreement).toBe(0.6);
    expect(c.ci95[1] - c.meanDelta).toBeCloseTo((2.7764451051977934 * sd) / Math.sqrt(5), 12);
    expect(c.signFlipMethod).toBe('exact');
  });

  it('uses a seeded Monte-Carlo sign-flip p above exactMaxN that agrees with enumeration', () => {
    const r = createRandomStream('paired-mc');
    const d = Array.from({ length: 16 }, () => r.normal(0.2, 1));
    const exact = signFlipPValue(d).p;
    const mc = signFlipPValue(d, { exactMaxN: 10, nPerm: 20_000, seed: 3 });
    expect(mc.method).toBe('monte-carlo');
    expect(Math.abs(mc.p - exact)).toBeLessThan(
      4 * Math.sqrt((exact * (1 - exact)) / 20_000) + 1e-4,
    );
  });
});
