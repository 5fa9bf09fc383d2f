import { describe, expect, it } from 'vitest';
import type { StatsError } from './errors.js';
import { createRandomStream } from './random-stream.js';
import { tQuantile } from './student-t.js';
import {
  binomialCoefficient,
  checkUnpairedRegression,
  type UnpairedSlotInput,
} from './unpaired.js';

/** Straightforward reference: for every split, two-pass means and pooled SS, ±1e9 on sd < 1e-12. */
function referenceCount(slots: UnpairedSlotInput[], alpha: number): { ge: number; total: number } {
  const nb = slots[0]!.baseline.length;
  const nc = slots[0]!.current.length;
  const N = nb + nc;
  const tCrit = tQuantile(alpha, N - 2);
  const g = (metric: string, x: number) => (metric.startsWith('min:') ? -x : x);
  const pooled = slots.map((s) => [...s.baseline, ...s.current].map((x) => g(s.metric, x)));
  const severity = (isCurrent: (s: number) => boolean) => {
    let T = 0;
    for (const values of pooled) {
      const c = values.filter((_, s) => isCurrent(s));
      const b = values.filter((_, s) => !isCurrent(s));
      const mean = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;
      const mc = mean(c);
      const mb = mean(b);
      const ss =
        c.reduce((a, v) => a + (v - mc) ** 2, 0) + b.reduce((a, v) => a + (v - mb) ** 2, 0);
      const sp = Math.sqrt(ss / (N - 2));
      const d = mc - mb;
      const t =
        sp < 1e-12 ? (d < 0 ? -1e9 : d > 0 ? 1e9 : 0) : d / (sp * Math.sqrt(1 / nb + 1 / nc));
      T += Math.max(0, tCrit - t);
    }
    return T;
  };
  const tObs = severity((s) => s >= nb);
  let ge = 0;
  let total = 0;
  for (let mask = 0; mask < 2 ** N; mask++) {
    let bits = 0;
    for (let s = 0; s < N; s++) bits += (mask >> s) & 1;
    if (bits !== nc) continue;
    total++;
    if (severity((s) => ((mask >> s) & 1) === 1) >= tObs - 1e-9 * tObs) ge++;
  }
  return { ge, total };
}

function randomSlots(seed: string, nb: number, nc: number, K: number, shift: number) {
  const r = createRandomStream(seed);
  // A per-seed offset shared by every slot of that seed: slots correlate within a seed.
  const offsets = (n: number) => Array.from({ length: n }, () => r.normal(0, 0.05));
  const ob = offsets(nb);
  const oc = offsets(nc);
  return Array.from({ length: K }, (_, k) => ({
    metric: k % 2 ? 'min:loss' : 'acc',
    step: k >> 1,
    baseline: ob.map((o) => 1 + o + r.normal(0, 0.1)),
    current: oc.map((o) => 1 + o + r.normal(k % 2 ? shift : -shift, 0.1)),
  }));
}

describe('checkUnpairedRegression', () => {
  it('matches a brute-force enumeration of every split', () => {
    for (const [seed, nb, nc, K, shift] of [
      ['u1', 5, 5, 3, 0.1],
      ['u2', 4, 6, 4, 0.05],
      ['u3', 6, 5, 2, 0],
    ] as const) {
      const slots = randomSlots(seed, nb, nc, K, shift);
      const r = checkUnpairedRegression({ slots });
      expect(r.method).toBe('exact');
      const ref =
        r.severity === 0 ? { ge: r.permTotal, total: r.permTotal } : referenceCount(slots, 0.05);
      expect({ seed, ge: r.permGe, total: r.permTotal }).toEqual({ seed, ...ref });
      expect(r.permTotal).toBe(binomialCoefficient(nb + nc, nc));
    }
  });

  it('gives exactly 1/C(10, 5) = 1/252 for a clean drop on one slot', () => {
    const r = checkUnpairedRegression({
      slots: [
        {
          metric: 'acc',
          step: 0,
          baseline: [0.91, 0.92, 0.9, 0.93, 0.915],
          current: [0.81, 0.83, 0.8, 0.82, 0.805],
        },
      ],
    });
    expect([r.test, r.metaP, r.permGe, r.permTotal, r.verdict]).toEqual([
      'unpaired-permutation',
      1 / 252,
      1,
      252,
      'FAIL',
    ]);
    // Pooled t on 8 df: mean difference 0.813 − 0.915 = −0.102, pooled sd √((SS_b + SS_c)/8).
    const s = r.slots[0]!;
    expect(s.meanDiff).toBeCloseTo(-0.102, 14);
    expect(s.tRaw).toBeCloseTo(-0.102 / (s.sdDiff * Math.sqrt(2 / 5)), 12);
    expect(s.flagged).toBe(true);
  });

  it('passes identical distributions at meta-p 1 and refuses too few splits', () => {
    const same = [1, 2, 3, 4, 5];
    const r = checkUnpairedRegression({
      slots: [{ metric: 'acc', step: 0, baseline: same, current: same.map((x) => x + 10) }],
    });
    expect([r.verdict, r.metaP]).toEqual(['PASS', 1]);
    try {
      checkUnpairedRegression({
        slots: [{ metric: 'acc', step: 0, baseline: [1, 2, 3], current: [1, 2, 3] }],
      });
      expect.unreachable();
    } catch (e) {
      expect((e as StatsError).code).toBe('ZPB_STATS_ALPHA_GUARD');
      expect((e as StatsError).message).toMatchInlineSnapshot(
        `"3 baseline and 3 current seeds cannot fail at alpha=0.05 because the smallest permutation p is 1/C(6, 3) = 1/20; run more seeds or use a larger alpha"`,
      );
    }
  });

  it('agrees with the exact p on the Monte-Carlo path and is deterministic', () => {
    const slots = randomSlots('u-mc', 7, 6, 6, 0.06);
    const exact = checkUnpairedRegression({ slots });
    expect(exact.method).toBe('exact'); // C(13, 6) = 1716 ≤ 4096
    const a = checkUnpairedRegression({ slots }, { nPerm: 1000, seed: 5 });
    expect(a).toEqual(checkUnpairedRegression({ slots }, { nPerm: 1000, seed: 5 }));
    const p = exact.metaP;
    expect(a.method).toBe('monte-carlo');
    expect(Math.abs(a.metaP - p)).toBeLessThanOrEqual(
      4 * Math.sqrt((p * (1 - p)) / 1000) + 2 / 1001,
    );
  });

  it('gives the same verdict at every scale from 1e-300 to 1e300', () => {
    const slots = randomSlots('u-scale', 6, 6, 4, 0.08);
    const ref = checkUnpairedRegression({ slots });
    for (let e = -300; e <= 300; e += 50) {
      const c = 10 ** e;
      const r = checkUnpairedRegression({
        slots: slots.map((s) => ({
          ...s,
          baseline: s.baseline.map((x) => x * c),
          current: s.current.map((x) => x * c),
        })),
      });
      expect([e, r.verdict, r.permGe, r.slots.map((s) => s.flagged)]).toEqual([
        e,
        ref.verdict,
        ref.permGe,
        ref.slots.map((s) => s.flagged),
      ]);
    }
  });
});

describe('unpaired test calibration (simulated, fixed seeds)', () => {
  // 8 vs 8 fresh seeds, 20 slots correlated within a seed (offset sd 0.05, noise 0.05),
  // n_perm 500 Monte Carlo (C(16, 8) = 12870 splits), 300 replications per case.
  function rate(label: string, shift: number, slotsShifted: number): number {
    const root = createRandomStream(`unpaired-calibration/${label}`);
    let fails = 0;
    for (let rep = 0; rep < 300; rep++) {
      const r = root.fork(`rep${rep}`);
      const draw = () => {
        const offsets = Array.from({ length: 8 }, () => r.normal(0, 0.05));
        return Array.from({ length: 20 }, (_, k) =>
          offsets.map((o) => Math.exp(-k / 5) + 0.1 + o + r.normal(0, 0.05)),
        );
      };
      const base = draw();
      const cur = draw();
      const slots = base.map((b, k) => ({
        metric: 'min:loss',
        step: k,
        baseline: b,
        current: cur[k]!.map((x) => (k >= 20 - slotsShifted ? x + shift : x)),
      }));
      const result = checkUnpairedRegression({ slots }, { nPerm: 500, stream: r.fork('perm') });
      if (result.verdict === 'FAIL') fails++;
    }
    return fails / 300;
  }

  it('holds alpha under the null and detects a shift', () => {
    const falsePositive = rate('null', 0, 0);
    const power = rate('global', 0.09, 20);
    // Monte-Carlo error of a rate over 300 runs: √(0.05·0.95/300) = 0.0126 at alpha.
    expect(falsePositive).toBeLessThanOrEqual(0.05 + 3 * 0.0126);
    expect(power).toBeGreaterThan(0.8);
    expect({ falsePositive, power }).toMatchInlineSnapshot(`
      {
        "falsePositive": 0.03333333333333333,
        "power": 0.9166666666666666,
      }
    `);
  });
});
