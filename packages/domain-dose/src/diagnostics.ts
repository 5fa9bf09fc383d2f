import type { ModelPredictions } from './dose-model.js';
import { ABOVE, BELOW, type DoseSplit, IN_RANGE, LABELS } from './generator.js';
import { macroF1, predictedClasses } from './metrics.js';
import {
  DOSE_DIAGNOSTICS_MARKER,
  DOSE_DIAGNOSTICS_VERSION,
  type DoseDiagnosticsV1,
} from './schemas/diagnostics.js';
import type { SweepPoint } from './sweep.js';

/** Diagnostics of one model (the `models` entries of dose_diagnostics.json). */
export type ModelDiagnostics = DoseDiagnosticsV1['models'][string];

/** Histogram range of log10 |Q|: [−4, 0]. */
export const Q_HIST_RANGE: readonly [number, number] = [-4, 0];

/** 3×3 confusion matrix, rows true class, columns predicted, order below / in_range / above. */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
): number[][] {
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < truth.length; i++) {
    const row = m[truth[i] as number] as number[];
    row[predicted[i] as number] = (row[predicted[i] as number] as number) + 1;
  }
  return m;
}

/** Histogram of log10 |Q| by true class, values clamped into the range. */
export function qAbsHistogram(
  qAbs: ArrayLike<number>,
  label: ArrayLike<number>,
  bins: number,
): NonNullable<ModelDiagnostics['q_abs_histogram']> {
  const [lo, hi] = Q_HIST_RANGE;
  const edges = Array.from({ length: bins + 1 }, (_, k) =>
    Number((lo + ((hi - lo) * k) / bins).toPrecision(12)),
  );
  const countsIn = new Array<number>(bins).fill(0);
  const countsCens = new Array<number>(bins).fill(0);
  for (let i = 0; i < qAbs.length; i++) {
    const v = Math.log10(Math.max(qAbs[i] as number, 1e-300));
    const k = Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)));
    if (label[i] === IN_RANGE) countsIn[k] = (countsIn[k] as number) + 1;
    else countsCens[k] = (countsCens[k] as number) + 1;
  }
  return { edges, counts_in_range: countsIn, counts_censored: countsCens };
}

/** Builds one model's per-seed diagnostics from its test predictions and its calibration sweep. */
export function buildModelDiagnostics(
  pred: ModelPredictions,
  split: DoseSplit,
  calibrationSweep: readonly SweepPoint[],
  options: { bins: number; k: number; lloq: number; uloq: number },
): ModelDiagnostics {
  const predicted = predictedClasses(pred);
  const mistakes: number[] = [];
  for (let i = 0; i < split.n; i++) if (predicted[i] !== split.label[i]) mistakes.push(i);
  // Models with Q: rank mistakes by |Q|; baselines: by the measured response's distance to the nearest limit.
  const score = (i: number) =>
    pred.qAbs
      ? (pred.qAbs[i] as number)
      : Math.min(
          Math.abs((split.response[i] as number) - options.lloq),
          Math.abs((split.response[i] as number) - options.uloq),
        );
  const ranked = [...mistakes].sort((a, b) => score(a) - score(b) || a - b);
  const picked =
    ranked.length <= 2 * options.k
      ? ranked
      : [...ranked.slice(0, options.k), ...ranked.slice(-options.k)];
  const round = (x: number) => Number(x.toPrecision(12));
  const censoredTruth: number[] = [];
  const censoredCall: number[] = [];
  for (let i = 0; i < split.n; i++) {
    if (split.label[i] === IN_RANGE) continue;
    censoredTruth.push(split.label[i] as number);
    censoredCall.push(pred.direction[i] === ABOVE ? ABOVE : BELOW);
  }
  const dirConfusion = [
    [0, 0],
    [0, 0],
  ];
  censoredTruth.forEach((t, k) => {
    const row = dirConfusion[t === ABOVE ? 1 : 0] as number[];
    const col = censoredCall[k] === ABOVE ? 1 : 0;
    row[col] = (row[col] as number) + 1;
  });
  return {
    confusion_matrix: confusionMatrix(split.label, predicted),
    tau_sweep: calibrationSweep
      .filter((p) => p.tau !== null)
      .map((p) => ({
        tau: p.tau as number,
        accept_rate: p.accept_rate ?? 0,
        bottom_rate: p.bottom_rate ?? 0,
        false_accept_rate_on_not_in_range: p.false_in_range_rate_on_censored,
        false_reject_rate_on_in_range: p.false_censored_rate_on_in_range,
        macro_f1: p.macro_f1,
        finite_mae: p.finite_mae,
      })),
    q_abs_histogram: pred.qAbs ? qAbsHistogram(pred.qAbs, split.label, options.bins) : null,
    borderline_examples: picked.map((i) => ({
      sample_id: split.ids[i] as string,
      q_abs: pred.qAbs ? round(pred.qAbs[i] as number) : null,
      true_label: LABELS[split.label[i] as number] as (typeof LABELS)[number],
      predicted_label: LABELS[predicted[i] as number] as (typeof LABELS)[number],
      log10_dose: round(split.log10Dose[i] as number),
      response: round(split.response[i] as number),
    })),
    direction: {
      confusion: dirConfusion,
      macro_f1: macroF1(censoredTruth, censoredCall, [BELOW, ABOVE]),
    },
  };
}

/** Wraps model diagnostics as a `dose_diagnostics.json` document. */
export function createDiagnosticsDocument(
  scope: 'seed' | 'aggregated',
  seeds: readonly number[],
  tauInfer: number,
  models: Record<string, ModelDiagnostics>,
): DoseDiagnosticsV1 {
  return {
    schema: DOSE_DIAGNOSTICS_MARKER,
    schema_version: DOSE_DIAGNOSTICS_VERSION,
    scope,
    seeds: [...seeds],
    label_order: ['below', 'in_range', 'above'],
    tau_infer: tauInfer,
    models,
  };
}

function addMatrix(a: number[][], b: readonly (readonly number[])[]): number[][] {
  return a.map((row, i) => row.map((v, j) => v + (b[i]?.[j] ?? 0)));
}

function meanOrNull(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null);
  return finite.length === 0
    ? null
    : Number((finite.reduce((s, v) => s + v, 0) / finite.length).toPrecision(12));
}

/**
 * Aggregates per-seed diagnostics: confusion matrices and histograms summed, sweeps averaged per
 * tau over seeds, borderline examples kept with a `seed:` prefix (first k per seed), direction
 * confusion summed and its macro-F1 recomputed from the summed matrix.
 */
export function aggregateDiagnostics(
  docs: readonly DoseDiagnosticsV1[],
  seeds: readonly number[],
  tauInfer: number,
  k: number,
): DoseDiagnosticsV1 {
  const models: Record<string, ModelDiagnostics> = {};
  const names = [...new Set(docs.flatMap((d) => Object.keys(d.models)))].sort();
  for (const name of names) {
    const entries = docs
      .map((d) => ({ seed: d.seeds[0] ?? 0, m: d.models[name] }))
      .filter((e): e is { seed: number; m: ModelDiagnostics } => e.m !== undefined);
    const first = entries[0]?.m;
    if (!first) continue;
    const confusion = entries.reduce(
      (acc, e) => addMatrix(acc, e.m.confusion_matrix),
      first.confusion_matrix.map((r) => r.map(() => 0)),
    );
    const taus = [...new Set(entries.flatMap((e) => e.m.tau_sweep.map((p) => p.tau)))].sort(
      (a, b) => a - b,
    );
    const tauSweep = taus.map((tau) => {
      const pts = entries
        .map((e) => e.m.tau_sweep.find((p) => p.tau === tau))
        .filter((p) => p !== undefined);
      return {
        tau,
        accept_rate: meanOrNull(pts.map((p) => p.accept_rate)) ?? 0,
        bottom_rate: meanOrNull(pts.map((p) => p.bottom_rate)) ?? 0,
        false_accept_rate_on_not_in_range: meanOrNull(
          pts.map((p) => p.false_accept_rate_on_not_in_range),
        ),
        false_reject_rate_on_in_range: meanOrNull(pts.map((p) => p.false_reject_rate_on_in_range)),
        macro_f1: meanOrNull(pts.map((p) => p.macro_f1)),
        finite_mae: meanOrNull(pts.map((p) => p.finite_mae)),
      };
    });
    const hist = first.q_abs_histogram
      ? {
          edges: first.q_abs_histogram.edges,
          counts_in_range: first.q_abs_histogram.counts_in_range.map((_, b) =>
            entries.reduce((s, e) => s + (e.m.q_abs_histogram?.counts_in_range[b] ?? 0), 0),
          ),
          counts_censored: first.q_abs_histogram.counts_censored.map((_, b) =>
            entries.reduce((s, e) => s + (e.m.q_abs_histogram?.counts_censored[b] ?? 0), 0),
          ),
        }
      : null;
    const dirConfusion = entries.reduce(
      (acc, e) => addMatrix(acc, e.m.direction?.confusion ?? []),
      [
        [0, 0],
        [0, 0],
      ],
    );
    const f1 = (tp: number, fp: number, fn: number) =>
      tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
    const [[bb = 0, ba = 0] = [], [ab = 0, aa = 0] = []] = dirConfusion;
    const classF1 = [f1(bb, ab, ba), f1(aa, ba, ab)].filter((v): v is number => v !== null);
    models[name] = {
      confusion_matrix: confusion,
      tau_sweep: tauSweep,
      q_abs_histogram: hist,
      borderline_examples: entries.flatMap((e) =>
        e.m.borderline_examples
          .slice(0, k)
          .map((b) => ({ ...b, sample_id: `${e.seed}:${b.sample_id}` })),
      ),
      direction: {
        confusion: dirConfusion,
        macro_f1:
          classF1.length === 0
            ? null
            : Number((classF1.reduce((s, v) => s + v, 0) / classF1.length).toPrecision(12)),
      },
    };
  }
  return createDiagnosticsDocument('aggregated', seeds, tauInfer, models);
}
