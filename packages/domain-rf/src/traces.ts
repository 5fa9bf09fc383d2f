import type { RfConfig } from './config.js';
import { type DenseGrids, filterSlice, type ModelEvaluation } from './evaluate.js';
import type { RfSplit } from './generator.js';
import type { TrainedRfModel } from './models/rf-model.js';
import type { PeakAnalysis } from './peaks.js';
import { resonatorDenominator, resonatorResponse } from './resonator.js';
import type { PeakAnalysisV1 } from './schemas/analysis.js';
import type { QualitativeExample } from './schemas/qualitative-pack.js';
import {
  type SignalTracesV1,
  TRACES_MARKER,
  TRACES_VERSION,
  type TraceV1,
} from './schemas/traces.js';

/** The failure kinds of the qualitative pack. */
export const FAILURE_KINDS = ['washout', 'invented_peak'] as const;
/** A failure kind. */
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A test filter chosen for the trace sidecar, with why. */
export interface SelectedFilter {
  readonly filter: number;
  readonly selection: string[];
}

/** A targeted failure case of the qualitative pack: a filter and every model failing there. */
export interface TargetedFailure {
  readonly kind: FailureKind;
  readonly filter: number;
  /** Learned models that fail this way on the filter, in report order. */
  readonly models: readonly string[];
}

/**
 * Representative test filters, spread over Q: the in-band filter at the median in-band Q, then
 * extrapolation filters at the quantiles k/(R−1), k = 1…R−1, of the extrapolation Q (the last
 * is the highest-Q filter). Fewer when a subset is empty.
 */
export function representativeFilters(
  test: RfSplit,
  subsets: { readonly inBand: Int32Array; readonly extrapolation: Int32Array },
  count: number,
): number[] {
  const byQ = (ids: Int32Array) =>
    Array.from(ids).sort((a, b) => (test.q[a] as number) - (test.q[b] as number) || a - b);
  const inBand = byQ(subsets.inBand);
  const extra = byQ(subsets.extrapolation);
  const out: number[] = [];
  if (inBand.length > 0) out.push(inBand[Math.floor((inBand.length - 1) / 2)] as number);
  const rest = count - out.length;
  for (let k = 1; k <= rest && extra.length > 0; k++) {
    const f = extra[Math.round(((extra.length - 1) * k) / rest)] as number;
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

function inventedRatio(a: PeakAnalysis | undefined): number {
  if (!a || a.invented_peaks.length === 0) return 0;
  return Math.max(...a.invented_peaks.map((p) => p.magnitude / Math.max(p.true_magnitude, 1e-300)));
}

/** Whether a model fails a filter in a given way. */
export function fails(
  kind: FailureKind,
  a: PeakAnalysis | undefined,
  extrapolation: boolean,
): boolean {
  if (!a) return false;
  return kind === 'washout' ? extrapolation && !a.retained : a.invented_peaks.length > 0;
}

/**
 * The targeted failure cases of the qualitative pack, per kind (washout on an extrapolation
 * filter; invented peak on any test filter):
 * - `perKind` filters where the most baselines (the learned models other than the claimed one)
 *   fail, preferring filters the claimed model does not fail, then the most severe (highest Q
 *   for a washout, largest |Ĥ|/|H| for an invented peak);
 * - and, so its failures are never hidden, the claimed model's most severe failure of the kind
 *   when no chosen filter already shows one.
 * Each case names every learned model failing that way there.
 */
export function targetedFailures(
  test: RfSplit,
  extrapolation: Int32Array,
  evaluations: Readonly<Record<string, ModelEvaluation>>,
  learned: readonly string[],
  claimed: string,
  perKind: number,
): TargetedFailure[] {
  const isExtra = new Uint8Array(test.nFilters);
  for (const f of extrapolation) isExtra[f] = 1;
  const baselines = learned.filter((m) => m !== claimed);
  const at = (m: string, f: number) => evaluations[m]?.peaks[f];
  const out: TargetedFailure[] = [];
  for (const kind of FAILURE_KINDS) {
    const failing = (f: number) => learned.filter((m) => fails(kind, at(m, f), isExtra[f] === 1));
    const severity = (f: number, models: readonly string[]) =>
      kind === 'washout'
        ? (test.q[f] as number)
        : Math.max(...models.map((m) => inventedRatio(at(m, f))));
    const candidates = Array.from({ length: test.nFilters }, (_, f) => f)
      .map((f) => {
        const models = failing(f);
        const base = models.filter((m) => baselines.includes(m));
        return {
          f,
          models,
          base: base.length,
          contrast: models.includes(claimed) ? 0 : 1,
          sev: severity(f, base),
        };
      })
      .filter((c) => c.base > 0)
      .sort((a, b) => b.base - a.base || b.contrast - a.contrast || b.sev - a.sev || a.f - b.f);
    const chosen = candidates.slice(0, perKind);
    for (const c of chosen) out.push({ kind, filter: c.f, models: c.models });
    if (!chosen.some((c) => c.models.includes(claimed))) {
      const own = Array.from({ length: test.nFilters }, (_, f) => f)
        .filter((f) => fails(kind, at(claimed, f), isExtra[f] === 1))
        .sort((a, b) => severity(b, [claimed]) - severity(a, [claimed]) || a - b)[0];
      if (own !== undefined) out.push({ kind, filter: own, models: failing(own) });
    }
  }
  return out;
}

/** The filters of the trace sidecar: representatives first, then the targeted failures. */
export function selectFilters(
  representatives: readonly number[],
  targets: readonly TargetedFailure[],
): SelectedFilter[] {
  const out: SelectedFilter[] = representatives.map((filter) => ({
    filter,
    selection: ['representative'],
  }));
  for (const t of targets) {
    const reasons = t.models.map((m) => `${t.kind}:${m}`);
    const existing = out.find((s) => s.filter === t.filter);
    if (existing) {
      for (const r of reasons) if (!existing.selection.includes(r)) existing.selection.push(r);
    } else out.push({ filter: t.filter, selection: reasons });
  }
  return out;
}

/** Rounds to `digits` significant digits; NaN and ±∞ become null. */
export function roundTrace(x: number, digits: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : null;
}

function roundAnalysis(a: PeakAnalysis, digits: number): PeakAnalysisV1 {
  const r = (x: number) => roundTrace(x, digits) ?? 0;
  const point = <T extends { omega: number; magnitude: number }>(p: T): T => ({
    ...p,
    omega: r(p.omega),
    magnitude: r(p.magnitude),
  });
  return {
    peak: a.peak ? point(a.peak) : null,
    band: a.band,
    retained: a.retained,
    invented_peaks: a.invented_peaks.map((p) => ({
      ...point(p),
      true_magnitude: r(p.true_magnitude),
    })),
    peak_on_edge: a.peak_on_edge,
    denominator: a.denominator
      ? {
          ...a.denominator,
          omega: r(a.denominator.omega),
          q_abs: r(a.denominator.q_abs),
          offset_decades: r(a.denominator.offset_decades),
          near_min_fraction: r(a.denominator.near_min_fraction),
        }
      : null,
  };
}

const indicesOf = (mask: ArrayLike<number>) => {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out.push(i);
  return out;
};

/** Builds `rf_signal_traces.json` for the selected filters from the seed's dense evaluations. */
export function buildTraces(input: {
  readonly seed: number;
  readonly configHash: string;
  readonly config: RfConfig;
  readonly test: RfSplit;
  readonly qMaxTrain: number;
  readonly grids: DenseGrids;
  readonly models: readonly TrainedRfModel[];
  readonly labels: Readonly<Record<string, string>>;
  readonly evaluations: Readonly<Record<string, ModelEvaluation>>;
  readonly selected: readonly SelectedFilter[];
}): SignalTracesV1 {
  const digits = input.config.eval.trace_digits;
  const r = (x: number) => roundTrace(x, digits);
  const traces: TraceV1[] = input.selected.map(({ filter: f, selection }) => {
    const omega = input.grids.grids[f]?.omega as Float64Array;
    const w0 = input.test.w0[f] as number;
    const q = input.test.q[f] as number;
    const truthRe: (number | null)[] = [];
    const truthIm: (number | null)[] = [];
    const truthQ: (number | null)[] = [];
    let peak = { index: 0, omega: omega[0] as number, magnitude: -1 };
    omega.forEach((w, i) => {
      const [re, im] = resonatorResponse(w, w0, q);
      const [dr, di] = resonatorDenominator(w, w0, q);
      truthRe.push(r(re));
      truthIm.push(r(im));
      truthQ.push(r(Math.hypot(dr, di)));
      const m = Math.hypot(re, im);
      if (m > peak.magnitude) peak = { index: i, omega: w, magnitude: m };
    });
    const predictions: TraceV1['predictions'] = {};
    for (const model of input.models) {
      const evaluation = input.evaluations[model.id] as ModelEvaluation;
      const p = filterSlice(evaluation.dense, input.grids, f);
      const bottom = indicesOf(p.bottom);
      predictions[model.id] = {
        re: Array.from(p.re, (v, i) => (p.bottom[i] === 1 ? null : r(v))),
        im: Array.from(p.im, (v, i) => (p.bottom[i] === 1 ? null : r(v))),
        q_abs: p.qAbs ? Array.from(p.qAbs, r) : null,
        bottom,
        trigger: indicesOf(p.trigger),
        analysis: roundAnalysis(evaluation.peaks[f] as PeakAnalysis, digits),
      };
    }
    return {
      filter: f,
      subset: q > input.qMaxTrain ? 'extrapolation' : 'in_band',
      w0: r(w0) ?? w0,
      q: r(q) ?? q,
      selection,
      omega: Array.from(omega, (w) => r(w) ?? w),
      truth: {
        re: truthRe,
        im: truthIm,
        q_abs: truthQ,
        peak: { index: peak.index, omega: r(peak.omega) ?? 0, magnitude: r(peak.magnitude) ?? 0 },
      },
      predictions,
    };
  });
  return {
    schema: TRACES_MARKER,
    schema_version: TRACES_VERSION,
    seed: input.seed,
    config_hash: input.configHash,
    tau_infer: input.config.eval.tau_infer,
    digits,
    models: input.models.map((m) => ({
      id: m.id,
      label: input.labels[m.id] ?? m.id,
      exposes_denominator: m.exposesDenominator,
    })),
    traces,
  };
}

/** The file stem of a qualitative example. */
export function exampleName(kind: FailureKind, filter: number): string {
  return `${kind}_filter_${filter}`;
}

/** One sentence of evidence for a model's failure, from its saved analysis. */
export function exampleEvidence(
  kind: FailureKind,
  label: string,
  a: PeakAnalysis,
  w0: number,
  q: number,
): string {
  const f = (x: number) => Number(x.toPrecision(3));
  if (kind === 'washout') {
    if (a.peak === null) return `${label}: no accepted value in the peak band (Q = ${f(q)})`;
    return `${label}: largest |Ĥ| in the peak band ${f(a.peak.magnitude)} = ${f(a.peak.magnitude / q)}·Q at ω = ${f(a.peak.omega)} (retention needs 0.5·Q; Q = ${f(q)}, ω0 = ${f(w0)})`;
  }
  const worst = [...a.invented_peaks].sort(
    (x, y) => y.magnitude / y.true_magnitude - x.magnitude / x.true_magnitude,
  )[0];
  if (!worst) return `${label}: no invented peak`;
  return `${label}: invented peak |Ĥ| = ${f(worst.magnitude)} at ω = ${f(worst.omega)}, ${f(worst.magnitude / worst.true_magnitude)}× the true |H| = ${f(worst.true_magnitude)}, ${f(Math.abs(Math.log10(worst.omega / w0)))} decades from ω0 = ${f(w0)}`;
}

/** The qualitative examples of the targeted failure cases (figures under the seed's pack). */
export function qualitativeExamples(input: {
  readonly seedDir: string;
  readonly test: RfSplit;
  readonly qMaxTrain: number;
  readonly targets: readonly TargetedFailure[];
  readonly evaluations: Readonly<Record<string, ModelEvaluation>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly claimed: string;
}): QualitativeExample[] {
  return input.targets.map(({ kind, filter, models }) => {
    const w0 = input.test.w0[filter] as number;
    const q = input.test.q[filter] as number;
    const name = exampleName(kind, filter);
    const extrapolation = q > input.qMaxTrain;
    return {
      name,
      kind,
      models: [...models],
      filter,
      subset: extrapolation ? 'extrapolation' : 'in_band',
      w0: Number(w0.toPrecision(7)),
      q: Number(q.toPrecision(7)),
      figure: `${input.seedDir}/rf_qualitative_figure_pack/${name}.svg`,
      evidence: models.map((m) =>
        exampleEvidence(
          kind,
          input.labels[m] ?? m,
          input.evaluations[m]?.peaks[filter] as PeakAnalysis,
          w0,
          q,
        ),
      ),
      claimed_model_retained: extrapolation
        ? (input.evaluations[input.claimed]?.peaks[filter]?.retained ?? null)
        : null,
    };
  });
}
