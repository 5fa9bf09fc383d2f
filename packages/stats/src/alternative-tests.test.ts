import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  globalTTest,
  perSlotBinomialTest,
  signFlipCountTest,
} from './alternative-tests.js';
import { createRandomStream } from './random-stream.js';
import type { RegressionSlotInput } from './slot-matrix.js';
import { tQuantile } from './student-t.js';

/** Slots whose goodness differences (current − baseline) are the columns of `d` (seeds × slots). */
function fromDiffs(d: number[][]): RegressionSlotInput[] {
  return d[0]!.map((_, k) => ({
    metric: 'acc',
    step: k,
    baseline: d.map(() => 1),
    current: d.map((row) => 1 + row[k]!),
  }));
}

describe('globalTTest', () => {
  it('pools every difference: t = −0.5·√(6/1.1) on a 3 × 2 table, df 5', () => {
    // Differences −1, −2, 0, −1, 1, 0: mean −0.5, SS 5.5, sd √1.1, t = mean/(sd/√6).
    const r = globalTTest({
      slots: fromDiffs([
        [-1, -2],
        [0, -1],
        [1, 0],
      ]),
    });
    expect(Math.abs(r.statistic / (-0.5 * Math.sqrt(6 / 1.1)) - 1)).toBeLessThan(1e-14);
    // scipy.stats.t.cdf(t, 5) = 0.14777932236726427; t_crit(0.05, 5) = −2.015048373333024.
    expect(Math.abs(r.p / 0.14777932236726427 - 1)).toBeLessThan(1e-12);
    expect([r.regressed, r.method]).toEqual([false, 'closed-form']);
  });
});

describe('binomialUpperTail', () => {
  it('is the closed-form tail Σ_{i≥k} C(K,i) q^i (1−q)^{K−i}', () => {
    expect(binomialUpperTail(2, 3, 0.05)).toBeCloseTo(3 * 0.05 ** 2 * 0.95 + 0.05 ** 3, 16);
    expect(binomialUpperTail(0, 200, 0.05)).toBe(1);
    expect(binomialUpperTail(201, 200, 0.05)).toBe(0);
    expect(Math.abs(binomialUpperTail(200, 200, 0.5) / 0.5 ** 200 - 1)).toBeLessThan(1e-12);
    // scipy.stats.binomtest(17, 200, 0.05, alternative='greater').pvalue
    expect(Math.abs(binomialUpperTail(17, 200, 0.05) / 0.023799459747172708 - 1)).toBeLessThan(
      1e-12,
    );
  });
});

describe('perSlotBinomialTest', () => {
  it('counts slots with t < t_crit and tests the count against Bin(K, alpha)', () => {
    // Slot 0 drops on every seed (t = −∞ would need zero variance; here t ≈ −9.8), slots 1–2 do not.
    const d = [
      [-1, 0.1, -0.2],
      [-1.1, -0.1, 0.3],
      [-0.9, 0.2, -0.1],
      [-1.05, 0, 0],
      [-0.95, -0.2, 0.1],
    ];
    const r = perSlotBinomialTest({ slots: fromDiffs(d) });
    expect(r.statistic).toBe(1);
    expect(r.p).toBeCloseTo(1 - 0.95 ** 3, 15);
    expect(r.regressed).toBe(false);
  });
});

describe('signFlipCountTest', () => {
  it('matches a brute-force enumeration of all 2ⁿ sign patterns', () => {
    const r0 = createRandomStream('count-brute');
    const n = 7;
    const K = 5;
    const d = Array.from({ length: n }, () =>
      Array.from({ length: K }, (_, k) => r0.normal(k < 2 ? -1.2 : 0, 1)),
    );
    const tCrit = tQuantile(0.05, n - 1);
    const flagged = (rows: number[][]) => {
      let c = 0;
      for (let k = 0; k < K; k++) {
        const xs = rows.map((row) => row[k]!);
        const m = xs.reduce((a, b) => a + b, 0) / n;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
        if (m / (sd / Math.sqrt(n)) < tCrit) c++;
      }
      return c;
    };
    const observed = flagged(d);
    let ge = 0;
    for (let mask = 0; mask < 2 ** n; mask++) {
      const flipped = d.map((row, s) => row.map((x) => ((mask >> s) & 1 ? -x : x)));
      if (flagged(flipped) >= observed) ge++;
    }
    const r = signFlipCountTest({ slots: fromDiffs(d) }, { nPerm: 4096 });
    expect([r.method, r.statistic, r.p]).toEqual(['exact', observed, ge / 2 ** n]);
    expect(observed).toBeGreaterThan(0);
  });

  it('agrees with the exact p on the Monte-Carlo path within its error bound', () => {
    const r0 = createRandomStream('count-mc');
    const d = Array.from({ length: 12 }, () =>
      Array.from({ length: 6 }, (_, k) => r0.normal(k === 0 ? -0.5 : 0, 1)),
    );
    const exact = signFlipCountTest({ slots: fromDiffs(d) });
    const mc = signFlipCountTest({ slots: fromDiffs(d) }, { nPerm: 1000, seed: 3 });
    expect([exact.method, mc.method]).toEqual(['exact', 'monte-carlo']);
    const p = exact.p;
    expect(Math.abs(mc.p - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / 1000) + 2 / 1001);
  });
});
