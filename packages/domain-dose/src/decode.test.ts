import { describe, expect, it } from 'vitest';
import { decodeStrict } from './decode.js';

describe('decodeStrict', () => {
  it('applies the strict gate, fault/semantic provenance and the disjoint gap band', () => {
    const p = [1, 2, Number.NaN, 3, 1, Number.POSITIVE_INFINITY];
    const q = [0.5, 1e-7, 1, 0.2, Number.NaN, 1e-9];
    const d = decodeStrict(p, q, 1e-6, 0.3);
    expect(Array.from(d.bottom)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(Array.from(d.fault)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(Array.from(d.semantic)).toEqual([0, 1, 0, 0, 0, 1]);
    expect(Array.from(d.provenance)).toEqual([0, 2, 1, 0, 1, 3]);
    expect(Array.from(d.gap)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(d.decoded[0]).toBe(2);
    expect(d.decoded[3]).toBeCloseTo(15, 12);
    expect(Number.isNaN(d.decoded[1])).toBe(true);
  });

  it('has no gap band when tau_train ≤ tau_infer', () => {
    const d = decodeStrict([1], [0.2], 0.1, 0.1);
    expect(Array.from(d.gap)).toEqual([0]);
  });
});
