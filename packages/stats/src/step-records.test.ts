import { describe, expect, it } from 'vitest';
import { checkRegression } from './severity.js';
import { buildSlots } from './slot-matrix.js';
import { parseStepRecords } from './step-records.js';

describe('parseStepRecords (pybench per-seed results)', () => {
  it('reads step records as one metric with a column per step, steps ascending', () => {
    const matrix = parseStepRecords(
      [
        [
          { step: 30, 'min:loss': 0.46 },
          { step: 1, 'min:loss': 1.08 },
          { step: 100, 'min:loss': 0.13 },
        ],
        [
          { step: 1, 'min:loss': 1.1 },
          { step: 30, 'min:loss': 0.5 },
          { step: 100, 'min:loss': 0.15 },
        ],
      ],
      'base.json',
    );
    expect(matrix).toEqual({
      metrics: [
        {
          metric: 'min:loss',
          steps: [1, 30, 100],
          values: [
            [1.08, 0.46, 0.13],
            [1.1, 0.5, 0.15],
          ],
        },
      ],
    });
  });

  it('reads a number as metric score and a record as step 0, as pybench normalises them', () => {
    expect(parseStepRecords([0.5, 0.7])).toEqual({
      metrics: [{ metric: 'score', steps: [0], values: [[0.5], [0.7]] }],
    });
    expect(parseStepRecords([{ acc: 0.8, 'min:loss': 1 }])).toEqual({
      metrics: [
        { metric: 'acc', steps: [0], values: [[0.8]] },
        { metric: 'min:loss', steps: [0], values: [[1]] },
      ],
    });
  });

  it('keeps a metric present at some steps only to those steps', () => {
    const matrix = parseStepRecords([
      [
        { step: 0, acc: 0.1, loss: 2 },
        { step: 5, loss: 1 },
      ],
    ]);
    expect(matrix.metrics).toEqual([
      { metric: 'acc', steps: [0], values: [[0.1]] },
      { metric: 'loss', steps: [0, 5], values: [[2, 1]] },
    ]);
  });

  it('names the seed and record of every malformed input', () => {
    const bad = (json: unknown) => () => parseStepRecords(json, 'cur.json');
    expect(bad({ loss: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json is an object, expected a list over seeds of step records]`,
    );
    expect(bad([[{ 'min:loss': 1 }]])).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json seed 0 record 0 has step missing, expected a non-negative integer "step"]`,
    );
    expect(
      bad([
        [
          { step: 1, x: 1 },
          { step: 1, x: 2 },
        ],
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json seed 0 record 1 repeats step 1; give each step once]`,
    );
    expect(bad([[{ step: 1, x: 'a' }]])).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json seed 0 record 0 metric "x" is the string "a", expected a finite number; write every metric value as a JSON number]`,
    );
    expect(bad([[{ step: 1 }]])).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json seed 0 record 0 has no metrics; give at least one "<metric>": value]`,
    );
    expect(bad([[{ step: 1, x: 1 }], [{ step: 2, x: 1 }]])).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: step records cur.json seed 1 gives steps and metrics {2:x} but seed 0 gives {1:x}; every seed must record the same metrics at the same steps]`,
    );
  });

  it('pairs into slots labelled by their steps; a local spike is one flagged slot of 3', () => {
    const seeds = [0, 1, 2, 3, 4];
    const curve = (s: number, spike: number) =>
      [1, 30, 100].map((step) => ({
        step,
        'min:loss': 1 / (step + 1) + 0.01 * s + (step === 100 ? spike : 0),
      }));
    const base = parseStepRecords(seeds.map((s) => curve(s, 0)));
    const current = parseStepRecords(seeds.map((s) => curve(s, 0.2 + 0.001 * s)));
    const slots = buildSlots(base, current);
    expect(slots.map((slot) => slot.step)).toEqual([1, 30, 100]);
    const result = checkRegression({ slots });
    expect(result.verdict).toBe('FAIL');
    expect(result.metaP).toBe(1 / 32);
    expect(result.slots.filter((slot) => slot.flagged).map((slot) => slot.step)).toEqual([100]);
  });

  it('refuses runs whose steps differ, naming both', () => {
    const a = parseStepRecords([[{ step: 1, x: 1 }]]);
    const b = parseStepRecords([[{ step: 2, x: 1 }]]);
    expect(() => buildSlots(a, b)).toThrowErrorMatchingInlineSnapshot(
      `[StatsError: metric "x" has baseline steps [1] but current steps [2]; record the same steps in both runs]`,
    );
  });
});
