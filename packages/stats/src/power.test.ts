import { describe, expect, it } from 'vitest';
import { estimatePower, minimumDetectableEffect, requiredSeeds } from './power.js';
import { createRandomStream } from './random-stream.js';
import { checkRegression } from './severity.js';
import type { SlotMatrix } from './slot-matrix.js';

const r0 = createRandomStream('power-baseline');
// 200 baseline seeds of two metrics × 2 steps drawn from known normals.
const baseline: SlotMatrix = {
  metrics: [
    {
      metric: 'acc',
      values: Array.from({ length: 200 }, () => [r0.normal(0.8, 0.02), r0.normal(0.9, 0.02)]),
    },
    {
      metric: 'min:loss',
      values: Array.from({ length: 200 }, () => [r0.normal(0.5, 0.03), r0.normal(0.3, 0.03)]),
    },
  ],
};
const means = [0.8, 0.9, 0.5, 0.3];
const sds = [0.02, 0.02, 0.03, 0.03];

/** Direct simulation from the true generating normals: fresh seeds for both runs. */
function truePower(effect: number, n: number, reps: number): number {
  const r = createRandomStream('power-truth');
  let fails = 0;
  for (let i = 0; i < reps; i++) {
    const slots = means.map((mu, k) => {
      const isLoss = k >= 2;
      const shift = effect * mu * (isLoss ? 1 : -1);
      return {
        metric: isLoss ? 'min:loss' : 'acc',
        step: k % 2,
        baseline: Array.from({ length: n }, () => r.normal(mu, sds[k]!)),
        current: Array.from({ length: n }, () => r.normal(mu + shift, sds[k]!)),
      };
    });
    if (checkRegression({ slots }, { nPerm: 200, stream: r.fork(`p${i}`) }).verdict === 'FAIL')
      fails++;
  }
  return fails / reps;
}

describe('power planning', () => {
  it('estimates power that matches a direct simulation within Monte-Carlo error', () => {
    const reps = 400;
    for (const effect of [0.02, 0.04]) {
      const est = estimatePower(baseline, { effect, nSeeds: 10, replications: reps });
      const truth = truePower(effect, 10, reps);
      const se = Math.sqrt((2 * truth * (1 - truth)) / reps);
      expect({ effect, ok: Math.abs(est.power - truth) <= 4 * se + 0.03 }).toEqual({
        effect,
        ok: true,
      });
    }
  });

  it('gives a minimum detectable effect whose power brackets the target', () => {
    const mde = minimumDetectableEffect(baseline, { nSeeds: 10, replications: 100 });
    expect(mde.power).toBeGreaterThanOrEqual(0.8);
    const below = estimatePower(baseline, {
      effect: mde.effect * 0.9,
      nSeeds: 10,
      replications: 100,
    });
    expect(below.power).toBeLessThan(0.8 + 2 * below.standardError);
  });

  it('finds the smallest seed count reaching the target power', () => {
    const need = requiredSeeds(baseline, { effect: 0.03, replications: 100 });
    expect(need.power).toBeGreaterThanOrEqual(0.8);
    const fewer = estimatePower(baseline, {
      effect: 0.03,
      nSeeds: need.nSeeds - 1,
      replications: 100,
    });
    expect(fewer.power).toBeLessThan(0.8);
  });
});
