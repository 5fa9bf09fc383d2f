import { describe, expect, it } from 'vitest';
import type { StatsError } from './errors.js';
import { buildSlots, parseSlotMatrix } from './slot-matrix.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as StatsError).code;
  }
  return 'none';
}

describe('parseSlotMatrix', () => {
  it('reads rows per seed and a flat list as one step', () => {
    const m = parseSlotMatrix({
      'min:loss': [
        [1, 2, 3],
        [4, 5, 6],
      ],
      acc: [0.9, 0.8],
    });
    expect(m.metrics).toEqual([
      {
        metric: 'min:loss',
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      { metric: 'acc', values: [[0.9], [0.8]] },
    ]);
  });

  it('rejects ragged rows, non-numbers, non-finite values and empty input', () => {
    expect(codeOf(() => parseSlotMatrix({ a: [[1, 2], [3]] }))).toBe('ZPB_STATS_SHAPE');
    expect(codeOf(() => parseSlotMatrix({ a: [[1, '2']] }))).toBe('ZPB_STATS_INPUT');
    expect(codeOf(() => parseSlotMatrix({ a: [1, Number.NaN] }))).toBe('ZPB_STATS_NON_FINITE');
    expect(codeOf(() => parseSlotMatrix({ a: [[1, Infinity]] }))).toBe('ZPB_STATS_NON_FINITE');
    // Every kind of non-number in a row of two and more, and a sparse row (a library caller's).
    for (const bad of [null, true, '1', [1], { v: 1 }, undefined]) {
      expect(codeOf(() => parseSlotMatrix({ a: [[1, 2, bad, 4]] }))).toBe('ZPB_STATS_INPUT');
    }
    // biome-ignore lint/suspicious/noSparseArray: the hole is the input under test
    expect(codeOf(() => parseSlotMatrix({ a: [[1, , 3]] }))).toBe('ZPB_STATS_INPUT');
    expect(() =>
      parseSlotMatrix(
        {
          a: [
            [1, 2],
            [3, -Infinity],
          ],
        },
        'c.json',
      ),
    ).toThrow('slot matrix c.json metric "a" seed 1 step 1 is -Infinity, expected a finite number');
    expect(codeOf(() => parseSlotMatrix({}))).toBe('ZPB_STATS_SHAPE');
    expect(codeOf(() => parseSlotMatrix([1, 2]))).toBe('ZPB_STATS_INPUT');
    expect(() =>
      parseSlotMatrix({ a: [[1, 2], [3]] }, 'base.json'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: slot matrix base.json metric "a" row 1 has 1 steps but row 0 has 2; every seed needs the same non-zero number of steps]`,
    );
  });
});

describe('buildSlots', () => {
  it('pairs seeds by position into (metric, step) slots', () => {
    const base = parseSlotMatrix({
      a: [
        [1, 2],
        [3, 4],
      ],
    });
    const cur = parseSlotMatrix({
      a: [
        [5, 6],
        [7, 8],
      ],
    });
    // Slots of parsed matrices form their arrays when read: compare what a caller reads.
    const read = buildSlots(base, cur).map(({ metric, step, baseline, current }) => ({
      metric,
      step,
      baseline,
      current,
    }));
    expect(read).toEqual([
      { metric: 'a', step: 0, baseline: [1, 3], current: [5, 7] },
      { metric: 'a', step: 1, baseline: [2, 4], current: [6, 8] },
    ]);
  });

  it('refuses mismatched metrics, seed counts and step counts', () => {
    const base = parseSlotMatrix({
      a: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(
      codeOf(() =>
        buildSlots(
          base,
          parseSlotMatrix({
            b: [
              [1, 2],
              [3, 4],
            ],
          }),
        ),
      ),
    ).toBe('ZPB_STATS_SHAPE');
    expect(codeOf(() => buildSlots(base, parseSlotMatrix({ a: [[1, 2]] })))).toBe(
      'ZPB_STATS_SHAPE',
    );
    expect(codeOf(() => buildSlots(base, parseSlotMatrix({ a: [1, 3] })))).toBe('ZPB_STATS_SHAPE');
  });
});
