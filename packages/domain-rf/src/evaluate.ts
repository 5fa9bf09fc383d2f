import type { RfConfig } from './config.js';
import type { RfSplit } from './generator.js';
import { logGrid, type PeakGrid, peakGrid } from './grid.js';
import { computeRfMetrics, quantile, roundMetric } from './metrics.js';
import {
  filterInputs,
  type RfInputs,
  type RfPredictions,
  splitInputs,
  type TrainedRfModel,
} from './models/rf-model.js';
import { analyzeTrace, type PeakAnalysis } from './peaks.js';
import type { PeakClipping } from './schemas/details.js';

/** The dense grids of the test filters, concatenated into one input block. */
export interface DenseGrids {
  readonly grids: readonly PeakGrid[];
  /** Start of filter f's points in the concatenated block. */
  readonly offsets: Int32Array;
  readonly inputs: RfInputs;
}

/** Builds every test filter's dense grid (§5.3) and the concatenated model inputs. */
export function denseGrids(test: RfSplit, config: RfConfig): DenseGrids {
  const shared = logGrid(config.data.w_min, config.data.w_max, config.eval.grid_points);
  const grids: PeakGrid[] = [];
  const offsets = new Int32Array(test.nFilters + 1);
  for (let f = 0; f < test.nFilters; f++) {
    const g = peakGrid(test.w0[f] as number, test.q[f] as number, config.data, config.eval, shared);
    grids.push(g);
    offsets[f + 1] = (offsets[f] as number) + g.omega.length;
  }
  const n = offsets[test.nFilters] as number;
  const inputs = {
    n,
    x: new Float64Array(3 * n),
    omega: new Float64Array(n),
    w0: new Float64Array(n),
    q: new Float64Array(n),
  };
  grids.forEach((g, f) => {
    const part = filterInputs(g.omega, test.w0[f] as number, test.q[f] as number);
    const o = offsets[f] as number;
    inputs.x.set(part.x, 3 * o);
    inputs.omega.set(part.omega, o);
    inputs.w0.set(part.w0, o);
    inputs.q.set(part.q, o);
  });
  return { grids, offsets, inputs };
}

/** One model's evaluation on a seed: metrics, per-filter peak analyses and dense predictions. */
export interface ModelEvaluation {
  readonly metrics: Record<string, number | null>;
  readonly peaks: readonly PeakAnalysis[];
  /** Predictions on the concatenated dense grids (for the trace sidecar). */
  readonly dense: RfPredictions;
}

/** The slice of a dense prediction that belongs to filter f. */
export function filterSlice(dense: RfPredictions, grids: DenseGrids, f: number): RfPredictions {
  const lo = grids.offsets[f] as number;
  const hi = grids.offsets[f + 1] as number;
  return {
    re: dense.re.subarray(lo, hi),
    im: dense.im.subarray(lo, hi),
    bottom: dense.bottom.subarray(lo, hi),
    trigger: dense.trigger.subarray(lo, hi),
    qAbs: dense.qAbs ? dense.qAbs.subarray(lo, hi) : null,
  };
}

/**
 * Evaluates a model on the test split: its predictions on the test points give the MSE, phase,
 * coverage, trigger and denominator metrics; its predictions on every test filter's dense grid
 * give the peak analyses behind peak retention and invented peaks.
 */
export function evaluateModel(
  model: TrainedRfModel,
  test: RfSplit,
  subsets: { readonly inBand: Int32Array; readonly extrapolation: Int32Array },
  grids: DenseGrids,
  config: RfConfig,
): ModelEvaluation {
  const predictions = model.predict(splitInputs(test));
  const dense = model.predict(grids.inputs);
  const peaks = grids.grids.map((g, f) => {
    const p = filterSlice(dense, grids, f);
    return analyzeTrace(
      { omega: g.omega, onLogGrid: g.onLogGrid, ...p },
      test.w0[f] as number,
      test.q[f] as number,
      config.eval,
    );
  });
  const metrics = computeRfMetrics({
    test,
    inBand: subsets.inBand,
    extrapolation: subsets.extrapolation,
    predictions,
    peaks,
  });
  return { metrics, peaks, dense };
}

const meanOf = (xs: readonly number[]) =>
  xs.length === 0 ? null : roundMetric(xs.reduce((a, b) => a + b, 0) / xs.length);
const maxOf = (xs: readonly number[]) => (xs.length === 0 ? null : roundMetric(Math.max(...xs)));
const medianOf = (xs: readonly number[]) => roundMetric(quantile(xs, 0.5));

function axisStats(peaks: readonly PeakAnalysis[]) {
  const mins = peaks.flatMap((p) => (p.denominator ? [p.denominator] : []));
  const offsets = mins.map((m) => m.offset_decades);
  const near = mins.map((m) => m.near_min_fraction);
  return {
    n_filters: peaks.length,
    min_frequency_offset_decades: {
      mean: meanOf(offsets),
      median: medianOf(offsets),
      mean_abs: meanOf(offsets.map(Math.abs)),
      max_abs: maxOf(offsets.map(Math.abs)),
    },
    near_min_fraction: { mean: meanOf(near), median: medianOf(near), max: maxOf(near) },
    min_on_edge_rate: meanOf(mins.map((m) => (m.on_edge ? 1 : 0))),
  };
}

/**
 * The `test_peak_clipping` payload of a model: how often its largest |Ĥ| sits on a sweep edge,
 * and for a model with Q(jω) where its denominator is smallest relative to ω0, how much of the
 * sampled axis stays near that minimum, and how often the minimum falls on a sweep edge.
 */
export function peakClipping(
  model: TrainedRfModel,
  peaks: readonly PeakAnalysis[],
  subsets: { readonly inBand: Int32Array; readonly extrapolation: Int32Array },
): PeakClipping {
  const pick = (ids: Int32Array) => Array.from(ids, (f) => peaks[f] as PeakAnalysis);
  const parts = {
    overall: peaks,
    in_band: pick(subsets.inBand),
    extrapolation: pick(subsets.extrapolation),
  };
  const edge = (ps: readonly PeakAnalysis[]) => meanOf(ps.map((p) => (p.peak_on_edge ? 1 : 0)));
  return {
    exposes_denominator: model.exposesDenominator,
    peak_on_edge_rate: {
      overall: edge(parts.overall),
      in_band: edge(parts.in_band),
      extrapolation: edge(parts.extrapolation),
    },
    axis: model.exposesDenominator
      ? {
          overall: axisStats(parts.overall),
          in_band: axisStats(parts.in_band),
          extrapolation: axisStats(parts.extrapolation),
        }
      : null,
  };
}
