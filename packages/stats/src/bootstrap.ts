import { StatsError } from './errors.js';
import { createRandomStream } from './random-stream.js';

/** Resamples of `bootstrapMeanInterval` unless told otherwise. */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 10_000;
/** Seed of `bootstrapMeanInterval`'s resampling stream unless told otherwise. */
export const DEFAULT_BOOTSTRAP_SEED = 'zpbench-bootstrap';

/** Options of `bootstrapMeanInterval`. */
export interface BootstrapOptions {
  /** Resamples drawn (default 10,000). */
  readonly resamples?: number;
  /** Coverage of the interval (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling stream (default `DEFAULT_BOOTSTRAP_SEED`): the same values give the same interval everywhere. */
  readonly seed?: number | string;
}

/**
 * Percentile bootstrap interval of the mean: the (1−level)/2 and (1+level)/2 quantiles (inverse
 * empirical CDF) of the means of `resamples` resamples of the values, drawn with replacement
 * from a seeded stream. Every resample mean lies in [min, max] of the values, so the interval
 * does too: a rate's interval never leaves [0, 1]. It is narrower than nominal at a handful of
 * seeds (docs/stats.md gives the measured coverage).
 * @example
 * bootstrapMeanInterval([0, 0, 0.01, 0, 0.02]); // [0, 0.014]
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  options: BootstrapOptions = {},
): [number, number] {
  const n = values.length;
  const B = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const level = options.level ?? 0.95;
  if (n === 0 || !values.every(Number.isFinite)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `a bootstrap interval needs at least one finite value, got ${n === 0 ? 'none' : values.find((v) => !Number.isFinite(v))}; fix or drop that seed`,
    );
  }
  if (!(Number.isInteger(B) && B >= 1 && level > 0 && level < 1)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `bootstrap resamples ${B} and level ${level} must be a positive integer and a number in (0, 1)`,
    );
  }
  const x = Float64Array.from(values);
  let lo = x[0]!;
  let hi = x[0]!;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return [lo, hi];
  const stream = createRandomStream(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const means = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[stream.int(n)]!;
    // Clamp the rounding of Σ/n: a mean of values in [lo, hi] is in [lo, hi].
    means[b] = Math.min(hi, Math.max(lo, sum / n));
  }
  means.sort();
  const tail = (1 - level) / 2;
  const at = (q: number) => means[Math.min(B - 1, Math.max(0, Math.ceil(q * B - 1e-9) - 1))]!;
  return [at(tail), at(1 - tail)];
}
