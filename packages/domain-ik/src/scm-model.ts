import type { TrainLogEntry } from '@zpbench/core';
import {
  countParameters,
  createMatrix,
  fitProjectiveLeastSquares,
  implicitLoss,
  liftTargets,
  marginLoss,
  PolynomialRationalHead,
  ProjectiveNormalize,
  type Rng,
  saveCheckpoint,
  strictDecode,
} from '@zpbench/nn';
import type { IkConfig } from './config.js';
import { encodeFeatures, FEATURE_NAMES, N_FEATURES } from './features.js';
import type { IkModel, IkPredictions, IkTrainInfo } from './ik-model.js';
import { roundLog, trainParams } from './train.js';
import { BatchGatherer, type TrainingSet } from './training-set.js';

/** Exponent caps of the reduced basis: sin θ1 and sin θ2 at most to the first power. */
const SINE_CAPS = [
  1,
  Number.POSITIVE_INFINITY,
  1,
  Number.POSITIVE_INFINITY,
  Number.POSITIVE_INFINITY,
  Number.POSITIVE_INFINITY,
];

/**
 * The SCM projective rational model of the RR arm (domains.md §6.2, "numerator degree 3,
 * denominator degree 2"): over the shared features φ, Pₒ(φ) has every monomial of total degree
 * ≤ 3 and the shared Q(φ) every monomial of degree ≤ 2 (nn's `PolynomialRationalHead`); each
 * sample's tuple (P₁, P₂, Q) is normalised to unit length (nn's `ProjectiveNormalize`) and
 * decoded by the strict gate: bottom where |Q̂| < tau_infer. The exact inverse step
 * adj(J)·d / (L1·L2·sin θ2) lies in this family, so the model can follow the pole.
 */
export function createScmHead(config: IkConfig, rng: Rng): PolynomialRationalHead {
  return new PolynomialRationalHead(rng, {
    inputs: N_FEATURES,
    degreeP: config.models.scm_degree_p,
    degreeQ: config.models.scm_degree_q,
    outputs: 2,
    initScale: config.models.scm_init_scale,
    ...(config.models.scm_basis === 'reduced' ? { maxExponents: SINE_CAPS } : {}),
    inputGrad: false,
    name: 'scm',
  });
}

/** Strict decode of the SCM on queries' features. */
export function scmPredict(
  head: PolynomialRationalHead,
  x: ReturnType<typeof encodeFeatures>,
  config: IkConfig,
): IkPredictions {
  const tuple = new ProjectiveNormalize().forward(head.forward(x));
  const d = strictDecode(tuple.p, tuple.q, {
    tauInfer: config.tau_infer,
    tauTrain: config.tau_train,
  });
  return {
    n: x.rows,
    decoded: d.decoded.data,
    bottom: d.bottom,
    fault: d.fault,
    semantic: d.semantic,
    gap: d.gap,
    provenance: d.provenance,
    qAbs: Float64Array.from(tuple.q.data, Math.abs),
  };
}

/**
 * Trains the SCM on a training set, by the exact least-squares fit ({@link fitScmExactly}, the
 * default) or by Adam ({@link fitScmAdam}), and wraps it as an {@link IkModel}.
 */
export function trainScm(config: IkConfig, data: TrainingSet, rng: Rng): IkModel {
  const head = createScmHead(config, rng.fork('init'));
  const fitted =
    config.models.scm_fit === 'least-squares'
      ? fitScmExactly(config, head, data)
      : fitScmAdam(config, head, data, rng);
  const m = config.models;
  const params = head.parameters();
  return {
    id: 'scm',
    family: 'scm',
    architecture: `projective rational over φ = [${FEATURE_NAMES.join(', ')}]: P₁, P₂ of total degree ${m.scm_degree_p} (${head.monomialsP} monomials each), shared Q of degree ${m.scm_degree_q} (${head.monomialsQ}), ${m.scm_basis} basis; unit-normalised (P, Q); strict |Q̂| < tau_infer gate; fitted by ${m.scm_fit}`,
    nParams: countParameters(params),
    hasGate: true,
    train: fitted.train,
    trainLog: fitted.log,
    predict: (q) =>
      scmPredict(head, encodeFeatures(q, config.generator.displacement_scale), config),
    checkpoint: () => saveCheckpoint(params).params,
  };
}

/** The implicit loss (with the config's γ and stop-gradient) of the head on the training set. */
export function scmTrainingLoss(
  config: IkConfig,
  head: PolynomialRationalHead,
  data: TrainingSet,
): number {
  const x = createMatrix(data.n, N_FEATURES, data.x);
  const { yn, yd } = liftTargets(createMatrix(data.n, 2, data.y));
  const tuple = new ProjectiveNormalize().forward(head.forward(x));
  return implicitLoss(tuple.p, tuple.q, yn, yd, { gamma: config.train.implicit_gamma }).value;
}

/**
 * The exact fit: lifts every target component to (Δθⱼ, 1)/‖(Δθⱼ, 1)‖ (a point of the unit circle,
 * so a pole target of 1e7 rad weighs no more than a regular one) and solves nn's
 * `fitProjectiveLeastSquares`, the minimiser of Σ (Pⱼ·Ydⱼ − Q·Ynⱼ)² over ‖c‖ = 1: the implicit
 * loss's numerator with its denominator frozen. One solve, recorded as one step.
 */
export function fitScmExactly(
  config: IkConfig,
  head: PolynomialRationalHead,
  data: TrainingSet,
): { train: IkTrainInfo; log: TrainLogEntry[] } {
  const x = createMatrix(data.n, N_FEATURES, data.x);
  const { yn, yd } = liftTargets(createMatrix(data.n, 2, data.y));
  for (let k = 0; k < yn.data.length; k++) {
    const r = Math.hypot(yn.data[k] as number, yd.data[k] as number);
    yn.data[k] = (yn.data[k] as number) / r;
    yd.data[k] = (yd.data[k] as number) / r;
  }
  const fit = fitProjectiveLeastSquares(head, x, yn, yd);
  return {
    train: {
      optimizer: `exact linearised least squares (smallest eigenvector of the ${fit.coefficients}-coefficient normal matrix), 1 solve`,
      steps: 1,
      epochs: 1,
      batch_size: data.n,
    },
    log: [
      {
        epoch: 0,
        step: 1,
        metrics: {
          linearised_residual: roundLog(fit.residual / (2 * data.n)),
          eigen_gap: roundLog(fit.gap / (2 * data.n)),
          implicit: roundLog(scmTrainingLoss(config, head, data)),
        },
      },
    ],
  };
}

/**
 * The gradient fit: `steps` Adam steps on the implicit loss (targets lifted as (Δθ, 1)) of the
 * normalised tuple, plus `margin_weight` × the margin loss relu(tau_train − |Q̂|)² on the regular
 * samples only (is_singular = 0), so near-singular targets are never pushed away from Q = 0
 * (domains.md §1.3). Kept for comparison: from Q ≡ 1 it does not reach the exact fit's loss.
 */
export function fitScmAdam(
  config: IkConfig,
  head: PolynomialRationalHead,
  data: TrainingSet,
  rng: Rng,
): { train: IkTrainInfo; log: TrainLogEntry[] } {
  const norm = new ProjectiveNormalize();
  const t = config.train;
  const params = head.parameters();
  const batches = new BatchGatherer(data);
  const { train, log } = trainParams(params, t, data.n, rng.fork('batches'), (batch) => {
    const { x, y } = batches.gather(batch);
    const { yn, yd } = liftTargets(y);
    const tuple = norm.forward(head.forward(x));
    const implicit = implicitLoss(tuple.p, tuple.q, yn, yd, {
      gamma: t.implicit_gamma,
      stopGradient: t.implicit_stop_gradient,
    });
    const mask = Float64Array.from(batch, (i) => ((data.singular[i] as number) ? 0 : 1));
    const margin = marginLoss(tuple.q, config.tau_train, mask);
    const dQ = implicit.dQ;
    for (let i = 0; i < batch.length; i++)
      dQ.data[i] = (dQ.data[i] as number) + t.margin_weight * (margin.dQ.data[i] as number);
    const back = norm.backward(implicit.dP, dQ);
    head.backward(back.p, back.q);
    return {
      implicit: implicit.value,
      margin: margin.value,
      total: implicit.value + t.margin_weight * margin.value,
    };
  });
  return { train, log };
}
