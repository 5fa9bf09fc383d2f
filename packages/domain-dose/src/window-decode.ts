import type { DoseConfig } from './config.js';
import type { ModelPredictions } from './dose-model.js';
import { ABOVE, BELOW, type DoseSplit, unscaleResponse } from './generator.js';

/**
 * Decode of a baseline without Q (domains.md §4.4): accept = a finite output inside the assay window
 * (scaled |y| ≤ 1); bottom = not accepted, split into fault (non-finite) and semantic (finite but
 * outside the window); direction = the side of the window centre the output falls on.
 */
export function windowPredictions(
  yScaled: Float64Array,
  split: DoseSplit,
  g: DoseConfig['generator'],
): ModelPredictions {
  const n = split.n;
  const decoded = new Float64Array(n);
  const bottom = new Uint8Array(n);
  const fault = new Uint8Array(n);
  const semantic = new Uint8Array(n);
  const direction = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const y = yScaled[i] as number;
    const finite = Number.isFinite(y);
    const inWindow = finite && Math.abs(y) <= 1;
    fault[i] = finite ? 0 : 1;
    semantic[i] = finite && !inWindow ? 1 : 0;
    bottom[i] = inWindow ? 0 : 1;
    decoded[i] = inWindow ? unscaleResponse(y, g) : Number.NaN;
    direction[i] = finite && y > 0 ? ABOVE : BELOW;
  }
  return {
    label: split.label,
    response: split.response,
    decoded,
    bottom,
    fault,
    semantic,
    gap: null,
    direction,
    qAbs: null,
  };
}
