import { describe, expect, it } from 'vitest';
import { createRandomStream } from './random-stream.js';
import { tQuantile } from './student-t.js';
import { compareUnpaired, unpairedPermutationP } from './two-sample.js';

/** Brute force: every n_a-subset of the pooled values, |mean difference| ≥ observed. */
function bruteForceP(a: readonly number[], b: readonly number[]): number {
  const all = [...a, ...b];
  const N = all.length;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const observed = Math.abs(mean([...a]) - mean([...b]));
  let ge = 0;
  let total = 0;
  for (let mask = 0; mask < 2 ** N; mask++) {
    let bits = 0;
    for (let i = 0; i < N; i++) if (mask & (1 << i)) bits++;
    if (bits !== a.length) continue;
    const first = all.filter((_, i) => mask & (1 << i));
    const second = all.filter((_, i) => !(mask & (1 << i)));
    total++;
    if (Math.abs(mean(first) - mean(second)) >= observed * (1 - 1e-12)) ge++;
  }
  return ge / total;
}

describe('unpairedPermutationP', () => {
  it('gives a complete separation of 3 vs 3 exactly 2/C(6,3) = 1/10, two-sided', () => {
    const r = unpairedPermutationP([1, 2, 3], [4, 5, 6]);
    expect(r).toEqual({ p: 2 / 20, method: 'exact', permGe: 2, permTotal: 20 });
  });

  it('gives a clean shift of 5 vs 5 exactly 2/252', () => {
    const r = unpairedPermutationP([1.1, 1.2, 1.3, 1.4, 1.5], [0.1, 0.2, 0.3, 0.4, 0.5]);
    expect([r.p, r.method, r.permGe, r.permTotal]).toEqual([2 / 252, 'exact', 2, 252]);
  });

  it('counts ties as reaching the observed difference: equal samples give p = 1', () => {
    expect(unpairedPermutationP([0.3, 0.3, 0.3], [0.3, 0.3, 0.3, 0.3]).p).toBe(1);
    // {1, 2} vs {3, 4} and every split with the same |Δ|: 2 of C(4, 2) = 6 reach |Δ| = 2.
    expect(unpairedPermutationP([1, 2], [3, 4]).p).toBe(2 / 6);
  });

  it('equals a brute-force enumeration on unequal group sizes', () => {
    const stream = createRandomStream('two-sample-test');
    for (const [nA, nB] of [
      [3, 5],
      [4, 4],
      [6, 3],
      [2, 7],
    ] as const) {
      const a = Array.from({ length: nA }, () => stream.normal(0.3, 1));
      const b = Array.from({ length: nB }, () => stream.normal(0, 1));
      expect(unpairedPermutationP(a, b).p).toBe(bruteForceP(a, b));
    }
  });

  it('agrees with the exact p by Monte Carlo within its bound, reproducibly', () => {
    const a = [1.1, 0.2, 1.3, 0.9, 1.5, 0.7];
    const b = [0.1, 0.8, 0.3, 0.4, 0.5, 0.2];
    const exact = unpairedPermutationP(a, b);
    const mc = unpairedPermutationP(a, b, { exactMaxSplits: 0, nPerm: 20_000 });
    expect(mc.method).toBe('monte-carlo');
    expect(exact.permTotal).toBe(924);
    const se = Math.sqrt((exact.p * (1 - exact.p)) / 20_000);
    expect(Math.abs(mc.p - exact.p)).toBeLessThan(4 * se + 1 / 20_001);
    expect(unpairedPermutationP(a, b, { exactMaxSplits: 0, nPerm: 20_000 })).toEqual(mc);
  });
});

describe('compareUnpaired', () => {
  it('gives the difference of means, the Welch interval and pooled d in closed form', () => {
    // Δ = 2 − 5 = −3; s² = 1 each, se = √(1/3 + 1/3), Welch df = (2/3)² / (2·(1/3)²/2) = 4.
    const r = compareUnpaired([1, 2, 3], [4, 5, 6]);
    expect(r.meanDelta).toBe(-3);
    expect(r.welchDf).toBeCloseTo(4, 12);
    const half = tQuantile(0.975, 4) * Math.sqrt(2 / 3);
    expect(r.ci95[0]).toBeCloseTo(-3 - half, 12);
    expect(r.ci95[1]).toBeCloseTo(-3 + half, 12);
    expect(r.pooledSd).toBe(1);
    expect(r.cohenD).toBe(-3);
    expect(r.p).toBe(0.1);
  });

  it('uses the Welch–Satterthwaite df when the variances differ', () => {
    // a: [0, 2] s² = 2, n 2 → q = 1; b: [0, 0, 3, 3] s² = 3, n 4 → q = 0.75.
    const r = compareUnpaired([0, 2], [0, 0, 3, 3]);
    const df = 1.75 ** 2 / (1 ** 2 / 1 + 0.75 ** 2 / 3);
    expect(r.welchDf).toBeCloseTo(df, 12);
    expect(r.ci95[1] - r.meanDelta).toBeCloseTo(tQuantile(0.975, df) * Math.sqrt(1.75), 12);
    // Pooled: (1·2 + 3·3) / 4 = 2.75.
    expect(r.pooledSd).toBeCloseTo(Math.sqrt(2.75), 14);
  });

  it('gives constant samples a zero-width interval and no d', () => {
    const r = compareUnpaired([0.5, 0.5, 0.5], [0.25, 0.25]);
    expect(r.ci95).toEqual([0.25, 0.25]);
    expect(Number.isNaN(r.cohenD)).toBe(true);
    expect(r.p).toBe(1 / 10);
  });
});
