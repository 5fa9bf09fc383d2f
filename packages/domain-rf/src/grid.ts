import type { RfDataConfig, RfEvalConfig } from './config.js';

/** The dense evaluation grid of one filter: sorted frequencies and which lie on the log grid. */
export interface PeakGrid {
  readonly omega: Float64Array;
  /** 1 where the point belongs to the shared log grid (the "sampled axis" of the diagnostics). */
  readonly onLogGrid: Uint8Array;
}

/** The shared log grid: `points` frequencies from w_min to w_max, both ends exact. */
export function logGrid(wMin: number, wMax: number, points: number): Float64Array {
  const out = new Float64Array(points);
  const span = Math.log(wMax / wMin);
  for (let k = 0; k < points; k++) out[k] = Math.exp(Math.log(wMin) + (k / (points - 1)) * span);
  out[0] = wMin;
  out[points - 1] = wMax;
  return out;
}

/**
 * The dense grid of a filter (§5.3): the shared log grid of `grid_points` over [w_min, w_max]
 * plus `local_points` evenly spaced across ω0·(1 ± local_half_width/Q), kept inside the sweep,
 * merged in ascending order (an exact duplicate is kept once, as a log-grid point). With an odd
 * `local_points` ω0 itself is on the grid, so a resonance as narrow as ω0/Q is resolved.
 */
export function peakGrid(
  w0: number,
  q: number,
  data: Pick<RfDataConfig, 'w_min' | 'w_max'>,
  ev: Pick<RfEvalConfig, 'grid_points' | 'local_points' | 'local_half_width'>,
  shared: Float64Array = logGrid(data.w_min, data.w_max, ev.grid_points),
): PeakGrid {
  const local: number[] = [];
  const half = ev.local_half_width / q;
  for (let j = 0; j < ev.local_points; j++) {
    const t = ev.local_points === 1 ? 0 : (2 * j) / (ev.local_points - 1) - 1;
    const w = j === (ev.local_points - 1) / 2 ? w0 : w0 * (1 + half * t);
    if (w >= data.w_min && w <= data.w_max) local.push(w);
  }
  const omega = new Float64Array(shared.length + local.length);
  const onLogGrid = new Uint8Array(omega.length);
  let a = 0;
  let b = 0;
  let k = 0;
  while (a < shared.length || b < local.length) {
    const s = a < shared.length ? (shared[a] as number) : Number.POSITIVE_INFINITY;
    const l = b < local.length ? (local[b] as number) : Number.POSITIVE_INFINITY;
    if (s <= l) {
      omega[k] = s;
      onLogGrid[k++] = 1;
      a++;
      if (s === l) b++;
    } else {
      omega[k++] = l;
      b++;
    }
  }
  return { omega: omega.slice(0, k), onLogGrid: onLogGrid.slice(0, k) };
}
