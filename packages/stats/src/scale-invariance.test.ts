import { describe, expect, it } from 'vitest';
import { createRandomStream } from './random-stream.js';
import { checkRegression, type RegressionOptions, type RegressionResult } from './severity.js';
import type { RegressionSlotInput } from './slot-matrix.js';

/** Every slot's values (both runs) multiplied by c. */
function rescale(slots: readonly RegressionSlotInput[], c: number): RegressionSlotInput[] {
  return slots.map((s) => ({
    ...s,
    baseline: s.baseline.map((x) => x * c),
    current: s.current.map((x) => x * c),
  }));
}

function randomCase(seed: string, n: number, K: number, shift: number): RegressionSlotInput[] {
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

/** The 8-seed, 2-slot case of issue 19: current = 0.5 × baseline on every seed. */
const r8 = createRandomStream('half-drop');
const HALF_BASE = ['acc', 'f1'].map((metric) => ({
  metric,
  step: 0,
  baseline: Array.from({ length: 8 }, () => 1 + r8.normal(0, 0.1)),
}));
const HALF_DROP = HALF_BASE.map((s) => ({ ...s, current: s.baseline.map((x) => 0.5 * x) }));

/** A constant spike (zero-variance slot) beside an unchanged one, on 6 seeds. */
const SPIKE_BASE = [0.1, 0.12, 0.14, 0.11, 0.13, 0.125];
const SPIKE: RegressionSlotInput[] = [
  { metric: 'min:loss', step: 1, baseline: SPIKE_BASE, current: SPIKE_BASE },
  { metric: 'min:loss', step: 2, baseline: SPIKE_BASE, current: SPIKE_BASE.map((x) => x + 0.2) },
];

const CASES: { name: string; slots: RegressionSlotInput[]; options: RegressionOptions }[] = [
  { name: 'exact, regressed', slots: randomCase('inv-a', 9, 6, 0.06), options: {} },
  { name: 'exact, null', slots: randomCase('inv-b', 8, 4, 0), options: {} },
  {
    name: 'exact, min_effect',
    slots: randomCase('inv-c', 9, 6, 0.05),
    options: { minEffect: 0.03 },
  },
  { name: 'Monte Carlo', slots: randomCase('inv-d', 14, 6, 0.04), options: { nPerm: 1500 } },
  { name: 'half drop', slots: HALF_DROP, options: {} },
  { name: 'constant spike', slots: SPIKE, options: {} },
];

/** 10^k from 1e-300 to 1e300 and powers of two out to 2^±990. */
const DECADES = Array.from({ length: 25 }, (_, i) => 10 ** (-300 + 25 * i));
const POWERS_OF_TWO = [-990, -500, -100, -40, -3, 3, 40, 100, 500, 990].map((e) => 2 ** e);

function decision(r: RegressionResult) {
  return {
    verdict: r.verdict,
    metaP: r.metaP,
    permGe: r.permGe,
    method: r.method,
    flagged: r.slots.map((s) => s.flagged),
    floor: r.slots.map((s) => s.denomAtFloor),
    zeroVariance: r.slots.map((s) => Math.abs(s.tStat) === 1e9),
  };
}

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('scale invariance (issue 19 item 2)', () => {
  it('gives identical verdicts, counts and flags at every scale from 1e-300 to 1e300', () => {
    for (const { name, slots, options } of CASES) {
      const ref = checkRegression({ slots }, { ...options, seed: 1 });
      for (const c of [...DECADES, ...POWERS_OF_TWO]) {
        const r = checkRegression({ slots: rescale(slots, c) }, { ...options, seed: 1 });
        expect({ name, c, ...decision(r) }).toEqual({ name, c, ...decision(ref) });
        // t, p and the relative effect are scale-free; ×10^k rounds every value once (1e-16),
        // which moves t by at most ~1e-13 relative on these data.
        r.slots.forEach((s, k) => {
          const q = ref.slots[k]!;
          const worst = Math.max(
            relErr(s.tStat, q.tStat),
            relErr(s.effect, q.effect),
            relErr(s.p, q.p) * (q.p < 1e-300 ? 0 : 1),
            relErr(s.contribution, q.contribution),
          );
          expect({ name, c, k, ok: worst < 1e-10 }).toEqual({ name, c, k, ok: true });
        });
      }
    }
  });

  it('is bit-identical under powers of two, with raw-unit statistics scaled exactly', () => {
    for (const { name, slots, options } of CASES) {
      const ref = checkRegression({ slots }, { ...options, seed: 1 });
      for (const c of POWERS_OF_TWO) {
        const r = checkRegression({ slots: rescale(slots, c) }, { ...options, seed: 1 });
        expect({ name, c, severity: r.severity, slots: r.slots.map(scaleFree) }).toEqual({
          name,
          c,
          severity: ref.severity,
          slots: ref.slots.map(scaleFree),
        });
        expect(r.slots.map((s) => [s.baselineMean, s.currentSd, s.meanDiff, s.sdDiff])).toEqual(
          ref.slots.map((s) => [s.baselineMean * c, s.currentSd * c, s.meanDiff * c, s.sdDiff * c]),
        );
      }
    }
  });

  it("fails the issue's 50% drop at meta-p 1/256 with 2/2 flagged at 1, 1e200 and 1e-12", () => {
    // pybench's compare() gives PASS 0/2 flagged meta-p 1.000 at ×1e200 (its squares overflow)
    // and PASS 2/2 flagged meta-p 0.430 at ×1e-12 (its sd < 1e-12 cut is absolute) on these data.
    for (const c of [1, 1e200, 1e-12]) {
      const r = checkRegression({ slots: rescale(HALF_DROP, c) });
      expect([c, r.verdict, r.metaP, r.slots.filter((s) => s.flagged).length]).toEqual([
        c,
        'FAIL',
        1 / 256,
        2,
      ]);
      expect(r.slots.map((s) => s.effect.toFixed(12))).toEqual([
        '-0.500000000000',
        '-0.500000000000',
      ]);
    }
  });
});

/** The fields of a slot result that do not carry the metric's unit. */
function scaleFree(s: RegressionResult['slots'][number]) {
  const { tStat, tRaw, p, effect, denomAtFloor, flagged, contribution, metric, step } = s;
  return { metric, step, tStat, tRaw, p, effect, denomAtFloor, flagged, contribution };
}
