import { createRng } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { RF_SMOKE_CONFIG, type RfDataConfig } from './config.js';
import { generateDataset, logUniform, splitContract, testSubsets } from './generator.js';
import { resonatorResponse } from './resonator.js';

const small: RfDataConfig = {
  ...RF_SMOKE_CONFIG.data,
  n_filters_train: 40,
  n_filters_val: 10,
  n_filters_test: 60,
  points_per_filter: 16,
};

describe('RF generator (domains.md §5.1)', () => {
  it('draws log-uniform values as exp(ln lo + u·ln(hi/lo))', () => {
    const a = createRng('x');
    const b = createRng('x');
    const u = b.uniform();
    expect(logUniform(a, 0.5, 5)).toBe(Math.exp(Math.log(0.5) + u * Math.log(10)));
  });

  it('consumes one stream in the order train ω0, Q, ω, then val, then test', () => {
    const data = generateDataset(small, 3);
    const rng = createRng('rf:data:3');
    const w0 = Array.from({ length: 40 }, () => logUniform(rng, 0.5, 5));
    const q = Array.from({ length: 40 }, () => logUniform(rng, 2, 30));
    const omega = Array.from({ length: 40 * 16 }, () => logUniform(rng, 0.1, 10));
    expect(Array.from(data.splits.train.w0)).toEqual(w0);
    expect(Array.from(data.splits.train.q)).toEqual(q);
    expect(Array.from(data.splits.train.omega)).toEqual(omega);
    const valW0 = logUniform(rng, 0.5, 5);
    expect(data.splits.val.w0[0]).toBe(valW0);
  });

  it('keeps train and validation at Q ≤ q_max_train and test at Q ≤ q_max_test, all ≥ q_min', () => {
    const { train, val, test } = generateDataset({ ...small, n_filters_test: 400 }, 1).splits;
    for (const split of [train, val]) {
      expect(Math.min(...split.q)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...split.q)).toBeLessThanOrEqual(30);
    }
    expect(Math.min(...test.q)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...test.q)).toBeLessThanOrEqual(200);
    expect(Math.max(...test.q)).toBeGreaterThan(30);
    for (const s of [train, val, test]) {
      expect(Math.min(...s.w0)).toBeGreaterThanOrEqual(0.5);
      expect(Math.max(...s.w0)).toBeLessThanOrEqual(5);
      expect(Math.min(...s.omega)).toBeGreaterThanOrEqual(0.1);
      expect(Math.max(...s.omega)).toBeLessThanOrEqual(10);
    }
    // The extrapolation subset is exactly the test filters with Q > q_max_train.
    const { inBand, extrapolation } = testSubsets(test, 30);
    expect(inBand.length + extrapolation.length).toBe(400);
    for (const f of extrapolation) expect(test.q[f]).toBeGreaterThan(30);
    for (const f of inBand) expect(test.q[f]).toBeLessThanOrEqual(30);
    // P(Q > 30) = ln(200/30)/ln(100) ≈ 0.41 for log-uniform Q on [2, 200].
    expect(extrapolation.length / 400).toBeGreaterThan(0.33);
    expect(extrapolation.length / 400).toBeLessThan(0.49);
  });

  it('records x = [log10 ω, log10 ω0, log10 Q] and y = [Re H, Im H] per point', () => {
    const { test } = generateDataset(small, 2).splits;
    const i = 5 * 16 + 7;
    expect(test.x[3 * i]).toBe(Math.log10(test.omega[i] as number));
    expect(test.x[3 * i + 1]).toBe(Math.log10(test.w0[5] as number));
    expect(test.x[3 * i + 2]).toBe(Math.log10(test.q[5] as number));
    const [re, im] = resonatorResponse(
      test.omega[i] as number,
      test.w0[5] as number,
      test.q[5] as number,
    );
    expect([test.y[2 * i], test.y[2 * i + 1]]).toEqual([re, im]);
  });

  it('mixture: half global, half near ω0 (σ = ω0/max(Q, 0.5)), clamped and sorted per filter', () => {
    const mixed = generateDataset({ ...small, sampling: 'mixture' }, 4).splits.train;
    for (let f = 0; f < mixed.nFilters; f++) {
      const pts = Array.from(mixed.omega.subarray(f * 16, (f + 1) * 16));
      expect(pts).toEqual([...pts].sort((a, b) => a - b));
      for (const w of pts) expect(w >= 0.1 && w <= 10).toBe(true);
    }
    // Local points lie within a few σ of ω0: far more points near ω0 than log-uniform gives.
    const near = (s: typeof mixed) => {
      let n = 0;
      for (let i = 0; i < s.n; i++) {
        const f = Math.floor(i / 16);
        const w0 = s.w0[f] as number;
        if (Math.abs((s.omega[i] as number) - w0) <= (2 * w0) / Math.max(s.q[f] as number, 0.5))
          n++;
      }
      return n / s.n;
    };
    // Within 2σ: about 95% of the local half, so at least 45% of all points; log-uniform far fewer.
    expect(near(mixed)).toBeGreaterThan(0.45);
    expect(near(mixed)).toBeGreaterThan(2 * near(generateDataset(small, 4).splits.train));
    // The mixture's ω0 and Q draws precede the frequencies, so they equal log-uniform's.
    expect(Array.from(mixed.q)).toEqual(Array.from(generateDataset(small, 4).splits.train.q));
  });

  it('fingerprints the data and its contract: same seed same hash, any change another', () => {
    const a = generateDataset(small, 7).fingerprint;
    expect(generateDataset(small, 7).fingerprint).toBe(a);
    expect(generateDataset(small, 8).fingerprint).not.toBe(a);
    expect(generateDataset({ ...small, sampling: 'mixture' }, 7).fingerprint).not.toBe(a);
    expect(generateDataset({ ...small, q_max_test: 150 }, 7).fingerprint).not.toBe(a);
  });

  it('states the split contract', () => {
    expect(splitContract(small)).toEqual({
      train: { q_min: 2, q_max: 30, n_filters: 40 },
      val: { q_min: 2, q_max: 30, n_filters: 10 },
      test: { q_min: 2, q_max: 200, n_filters: 60 },
      in_band: { source: 'test', rule: 'Q <= q_max_train (30)' },
      extrapolation: { source: 'test', rule: 'Q > q_max_train (30)' },
    });
  });
});
