import type { Rng } from '@zpbench/nn';
import type { DoseConfig } from './config.js';
import type { TrainedDoseModel } from './dose-model.js';
import type { DoseSplit } from './generator.js';
import {
  createRationalNet,
  optimizerLabel,
  rationalLoss,
  rationalOutputs,
} from './rational-eps-model.js';
import { trainNetworks } from './train-loop.js';
import { windowPredictions } from './window-decode.js';

/**
 * Trains EpsEnsemble: one Rational+ε member per ε (narrower, so the summed parameter count matches
 * the single models), stepped together for the same optimizer-step budget; the prediction is the
 * members' mean, decoded like Rational+ε.
 */
export function trainEpsEnsemble(
  config: DoseConfig,
  train: DoseSplit,
  val: DoseSplit,
  rng: Rng,
): TrainedDoseModel {
  const h = config.models.ensemble_hidden;
  const epsList = config.models.ensemble_eps;
  const members = epsList.map((eps, k) => ({
    eps,
    net: createRationalNet(h, train.nFeatures, rng.fork(`init:${k}`)),
  }));
  const t = config.train;
  const { log, epochs } = trainNetworks(
    members.map((m, k) => ({
      name: `m${k}`,
      net: m.net,
      lossGrad: (out, rows, split) => rationalLoss(out, rows, split, m.eps),
    })),
    train,
    val,
    t,
    t.steps,
    rng.fork('batches'),
  );
  const predictScaled = (split: DoseSplit): Float64Array => {
    const mean = new Float64Array(split.n);
    for (const m of members) {
      const y = rationalOutputs(m.net, split, m.eps);
      for (let i = 0; i < split.n; i++)
        mean[i] = (mean[i] as number) + (y[i] as number) / members.length;
    }
    return mean;
  };
  return {
    id: 'eps_ensemble',
    family: 'eps-ensemble',
    architecture: `${members.length} × Rational+ε (MLP ${train.nFeatures}→${h}→${h} tanh → (N, D)), ε ∈ {${epsList.join(', ')}}, outputs averaged`,
    nParams: members.reduce((s, m) => s + m.net.nParams, 0),
    train: {
      optimizer: `${optimizerLabel(t)} per member`,
      steps: t.steps,
      epochs,
      batch_size: t.batch_size,
    },
    trainLog: log,
    hasQ: false,
    predict: (split) => windowPredictions(predictScaled(split), split, config.generator),
    checkpoint: () => ({
      family: 'eps-ensemble',
      members: members.map((m) => ({
        eps: m.eps,
        sizes: [...m.net.sizes],
        params: m.net.flatParams(),
      })),
    }),
  };
}
