import { resonatorDenominator, resonatorResponse } from '../resonator.js';
import type { RfInputs, RfPredictions, TrainedRfModel } from './rf-model.js';

/** The exact resonator as a reference row (§5.2): not learned, never bottom, its true |Q(jω)|. */
export function analyticResonator(): TrainedRfModel {
  const predict = (inputs: RfInputs): RfPredictions => {
    const n = inputs.n;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    const qAbs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = inputs.omega[i] as number;
      const w0 = inputs.w0[i] as number;
      const q = inputs.q[i] as number;
      const h = resonatorResponse(w, w0, q);
      re[i] = h[0];
      im[i] = h[1];
      const d = resonatorDenominator(w, w0, q);
      qAbs[i] = Math.hypot(d[0], d[1]);
    }
    return { re, im, bottom: new Uint8Array(n), trigger: new Uint8Array(n), qAbs };
  };
  return {
    id: 'analytic',
    family: 'analytic',
    description: 'AnalyticResonator: the exact H(jω) = ω0² / ((ω0² − ω²) + jω·ω0/Q), not learned',
    architecture: { layers: [], activation: 'none', head: 'exact resonator' },
    nParams: 0,
    exposesDenominator: true,
    train: { optimizer: 'none', steps: 0, epochs: 0, batch_size: 0 },
    trainLog: [],
    predict,
    checkpoint: () => null,
  };
}
