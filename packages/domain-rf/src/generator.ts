import { createHash } from 'node:crypto';
import { fingerprint } from '@zpbench/core';
import { createRng, type Rng } from '@zpbench/nn';
import type { RfDataConfig } from './config.js';
import { resonatorResponse } from './resonator.js';

/** The splits, in generation order. */
export const SPLITS = ['train', 'val', 'test'] as const;
/** A split name. */
export type SplitName = (typeof SPLITS)[number];

/** Input features per point: [log10 ω, log10 ω0, log10 Q]. */
export const N_FEATURES = 3;

/** One split: filters (ω0, Q) and their frequency points, filter-major. */
export interface RfSplit {
  readonly name: SplitName;
  readonly nFilters: number;
  readonly pointsPerFilter: number;
  /** Points: nFilters · pointsPerFilter. */
  readonly n: number;
  /** ω0 per filter. */
  readonly w0: Float64Array;
  /** Q per filter. */
  readonly q: Float64Array;
  /** ω per point (filter f holds points f·ppf … (f+1)·ppf − 1). */
  readonly omega: Float64Array;
  /** n × 3 features [log10 ω, log10 ω0, log10 Q]. */
  readonly x: Float64Array;
  /** n × 2 targets [Re H, Im H]. */
  readonly y: Float64Array;
}

/** A seed's dataset and its fingerprint. */
export interface RfDataset {
  readonly seed: number;
  readonly splits: Readonly<Record<SplitName, RfSplit>>;
  /** sha256 of the data config and the bytes of every generated array. */
  readonly fingerprint: string;
}

/** Log-uniform draw on [lo, hi]: u ~ U[0, 1), x = exp(ln lo + u·ln(hi/lo)) (§5.1). */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rng.uniform() * Math.log(hi / lo));
}

/** The random stream of a seed's data (one stream, consumed in the §5.1 order). */
export function dataStream(seed: number): Rng {
  return createRng(`rf:data:${seed}`);
}

function drawFrequencies(
  rng: Rng,
  c: RfDataConfig,
  w0: Float64Array,
  q: Float64Array,
): Float64Array {
  const n = w0.length;
  const ppf = c.points_per_filter;
  const omega = new Float64Array(n * ppf);
  if (c.sampling === 'log_uniform') {
    for (let i = 0; i < omega.length; i++) omega[i] = logUniform(rng, c.w_min, c.w_max);
    return omega;
  }
  // mixture: all filters' global points (row-major), then all local normals, then sort rows.
  const nGlobal = Math.floor(ppf * c.mixture_global_fraction);
  for (let f = 0; f < n; f++)
    for (let k = 0; k < nGlobal; k++) omega[f * ppf + k] = logUniform(rng, c.w_min, c.w_max);
  for (let f = 0; f < n; f++) {
    const w = w0[f] as number;
    const sigma = (w / Math.max(q[f] as number, 0.5)) * c.mixture_local_sigma_scale;
    for (let k = nGlobal; k < ppf; k++) {
      const v = w + sigma * rng.normal();
      omega[f * ppf + k] = Math.min(c.w_max, Math.max(c.w_min, v));
    }
  }
  if (c.mixture_sort_within_filter)
    for (let f = 0; f < n; f++) omega.subarray(f * ppf, (f + 1) * ppf).sort();
  return omega;
}

/** Generates one split from the stream: ω0[n], then Q[n], then the frequencies (§5.1). */
export function generateSplit(
  rng: Rng,
  c: RfDataConfig,
  name: SplitName,
  nFilters: number,
  qMax: number,
): RfSplit {
  const w0 = new Float64Array(nFilters);
  const q = new Float64Array(nFilters);
  for (let f = 0; f < nFilters; f++) w0[f] = logUniform(rng, c.w0_min, c.w0_max);
  for (let f = 0; f < nFilters; f++) q[f] = logUniform(rng, c.q_min, qMax);
  const omega = drawFrequencies(rng, c, w0, q);
  const ppf = c.points_per_filter;
  const n = nFilters * ppf;
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const f = Math.floor(i / ppf);
    const w = omega[i] as number;
    x[3 * i] = Math.log10(w);
    x[3 * i + 1] = Math.log10(w0[f] as number);
    x[3 * i + 2] = Math.log10(q[f] as number);
    const [re, im] = resonatorResponse(w, w0[f] as number, q[f] as number);
    y[2 * i] = re;
    y[2 * i + 1] = im;
  }
  return { name, nFilters, pointsPerFilter: ppf, n, w0, q, omega, x, y };
}

function bytesHash(arrays: readonly Float64Array[]): string {
  const hash = createHash('sha256');
  for (const a of arrays) {
    const bytes = new Uint8Array(a.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i] as number, true);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/**
 * The seeded RF dataset of §5.1: train and validation filters with Q ≤ q_max_train, test filters
 * with Q ≤ q_max_test, from one stream in the order train, val, test. The fingerprint covers the
 * data config and the little-endian bytes of ω0, Q and ω of every split.
 */
export function generateDataset(c: RfDataConfig, seed: number): RfDataset {
  const rng = dataStream(seed);
  const train = generateSplit(rng, c, 'train', c.n_filters_train, c.q_max_train);
  const val = generateSplit(rng, c, 'val', c.n_filters_val, c.q_max_train);
  const test = generateSplit(rng, c, 'test', c.n_filters_test, c.q_max_test);
  const splits = { train, val, test };
  return {
    seed,
    splits,
    fingerprint: fingerprint({
      data_config: c,
      seed,
      splits: Object.fromEntries(
        SPLITS.map((s) => [s, bytesHash([splits[s].w0, splits[s].q, splits[s].omega])]),
      ),
    }),
  };
}

/** The test subsets: in-band (Q ≤ q_max_train) and extrapolation (Q > q_max_train) filter ids. */
export function testSubsets(
  test: RfSplit,
  qMaxTrain: number,
): { inBand: Int32Array; extrapolation: Int32Array } {
  const inBand: number[] = [];
  const extrapolation: number[] = [];
  for (let f = 0; f < test.nFilters; f++)
    ((test.q[f] as number) > qMaxTrain ? extrapolation : inBand).push(f);
  return { inBand: Int32Array.from(inBand), extrapolation: Int32Array.from(extrapolation) };
}

/** The §5.1 split contract, stamped into `data_config`. */
export function splitContract(c: RfDataConfig) {
  return {
    train: { q_min: c.q_min, q_max: c.q_max_train, n_filters: c.n_filters_train },
    val: { q_min: c.q_min, q_max: c.q_max_train, n_filters: c.n_filters_val },
    test: { q_min: c.q_min, q_max: c.q_max_test, n_filters: c.n_filters_test },
    in_band: { source: 'test', rule: `Q <= q_max_train (${c.q_max_train})` },
    extrapolation: { source: 'test', rule: `Q > q_max_train (${c.q_max_train})` },
  };
}
