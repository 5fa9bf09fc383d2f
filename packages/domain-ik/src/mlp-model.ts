import {
  countParameters,
  mlp,
  mseLoss,
  type Rng,
  type Sequential,
  saveCheckpoint,
} from '@zpbench/nn';
import type { IkConfig } from './config.js';
import { encodeFeatures, N_FEATURES } from './features.js';
import { type IkModel, ungatedPredictions } from './ik-model.js';
import { trainParams } from './train.js';
import { BatchGatherer, type TrainingSet } from './training-set.js';

/** A network's raw outputs on queries' features (n × out, a copy). */
export function networkOutputs(
  net: Sequential,
  x: ReturnType<typeof encodeFeatures>,
): Float64Array {
  return net.forward(x, { train: false }).data.slice();
}

/** The MLP baseline: φ → hidden → hidden → Δθ, trained with MSE on the raw targets. */
export function trainMlp(config: IkConfig, data: TrainingSet, rng: Rng): IkModel {
  const h = config.models.hidden;
  const act = config.models.activation;
  const net = mlp([N_FEATURES, h, h, 2], act, rng.fork('init'), { name: 'mlp', inputGrad: false });
  const params = net.parameters();
  const batches = new BatchGatherer(data);
  const { train, log } = trainParams(params, config.train, data.n, rng.fork('batches'), (batch) => {
    const { x, y } = batches.gather(batch);
    const out = net.forward(x, { train: true });
    const loss = mseLoss(out, y);
    net.backward(loss.grad);
    return { mse: loss.value };
  });
  return {
    id: 'mlp',
    family: 'mlp',
    architecture: `MLP ${N_FEATURES}→${h}→${h}→2 (${act})`,
    nParams: countParameters(params),
    hasGate: false,
    train,
    trainLog: log,
    predict: (q) => {
      const x = encodeFeatures(q, config.generator.displacement_scale);
      return ungatedPredictions(networkOutputs(net, x), q.n);
    },
    checkpoint: () => saveCheckpoint(params).params,
  };
}
