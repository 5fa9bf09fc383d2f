import {
  countParameters,
  createMatrix,
  type Matrix,
  mlp,
  mseLoss,
  RationalEps,
  type Rng,
  type Sequential,
  saveCheckpoint,
} from '@zpbench/nn';
import type { IkConfig } from './config.js';
import { encodeFeatures, N_FEATURES } from './features.js';
import { type IkModel, ungatedPredictions } from './ik-model.js';
import { trainParams } from './train.js';
import { BatchGatherer, type TrainingSet } from './training-set.js';

/** A Rational+ε network: φ → hidden → hidden → (N₁, N₂, D), read as N / (D + ε·sgn D). */
export interface RationalEpsNet {
  readonly net: Sequential;
  readonly eps: RationalEps;
  readonly hidden: number;
}

/** Builds a Rational+ε network of width `hidden`; D's bias starts at 1 (the output starts as N). */
export function createRationalEpsNet(
  config: IkConfig,
  hidden: number,
  epsilon: number,
  rng: Rng,
  name: string,
): RationalEpsNet {
  const net = mlp([N_FEATURES, hidden, hidden, 3], config.models.activation, rng, {
    name,
    inputGrad: false,
  });
  const params = net.parameters();
  (params[params.length - 1] as { value: Float64Array }).value[2] = 1;
  return { net, eps: new RationalEps(epsilon), hidden };
}

function split(out: Matrix): { num: Matrix; den: Matrix } {
  const n = out.rows;
  const num = createMatrix(n, 2);
  const den = createMatrix(n, 1);
  for (let i = 0; i < n; i++) {
    num.data[2 * i] = out.data[3 * i] as number;
    num.data[2 * i + 1] = out.data[3 * i + 1] as number;
    den.data[i] = out.data[3 * i + 2] as number;
  }
  return { num, den };
}

/** The Δθ outputs of a Rational+ε network on features (n × 2, a copy). */
export function rationalEpsOutputs(r: RationalEpsNet, x: Matrix): Float64Array {
  const { num, den } = split(r.net.forward(x, { train: false }));
  return r.eps.forward(num, den).data.slice();
}

/** One MSE step of a Rational+ε network on a batch (forward and backward); returns the MSE. */
export function rationalEpsStep(r: RationalEpsNet, x: Matrix, y: Matrix): number {
  const out = r.net.forward(x, { train: true });
  const { num, den } = split(out);
  const pred = r.eps.forward(num, den);
  const loss = mseLoss(pred, y);
  const { dN, dD } = r.eps.backward(loss.grad);
  const dOut = createMatrix(out.rows, 3);
  for (let i = 0; i < out.rows; i++) {
    dOut.data[3 * i] = dN.data[2 * i] as number;
    dOut.data[3 * i + 1] = dN.data[2 * i + 1] as number;
    dOut.data[3 * i + 2] = dD.data[i] as number;
  }
  r.net.backward(dOut);
  return loss.value;
}

/** The Rational+ε baseline, trained with MSE on the raw targets; no gate (its output is always finite). */
export function trainRationalEps(config: IkConfig, data: TrainingSet, rng: Rng): IkModel {
  const h = config.models.hidden;
  const eps = config.models.rational_eps;
  const r = createRationalEpsNet(config, h, eps, rng.fork('init'), 'rational_eps');
  const params = r.net.parameters();
  const batches = new BatchGatherer(data);
  const { train, log } = trainParams(params, config.train, data.n, rng.fork('batches'), (batch) => {
    const { x, y } = batches.gather(batch);
    return { mse: rationalEpsStep(r, x, y) };
  });
  return {
    id: 'rational_eps',
    family: 'rational-eps',
    architecture: `MLP ${N_FEATURES}→${h}→${h}→(N₁, N₂, D) (${config.models.activation}); Δθ = N / (D + ε·sgn D), ε = ${eps}`,
    nParams: countParameters(params),
    hasGate: false,
    train,
    trainLog: log,
    predict: (q) => {
      const x = encodeFeatures(q, config.generator.displacement_scale);
      return ungatedPredictions(rationalEpsOutputs(r, x), q.n);
    },
    checkpoint: () => saveCheckpoint(params).params,
  };
}
