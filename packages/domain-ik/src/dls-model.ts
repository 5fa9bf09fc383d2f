import type { IkConfig } from './config.js';
import type { IkQueries } from './features.js';
import { linksOf } from './generator.js';
import { type IkModel, type IkPredictions, ungatedPredictions } from './ik-model.js';
import { dlsStep, jacobian } from './kinematics.js';

/** DLS joint steps Jᵀ(JJᵀ + λ²I)⁻¹·d for queries (n × 2 row-major). */
export function dlsSteps(config: IkConfig, q: IkQueries, lambda: number): Float64Array {
  const links = linksOf(config.generator);
  const out = new Float64Array(q.n * 2);
  for (let i = 0; i < q.n; i++) {
    const j = jacobian(links, q.theta1[i] as number, q.theta2[i] as number);
    const [a, b] = dlsStep(
      j,
      q.dx[i] as number,
      q.dy[i] as number,
      lambda,
      config.generator.dls_det_floor,
    );
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
  return out;
}

/** The DLS analytic reference (λ = `reference_dls_lambda`): not learned, never bottomed. */
export function createDlsModel(config: IkConfig): IkModel {
  const lambda = config.models.reference_dls_lambda;
  return {
    id: 'dls',
    family: 'analytic',
    architecture: `damped least squares Jᵀ(JJᵀ + λ²I)⁻¹·d, λ = ${lambda}`,
    nParams: 0,
    hasGate: false,
    train: { optimizer: 'none (analytic)', steps: 0, epochs: 0, batch_size: 0 },
    trainLog: [],
    predict: (q): IkPredictions => ungatedPredictions(dlsSteps(config, q, lambda), q.n),
    checkpoint: () => null,
  };
}
