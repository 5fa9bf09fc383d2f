import { addReliabilityBins, binReliability } from '@zpbench/core';
import { BUCKET_NAMES } from './buckets.js';
import type { IkConfig } from './config.js';
import type { IkDataset } from './generator.js';
import type { IkPredictions } from './ik-model.js';
import type {
  BottomReliability,
  BucketStats,
  ModelDiagnostics,
  WorkspaceStats,
} from './schemas/diagnostics.js';

/** The workspace cell of an end-effector position: row-major over y then x, clamped to the grid. */
export function workspaceCell(x: number, y: number, cells: number, reach: number): number {
  const idx = (v: number) =>
    Math.min(Math.max(Math.floor(((v + reach) / (2 * reach)) * cells), 0), cells - 1);
  return idx(y) * cells + idx(x);
}

/** Per-bucket tallies of one model on the test rows (`bucket[r]` of test row r). */
export function bucketStats(
  pred: IkPredictions,
  errors: Float64Array,
  bucket: ArrayLike<number>,
): BucketStats[] {
  const rows: BucketStats[] = BUCKET_NAMES.map((name) => ({
    bucket: name,
    n: 0,
    accepted: 0,
    bottom: 0,
    fault: 0,
    semantic: 0,
    gap: 0,
    sse: 0,
  }));
  for (let r = 0; r < pred.n; r++) {
    const b = rows[bucket[r] as number] as { -readonly [K in keyof BucketStats]: BucketStats[K] };
    b.n++;
    if (pred.bottom[r]) b.bottom++;
    else {
      b.accepted++;
      b.sse += errors[r] as number;
    }
    if (pred.fault[r]) b.fault++;
    if (pred.semantic[r]) b.semantic++;
    if (pred.gap[r]) b.gap++;
  }
  return rows;
}

/** Workspace tallies of one model: test rows binned by end-effector position. */
export function workspaceStats(
  pred: IkPredictions,
  errors: Float64Array,
  xEe: ArrayLike<number>,
  yEe: ArrayLike<number>,
  cells: number,
  reach: number,
): WorkspaceStats {
  const size = cells * cells;
  const count = new Array<number>(size).fill(0);
  const accepted = new Array<number>(size).fill(0);
  const bottom = new Array<number>(size).fill(0);
  const sse = new Array<number>(size).fill(0);
  for (let r = 0; r < pred.n; r++) {
    const c = workspaceCell(xEe[r] as number, yEe[r] as number, cells, reach);
    count[c] = (count[c] as number) + 1;
    if (pred.bottom[r]) bottom[c] = (bottom[c] as number) + 1;
    else {
      accepted[c] = (accepted[c] as number) + 1;
      sse[c] = (sse[c] as number) + (errors[r] as number);
    }
  }
  return { count, accepted, bottom, sse };
}

/**
 * The strict gate's bottom probability σ((ln tau_infer − ln|Q̂|)/T): ½ at |Q̂| = tau_infer, → 1 as
 * |Q̂| → 0 (and at a non-finite or zero |Q̂|), → 0 for |Q̂| ≫ tau_infer.
 */
export function bottomScore(qAbs: number, tauInfer: number, temperature: number): number {
  if (!(qAbs > 0) || !Number.isFinite(qAbs)) return 1;
  const z = (Math.log(tauInfer) - Math.log(qAbs)) / temperature;
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Reliability of a gated model's bottom decision on the test rows: the score {@link bottomScore}
 * binned against the outcome |det J| ≤ pole_threshold (the target is at the pole), plus the hard
 * decision's 2 × 2 counts against the same outcome.
 */
export function bottomReliability(
  pred: IkPredictions,
  absDet: ArrayLike<number>,
  config: IkConfig,
): BottomReliability | null {
  if (pred.qAbs === null) return null;
  const e = config.evaluation;
  const scores = Float64Array.from(pred.qAbs, (q) =>
    bottomScore(q, config.tau_infer, e.reliability_temperature),
  );
  const pole = Uint8Array.from({ length: pred.n }, (_, r) =>
    (absDet[r] as number) <= e.pole_threshold ? 1 : 0,
  );
  const decision = { bottom_pole: 0, bottom_regular: 0, accept_pole: 0, accept_regular: 0 };
  for (let r = 0; r < pred.n; r++) {
    const key = `${pred.bottom[r] ? 'bottom' : 'accept'}_${pole[r] ? 'pole' : 'regular'}` as const;
    decision[key]++;
  }
  return {
    score: `p(bottom) = σ((ln tau_infer − ln|Q̂|)/${e.reliability_temperature})`,
    outcome: `|det J| ≤ ${e.pole_threshold} (the target is at the pole)`,
    bins: binReliability(scores, pole, e.reliability_bins),
    decision,
  };
}

/** Test diagnostics of one model. */
export function modelDiagnostics(
  hasGate: boolean,
  pred: IkPredictions,
  errors: Float64Array,
  data: IkDataset,
  config: IkConfig,
): ModelDiagnostics {
  const s = data.samples;
  const test = data.test;
  const pick = (col: ArrayLike<number>) => Float64Array.from(test, (i) => col[i] as number);
  const reach = config.generator.link_lengths[0] + config.generator.link_lengths[1];
  return {
    has_gate: hasGate,
    buckets: bucketStats(
      pred,
      errors,
      Uint8Array.from(test, (i) => s.bucket[i] as number),
    ),
    workspace: workspaceStats(
      pred,
      errors,
      pick(s.xEe),
      pick(s.yEe),
      config.evaluation.workspace_grid,
      reach,
    ),
    reliability: hasGate ? bottomReliability(pred, pick(s.manipulability), config) : null,
  };
}

/** Histogram edges of log10 |det J|: `bins` equal steps from `minLog10` to log10(L1·L2). */
export function detjEdges(config: IkConfig): number[] {
  const e = config.evaluation;
  const [l1, l2] = config.generator.link_lengths;
  const top = Math.log10(l1 * l2);
  const step = (top - e.detj_histogram_min_log10) / e.detj_histogram_bins;
  return Array.from({ length: e.detj_histogram_bins + 1 }, (_, k) =>
    Number((e.detj_histogram_min_log10 + k * step).toPrecision(12)),
  );
}

/** The log10 |det J| bin of a value: below the first edge (or 0) → bin 0, above the last → last bin. */
export function detjBin(absDet: number, edges: readonly number[]): number {
  const bins = edges.length - 1;
  if (!(absDet > 0)) return 0;
  const v = Math.log10(absDet);
  for (let k = 1; k < bins; k++) if (v < (edges[k] as number)) return k - 1;
  return bins - 1;
}

/** The dataset part of the per-seed diagnostics. */
export function datasetDiagnostics(data: IkDataset, config: IkConfig) {
  const s = data.samples;
  const edges = detjEdges(config);
  const hist = (idx: Int32Array) => {
    const c = new Array<number>(edges.length - 1).fill(0);
    for (const i of idx) {
      const b = detjBin(s.manipulability[i] as number, edges);
      c[b] = (c[b] as number) + 1;
    }
    return c;
  };
  const singular = (idx: Int32Array) => idx.reduce((n, i) => n + (s.isSingular[i] as number), 0);
  return {
    n_samples: s.n,
    n_train: data.train.length,
    n_test: data.test.length,
    augmented: data.augmented,
    bucket_counts: { train: [...data.bucketCounts.train], test: [...data.bucketCounts.test] },
    singular: { train: singular(data.train), test: singular(data.test) },
    detj_histogram: { log10_edges: edges, train: hist(data.train), test: hist(data.test) },
  };
}

/** Sums two model diagnostics of the same model (over seeds). */
export function addModelDiagnostics(a: ModelDiagnostics, b: ModelDiagnostics): ModelDiagnostics {
  const sum = (x: readonly number[], y: readonly number[]) => x.map((v, k) => v + (y[k] as number));
  const rel = (
    x: BottomReliability | null,
    y: BottomReliability | null,
  ): BottomReliability | null => {
    if (x === null || y === null) return x ?? y;
    return {
      score: x.score,
      outcome: x.outcome,
      bins: addReliabilityBins(x.bins, y.bins),
      decision: {
        bottom_pole: x.decision.bottom_pole + y.decision.bottom_pole,
        bottom_regular: x.decision.bottom_regular + y.decision.bottom_regular,
        accept_pole: x.decision.accept_pole + y.decision.accept_pole,
        accept_regular: x.decision.accept_regular + y.decision.accept_regular,
      },
    };
  };
  return {
    has_gate: a.has_gate || b.has_gate,
    buckets: a.buckets.map((x, k) => {
      const y = b.buckets[k] as BucketStats;
      return {
        bucket: x.bucket,
        n: x.n + y.n,
        accepted: x.accepted + y.accepted,
        bottom: x.bottom + y.bottom,
        fault: x.fault + y.fault,
        semantic: x.semantic + y.semantic,
        gap: x.gap + y.gap,
        sse: x.sse + y.sse,
      };
    }),
    workspace: {
      count: sum(a.workspace.count, b.workspace.count),
      accepted: sum(a.workspace.accepted, b.workspace.accepted),
      bottom: sum(a.workspace.bottom, b.workspace.bottom),
      sse: sum(a.workspace.sse, b.workspace.sse),
    },
    reliability: rel(a.reliability, b.reliability),
  };
}
