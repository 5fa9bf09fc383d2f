import { countParameters, mlp, mseLoss, type Rng, saveCheckpoint } from '@zpbench/nn';
import type { RfConfig } from '../config.js';
import type { RfDataset } from '../generator.js';
import { batchMatrix, inferenceForward, validationLoss } from './common.js';
import {
  predictInBatches,
  type RfInputs,
  type RfPredictions,
  splitInputs,
  type TrainedRfModel,
} from './rf-model.js';
import { trainModel } from './train.js';

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
    const out = inferenceForward(net, inputs.x, inputs.n, 3).data;
    const re = new Float64Array(inputs.n);
    const im = new Float64Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) {
      re[i] = out[2 * i] as number;
      im[i] = out[2 * i + 1] as number;
    }
    const bottom = new Uint8Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) if (!Number.isFinite(re[i]! + im[i]!)) bottom[i] = 1;
    return { re, im, bottom, trigger: new Uint8Array(inputs.n), qAbs: null };
  };
  const predict = (inputs: RfInputs) =>
    predictInBatches(inputs, config.eval.predict_batch, run, false);
  const val = splitInputs(data.splits.val);
  const trained = trainModel(
    {
      params,
      nSamples: train.n,
      lossStep: (batch) => {
        const out = net.forward(batchMatrix(train.x, 3, batch), { train: true });
        const loss = mseLoss(out, batchMatrix(train.y, 2, batch));
        net.backward(loss.grad);
        return { mse: loss.value };
      },
      validate: () => validationLoss(predict, val, data.splits.val),
    },
    config.train,
    rng.fork('batches'),
  );
  return {
    id: 'mlp',
    family: 'mlp',
    description: `MLP ${layers.join('→')} (SiLU) → [Re, Im]`,
    architecture: { layers, activation: 'silu', head: 'linear [Re, Im]' },
    nParams: countParameters(params),
    exposesDenominator: false,
    ...trained,
    predict,
    checkpoint: () => saveCheckpoint(params),
  };
}
