import {
  ComplexRationalHead,
  countParameters,
  mlp,
  mseLoss,
  type Rng,
  saveCheckpoint,
  softplus,
} from '@zpbench/nn';
import type { RfConfig } from '../config.js';
import type { RfDataset } from '../generator.js';
import { batchMatrix, inferenceForward, setLastBias, validationLoss } from './common.js';
import {
  predictInBatches,
  type RfInputs,
  type RfPredictions,
  splitInputs,
  type TrainedRfModel,
} from './rf-model.js';
import { trainModel } from './train.js';

/**
 * The Rational+ε-style baseline RationalTransfer (§5.2): a ReLU backbone on
 * [log10 ω, log10 ω0, log10 Q] emits the numerator coefficients and the non-leading monic
 * denominator coefficients, evaluated at jω by complex Horner; the output is P/Q except where
 * |Q(jω)|² < ε², where it is 0 and flagged bottom. The coefficients start where SCM-Transfer's
 * do (same last-layer scale, same effective denominator), so the two differ in conditioning and
 * positivity, not in initialisation.
 */
export function trainRationalTransfer(config: RfConfig, data: RfDataset, rng: Rng): TrainedRfModel {
  const m = config.models;
  const d = m.rational_degree;
  const head = new ComplexRationalHead({
    degreeP: d,
    degreeQ: d,
    monic: true,
    epsilon: m.rational_epsilon,
  });
  const layers = [3, m.hidden, m.hidden, head.coefficientCount];
  const net = mlp(layers, 'relu', rng.fork('init'), {
    name: 'rational_transfer',
    inputGrad: false,
    lastLayerInitScale: m.head_init_scale,
  });
  // P starts at 0; Q at SCM-Transfer's softplus(raw) start: b0 = softplus(q0 bias), bₖ = softplus(0).
  setLastBias(net, [
    ...Array.from({ length: d + 1 }, () => 0),
    softplus(m.head_q0_bias),
    ...Array.from({ length: d - 1 }, () => softplus(0)),
  ]);
  const params = net.parameters();
  const train = data.splits.train;
  const run = (inputs: RfInputs): RfPredictions => {
    const coeffs = inferenceForward(net, inputs.x, inputs.n, 3);
    const out = head.forward(coeffs, inputs.omega);
    const re = new Float64Array(inputs.n);
    const im = new Float64Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) {
      re[i] = out.h.data[2 * i] as number;
      im[i] = out.h.data[2 * i + 1] as number;
    }
    return {
      re,
      im,
      bottom: out.bottom.slice(),
      trigger: out.bottom.slice(),
      qAbs: out.qAbs.data.slice(),
    };
  };
  const predict = (inputs: RfInputs) =>
    predictInBatches(inputs, config.eval.predict_batch, run, true);
  const val = splitInputs(data.splits.val);
  const trained = trainModel(
    {
      params,
      nSamples: train.n,
      lossStep: (batch) => {
        const coeffs = net.forward(batchMatrix(train.x, 3, batch), { train: true });
        const omega = Float64Array.from(batch, (i) => train.omega[i] as number);
        const out = head.forward(coeffs, omega);
        const loss = mseLoss(out.h, batchMatrix(train.y, 2, batch));
        net.backward(head.backward({ dH: loss.grad }));
        let bottoms = 0;
        for (const b of out.bottom) bottoms += b;
        return { mse: loss.value, bottom_rate: bottoms / batch.length };
      },
      validate: () => validationLoss(predict, val, data.splits.val),
    },
    config.train,
    rng.fork('batches'),
  );
  return {
    id: 'rational_eps',
    family: 'rational-eps',
    description: `RationalTransfer: ReLU ${layers.join('→')} → P (deg ${d}) / monic Q (deg ${d}) at jω, output 0 where |Q|² < ε² (ε = ${m.rational_epsilon})`,
    architecture: {
      layers,
      activation: 'relu',
      head: `complex rational P/Q, degrees ${d}/${d}, monic, epsilon ${m.rational_epsilon}`,
    },
    nParams: countParameters(params),
    exposesDenominator: true,
    ...trained,
    predict,
    checkpoint: () => saveCheckpoint(params),
  };
}
