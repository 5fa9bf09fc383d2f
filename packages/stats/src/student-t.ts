import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** CDF of Student's t with `df` degrees of freedom at `x` (stdlib; agrees with scipy to ~1e-15). */
export function tCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** Quantile of Student's t with `df` degrees of freedom at probability `p` (stdlib). */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/** Standard normal CDF, evaluated as Student's t with an effectively infinite df (stdlib). */
export function normalCdf(x: number): number {
  // stdlib's t-cdf returns 0.5 for df = Infinity; df = 1e300 is the normal limit to ~1e-15.
  return tCdfImpl(x, 1e300);
}

/**
 * Standard normal quantile at probability `p`, as Student's t quantile with df = 1e8 (stdlib's
 * t quantile; within 2e-8 of the normal quantile in the central 0.001–0.999 range, far below
 * what the budget tolerance bounds that use it need).
 */
export function normalQuantile(p: number): number {
  return tQuantileImpl(p, 1e8);
}
