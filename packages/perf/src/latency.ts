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

/** The headline of a side-by-side comparison: see {@link headlineRatio}. */
export interface HeadlineRatio {
  /** The configuration the headline uses (the one with the highest median ratio). */
  configuration: string;
  median: number;
  min: number;
  max: number;
  rounds: number;
  /** The ratio of every round, in round order. */
  perRound: number[];
  /** Median and range of every configuration's ratio, by name. */
  configurations: Record<string, { median: number; min: number; max: number }>;
}

/**
 * The headline ratio "contender / reference" when the contender has several configurations
 * timed in the same interleaved rounds (e.g. one thread and two): each configuration's per-round
 * ratio reference[i] / configuration[i] of latencies (its speed over the reference's), and the
 * configuration with the highest median, named, with its ratio in every round. Ties keep the
 * first configuration given.
 *
 * @example
 * headlineRatio(numpy.samples_ms, { '1 thread': one.samples_ms, '2 threads': two.samples_ms });
 */
export function headlineRatio(
  reference: readonly number[],
  configurations: Readonly<Record<string, readonly number[]>>,
): HeadlineRatio {
  const all: HeadlineRatio['configurations'] = {};
  let best: { name: string; median: number; samples: readonly number[] } | undefined;
  for (const [name, samples] of Object.entries(configurations)) {
    const { median, min, max } = ratioSpread(reference, samples);
    all[name] = { median, min, max };
    if (best === undefined || median > best.median) best = { name, median, samples };
  }
  if (best === undefined) throw new RangeError('headlineRatio: no configurations');
  const { samples } = best;
  const rounds = Math.min(reference.length, samples.length);
  const perRound = Array.from(
    { length: rounds },
    (_, i) => (reference[i] as number) / (samples[i] as number),
  );
  return {
    configuration: best.name,
    ...(all[best.name] as HeadlineRatio['configurations'][string]),
    rounds,
    perRound,
    configurations: all,
  };
}
