import { ZpbenchError } from '@zpbench/core/light';
import { checkRegression, type RegressionResult } from '@zpbench/stats';
import { describe, expect, it } from 'vitest';
import { assertFiniteStatistics, SLOT_STATISTICS } from './regress.js';

/** A real result: 6 paired seeds, two slots (a metric at steps 0 and 1). */
function realResult(): RegressionResult {
  const baseline = [
    [1.0, 1.1, 0.9, 1.05, 0.95, 1.02],
    [0.8, 0.85, 0.75, 0.82, 0.78, 0.81],
  ];
  const current = [
    [1.01, 1.12, 0.93, 1.04, 0.99, 1.0],
    [0.83, 0.84, 0.8, 0.86, 0.77, 0.85],
  ];
  return checkRegression({
    slots: baseline.map((b, step) => ({
      metric: 'min:loss',
      step,
      baseline: b,
      current: current[step]!,
    })),
  });
}

function withSlotValue(result: RegressionResult, name: string, value: number): RegressionResult {
  const slots = result.slots.map((slot, k) => (k === 1 ? { ...slot, [name]: value } : slot));
  return { ...result, slots };
}

function thrown(run: () => void): ZpbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZpbenchError) return error;
    throw error;
  }
  throw new Error('expected a ZpbenchError, nothing was thrown');
}

describe('assertFiniteStatistics', () => {
  it('accepts a finite result', () => {
    expect(() => assertFiniteStatistics(realResult(), [])).not.toThrow();
  });

  it('lists every number of a slot result but its step and raw t', () => {
    const slot = realResult().slots[0]!;
    const numbers = Object.entries(slot)
      .filter(([, value]) => typeof value === 'number')
      .map(([key]) => key)
      .filter((key) => key !== 'step' && key !== 'tRaw');
    expect([...SLOT_STATISTICS].sort()).toEqual(numbers.sort());
  });

  // Each field alone not finite: the spelled-out checks must see it, and the error name it.
  for (const name of SLOT_STATISTICS) {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`refuses a slot whose ${name} is ${value}, naming the slot and the field`, () => {
        const error = thrown(() =>
          assertFiniteStatistics(withSlotValue(realResult(), name, value), []),
        );
        expect(error.code).toBe('ZPB_INPUT');
        expect(error.message).toBe(
          `slot (metric "min:loss", step 1): its ${name} is ${value}, the values overflow double-precision arithmetic; rescale the metric (another unit, or its logarithm) in both inputs and rerun`,
        );
      });
    }
  }

  it('refuses a severity or meta-p that is not finite', () => {
    const error = thrown(() =>
      assertFiniteStatistics({ ...realResult(), severity: Number.POSITIVE_INFINITY }, []),
    );
    expect(error.message).toMatch(/^the severity test: its severity is Infinity, /);
    expect(() => assertFiniteStatistics({ ...realResult(), metaP: Number.NaN }, [])).toThrow(
      /^the severity test: its metaP is NaN, /,
    );
  });

  it('keeps a raw t of ±∞ (exactly constant differences), which is not a statistic it checks', () => {
    const result = withSlotValue(realResult(), 'tRaw', Number.NEGATIVE_INFINITY);
    expect(() => assertFiniteStatistics(result, [])).not.toThrow();
  });
});
