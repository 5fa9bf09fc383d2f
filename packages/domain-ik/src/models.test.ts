import { createRng } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { IK_SMOKE_CONFIG, type IkConfig } from './config.js';
import { createDlsModel } from './dls-model.js';
import { trainEpsEnsemble } from './eps-ensemble-model.js';
import { queriesOf, targetsOf } from './features.js';
import { generateDataset } from './generator.js';
import { dlsStep, jacobian } from './kinematics.js';
import { halfSquaredErrors, testMetrics } from './metrics.js';
import { trainMlp } from './mlp-model.js';
import { trainRationalEps } from './rational-eps-model.js';
import { trainScm } from './scm-model.js';
import { createTrainingSet } from './training-set.js';

const CONFIG: IkConfig = {
  ...IK_SMOKE_CONFIG,
  generator: { ...IK_SMOKE_CONFIG.generator, n_samples: 800 },
  models: { ...IK_SMOKE_CONFIG.models, hidden: 8, ensemble_hidden: 4 },
  train: { ...IK_SMOKE_CONFIG.train, steps: 30, batch_size: 32 },
};
const data = generateDataset(CONFIG.generator, 5);
const training = createTrainingSet(data, CONFIG.generator.displacement_scale);
const queries = queriesOf(data.samples, data.test);
const targets = targetsOf(data.samples, data.test);
const buckets = Array.from(data.test, (i) => data.samples.bucket[i] as number);

describe('the IK models', () => {
  it('SCM: the exact fit recovers the pole target adj(J)·d / det J and bottoms the exact singularities', () => {
    const scm = trainScm(CONFIG, training, createRng('scm'));
    expect(scm.train.steps).toBe(1);
    expect(scm.nParams).toBe(2 * 70 + 26);
    const m = testMetrics(scm.predict(queries), targets, buckets);
    expect(m.mse_b4 as number).toBeLessThan(1e-10);
    expect(m.mse_b3 as number).toBeLessThan(1e-5);
    expect(m.success_rate as number).toBeGreaterThan(0.9);
    // Every exactly singular test sample (θ2 = π after clipping, det J ≈ 1e-16) is bottomed.
    const p = scm.predict(queries);
    for (let r = 0; r < queries.n; r++)
      if (Math.abs(data.samples.detJ[data.test[r] as number] as number) < 1e-12)
        expect(p.bottom[r]).toBe(1);
    expect(scm.trainLog[0]?.metrics.implicit as number).toBeLessThan(1e-3);
  });

  it('DLS: the analytic reference is dlsStep with λ = 0.01 and never bottoms', () => {
    const dls = createDlsModel(CONFIG);
    const p = dls.predict(queries);
    const i = data.test[0] as number;
    const j = jacobian(
      { l1: 1, l2: 1 },
      data.samples.theta1[i] as number,
      data.samples.theta2[i] as number,
    );
    expect([p.decoded[0], p.decoded[1]]).toEqual(
      dlsStep(j, data.samples.dx[i] as number, data.samples.dy[i] as number, 0.01),
    );
    expect(p.bottom.every((b) => b === 0)).toBe(true);
    expect(dls.checkpoint()).toBeNull();
  });

  it.each([
    ['mlp', trainMlp],
    ['rational_eps', trainRationalEps],
    ['eps_ensemble', trainEpsEnsemble],
  ] as const)(
    '%s: spends exactly the step budget, is finite and deterministic for a stream',
    (_id, train) => {
      const a = train(CONFIG, training, createRng('x'));
      const b = train(CONFIG, training, createRng('x'));
      expect(a.train.steps).toBe(30);
      expect(a.trainLog.at(-1)?.step).toBe(30);
      const pa = a.predict(queries);
      expect(Array.from(pa.decoded)).toEqual(Array.from(b.predict(queries).decoded));
      expect(a.checkpoint()).toEqual(b.checkpoint());
      expect(halfSquaredErrors(pa, targets).every(Number.isFinite)).toBe(true);
    },
  );
});
