import type { Rng } from '@zpbench/nn';
import type { DoseConfig } from './config.js';
import type { ModelPredictions, TrainedDoseModel } from './dose-model.js';
import { ABOVE, BELOW, type DoseSplit, IN_RANGE, unscaleResponse } from './generator.js';
import { Mlp } from './mlp.js';
import { optimizerLabel } from './rational-eps-model.js';
import { type LossResult, trainNetworks } from './train-loop.js';

/**
 * Loss of the MLP regressor + classifier: MSE of the regression output on in-range samples (the
 * only ones with a target) plus `classifierWeight` × 3-way softmax cross-entropy on every sample.
 * Outputs are (y, logit_below, logit_in_range, logit_above).
 */
export function mlpLoss(
  output: Float64Array,
  rows: Int32Array,
  split: DoseSplit,
  classifierWeight: number,
): LossResult {
  const n = rows.length;
  const dOut = new Float64Array(n * 4);
  let mse = 0;
  let nFinite = 0;
  let ce = 0;
  for (let i = 0; i < n; i++) if (split.label[rows[i] as number] === IN_RANGE) nFinite++;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    const label = split.label[r] as number;
    if (label === IN_RANGE) {
      const e = (output[4 * i] as number) - (split.target[r] as number);
      mse += e * e;
      dOut[4 * i] = (2 * e) / nFinite;
    }
    const l0 = output[4 * i + 1] as number;
    const l1 = output[4 * i + 2] as number;
    const l2 = output[4 * i + 3] as number;
    const m = Math.max(l0, l1, l2);
    const e0 = Math.exp(l0 - m);
    const e1 = Math.exp(l1 - m);
    const e2 = Math.exp(l2 - m);
    const z = e0 + e1 + e2;
    const probs = [e0 / z, e1 / z, e2 / z];
    ce += -Math.log(Math.max(probs[label] as number, 1e-300));
    for (let c = 0; c < 3; c++) {
      dOut[4 * i + 1 + c] = (classifierWeight * ((probs[c] as number) - (c === label ? 1 : 0))) / n;
    }
  }
  const msePart = nFinite === 0 ? 0 : mse / nFinite;
  return {
    components: {
      mse: msePart,
      cross_entropy: ce / n,
      total: msePart + (classifierWeight * ce) / n,
    },
    dOut,
  };
}

/**
 * Decode of the MLP: the classifier's argmax decides the class (accept = in_range), the regression
 * output gives the finite value, and the below/above logits give the direction.
 */
export function mlpPredictions(
  out: Float64Array,
  split: DoseSplit,
  g: DoseConfig['generator'],
): ModelPredictions {
  const n = split.n;
  const decoded = new Float64Array(n);
  const bottom = new Uint8Array(n);
  const fault = new Uint8Array(n);
  const semantic = new Uint8Array(n);
  const direction = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const y = out[4 * i] as number;
    const l0 = out[4 * i + 1] as number;
    const l1 = out[4 * i + 2] as number;
    const l2 = out[4 * i + 3] as number;
    const finite = [y, l0, l1, l2].every(Number.isFinite);
    const cls = l1 >= l0 && l1 >= l2 ? IN_RANGE : l2 > l0 ? ABOVE : BELOW;
    const accept = finite && cls === IN_RANGE;
    fault[i] = finite ? 0 : 1;
    semantic[i] = finite && !accept ? 1 : 0;
    bottom[i] = accept ? 0 : 1;
    decoded[i] = accept ? unscaleResponse(y, g) : Number.NaN;
    direction[i] = l2 > l0 ? ABOVE : BELOW;
  }
  return {
    label: split.label,
    response: split.response,
    decoded,
    bottom,
    fault,
    semantic,
    gap: null,
    direction,
    qAbs: null,
  };
}

/** Trains the MLP regressor + classifier baseline. */
export function trainMlp(
  config: DoseConfig,
  train: DoseSplit,
  val: DoseSplit,
  rng: Rng,
): TrainedDoseModel {
  const h = config.models.hidden;
  const net = new Mlp([train.nFeatures, h, h, 4], rng.fork('init'));
  const t = config.train;
  const { log, epochs } = trainNetworks(
    [
      {
        name: 'mlp',
        net,
        lossGrad: (out, rows, split) => mlpLoss(out, rows, split, t.classifier_weight),
      },
    ],
    train,
    val,
    t,
    t.steps,
    rng.fork('batches'),
  );
  return {
    id: 'mlp',
    family: 'mlp',
    architecture: `MLP ${train.nFeatures}→${h}→${h} tanh → regression value + 3-way classifier logits`,
    nParams: net.nParams,
    train: { optimizer: optimizerLabel(t), steps: t.steps, epochs, batch_size: t.batch_size },
    trainLog: log,
    hasQ: false,
    predict: (split) =>
      mlpPredictions(net.forward(split.x, split.n).output, split, config.generator),
    checkpoint: () => ({ family: 'mlp', sizes: [...net.sizes], params: net.flatParams() }),
  };
}
