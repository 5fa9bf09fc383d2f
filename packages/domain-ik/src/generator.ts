import { sha256Hex } from '@zpbench/core';
import { createRng, type Rng } from '@zpbench/nn';
import { BUCKET_EDGES, bucketOf, N_BUCKETS } from './buckets.js';
import type { IkGeneratorConfig } from './config.js';
import {
  clipStep,
  conditionNumber,
  distanceToSingularity,
  dlsStep,
  forwardKinematics,
  invStep,
  jacobian,
  jacobianDeterminant,
  type Links,
} from './kinematics.js';

/**
 * The samples of a dataset as columns (the sample record of domains.md §6.1), in generation order.
 * `augmented` marks samples appended by `ensure_buckets_nonzero`.
 */
export interface IkSamples {
  readonly n: number;
  readonly theta1: Float64Array;
  readonly theta2: Float64Array;
  readonly dx: Float64Array;
  readonly dy: Float64Array;
  readonly dtheta1: Float64Array;
  readonly dtheta2: Float64Array;
  readonly detJ: Float64Array;
  /** σ_max/σ_min; +∞ where det J = 0. */
  readonly condJ: Float64Array;
  readonly isSingular: Uint8Array;
  readonly xEe: Float64Array;
  readonly yEe: Float64Array;
  readonly manipulability: Float64Array;
  readonly distanceToSingularity: Float64Array;
  readonly bucket: Uint8Array;
  readonly augmented: Uint8Array;
}

/** A generated IK dataset: samples, the train/test split (indices into the samples) and its counts. */
export interface IkDataset {
  readonly seed: number;
  readonly samples: IkSamples;
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** Samples per bucket B0…B4 in each split. */
  readonly bucketCounts: { readonly train: number[]; readonly test: number[] };
  /** Samples appended by `ensure_buckets_nonzero`. */
  readonly augmented: number;
  readonly fingerprint: string;
}

/** Link lengths of a generator config. */
export function linksOf(g: Pick<IkGeneratorConfig, 'link_lengths'>): Links {
  return { l1: g.link_lengths[0], l2: g.link_lengths[1] };
}

/** Python's round(): to the nearest integer, halves to the even neighbour. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Joint configurations in generation order (§6.1): floor(ratio·n) singular samples first (θ1 ~
 * U[lo, hi], θ2 ~ N(0, t) or N(π, t) with probability ½ each, clipped to the joint limits; with
 * `force_exact_singularities` the first two are θ2 = 0 and θ2 = π), then regular samples (θ1, θ2 ~
 * U[lo, hi], redrawn while |det J| < 2t or below `min_detj_regular`, at most
 * `regular_max_attempts` draws, the last one kept).
 */
export function sampleConfigurations(
  g: IkGeneratorConfig,
  n: number,
  singularRatio: number,
  rng: Rng,
): { theta1: Float64Array; theta2: Float64Array } {
  const links = linksOf(g);
  const [lo, hi] = g.joint_limits;
  const t = g.singularity_threshold;
  const nSingular = Math.floor(singularRatio * n);
  const theta1 = new Float64Array(n);
  const theta2 = new Float64Array(n);
  for (let i = 0; i < nSingular; i++) {
    theta1[i] = rng.uniformRange(lo, hi);
    if (g.force_exact_singularities && i < 2) {
      theta2[i] = i === 0 ? 0 : Math.PI;
      continue;
    }
    const centre = rng.uniform() < 0.5 ? 0 : Math.PI;
    theta2[i] = Math.min(Math.max(rng.normal(centre, t), lo), hi);
  }
  for (let i = nSingular; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let attempt = 0; attempt < g.regular_max_attempts; attempt++) {
      a = rng.uniformRange(lo, hi);
      b = rng.uniformRange(lo, hi);
      const det = Math.abs(jacobianDeterminant(links, b));
      if (det >= 2 * t && (g.min_detj_regular === null || det >= g.min_detj_regular)) break;
    }
    theta1[i] = a;
    theta2[i] = b;
  }
  return { theta1, theta2 };
}

/** The target joint step of one sample under the generator's target mode and clip. */
export function targetStep(
  g: IkGeneratorConfig,
  theta1: number,
  theta2: number,
  dx: number,
  dy: number,
): [number, number] {
  const links = linksOf(g);
  const j = jacobian(links, theta1, theta2);
  const step =
    g.target_mode === 'dls'
      ? dlsStep(j, dx, dy, g.dls_lambda, g.dls_det_floor)
      : invStep(j, jacobianDeterminant(links, theta2), dx, dy, g.inv_det_min);
  return g.dq_clip === null ? step : clipStep(step, g.dq_clip);
}

/** Fills the sample records for configurations and displacements (drawn from `rng`, dx then dy). */
function buildSamples(
  g: IkGeneratorConfig,
  theta1: Float64Array,
  theta2: Float64Array,
  rng: Rng,
  augmented: Uint8Array,
): IkSamples {
  const n = theta1.length;
  const links = linksOf(g);
  const s: IkSamples = {
    n,
    theta1,
    theta2,
    dx: new Float64Array(n),
    dy: new Float64Array(n),
    dtheta1: new Float64Array(n),
    dtheta2: new Float64Array(n),
    detJ: new Float64Array(n),
    condJ: new Float64Array(n),
    isSingular: new Uint8Array(n),
    xEe: new Float64Array(n),
    yEe: new Float64Array(n),
    manipulability: new Float64Array(n),
    distanceToSingularity: new Float64Array(n),
    bucket: new Uint8Array(n),
    augmented,
  };
  for (let i = 0; i < n; i++) {
    const a = theta1[i] as number;
    const b = theta2[i] as number;
    const dx = rng.normal(0, g.displacement_scale);
    const dy = rng.normal(0, g.displacement_scale);
    const j = jacobian(links, a, b);
    const det = jacobianDeterminant(links, b);
    const [t1, t2] = targetStep(g, a, b, dx, dy);
    const [x, y] = forwardKinematics(links, a, b);
    s.dx[i] = dx;
    s.dy[i] = dy;
    s.dtheta1[i] = t1;
    s.dtheta2[i] = t2;
    s.detJ[i] = det;
    s.condJ[i] = conditionNumber(j, det);
    s.isSingular[i] = Math.abs(det) < g.singularity_threshold ? 1 : 0;
    s.xEe[i] = x;
    s.yEe[i] = y;
    s.manipulability[i] = Math.abs(det);
    s.distanceToSingularity[i] = distanceToSingularity(b);
    s.bucket[i] = bucketOf(Math.abs(det));
  }
  return s;
}

/**
 * The stratified split (§6.1): within each bucket, in generation order, the first
 * round(fraction·n_b) samples (Python rounding) train and the rest test. Indices ascending.
 */
export function stratifiedSplit(
  bucket: ArrayLike<number>,
  fraction: number,
): { train: number[]; test: number[] } {
  const members: number[][] = Array.from({ length: N_BUCKETS }, () => []);
  for (let i = 0; i < bucket.length; i++) members[bucket[i] as number]?.push(i);
  const inTrain = new Uint8Array(bucket.length);
  for (const list of members) {
    const k = roundHalfEven(fraction * list.length);
    for (let r = 0; r < k; r++) inTrain[list[r] as number] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < bucket.length; i++) (inTrain[i] ? train : test).push(i);
  return { train, test };
}

/** θ2 with |det J| in bucket k (log-uniform inside it; B0 uniform on [0, 1e-5)), either side, either sign. */
function drawInBucket(g: IkGeneratorConfig, k: number, rng: Rng): number {
  const links = linksOf(g);
  const lo = BUCKET_EDGES[k] as number;
  const hi = BUCKET_EDGES[k + 1] as number;
  let theta2 = 0;
  for (let attempt = 0; attempt < 100; attempt++) {
    const u = rng.uniform();
    const a = k === 0 ? hi * u : 10 ** (Math.log10(lo) + u * (Math.log10(hi) - Math.log10(lo)));
    const base = Math.asin(Math.min(a / (links.l1 * links.l2), 1));
    const folded = rng.uniform() < 0.5;
    const sign = rng.uniform() < 0.5 ? -1 : 1;
    theta2 = sign * (folded ? Math.PI - base : base);
    if (bucketOf(Math.abs(jacobianDeterminant(links, theta2))) === k) break;
  }
  return theta2;
}

function countBuckets(bucket: Uint8Array, indices: readonly number[]): number[] {
  const c = new Array<number>(N_BUCKETS).fill(0);
  for (const i of indices) c[bucket[i] as number] = (c[bucket[i] as number] as number) + 1;
  return c;
}

function littleEndian(arrays: readonly (Float64Array | Int32Array)[]): Uint8Array {
  const total = arrays.reduce((s, a) => s + a.length * (a instanceof Float64Array ? 8 : 4), 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let o = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a instanceof Float64Array) {
        view.setFloat64(o, a[i] as number, true);
        o += 8;
      } else {
        view.setInt32(o, a[i] as number, true);
        o += 4;
      }
    }
  }
  return bytes;
}

/**
 * sha256 of a dataset: its name and version, then the little-endian bytes of θ1, θ2, dx, dy, dθ1,
 * dθ2 and the train and test indices (every other column is a function of these).
 */
export function datasetFingerprint(
  g: Pick<IkGeneratorConfig, 'dataset_name' | 'dataset_version'>,
  s: IkSamples,
  train: Int32Array,
  test: Int32Array,
): string {
  const header = new TextEncoder().encode(`${g.dataset_name}/v${g.dataset_version}\n`);
  const body = littleEndian([s.theta1, s.theta2, s.dx, s.dy, s.dtheta1, s.dtheta2, train, test]);
  const all = new Uint8Array(header.length + body.length);
  all.set(header, 0);
  all.set(body, header.length);
  return sha256Hex(all);
}

/**
 * Generates the dataset of a seed from the stream `ik:data:<seed>`: configurations (fork
 * `configurations`), then displacements and targets (fork `displacements`), the stratified split
 * and, with `ensure_buckets_nonzero`, one appended sample (fork `augment`) for every empty
 * (bucket B0–B3, split) pair. With `singular_ratio_split` train and test are drawn separately
 * (forks `train/…` and `test/…`), train first.
 */
export function generateDataset(g: IkGeneratorConfig, seed: number): IkDataset {
  const rng = createRng(`ik:data:${seed}`);
  let theta1: number[];
  let theta2: number[];
  let train: number[];
  let test: number[];
  if (g.singular_ratio_split === null) {
    const c = sampleConfigurations(g, g.n_samples, g.singular_ratio, rng.fork('configurations'));
    theta1 = Array.from(c.theta1);
    theta2 = Array.from(c.theta2);
    const links = linksOf(g);
    const buckets = c.theta2.map((b) => bucketOf(Math.abs(jacobianDeterminant(links, b))));
    ({ train, test } = stratifiedSplit(buckets, g.train_fraction));
  } else {
    const nTrain = roundHalfEven(g.train_fraction * g.n_samples);
    const a = sampleConfigurations(
      g,
      nTrain,
      g.singular_ratio_split.train,
      rng.fork('train/configurations'),
    );
    const b = sampleConfigurations(
      g,
      g.n_samples - nTrain,
      g.singular_ratio_split.test,
      rng.fork('test/configurations'),
    );
    theta1 = [...a.theta1, ...b.theta1];
    theta2 = [...a.theta2, ...b.theta2];
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: g.n_samples - nTrain }, (_, i) => nTrain + i);
  }
  let augmented = 0;
  if (g.ensure_buckets_nonzero) {
    const bucketNow = (i: number) =>
      bucketOf(Math.abs(jacobianDeterminant(linksOf(g), theta2[i] as number)));
    const augment = rng.fork('augment');
    for (const split of [train, test]) {
      for (let k = 0; k <= 3; k++) {
        if (split.some((i) => bucketNow(i) === k)) continue;
        theta1.push(augment.uniformRange(g.joint_limits[0], g.joint_limits[1]));
        theta2.push(drawInBucket(g, k, augment));
        split.push(theta1.length - 1);
        augmented++;
      }
    }
  }
  const flags = new Uint8Array(theta1.length);
  flags.fill(1, theta1.length - augmented);
  // Displacements in sample order: the split's samples first, then the augmented ones.
  const samples = buildSamples(
    g,
    Float64Array.from(theta1),
    Float64Array.from(theta2),
    rng.fork('displacements'),
    flags,
  );
  const trainIdx = Int32Array.from(train);
  const testIdx = Int32Array.from(test);
  return {
    seed,
    samples,
    train: trainIdx,
    test: testIdx,
    bucketCounts: {
      train: countBuckets(samples.bucket, train),
      test: countBuckets(samples.bucket, test),
    },
    augmented,
    fingerprint: datasetFingerprint(g, samples, trainIdx, testIdx),
  };
}
