import type { Rng } from '@zpbench/nn';
import type { DoseConfig } from './config.js';
import type { TrainedDoseModel } from './dose-model.js';
import { ABOVE, type DoseSplit, IN_RANGE } from './generator.js';
import { Mlp } from './mlp.js';
import { type LossResult, trainNetworks } from './train-loop.js';
import { windowPredictions } from './window-decode.js';

/**
 * Regression target of a non-projective baseline: the scaled response of in-range samples, and the
 * violated limit (−1 below, +1 above) for censored ones (substitution at the limit of quantification).
 */
export function imputedTarget(split: DoseSplit, r: number): number {
  const label = split.label[r] as number;
  if (label === IN_RANGE) return split.target[r] as number;
  return label === ABOVE ? 1 : -1;
}

/** Rational+ε value y = N / (|D| + ε) of a member's outputs (N, D). */
export function rationalValue(nOut: number, dOut: number, eps: number): number {
  return nOut / (Math.abs(dOut) + eps);
}

/** MSE loss of a Rational+ε network against the imputed targets. */
export function rationalLoss(
  output: Float64Array,
  rows: Int32Array,
  split: DoseSplit,
  eps: number,
): LossResult {
  const n = rows.length;
  const dOut = new Float64Array(n * 2);
  let mse = 0;
  for (let i = 0; i < n; i++) {
    const N = output[2 * i] as number;
    const D = output[2 * i + 1] as number;
    const den = Math.abs(D) + eps;
    const y = N / den;
    const e = y - imputedTarget(split, rows[i] as number);
    mse += e * e;
    const dy = (2 * e) / n;
    dOut[2 * i] = dy / den;
    dOut[2 * i + 1] = (-dy * y * Math.sign(D)) / den;
  }
  return { components: { mse: mse / n, total: mse / n }, dOut };
}

/** A Rational+ε network: tanh MLP → (N, D), with D's bias started at 1. */
export function createRationalNet(
  hidden: number,
  nFeatures: number,
  rng: Rng,
  params?: ArrayLike<number>,
): Mlp {
  const net = new Mlp([nFeatures, hidden, hidden, 2], rng, params);
  if (!params) net.setOutputBias(1, 1);
  return net;
}

/** Scaled outputs of a Rational+ε network on a split. */
export function rationalOutputs(net: Mlp, split: DoseSplit, eps: number): Float64Array {
  const out = net.forward(split.x, split.n).output;
  const y = new Float64Array(split.n);
  for (let i = 0; i < split.n; i++)
    y[i] = rationalValue(out[2 * i] as number, out[2 * i + 1] as number, eps);
  return y;
}

/** Optimizer description shared by the models. */
export function optimizerLabel(t: DoseConfig['train']): string {
  return `adam(lr=${t.lr}, betas=(${t.beta1}, ${t.beta2}), eps=${t.adam_eps})`;
}

/** Trains the Rational+ε baseline (no gate; censored when the output leaves the window). */
export function trainRationalEps(
  config: DoseConfig,
  train: DoseSplit,
  val: DoseSplit,
  rng: Rng,
): TrainedDoseModel {
  const eps = config.models.rational_eps;
  const h = config.models.hidden;
  const net = createRationalNet(h, train.nFeatures, rng.fork('init'));
  const t = config.train;
  const { log, epochs } = trainNetworks(
    [
      {
        name: 'rational_eps',
        net,
        lossGrad: (out, rows, split) => rationalLoss(out, rows, split, eps),
      },
    ],
    train,
    val,
    t,
    t.steps,
    rng.fork('batches'),
  );
  return {
    id: 'rational_eps',
    family: 'rational-eps',
    architecture: `MLP ${train.nFeatures}→${h}→${h} tanh → (N, D); y = N / (|D| + ${eps}); censored when y leaves the window`,
    nParams: net.nParams,
    train: { optimizer: optimizerLabel(t), steps: t.steps, epochs, batch_size: t.batch_size },
    trainLog: log,
    hasQ: false,
    predict: (split) =>
      windowPredictions(rationalOutputs(net, split, eps), split, config.generator),
    checkpoint: () => ({
      family: 'rational-eps',
      eps,
      sizes: [...net.sizes],
      params: net.flatParams(),
    }),
  };
}
