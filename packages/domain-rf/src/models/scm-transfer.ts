import {
  ComplexRationalHead,
  countParameters,
  createMatrix,
  decodeSharedDenominator,
  type Matrix,
  mlp,
  mseLoss,
  type Rng,
  saveCheckpoint,
} from '@zpbench/nn';
import type { RfConfig, RfModelConfig } from '../config.js';
import type { RfDataset } from '../generator.js';
import { batchMatrix, setLastBias, validationLoss } from './common.js';
import {
  gatherInputs,
  predictInBatches,
  type RfInputs,
  type RfPredictions,
  splitInputs,
  type TrainedRfModel,
} from './rf-model.js';
import { trainModel } from './train.js';

/** The two conditioning features of a filter (§5.2), from its ω0 and Q. */
export function conditioningFeatures(
  kind: RfModelConfig['conditioning'],
  w0: number,
  q: number,
): [number, number] {
  switch (kind) {
    case 'logw0_logq':
      return [Math.log10(w0), Math.log10(q)];
    case 'logw0_invq':
      return [Math.log10(w0), 1 / q];
    case 'w0_invq':
      return [w0, 1 / q];
    case 'logw0_damping':
      return [Math.log10(w0), w0 / q];
    case 'w0_damping':
      return [w0, w0 / q];
  }
}

function conditioningMatrix(kind: RfModelConfig['conditioning'], inputs: RfInputs): Matrix {
  const c = createMatrix(inputs.n, 2);
  for (let i = 0; i < inputs.n; i++) {
    const [a, b] = conditioningFeatures(kind, inputs.w0[i] as number, inputs.q[i] as number);
    c.data[2 * i] = a;
    c.data[2 * i + 1] = b;
  }
  return c;
}

/**
 * ZeroProofML-SCM-Transfer, the physics-native model (§5.2): a SiLU hypernetwork on the
 * conditioning only (it never sees ω) emits the numerator coefficients and the non-leading
 * coefficients of a monic denominator, which pass through softplus(·) + q_coeff_min so every
 * denominator coefficient is positive (stable poles). H = P·conj(Q)/|Q|², Re and Im divided by
 * the same |Q|²; bottom where |Q|² < ε². Initialisation: last-layer weights × head_init_scale
 * and the raw Q0 bias at head_q0_bias. At inference the strict gate is |Q| < tau_infer.
 */
export function trainScmTransfer(config: RfConfig, data: RfDataset, rng: Rng): TrainedRfModel {
  const m = config.models;
  const d = m.rational_degree;
  const head = new ComplexRationalHead({
    degreeP: d,
    degreeQ: d,
    monic: true,
    positiveDenominator: true,
    qCoeffMin: m.q_coeff_min,
    epsilon: m.transfer_epsilon,
  });
  const layers = [2, m.hidden, m.hidden, head.coefficientCount];
  const net = mlp(layers, 'silu', rng.fork('init'), {
    name: 'scm_transfer',
    inputGrad: false,
    lastLayerInitScale: m.head_init_scale,
  });
  setLastBias(net, [
    ...Array.from({ length: d + 1 }, () => 0),
    m.head_q0_bias,
    ...Array.from({ length: d - 1 }, () => 0),
  ]);
  const params = net.parameters();
  const trainConditioning = conditioningMatrix(m.conditioning, splitInputs(data.splits.train));
  const train = data.splits.train;
  const tau = config.eval.tau_infer;
  const run = (inputs: RfInputs): RfPredictions => {
    // The hypernetwork sees the filter only: run it once per run of equal (ω0, Q) rows and
    // repeat the coefficient row (each row's value depends on that row alone).
    const starts: number[] = [];
    for (let i = 0; i < inputs.n; i++)
      if (i === 0 || inputs.w0[i] !== inputs.w0[i - 1] || inputs.q[i] !== inputs.q[i - 1])
        starts.push(i);
    const unique = gatherInputs(inputs, starts);
    const few = net.forward(conditioningMatrix(m.conditioning, unique), { train: false });
    const nc = head.coefficientCount;
    const coeffs = createMatrix(inputs.n, nc);
    for (let k = 0; k < starts.length; k++) {
      const row = few.data.subarray(k * nc, (k + 1) * nc);
      const end = k + 1 < starts.length ? (starts[k + 1] as number) : inputs.n;
      for (let i = starts[k] as number; i < end; i++) coeffs.data.set(row, i * nc);
    }
    const out = head.forward(coeffs, inputs.omega);
    const dec = decodeSharedDenominator(out, { tauInfer: tau, tauTrain: config.train.tau_train });
    const re = new Float64Array(inputs.n);
    const im = new Float64Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) {
      re[i] = dec.decoded.data[2 * i] as number;
      im[i] = dec.decoded.data[2 * i + 1] as number;
    }
    return { re, im, bottom: dec.bottom, trigger: dec.semantic, qAbs: out.qAbs.data.slice() };
  };
  const predict = (inputs: RfInputs) =>
    predictInBatches(inputs, config.eval.predict_batch, run, true);
  const val = splitInputs(data.splits.val);
  const trained = trainModel(
    {
      params,
      nSamples: train.n,
      lossStep: (batch) => {
        const coeffs = net.forward(batchMatrix(trainConditioning.data, 2, batch), { train: true });
        const omega = Float64Array.from(batch, (i) => train.omega[i] as number);
        const out = head.forward(coeffs, omega);
        const loss = mseLoss(out.h, batchMatrix(train.y, 2, batch));
        net.backward(head.backward({ dH: loss.grad }));
        return { mse: loss.value };
      },
      validate: () => validationLoss(predict, val, data.splits.val),
    },
    config.train,
    rng.fork('batches'),
  );
  return {
    id: 'scm_transfer',
    family: 'scm',
    description: `SCMTransferHyper: SiLU hypernetwork ${layers.join('→')} on ${m.conditioning} → P (deg ${d}) and positive monic Q (deg ${d}); H = P·conj(Q)/|Q|², strict gate |Q| < ${tau}`,
    architecture: {
      layers,
      activation: 'silu',
      head: `shared-denominator complex rational, degrees ${d}/${d}, monic, softplus + ${m.q_coeff_min} denominator, epsilon ${m.transfer_epsilon}, conditioning ${m.conditioning}`,
    },
    nParams: countParameters(params),
    exposesDenominator: true,
    ...trained,
    predict,
    checkpoint: () => saveCheckpoint(params),
  };
}
