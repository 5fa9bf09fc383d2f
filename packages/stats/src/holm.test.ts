import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.js';

describe('holmAdjust', () => {
  it('matches the textbook step-down example', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.06, 0.04·1) = 0.06.
    const r = holmAdjust([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(r.adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(r.rejected).toEqual([true, false, false, true]);
  });

  it('caps at 1 and handles a single hypothesis', () => {
    expect(holmAdjust([0.6, 0.9]).adjusted).toEqual([1, 1]);
    expect(holmAdjust([0.04])).toEqual({ adjusted: [0.04], rejected: [true] });
  });
});
