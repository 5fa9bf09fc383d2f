import type { Rng } from '@zpbench/nn';

/** Parameters of one loss curve. */
export interface CurveParams {
  readonly nSteps: number;
  readonly amp: number;
  readonly tau: number;
  readonly floor: number;
  readonly noise: number;
  readonly seedSigma: number;
}

/**
 * pybench's loss-curve sampler: amp·exp(−t/tau) + floor + N(0, noise) per step, then one
 * N(0, seed_sigma) offset for the whole curve (drawn after the noise, only when seed_sigma ≠ 0).
 * Writes into `curve` when given (length nSteps), so repeated sampling allocates nothing.
 */
export function sampleLossCurve(
  rng: Rng,
  params: CurveParams,
  curve: Float64Array = new Float64Array(params.nSteps),
): Float64Array {
  for (let t = 0; t < params.nSteps; t++) {
    curve[t] = params.amp * Math.exp(-t / params.tau) + params.floor + rng.normal(0, params.noise);
  }
  if (params.seedSigma !== 0) {
    const offset = rng.normal(0, params.seedSigma);
    for (let t = 0; t < params.nSteps; t++) curve[t] = (curve[t] as number) + offset;
  }
  return curve;
}
