import {
  countParameters,
  createActivation,
  createMatrix,
  marginLoss,
  mlp,
  mseLoss,
  RationalDivide,
  RationalHead,
  type Rng,
  saveCheckpoint,
  strictDecode,
} from '@zpbench/nn';
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
 * ZeroProofML-SCM-Basic, the projective complex model (§5.2): a ReLU MLP on
 * [log10 ω, log10 ω0, log10 Q] gives a scalar latent z, squashed by tanh into [−1, 1], and two
 * Chebyshev rational heads (Re and Im, each P and Q of degree `scm_basic_degree`) give the
 * projective tuples (P_re, Q_re), (P_im, Q_im). Training minimises the MSE of P/Q (a head is
 * bottom and 0 where |Q| < the singular epsilon) plus the margin loss on both denominators; at
 * inference each head is decoded by the strict gate |Q| < tau_infer and the output is bottom
 * when either head is (bottom = bottom_re ∨ bottom_im).
 */
export function trainScmBasic(config: RfConfig, data: RfDataset, rng: Rng): TrainedRfModel {
  const m = config.models;
  const deg = m.scm_basic_degree;
  const layers = [3, m.hidden, m.hidden, 1];
  const net = mlp(layers, 'relu', rng.fork('init'), { name: 'scm_basic', inputGrad: false });
  const squash = createActivation('tanh');
  const head = new RationalHead(rng.fork('head'), {
    degreeP: deg,
    degreeQ: deg,
    outputs: 2,
    denominatorPerOutput: true,
    basis: 'chebyshev',
    name: 'scm_basic.head',
  });
  const divide = new RationalDivide(m.scm_basic_singular_epsilon);
  const params = [...net.parameters(), ...head.parameters()];
  const train = data.splits.train;
  const tau = config.eval.tau_infer;
  const run = (inputs: RfInputs): RfPredictions => {
    const z = squash.forward(inferenceForward(net, inputs.x, inputs.n, 3));
    const { p, q } = head.forward(z);
    const n = inputs.n;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    const bottom = new Uint8Array(n);
    const trigger = new Uint8Array(n);
    const qAbs = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const [o, target] of [
      [0, re],
      [1, im],
    ] as const) {
      const po = createMatrix(n, 1);
      const qo = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        po.data[i] = p.data[2 * i + o] as number;
        qo[i] = q.data[2 * i + o] as number;
        const a = Math.abs(qo[i] as number);
        // NaN never compares smaller, so a NaN |Q| leaves the minimum to the other head.
        if (a < (qAbs[i] as number)) qAbs[i] = a;
        else if (Number.isNaN(a)) qAbs[i] = Number.NaN;
      }
      const d = strictDecode(po, qo, { tauInfer: tau });
      for (let i = 0; i < n; i++) {
        target[i] = d.decoded.data[i] as number;
        bottom[i] = (bottom[i] as number) | (d.bottom[i] as number);
        trigger[i] = (trigger[i] as number) | (d.semantic[i] as number);
      }
    }
    return { re, im, bottom, trigger, qAbs };
  };
  const predict = (inputs: RfInputs) =>
    predictInBatches(inputs, config.eval.predict_batch, run, true);
  const val = splitInputs(data.splits.val);
  const trained = trainModel(
    {
      params,
      nSamples: train.n,
      lossStep: (batch) => {
        const z = squash.forward(net.forward(batchMatrix(train.x, 3, batch), { train: true }));
        const { p, q } = head.forward(z);
        const div = divide.forward(p, q);
        const mse = mseLoss(div.y, batchMatrix(train.y, 2, batch));
        const margin = marginLoss(q, config.train.tau_train);
        const { dP, dQ } = divide.backward(mse.grad);
        const w = config.train.margin_weight;
        for (let k = 0; k < dQ.data.length; k++)
          dQ.data[k] = (dQ.data[k] as number) + w * (margin.dQ.data[k] as number);
        net.backward(squash.backward(head.backward(dP, dQ)));
        let bottoms = 0;
        for (const b of div.bottom) bottoms += b;
        return {
          mse: mse.value,
          margin: margin.value,
          bottom_rate: bottoms / div.bottom.length,
        };
      },
      validate: () => validationLoss(predict, val, data.splits.val),
    },
    config.train,
    rng.fork('batches'),
  );
  return {
    id: 'scm_basic',
    family: 'scm',
    description: `ProjectiveSCMComplex: ReLU ${layers.join('→')} → tanh latent z → two Chebyshev P/Q heads (deg ${deg}/${deg}, Re and Im), strict gate |Q| < ${tau}`,
    architecture: {
      layers,
      activation: 'relu',
      head: `tanh latent, 2 Chebyshev rational heads degree ${deg}/${deg} (per-output Q), singular epsilon ${m.scm_basic_singular_epsilon}`,
    },
    nParams: countParameters(params),
    exposesDenominator: true,
    ...trained,
    predict,
    checkpoint: () => saveCheckpoint(params),
  };
}
