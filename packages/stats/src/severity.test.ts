import { describe, expect, it } from 'vitest';
import { StatsError } from './errors.js';
import { createRandomStream } from './random-stream.js';
import {
  checkAlphaGuard,
  checkRegression,
  compareCodePoints,
  type RegressionInput,
} from './severity.js';
import type { RegressionSlotInput } from './slot-matrix.js';
import { tQuantile } from './student-t.js';

/** Straightforward reference of stats.md §2: nested loops, two-pass mean/sd, no shortcuts. */
function referenceSeverity(
  d: number[][],
  denom: number[],
  tCrit: number,
  minEffect: number | null,
): number {
  const n = d.length;
  const K = d[0]!.length;
  let total = 0;
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let s = 0; s < n; s++) sum += d[s]![k]!;
    const m = sum / n;
    let ss = 0;
    for (let s = 0; s < n; s++) ss += (d[s]![k]! - m) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    const t = sd < 1e-12 ? (m < 0 ? -1e9 : m > 0 ? 1e9 : 0) : m / (sd / Math.sqrt(n));
    let c = Math.max(0, tCrit - t);
    if (minEffect !== null && !(m / denom[k]! < -minEffect)) c = 0;
    total += c;
  }
  return total;
}

function referenceExactCount(
  slots: RegressionSlotInput[],
  alpha: number,
  minEffect: number | null,
): number {
  const n = slots[0]!.baseline.length;
  const g = (metric: string, x: number) => (metric.startsWith('min:') ? -x : x);
  const d = Array.from({ length: n }, (_, s) =>
    slots.map((sl) => g(sl.metric, sl.current[s]!) - g(sl.metric, sl.baseline[s]!)),
  );
  const denom = slots.map((sl) => {
    let sum = 0;
    for (const v of sl.baseline) sum += g(sl.metric, v);
    return Math.max(Math.abs(sum / n), 1e-9);
  });
  const tCrit = tQuantile(alpha, n - 1);
  const tObs = referenceSeverity(d, denom, tCrit, minEffect);
  let ge = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const flipped = d.map((row, s) => row.map((x) => ((mask >> s) & 1 ? -x : x)));
    if (referenceSeverity(flipped, denom, tCrit, minEffect) >= tObs) ge++;
  }
  return ge;
}

function randomSlots(seed: string, n: number, K: number, shift: number): RegressionSlotInput[] {
  const r = createRandomStream(seed);
  return Array.from({ length: K }, (_, k) => {
    const baseline = Array.from({ length: n }, () => 1 + r.normal(0, 0.1));
    return {
      metric: k % 2 ? 'min:loss' : 'acc',
      step: k >> 1,
      baseline,
      current: baseline.map((x) => x + r.normal(k % 2 ? -shift : shift, 0.1)),
    };
  });
}

describe('checkRegression', () => {
  it('gives meta-p = 1 and PASS on identical runs on both paths', () => {
    const slots = randomSlots('same', 12, 3, 0).map((s) => ({ ...s, current: s.baseline }));
    const exact = checkRegression({ slots });
    expect([exact.method, exact.metaP, exact.verdict, exact.permGe]).toEqual([
      'exact',
      1,
      'PASS',
      4096,
    ]);
    expect(exact.slots.map((s) => [s.tStat, s.p, s.flagged])).toEqual([
      [0, 1, false],
      [0, 1, false],
      [0, 1, false],
    ]);
    expect(Number.isNaN(exact.slots[0]!.tRaw)).toBe(true);
    const mc = checkRegression({ slots }, { nPerm: 100 });
    expect([mc.method, mc.metaP, mc.verdict]).toEqual(['monte-carlo', 1, 'PASS']);
  });

  it('gives exactly 1/32 for a clean drop on 5 seeds', () => {
    const slots = [0, 1, 2, 3].map((step) => ({
      metric: 'accuracy',
      step,
      baseline: [0.91, 0.92, 0.9, 0.93, 0.915],
      current: [0.81, 0.83, 0.8, 0.82, 0.805],
    }));
    const r = checkRegression({ slots });
    expect([r.metaP, r.permGe, r.permTotal, r.verdict]).toEqual([1 / 32, 1, 32, 'FAIL']);
    expect(r.slots.filter((s) => s.flagged)).toHaveLength(4);
  });

  it('matches a brute-force enumeration count on hand-sized random cases', () => {
    for (const [seed, n, K, shift, minEffect] of [
      ['a', 6, 3, 0.05, null],
      ['b', 8, 5, 0.02, null],
      ['c', 7, 4, 0.0, null],
      ['d', 9, 6, 0.04, 0.03],
      ['e', 10, 2, 0.06, null],
    ] as const) {
      const slots = randomSlots(seed, n, K, shift);
      const r = checkRegression({ slots }, { minEffect });
      expect(r.method).toBe('exact');
      const expected = r.severity === 0 ? 2 ** n : referenceExactCount(slots, 0.05, minEffect);
      expect({ seed, ge: r.permGe }).toEqual({ seed, ge: expected });
    }
  });

  it('walks chunks of patterns and draws slot by slot without changing a count', () => {
    // Values on a 1/64 grid: every flipped sum is exact in any order, so a plain pattern-by-
    // pattern loop with the test's own one-pass t must count exactly what the chunked,
    // slot-outer walks count, across a chunk boundary (2¹⁷ patterns, 70,001 draws), on the
    // fused (≤ 32 seeds) and block-by-block (40 seeds) Monte-Carlo paths, and for t_crit > 0.
    const grid = (seed: string, n: number, K: number): RegressionSlotInput[] =>
      randomSlots(seed, n, K, 0.03).map((slot) => ({
        ...slot,
        baseline: slot.baseline.map((x) => Math.round(x * 64) / 64),
        current: slot.current.map((x) => Math.round(x * 64) / 64),
      }));
    const count = (slots: RegressionSlotInput[], alpha: number, patterns: Iterable<number[]>) => {
      const n = slots[0]!.baseline.length;
      const g = (metric: string, x: number) => (metric.startsWith('min:') ? -x : x);
      const d = slots.map((sl) =>
        sl.current.map((c, s) => g(sl.metric, c) - g(sl.metric, sl.baseline[s]!)),
      );
      const tCrit = tQuantile(alpha, n - 1);
      const severity = (signs: number[]) => {
        let T = 0;
        for (const dk of d) {
          let F = 0;
          let Q = 0;
          for (let s = 0; s < n; s++) {
            F += signs[s]! * dk[s]!;
            Q += dk[s]! * dk[s]!;
          }
          const m = F * (1 / n);
          const ss = Q - F * m;
          const t =
            ss <= 0
              ? m < 0
                ? -1e9
                : m > 0
                  ? 1e9
                  : 0
              : m / (Math.sqrt(ss / (n - 1)) * (1 / Math.sqrt(n)));
          if (t < tCrit) T += tCrit - t;
        }
        return T;
      };
      const tObs = severity(Array(n).fill(1));
      let ge = 0;
      for (const signs of patterns) if (severity(signs) >= tObs) ge++;
      return ge;
    };
    function* all(n: number) {
      for (let mask = 0; mask < 2 ** n; mask++)
        yield Array.from({ length: n }, (_, s) => ((mask >> s) & 1 ? -1 : 1));
    }
    function* drawn(seed: string, n: number, draws: number) {
      const r = createRandomStream(seed);
      for (let b = 0; b < draws; b++) yield Array.from({ length: n }, () => r.sign());
    }
    const exact = grid('chunks-exact', 17, 3);
    const e = checkRegression({ slots: exact }, { nPerm: 2 ** 17 });
    expect([e.method, e.permGe]).toEqual(['exact', count(exact, 0.05, all(17))]);
    for (const [n, alpha] of [
      [20, 0.05],
      [40, 0.05],
      [20, 0.6],
    ] as const) {
      const slots = grid(`chunks-mc-${n}`, n, 3);
      const r = checkRegression({ slots }, { alpha, nPerm: 70001, seed: 'chunks' });
      const ge = count(slots, alpha, drawn('chunks', n, 70001));
      expect({ n, alpha, method: r.method, ge: r.permGe }).toEqual({
        n,
        alpha,
        method: 'monte-carlo',
        ge,
      });
      expect(ge).toBeGreaterThan(0);
    }
  });

  it('treats a constant shift as zero variance: t̃ = −1e9, p = 0, meta-p = 1/2ⁿ', () => {
    const baseline = [0.1, 0.12, 0.14, 0.11, 0.13, 0.125];
    const slots = [
      { metric: 'min:loss', step: 1, baseline, current: baseline },
      { metric: 'min:loss', step: 100, baseline, current: baseline.map((x) => x + 0.2) },
    ];
    const r = checkRegression({ slots });
    const spike = r.slots[1]!;
    expect([spike.tStat, spike.p, spike.flagged]).toEqual([-1e9, 0, true]);
    expect(spike.contribution).toBeCloseTo(1e9 + r.tCrit, 3);
    expect(r.metaP).toBe(1 / 64);
    expect(r.slots[0]!.flagged).toBe(false);
  });

  it('counts only all-(+1) draws for a constant spike on the Monte-Carlo path', () => {
    const r = createRandomStream('spike');
    const baseline = Array.from({ length: 10 }, () => 0.13 + r.normal(0, 0.06));
    const slots = [
      { metric: 'min:loss', step: 1, baseline, current: baseline },
      { metric: 'min:loss', step: 100, baseline, current: baseline.map((x) => x + 0.2) },
    ];
    const result = checkRegression({ slots }, { nPerm: 800, seed: 'spike-perm' });
    // Replay the same stream: one sign per seed per draw, in seed order.
    const replay = createRandomStream('spike-perm');
    let allPlus = 0;
    for (let b = 0; b < 800; b++) {
      let plus = true;
      for (let s = 0; s < 10; s++) if (replay.sign() < 0) plus = false;
      if (plus) allPlus++;
    }
    expect([result.method, result.permGe, result.metaP]).toEqual([
      'monte-carlo',
      allPlus,
      (1 + allPlus) / 801,
    ]);
  });

  it('matches numpy/scipy per-slot t, p and effect to 1e-12 relative', () => {
    const baseline = [0.91, 0.88, 0.93, 0.9, 0.89, 0.92];
    const current = [0.9, 0.86, 0.93, 0.87, 0.9, 0.89];
    const s = checkRegression({ slots: [{ metric: 'acc', step: 0, baseline, current }] }).slots[0]!;
    // numpy: t = mean/(std(ddof=1)/√6); scipy.stats.t.cdf(t, 5); effect = mean/|mean(baseline)|.
    for (const [got, want] of [
      [s.tRaw, -2.0],
      [s.p, 0.050969739414929174],
      [s.effect, -0.014732965009208118],
    ] as const) {
      expect(Math.abs(got / want - 1)).toBeLessThan(1e-12);
    }
  });

  it('maps a constant gain to +1e9 and leaves it unflagged', () => {
    const baseline = [1, 2, 3, 4, 5];
    const r = checkRegression({
      slots: [{ metric: 'acc', step: 0, baseline, current: baseline.map((x) => x + 1) }],
    });
    expect([r.slots[0]!.tStat, r.slots[0]!.tRaw, r.slots[0]!.p]).toEqual([1e9, Infinity, 1]);
    expect([r.slots[0]!.flagged, r.metaP]).toEqual([false, 1]);
  });

  it('follows the min: direction: a lower loss is an improvement', () => {
    const baseline = [0.5, 0.52, 0.49, 0.51, 0.5, 0.53];
    const current = [0.3, 0.33, 0.31, 0.29, 0.3, 0.32];
    const better = checkRegression({ slots: [{ metric: 'min:loss', step: 0, baseline, current }] });
    const worse = checkRegression({ slots: [{ metric: 'loss', step: 0, baseline, current }] });
    expect([better.verdict, better.slots[0]!.effect > 0]).toEqual(['PASS', true]);
    expect([worse.verdict, worse.metaP]).toEqual(['FAIL', 1 / 64]);
  });

  it("reproduces the docs' local example effect Δ = −0.20/0.1288 = −155.3%", () => {
    const baseline = [0.0688, 0.1288, 0.1888, 0.1288, 0.0988, 0.1588];
    const current = baseline.map((x) => x + 0.2);
    const r = checkRegression({ slots: [{ metric: 'min:loss', step: 100, baseline, current }] });
    expect((100 * r.slots[0]!.effect).toFixed(1)).toBe('-155.3');
  });

  it('orders slots by step numerically, then metric by code point', () => {
    const v = [1, 2, 3, 4, 5];
    const names = ['b', 'B', 'é', '\u{1F600}', '\uFFFF', 'a'];
    const slots = [10, 2].flatMap((step) =>
      names.map((metric) => ({ metric, step, baseline: v, current: v })),
    );
    const r = checkRegression({ slots });
    expect(r.slots.map((s) => `${s.step}:${s.metric}`)).toEqual(
      [2, 10].flatMap((step) =>
        ['B', 'a', 'b', 'é', '\uFFFF', '\u{1F600}'].map((m) => `${step}:${m}`),
      ),
    );
    expect(compareCodePoints('\uFFFF', '\u{1F600}')).toBeLessThan(0);
  });

  it('applies the alpha guard: 4 seeds at alpha 0.05 rejected, 5 accepted', () => {
    expect(() => checkAlphaGuard(4, 0.05)).toThrowError(StatsError);
    expect(() => checkAlphaGuard(5, 0.05)).not.toThrow();
    const four: RegressionInput = {
      slots: [{ metric: 'a', step: 0, baseline: [1, 2, 3, 4], current: [1, 2, 3, 4] }],
    };
    try {
      checkRegression(four);
      expect.unreachable();
    } catch (e) {
      expect((e as StatsError).code).toBe('ZPB_STATS_ALPHA_GUARD');
      expect((e as StatsError).message).toMatchInlineSnapshot(
        `"4 seeds cannot fail at alpha=0.05 because the smallest meta-p is 1/2^4; use at least 5 seeds or a larger alpha"`,
      );
    }
  });

  it('rejects non-finite values and ragged slots with typed errors', () => {
    const bad = (slots: RegressionSlotInput[]) => {
      try {
        checkRegression({ slots });
      } catch (e) {
        return (e as StatsError).code;
      }
      return 'none';
    };
    expect(
      bad([{ metric: 'a', step: 0, baseline: [1, 2, 3, 4, 5], current: [1, 2, NaN, 4, 5] }]),
    ).toBe('ZPB_STATS_NON_FINITE');
    expect(bad([{ metric: 'a', step: 0, baseline: [1, 2, 3, 4, 5], current: [1, 2, 3, 4] }])).toBe(
      'ZPB_STATS_SHAPE',
    );
    // A library caller past the types: a typed-array copy would read null as 0 and true as 1.
    for (const odd of [null, true, '3']) {
      const current = [1, 2, odd, 4, 5] as unknown as number[];
      expect(bad([{ metric: 'a', step: 0, baseline: [1, 2, 3, 4, 5], current }])).toBe(
        'ZPB_STATS_NON_FINITE',
      );
    }
  });

  it('gates slots with min_effect on the fixed baseline denominator', () => {
    const baseline = [1, 1.01, 0.99, 1.02, 0.98, 1];
    const current = baseline.map((x, i) => x - 0.02 - 0.001 * i);
    const slots = [{ metric: 'acc', step: 0, baseline, current }];
    expect(checkRegression({ slots }).verdict).toBe('FAIL');
    const gated = checkRegression({ slots }, { minEffect: 0.05 });
    expect([gated.verdict, gated.metaP, gated.slots[0]!.flagged]).toEqual(['PASS', 1, false]);
  });

  it('is deterministic on the Monte-Carlo path and agrees with the exact p', () => {
    const slots = randomSlots('mc', 11, 8, 0.03);
    const exact = checkRegression({ slots });
    const a = checkRegression({ slots }, { nPerm: 2000, seed: 7 });
    const b = checkRegression({ slots }, { nPerm: 2000, seed: 7 });
    expect(a).toEqual(b);
    const p = exact.metaP;
    expect(Math.abs(a.metaP - p)).toBeLessThanOrEqual(
      4 * Math.sqrt((p * (1 - p)) / 2000) + 2 / 2001,
    );
  });
});

describe('t_crit', () => {
  it('matches scipy.stats.t.ppf to 1e-12 relative', () => {
    // scipy 1.17: t.ppf(0.05, 9) = -1.8331129326562376, t.ppf(0.05, 29) = -1.6991270265334977.
    for (const [df, want] of [
      [9, -1.8331129326562376],
      [29, -1.6991270265334977],
    ] as const) {
      expect(Math.abs(tQuantile(0.05, df) / want - 1)).toBeLessThan(1e-12);
    }
  });
});
