import type { Rng } from '@zpbench/nn';
import type { DoseConfig } from './config.js';
import { decodeStrict } from './decode.js';
import type { ModelPredictions, TrainedDoseModel } from './dose-model.js';
import { ABOVE, BELOW, type DoseSplit, IN_RANGE, unscaleResponse } from './generator.js';
import { Mlp } from './mlp.js';
import { type LossResult, trainNetworks } from './train-loop.js';

const NORM_FLOOR = 1e-12;

/** Raw SCM outputs on a split: the normalised projective tuple and the direction logit. */
export interface ScmRaw {
  readonly p: Float64Array;
  readonly q: Float64Array;
  readonly dirLogit: Float64Array;
  /** Last hidden layer (the frozen features of frozen-dirhead mode), n × hidden. */
  readonly features: Float64Array;
}

/** Normalises the head's (a, b) to the unit circle: (P, Q) = (a, b) / ‖(a, b)‖ (an angular projective head). */
export function normaliseTuple(a: number, b: number): [number, number, number] {
  const r = Math.sqrt(a * a + b * b + NORM_FLOOR);
  return [a / r, b / r, r];
}

/**
 * The SCM loss on a batch: implicit loss (P·Yd − Q·Yn)² / (sg(Q²Yd² + P²Yn²) + γ) with censored
 * targets lifted to (±1, 0), the margin loss relu(tau_train − |Q|)² on finite targets, and the
 * direction head's binary cross-entropy on censored samples. Outputs are (a, b, direction logit).
 */
export function scmLoss(
  output: Float64Array,
  rows: Int32Array,
  split: DoseSplit,
  cfg: {
    gamma: number;
    tauTrain: number;
    marginWeight: number;
    directionWeight: number;
    trainDirection: boolean;
  },
): LossResult {
  const n = rows.length;
  const dOut = new Float64Array(n * 3);
  let implicit = 0;
  let margin = 0;
  let direction = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    const label = split.label[r] as number;
    const [P, Q, norm] = normaliseTuple(output[3 * i] as number, output[3 * i + 1] as number);
    const finite = label === IN_RANGE;
    const yn = finite ? (split.target[r] as number) : label === ABOVE ? 1 : -1;
    const yd = finite ? 1 : 0;
    const resid = P * yd - Q * yn;
    const den = Q * Q * yd * yd + P * P * yn * yn + cfg.gamma; // stop-gradient denominator
    implicit += (resid * resid) / den;
    let dP = (2 * resid * yd) / den;
    let dQ = (-2 * resid * yn) / den;
    if (finite) {
      const gap = cfg.tauTrain - Math.abs(Q);
      if (gap > 0) {
        margin += gap * gap;
        dQ += cfg.marginWeight * -2 * gap * Math.sign(Q);
      }
    }
    // Back through the normalisation: d(u/‖u‖)/du = (I − n nᵀ) / ‖u‖.
    const dot = P * dP + Q * dQ;
    dP = (dP - P * dot) / norm;
    dQ = (dQ - Q * dot) / norm;
    dOut[3 * i] = dP / n;
    dOut[3 * i + 1] = dQ / n;
    if (!finite && cfg.trainDirection) {
      const z = output[3 * i + 2] as number;
      const t = label === ABOVE ? 1 : 0;
      direction += softplus(z) - t * z;
      dOut[3 * i + 2] = (cfg.directionWeight * (sigmoid(z) - t)) / n;
    }
  }
  const components: Record<string, number> = {
    implicit: implicit / n,
    margin: margin / n,
    direction: direction / n,
  };
  components.total =
    (components.implicit as number) +
    cfg.marginWeight * (components.margin as number) +
    cfg.directionWeight * (components.direction as number);
  return { components, dOut };
}

/** log(1 + e^z), stable. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Forward pass of an SCM network on a whole split. */
export function scmRaw(net: Mlp, split: DoseSplit): ScmRaw {
  const cache = net.forward(split.x, split.n);
  const p = new Float64Array(split.n);
  const q = new Float64Array(split.n);
  const dirLogit = new Float64Array(split.n);
  for (let i = 0; i < split.n; i++) {
    const [P, Q] = normaliseTuple(cache.output[3 * i] as number, cache.output[3 * i + 1] as number);
    p[i] = P;
    q[i] = Q;
    dirLogit[i] = cache.output[3 * i + 2] as number;
  }
  return { p, q, dirLogit, features: cache.features };
}

/** Strict decode of SCM outputs at `tau`, with direction calls from `dirLogit`. */
export function scmPredictions(
  raw: Pick<ScmRaw, 'p' | 'q'>,
  dirLogit: ArrayLike<number>,
  split: DoseSplit,
  tau: number,
  tauTrain: number,
  g: DoseConfig['generator'],
): ModelPredictions {
  const d = decodeStrict(raw.p, raw.q, tau, tauTrain);
  const decoded = d.decoded.map((y) => (Number.isNaN(y) ? y : unscaleResponse(y, g)));
  const direction = new Int8Array(split.n);
  const qAbs = new Float64Array(split.n);
  for (let i = 0; i < split.n; i++) {
    direction[i] = (dirLogit[i] as number) > 0 ? ABOVE : BELOW;
    qAbs[i] = Math.abs(raw.q[i] as number);
  }
  return {
    label: split.label,
    response: split.response,
    decoded,
    bottom: d.bottom,
    fault: d.fault,
    semantic: d.semantic,
    gap: d.gap,
    direction,
    qAbs,
  };
}

/** Builds the SCM network: tanh MLP backbone → (a, b) projective head + direction logit. */
export function createScmNet(
  config: DoseConfig,
  nFeatures: number,
  rng: Rng,
  params?: ArrayLike<number>,
): Mlp {
  const h = config.models.hidden;
  const net = new Mlp([nFeatures, h, h, 3], rng, params);
  if (!params) net.setOutputBias(1, 1); // start with Q = 1: everything accepted
  return net;
}

/** Wraps a trained SCM network as a {@link TrainedDoseModel}. */
export function scmModel(
  net: Mlp,
  config: DoseConfig,
  info: Pick<TrainedDoseModel, 'train' | 'trainLog'>,
  id = 'scm',
): TrainedDoseModel {
  const h = config.models.hidden;
  return {
    id,
    family: 'scm',
    architecture: `MLP ${net.sizes[0]}→${h}→${h} tanh → angular (P, Q) head + direction logit; strict |Q| < tau_infer gate`,
    nParams: net.nParams,
    train: info.train,
    trainLog: info.trainLog,
    hasQ: true,
    predict: (split, tau) => {
      const raw = scmRaw(net, split);
      return scmPredictions(raw, raw.dirLogit, split, tau, config.tau_train, config.generator);
    },
    checkpoint: () => ({ family: 'scm', sizes: [...net.sizes], params: net.flatParams() }),
  };
}

/** Trains the strict SCM model with the implicit + margin + direction losses. */
export function trainScm(
  config: DoseConfig,
  train: DoseSplit,
  val: DoseSplit,
  rng: Rng,
): TrainedDoseModel {
  const net = createScmNet(config, train.nFeatures, rng.fork('init'));
  const t = config.train;
  const lossCfg = {
    gamma: t.implicit_gamma,
    tauTrain: config.tau_train,
    marginWeight: t.margin_weight,
    directionWeight: t.direction_weight,
    trainDirection: true,
  };
  const { log, epochs } = trainNetworks(
    [{ name: 'scm', net, lossGrad: (out, rows, split) => scmLoss(out, rows, split, lossCfg) }],
    train,
    val,
    t,
    t.steps,
    rng.fork('batches'),
  );
  return scmModel(net, config, {
    train: {
      optimizer: `adam(lr=${t.lr}, betas=(${t.beta1}, ${t.beta2}), eps=${t.adam_eps})`,
      steps: t.steps,
      epochs,
      batch_size: t.batch_size,
    },
    trainLog: log,
  });
}
