import { describe, expect, it } from 'vitest';
import {
  constantSlots,
  estimatePower,
  minimumDetectableEffect,
  planPower,
  requiredSeeds,
} from './power.js';
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

  it('counts exactly the FAILs of checkRegression on the same simulated reruns', () => {
    // Replays estimatePower's draws: rep r pairs rows i_s with other rows j_s from
    // `<seed>/rep<r>` and flips signs from `<seed>/rep<r>/perm`, one sign per seed in order.
    const small: SlotMatrix = {
      metrics: baseline.metrics.map((m) => ({ ...m, values: m.values.slice(0, 40) })),
    };
    const flat = small.metrics.flatMap((m) =>
      [0, 1].map((step) => ({ metric: m.metric, step, values: m.values.map((row) => row[step]!) })),
    );
    for (const [n, nPerm, effect] of [
      [6, 200, 0.03],
      [10, 300, 0.02],
      [12, 150, 0.0],
    ] as const) {
      const reps = 40;
      let fails = 0;
      for (let r = 0; r < reps; r++) {
        const stream = createRandomStream('equiv').fork(`rep${r}`);
        const pairs = Array.from({ length: n }, () => {
          const i = stream.int(40);
          return [i, (i + 1 + stream.int(39)) % 40] as const;
        });
        const slots = flat.map(({ metric, step, values }) => {
          const g = metric.startsWith('min:') ? -1 : 1;
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const shift = effect * Math.abs(mean);
          return {
            metric,
            step,
            baseline: pairs.map(([i]) => values[i]!),
            current: pairs.map(([, j]) => values[j]! - g * shift),
          };
        });
        const result = checkRegression({ slots }, { nPerm, stream: stream.fork('perm') });
        if (result.verdict === 'FAIL') fails++;
      }
      const est = estimatePower(small, {
        effect,
        nSeeds: n,
        nPerm,
        replications: reps,
        seed: 'equiv',
      });
      expect({ n, fails: est.power * reps }).toEqual({ n, fails });
    }
  });

  it('leaves slots constant over the seeds out of the simulation (issue 19 item 1)', () => {
    // An all-zero lower-is-better rate beside the noisy slots: a "relative drop" of 0 would be a
    // constant shift on every seed, which the test flags with certainty (its ±1e9 convention).
    const withZero: SlotMatrix = {
      metrics: [
        ...baseline.metrics,
        { metric: 'min:fault_rate', values: baseline.metrics[0]!.values.map(() => [0, 0]) },
      ],
    };
    expect(constantSlots(withZero)).toEqual([
      { metric: 'min:fault_rate', step: 0, value: 0 },
      { metric: 'min:fault_rate', step: 1, value: 0 },
    ]);
    const options = { effect: 0.01, nSeeds: 10, replications: 100 };
    const clean = estimatePower(baseline, options);
    expect(estimatePower(withZero, options)).toEqual(clean);
    // A 1% drop at 10 seeds is hard to see in these data; before the fix this was 1.00.
    expect(clean.power).toBeLessThan(0.3);
    const planOptions = { effect: 0.01, replications: 50, maxSeeds: 16 };
    const plan = planPower(withZero, planOptions);
    const { constantSlots: none, slots, ...cleanPlan } = planPower(baseline, planOptions);
    expect([plan.slots, plan.constantSlots.length, slots, none.length]).toEqual([6, 2, 4, 0]);
    expect({ ...plan, slots, constantSlots: none }).toEqual({
      ...cleanPlan,
      slots,
      constantSlots: none,
    });
    expect(plan.requiredSeeds).toBe(null);
    expect(plan.notes).toEqual([
      'required seeds: 16 seeds reach only power 0.20 at effect 0.01; plan for a larger effect or raise maxSeeds',
    ]);
    const allConstant: SlotMatrix = { metrics: [withZero.metrics[2]!] };
    expect(() => estimatePower(allConstant, options)).toThrowError(
      /every slot of the baseline is constant over its 200 seeds/,
    );
  });
});
