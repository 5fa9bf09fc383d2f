import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATED_PATH, renderWalksModule } from '../../scripts/build-wasm.mjs';
import { createRandomStream } from '../random-stream.js';
import {
  checkRegression,
  type PreparedArrays,
  prepareJs,
  prepareWasm,
  type RegressionOptions,
  type SlotSums,
} from '../severity.js';
import { buildSlots, parseSlotMatrix, type RegressionSlotInput } from '../slot-matrix.js';
import { tCdf } from '../student-t.js';
import { setWasmWalks, walksKernel } from './walks-wasm.js';

/**
 * Random slots of several kinds: plain noise with a drop on some slots, slots whose differences
 * are constant up to ~1e-13 (the near-zero-variance fallback), exactly constant and all-zero
 * slots, values on a coarse grid (exact ties in T) and slots at very different scales.
 */
function mixedSlots(seed: string, n: number, K: number, shift = 0.03): RegressionSlotInput[] {
  const r = createRandomStream(seed);
  return Array.from({ length: K }, (_, k) => {
    const kind = k % 7;
    const scale = kind === 6 ? 2 ** Math.floor(r.normal(0, 200)) : 1;
    const baseline = Array.from({ length: n }, () => (1 + r.normal(0, 0.1)) * scale);
    const drop = k % 3 === 0 ? r.normal(shift, 0.03) : 0;
    // The (near-)constant differences are improvements: the walks flip them into regressions.
    const up = k % 2 ? -1 : 1;
    const current = baseline.map((x) => {
      if (kind === 1) return x + up * 0.01 * (1 + 1e-13 * r.normal(0, 1));
      if (kind === 2) return x + up * 0.02;
      if (kind === 3) return x;
      if (kind === 4) return Math.round((x + r.normal(drop, 0.1)) * 16) / 16;
      return x + r.normal(drop, 0.1) * scale;
    });
    const grid = kind === 4 ? baseline.map((x) => Math.round(x * 16) / 16) : baseline;
    return { metric: k % 2 ? 'min:loss' : 'acc', step: k >> 1, baseline: grid, current };
  });
}

/** The full result with the WebAssembly walks and with the JS loops, as JSON text. */
function bothWays(slots: RegressionSlotInput[], options: RegressionOptions): [string, string] {
  setWasmWalks(true);
  const wasm = JSON.stringify(checkRegression({ slots }, options));
  setWasmWalks(false);
  const js = JSON.stringify(checkRegression({ slots }, options));
  setWasmWalks(true);
  return [wasm, js];
}

afterEach(() => setWasmWalks(true));

describe('the WebAssembly walks of the severity test', () => {
  it('are built from the committed walks.wat (run scripts/build-wasm.mjs after editing it)', async () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await renderWalksModule());
  });

  it('instantiate synchronously in Node', () => {
    expect(walksKernel()).not.toBeNull();
  });

  it('give byte-identical results to the JS walks on random exact and Monte-Carlo inputs', () => {
    let walked = 0;
    let failing = 0;
    const r = createRandomStream('walks-wasm/cases');
    for (let c = 0; c < 160; c++) {
      const exact = c % 2 === 0;
      // Exact: 5–12 seeds (2ⁿ ≤ 4096); Monte Carlo: 13–32 seeds (the fused walk) and 33–40.
      const n = exact ? 5 + (c % 8) : c % 10 === 9 ? 33 + (c % 8) : 13 + (c % 20);
      const K = 8 + Math.floor(r.uniform() * 40);
      const minEffect = c % 5 === 4 ? 0.01 : null;
      const alpha = c % 11 === 10 ? 0.1 : 0.05;
      const options = { minEffect, alpha, nPerm: exact ? 4096 : 500 + (c % 3) * 700, seed: c };
      const [wasm, js] = bothWays(mixedSlots(`walks-wasm/${c}`, n, K), options);
      expect({ c, wasm }).toEqual({ c, wasm: js });
      const result = JSON.parse(wasm);
      if (result.metaP < 1) walked++;
      if (result.verdict === 'FAIL') failing++;
    }

    // Most cases walk (T_obs > 0, so meta-p < 1) and both verdicts occur.
    expect(walked).toBeGreaterThan(100);
    expect(failing).toBeGreaterThan(10);
    expect(failing).toBeLessThan(walked);
  });

  it('agree across chunk boundaries (2¹⁷ patterns, 70,001 draws) and for t_crit > 0', () => {
    for (const [seed, n, options] of [
      ['exact-chunks', 17, { nPerm: 2 ** 17 }],
      ['mc-chunks', 20, { nPerm: 70_001, seed: 'chunks' }],
      ['t-crit-positive', 9, { alpha: 0.6 }],
    ] as const) {
      const slots = mixedSlots(seed, n, 20, 0.03);
      const [wasm, js] = bothWays(slots, options);
      expect({ seed, wasm }).toEqual({ seed, wasm: js });
      const { permGe, permTotal } = JSON.parse(wasm);
      expect(permGe).toBeGreaterThan(1);
      expect(permGe).toBeLessThan(permTotal);
    }
  });

  it('form the per-slot sums and statistics bit for bit as the JS pass (signed zeros, scales near the double range)', () => {
    const r = createRandomStream('walks-wasm/slot-sums');
    // Exponents past ±1022 take ldexp's two-factor path; 2^-1070 values are subnormal.
    const scales = [1, 2 ** 1020, 2 ** 1023, 2 ** -1000, 2 ** -1030, 2 ** -1070, 2 ** -600];
    const slots: RegressionSlotInput[] = [];
    for (let k = 0; k < 42; k++) {
      const scale = scales[k % scales.length]!;
      const n = 9;
      const baseline = Array.from({ length: n }, () => r.normal(1, 0.3) * scale);
      const current = baseline.map((x, s) =>
        k % 6 === 0 ? x : k % 6 === 1 ? (s % 2 ? -x : x) : x + r.normal(-0.1, 0.3) * scale,
      );
      // Values that cancel to +0 and −0, and an all-zero slot.
      if (k % 6 === 2) baseline.splice(0, 2, 0.5 * scale, -0.5 * scale);
      if (k === 41) {
        baseline.fill(-0);
        current.fill(0);
      }
      slots.push({ metric: k % 2 ? 'min:loss' : 'acc', step: k >> 1, baseline, current });
    }
    for (const options of [{}, { minEffect: 0.05 }, { alpha: 0.6 }] as RegressionOptions[]) {
      setWasmWalks(true);
      const wasm = checkRegression({ slots }, options);
      setWasmWalks(false);
      const js = checkRegression({ slots }, options);
      // toEqual compares numbers with Object.is: −0 ≠ +0, NaN = NaN.
      expect(wasm).toEqual(js);
    }
  });

  it('form the per-slot results bit for bit as the JS loop (p from the kernel’s t CDF or NaN, gates, df past 200)', () => {
    const cases: [string, number, RegressionOptions][] = [
      ['results/plain', 12, {}],
      ['results/gate', 9, { minEffect: 0.02 }],
      ['results/no-p', 12, { slotPValues: false }],
      ['results/t-crit-positive', 7, { alpha: 0.6 }],
      // df 210: the p-values need stdlib's CDF, so the JS loop runs with the kernel on too.
      ['results/df-210', 211, { nPerm: 300 }],
    ];
    for (const [seed, n, options] of cases) {
      const slots = mixedSlots(seed, n, 35, 0.1);
      setWasmWalks(true);
      const wasm = checkRegression({ slots }, options);
      setWasmWalks(false);
      const js = checkRegression({ slots }, options);
      // toEqual compares numbers with Object.is: −0 ≠ +0, NaN = NaN.
      expect({ seed, slots: wasm.slots, severity: wasm.severity }).toEqual({
        seed,
        slots: js.slots,
        severity: js.severity,
      });
      expect({ seed, flagged: wasm.slots.some((s) => s.flagged) }).toEqual({ seed, flagged: true });
      expect({ seed, zero: wasm.slots.some((s) => s.zeroVariance) }).toEqual({ seed, zero: true });
    }
  });

  it('prepare the walks’ per-slot arrays bit for bit as the JS loops (zeros, −0, the double range’s ends)', () => {
    const r = createRandomStream('walks-wasm/prepare');
    const K = 400;
    const special = [0, -0, 5e-324, 1e-300, 1e300, 1.7976931348623157e308];
    const pick = (i: number, scale: number) =>
      i % 9 === 0 ? special[(i / 9) % special.length]! : Math.abs(r.normal(0, 1)) * scale;
    const sums = {
      rowSum: new Float64Array(K),
      baseSum: Float64Array.from({ length: K }, (_, k) => (k % 2 ? -1 : 1) * pick(k, 12)),
      magnitude: Float64Array.from({ length: K }, (_, k) => (k % 13 === 0 ? 0 : 1 + r.uniform())),
      sumSq: Float64Array.from({ length: K }, (_, k) => pick(k + 4, 0.05)),
    } as unknown as SlotSums;
    const kernel = walksKernel()!;
    for (const [n, tCrit, minEffect] of [
      [12, -1.795884818704044, null],
      [9, -1.8595480375308981, 0.02],
      [7, 0.2648345031, null],
      [30, -1.6991270265334977, 0],
    ] as const) {
      const js = prepareJs(sums, n, tCrit, minEffect);
      const wasm = prepareWasm(sums, n, tCrit, minEffect, kernel)!;
      for (const key of Object.keys(js) as (keyof PreparedArrays)[]) {
        const differing = [...js[key]].filter((v, k) => !Object.is(v, wasm[key][k])).length;
        expect({ n, key, differing }).toEqual({ n, key, differing: 0 });
        expect(wasm[key]).toBeInstanceOf(js[key].constructor);
      }
    }
  });

  it('give the same result on parsed slot matrices (the kernel reading their rows) as on array slots', () => {
    /** The slots as two slot-matrix JSON values {metric: rows}, each slot's step its column. */
    const asMatrices = (slots: RegressionSlotInput[]) => {
      const json = {
        baseline: {} as Record<string, number[][]>,
        current: {} as typeof json.baseline,
      };
      for (const slot of slots) {
        for (const run of ['baseline', 'current'] as const) {
          json[run][slot.metric] ??= slot[run].map(() => []);
          const rows = json[run][slot.metric]!;
          slot[run].forEach((v, s) => {
            rows[s]![slot.step] = v;
          });
        }
      }
      return json;
    };
    const r = createRandomStream('walks-wasm/checked');
    for (let c = 0; c < 24; c++) {
      const exact = c % 2 === 0;
      const n = exact ? 5 + (c % 8) : 13 + (c % 20);
      const K = 2 * (4 + Math.floor(r.uniform() * 20));
      const slots = mixedSlots(`walks-wasm/checked/${c}`, n, K);
      const { baseline, current } = asMatrices(slots);
      const checked = buildSlots(parseSlotMatrix(baseline), parseSlotMatrix(current));
      const options = { minEffect: c % 5 === 4 ? 0.01 : null, nPerm: exact ? 4096 : 700, seed: c };
      // The array slots in the order buildSlots gives (metric by metric): the test sorts both.
      const plain = checked.map(({ metric, step, baseline, current }) => ({
        metric,
        step,
        baseline: [...baseline],
        current: [...current],
      }));
      const [wasm, js] = bothWays(plain, options);
      expect({ c, wasm }).toEqual({ c, wasm: js });
      const fresh = buildSlots(parseSlotMatrix(baseline), parseSlotMatrix(current));
      expect({ c, checked: JSON.stringify(checkRegression({ slots: fresh }, options)) }).toEqual({
        c,
        checked: wasm,
      });
      // A subset (one benchmark under --holm) and a mix with an array slot read the same values.
      const subset = fresh.filter((slot) => slot.metric === 'acc');
      const mixed = [...fresh.slice(1), plain[0]!];
      for (const part of [subset, mixed]) {
        const [partWasm, partJs] = bothWays(part, options);
        expect({ c, partWasm }).toEqual({ c, partWasm: partJs });
      }
    }
    // A flat list (one step per metric) beside a list of rows of one step: the same slots.
    const flat = { 'min:loss': [1, 2.5, 3, 4.25, 5], acc: [0.5, 0.25, 1, 2, 0.75] };
    const moved = { 'min:loss': [1.5, 2.5, 3.5, 4, 6], acc: [0.25, 0.5, 0.5, 1, 0.5] };
    const rows = (m: Record<string, number[]>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map((x) => [x])]));
    const a = checkRegression({ slots: buildSlots(parseSlotMatrix(flat), parseSlotMatrix(moved)) });
    const b = checkRegression({
      slots: buildSlots(parseSlotMatrix(rows(flat)), parseSlotMatrix(rows(moved))),
    });
    expect(a).toEqual(b);
    expect(a.slots.map((slot) => slot.metric)).toEqual(['acc', 'min:loss']);
    // Goodness of a min: metric is −x: the mean loss rose by 0.35.
    expect(a.slots[1]!.meanDiff).toBeCloseTo(-0.35, 12);
  });

  it('report a non-finite value or a ragged slot with the JS checks’ error', () => {
    const ok = { metric: 'acc', step: 0, baseline: [1, 2, 3], current: [1, 2, 4] };
    for (const slots of [
      [ok, { ...ok, step: 1, current: [1, Number.NaN, 2] }],
      [ok, { ...ok, step: 1, baseline: [1, 2] }, { ...ok, step: 2, current: [Infinity, 1, 1] }],
      [{ ...ok, baseline: [1], current: [2] }],
    ]) {
      const errorOf = (on: boolean) => {
        setWasmWalks(on);
        try {
          checkRegression({ slots }, { alpha: 0.2 });
        } catch (error) {
          return error;
        }
        return null;
      };
      const wasm = errorOf(true);
      expect(wasm).not.toBeNull();
      expect(wasm).toEqual(errorOf(false));
    }
  });

  it('draw the Monte-Carlo signs from the stream’s own alea state and leave the stream where sign() would', () => {
    const slots = mixedSlots('walks-wasm/alea', 24, 30, 0.05);
    const streams = [true, false].map((on) => {
      const stream = createRandomStream('walks-wasm/alea-stream');
      setWasmWalks(on);
      const result = checkRegression({ slots }, { stream, nPerm: 3000 });
      return { result, next: [stream.uniform(), stream.sign(), stream.normal()] };
    });
    expect(streams[0]).toEqual(streams[1]);
    expect(streams[0]!.result.permGe).toBeGreaterThan(0);
    expect(streams[0]!.result.permGe).toBeLessThan(3000);
    // A stream of another making has no alea state: its sign() calls are the draws.
    const base = createRandomStream('walks-wasm/alea-stream');
    const wrapped = { ...base, sign: () => base.sign() };
    setWasmWalks(true);
    expect(checkRegression({ slots }, { stream: wrapped, nPerm: 3000 })).toEqual(
      streams[0]!.result,
    );
  });

  it('evaluate the t CDF’s continued fraction bit for bit as the JS loop', () => {
    const r = createRandomStream('walks-wasm/t-cdf');
    const points: [number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      const df = 1 + r.int(200);
      const t = i % 3 === 0 ? r.normal(0, 1) : i % 3 === 1 ? r.normal(0, 8) : r.normal(0, 0.05);
      points.push([t, df]);
    }
    const cdfs = (on: boolean) => {
      setWasmWalks(on);
      return points.map(([t, df]) => tCdf(t, df));
    };
    const wasm = cdfs(true);
    const js = cdfs(false);
    expect(wasm.every((p, i) => Object.is(p, js[i]))).toBe(true);
    expect(wasm.some((p) => p < 1e-6)).toBe(true);
    expect(wasm.some((p) => p > 1 - 1e-6)).toBe(true);
  });
});
