import { countParameters, type Rng, saveCheckpoint } from '@zpbench/nn';
import type { IkConfig } from './config.js';
import { encodeFeatures, N_FEATURES } from './features.js';
import { type IkModel, ungatedPredictions } from './ik-model.js';
import { createRationalEpsNet, rationalEpsOutputs, rationalEpsStep } from './rational-eps-model.js';
import { trainParams } from './train.js';
import { BatchGatherer, type TrainingSet } from './training-set.js';

/**
 * EpsEnsemble (the key baseline, protocol v1): one narrower Rational+ε member per ε of
 * `ensemble_eps`, each trained on its own with MSE for the same optimizer-step budget, its own
 * Adam and gradient clip, and the same minibatch sequence (the same `batches` stream); the
 * prediction is the members' mean. Its log holds each member's epoch-mean MSE.
 */
export function trainEpsEnsemble(config: IkConfig, data: TrainingSet, rng: Rng): IkModel {
  const h = config.models.ensemble_hidden;
  const members = config.models.ensemble_eps.map((eps, k) =>
    createRationalEpsNet(config, h, eps, rng.fork(`init:${k}`), `eps_ensemble.${k}`),
  );
  const batches = new BatchGatherer(data);
  const runs = members.map((m) =>
    trainParams(m.net.parameters(), config.train, data.n, rng.fork('batches'), (batch) => {
      const { x, y } = batches.gather(batch);
      return { mse: rationalEpsStep(m, x, y) };
    }),
  );
  const first = runs[0] as (typeof runs)[number];
  const log = first.log.map((entry, e) => ({
    epoch: entry.epoch,
    step: entry.step,
    metrics: Object.fromEntries(runs.map((r, k) => [`m${k}.mse`, r.log[e]?.metrics.mse as number])),
  }));
  const params = members.flatMap((m) => m.net.parameters());
  const train = { ...first.train, optimizer: `${first.train.optimizer} per member` };
  return {
    id: 'eps_ensemble',
    family: 'eps-ensemble',
    architecture: `${members.length} × Rational+ε (MLP ${N_FEATURES}→${h}→${h}→(N₁, N₂, D), ${config.models.activation}), ε ∈ {${config.models.ensemble_eps.join(', ')}}, outputs averaged`,
    nParams: countParameters(params),
    hasGate: false,
    train,
    trainLog: log,
    predict: (q) => {
      const x = encodeFeatures(q, config.generator.displacement_scale);
      const mean = new Float64Array(q.n * 2);
      for (const m of members) {
        const y = rationalEpsOutputs(m, x);
        for (let k = 0; k < mean.length; k++)
          mean[k] = (mean[k] as number) + (y[k] as number) / members.length;
      }
      return ungatedPredictions(mean, q.n);
    },
    checkpoint: () => saveCheckpoint(params).params,
  };
}
