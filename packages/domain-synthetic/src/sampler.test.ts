import { createRng } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { sampleLossCurve } from './sampler.js';

const params = { nSteps: 101, amp: 1, tau: 30, floor: 0.1, noise: 0, seedSigma: 0 };

describe('sampleLossCurve', () => {
  it('is the exponential-decay mean curve exactly when there is no noise', () => {
    const curve = sampleLossCurve(createRng(0), params);
    expect(curve[0]).toBe(1.1);
    expect(curve[30]).toBeCloseTo(Math.exp(-1) + 0.1, 15);
    expect(curve[100]).toBeCloseTo(Math.exp(-100 / 30) + 0.1, 15);
  });

  it('writes into a given buffer the same values it would allocate', () => {
    const noisy = { ...params, noise: 0.05, seedSigma: 0.02 };
    const buffer = new Float64Array(101).fill(Number.NaN);
    const into = sampleLossCurve(createRng('b'), noisy, buffer);
    expect(into).toBe(buffer);
    expect(Array.from(into)).toEqual(Array.from(sampleLossCurve(createRng('b'), noisy)));
  });

  it('adds one per-seed offset to every step when seed_sigma is set', () => {
    const clean = sampleLossCurve(createRng(1), params);
    const shifted = sampleLossCurve(createRng(1), { ...params, seedSigma: 0.05 });
    const offsets = Array.from(shifted, (v, t) => v - (clean[t] as number));
    for (const o of offsets) expect(o).toBeCloseTo(offsets[0] as number, 12);
    expect(Math.abs(offsets[0] as number)).toBeGreaterThan(0);
  });

  it('has noise with the configured spread, reproducible from the seed', () => {
    const a = sampleLossCurve(createRng('s'), {
      ...params,
      nSteps: 20_000,
      tau: 1e12,
      amp: 0,
      noise: 0.05,
    });
    const b = sampleLossCurve(createRng('s'), {
      ...params,
      nSteps: 20_000,
      tau: 1e12,
      amp: 0,
      noise: 0.05,
    });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    const sd = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / (a.length - 1));
    expect(mean).toBeCloseTo(0.1, 2);
    expect(sd).toBeGreaterThan(0.048);
    expect(sd).toBeLessThan(0.052);
  });
});
