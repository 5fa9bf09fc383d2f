import { mlp, mseLoss, type Rng } from '@zpbench/nn';
import type { RfConfig } from '../config.js';
import type { RfDataset } from '../generator.js';
import { batchMatrix, complexParts, inferenceForward } from './common.js';
import type { RfInputs, RfPredictions, TrainedRfModel } from './rf-model.js';
import { trainLearnedModel } from './train.js';

/**
 * The smooth baseline (§5.2): an MLP [log10 ω, log10 ω0, log10 Q] → hidden → hidden → [Re, Im]
 * with SiLU, trained on the MSE; it outputs Re/Im directly and is never bottom.
 */
export function trainMlp(config: RfConfig, data: RfDataset, rng: Rng): TrainedRfModel {
  const h = config.models.hidden;
  const layers = [3, h, h, 2];
  const net = mlp(layers, 'silu', rng.fork('init'), { name: 'mlp', inputGrad: false });
  const params = net.parameters();
  const train = data.splits.train;
  const run = (inputs: RfInputs): RfPredictions => {
    const { re, im } = complexParts(inferenceForward(net, inputs.x, inputs.n, 3).data, inputs.n);
    const bottom = new Uint8Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) if (!Number.isFinite(re[i]! + im[i]!)) bottom[i] = 1;
    return { re, im, bottom, trigger: new Uint8Array(inputs.n), qAbs: null };
  };
  return trainLearnedModel(config, data, rng, {
    id: 'mlp',
    family: 'mlp',
    description: `MLP ${layers.join('→')} (SiLU) → [Re, Im]`,
    architecture: { layers, activation: 'silu', head: 'linear [Re, Im]' },
    exposesDenominator: false,
    params,
    run,
    lossStep: (batch) => {
      const out = net.forward(batchMatrix(train.x, 3, batch), { train: true });
      const loss = mseLoss(out, batchMatrix(train.y, 2, batch));
      net.backward(loss.grad);
      return { mse: loss.value };
    },
  });
}
