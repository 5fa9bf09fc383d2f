import type { PerfLatency } from '@zpbench/core';
import { max, mean, median, min, quantileSorted } from 'simple-statistics';

/**
 * Min, median, 95th percentile, max and mean of latency samples (ms). The median is the usual
 * middle value (mean of the two middle ones for an even count); p95 is simple-statistics'
 * `quantileSorted`, linear interpolation at rank 0.95·(n − 1) (numpy's default, R type 7).
 */
export function summarizeLatencies(samples: readonly number[]): PerfLatency {
  if (samples.length === 0) throw new RangeError('summarizeLatencies: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: min(sorted),
    p50: median(sorted),
    p95: quantileSorted(sorted, 0.95),
    max: max(sorted),
    mean: mean(sorted),
  };
}

/** Median and range of the per-iteration ratios a[i] / b[i] of two interleaved sample lists. */
export function ratioSpread(
  a: readonly number[],
  b: readonly number[],
): { median: number; min: number; max: number; n: number } {
  const n = Math.min(a.length, b.length);
  if (n === 0) throw new RangeError('ratioSpread: no samples');
  const ratios = Array.from({ length: n }, (_, i) => (a[i] as number) / (b[i] as number));
  return { median: median(ratios), min: min(ratios), max: max(ratios), n };
}
