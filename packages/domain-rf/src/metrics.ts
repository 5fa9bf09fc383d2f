import type { MetricDefinition } from '@zpbench/core';
import type { RfSplit } from './generator.js';
import type { RfPredictions } from './models/rf-model.js';
import type { PeakAnalysis } from './peaks.js';
import { phaseDifferenceDeg } from './resonator.js';

const FRACTION = 'fraction';
const MSE_UNIT = 'squared response units';
const Q_UNIT = '|Q(jω)| units';

/**
 * The RF metric table (§5.3; canonical names of the source documents). The legacy keys
 * `peak_success_rate` and `success_rate` are recorded in every per-seed result beside their
 * canonical twins, and the summaries read them under the canonical names (`legacyKeys`).
 */
export const RF_METRICS: readonly MetricDefinition[] = [
  {
    key: 'peak_retention_yield',
    description:
      'Extrapolation filters (Q > q_max_train) whose largest accepted |Ĥ| within |ω − ω0| ≤ 2ω0/Q (⅓-octave fallback) on the dense grid is ≥ 0.5·Q and within 0.05 decades of ω0·√(1 − 1/(2Q²)); the rest wash out.',
    direction: 'higher',
    unit: FRACTION,
    subset: 'extrapolation',
    legacyKeys: ['peak_success_rate'],
  },
  {
    key: 'peak_retention_yield_in_band',
    description: 'The same peak-retention rule on the in-band test filters (Q ≤ q_max_train).',
    direction: 'higher',
    unit: FRACTION,
    subset: 'in_band',
  },
  {
    key: 'false_peak_hallucination_rate',
    description:
      'Test filters whose accepted trace has an interior local maximum with |Ĥ| ≥ 2 (6 dB) and ≥ 3·|H| there, outside the resonance band |ω − ω0| > 3ω0/Q (an invented peak).',
    direction: 'lower',
    unit: FRACTION,
    subset: 'all',
  },
  {
    key: 'in_band_mse',
    description:
      'Mean over accepted test points of ‖ŷ − y‖²/2 (Re, Im), filters with Q ≤ q_max_train.',
    direction: 'lower',
    unit: MSE_UNIT,
    subset: 'in_band',
  },
  {
    key: 'extrapolation_mse',
    description: 'The same MSE on the filters with Q > q_max_train.',
    direction: 'lower',
    unit: MSE_UNIT,
    subset: 'extrapolation',
  },
  {
    key: 'mse_valid_only',
    description:
      'Protocol v1: the MSE over every accepted test point (bottoms excluded, no penalty).',
    direction: 'lower',
    unit: MSE_UNIT,
    subset: 'all',
  },
  {
    key: 'coverage_rate',
    description: 'Fraction of test points with a finite decoded value (not bottom).',
    direction: 'higher',
    unit: FRACTION,
    subset: 'all',
    legacyKeys: ['success_rate'],
  },
  {
    key: 'strict_trigger_rate',
    description:
      "Fraction of test points where the model's gate fired on a small |Q| (SCM: |Q| < tau_infer; RationalTransfer: |Q|² < ε²); 0 for the MLP.",
    direction: 'none',
    unit: FRACTION,
    subset: 'all',
  },
  {
    key: 'strict_trigger_rate_in_band',
    description: 'strict_trigger_rate on the in-band test points.',
    direction: 'none',
    unit: FRACTION,
    subset: 'in_band',
  },
  {
    key: 'strict_trigger_rate_extrapolation',
    description: 'strict_trigger_rate on the extrapolation test points.',
    direction: 'none',
    unit: FRACTION,
    subset: 'extrapolation',
  },
  {
    key: 'denominator_min_abs_overall',
    description: 'Smallest |Q(jω)| over the test points; null for a model without a denominator.',
    direction: 'none',
    unit: Q_UNIT,
    subset: 'all',
  },
  {
    key: 'denominator_min_abs_in_band',
    description: 'Smallest |Q(jω)| over the in-band test points.',
    direction: 'none',
    unit: Q_UNIT,
    subset: 'in_band',
  },
  {
    key: 'denominator_min_abs_extrapolation',
    description: 'Smallest |Q(jω)| over the extrapolation test points.',
    direction: 'none',
    unit: Q_UNIT,
    subset: 'extrapolation',
  },
  {
    key: 'denominator_min_abs_p01',
    description:
      '1st percentile over test filters of each filter’s smallest |Q(jω)| on its points.',
    direction: 'none',
    unit: Q_UNIT,
    subset: 'all',
  },
  {
    key: 'denominator_min_abs_median',
    description: 'Median over test filters of each filter’s smallest |Q(jω)| on its points.',
    direction: 'none',
    unit: Q_UNIT,
    subset: 'all',
  },
  {
    key: 'phase_error_in_band_deg',
    description: 'Mean |wrap(arg Ĥ − arg H)| in degrees over accepted in-band test points.',
    direction: 'lower',
    unit: 'degrees',
    subset: 'in_band',
  },
  {
    key: 'phase_error_extrapolation_deg',
    description: 'Mean |wrap(arg Ĥ − arg H)| in degrees over accepted extrapolation test points.',
    direction: 'lower',
    unit: 'degrees',
    subset: 'extrapolation',
  },
];

/** Legacy key → canonical key, as recorded beside each other in every per-seed result. */
export const LEGACY_METRIC_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  RF_METRICS.flatMap((m) => (m.legacyKeys ?? []).map((legacy) => [legacy, m.key])),
);

/** Rounds a metric to 12 significant digits (short, stable JSON); null when undefined. */
export function roundMetric(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(12));
}

/** The p-th quantile (0 ≤ p ≤ 1) with linear interpolation between order statistics. */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Inputs of {@link computeRfMetrics}: one model on a seed's test split. */
export interface MetricInputs {
  readonly test: RfSplit;
  readonly inBand: ArrayLike<number>;
  readonly extrapolation: ArrayLike<number>;
  readonly predictions: RfPredictions;
  /** The dense-grid peak analysis of every test filter, by filter id. */
  readonly peaks: readonly PeakAnalysis[];
}

function pointStats(inputs: MetricInputs, filters: ArrayLike<number>) {
  const { test, predictions: p } = inputs;
  const ppf = test.pointsPerFilter;
  let se = 0;
  let accepted = 0;
  let phase = 0;
  let triggers = 0;
  let points = 0;
  let minQ = Number.POSITIVE_INFINITY;
  const perFilterMin: number[] = [];
  for (let k = 0; k < filters.length; k++) {
    const f = filters[k] as number;
    let fMin = Number.POSITIVE_INFINITY;
    for (let i = f * ppf; i < (f + 1) * ppf; i++) {
      points++;
      triggers += p.trigger[i] as number;
      if (p.qAbs) {
        const a = p.qAbs[i] as number;
        if (Number.isFinite(a) && a < fMin) fMin = a;
      }
      if (p.bottom[i] === 1) continue;
      const re = p.re[i] as number;
      const im = p.im[i] as number;
      const yr = test.y[2 * i] as number;
      const yi = test.y[2 * i + 1] as number;
      se += ((re - yr) ** 2 + (im - yi) ** 2) / 2;
      phase += Math.abs(phaseDifferenceDeg([re, im], [yr, yi]));
      accepted++;
    }
    if (Number.isFinite(fMin)) {
      perFilterMin.push(fMin);
      if (fMin < minQ) minQ = fMin;
    }
  }
  return {
    mse: accepted === 0 ? null : se / accepted,
    phase: accepted === 0 ? null : phase / accepted,
    coverage: points === 0 ? null : accepted / points,
    trigger: points === 0 ? null : triggers / points,
    minQ: p.qAbs && perFilterMin.length > 0 ? minQ : null,
    perFilterMin,
  };
}

/**
 * Every RF metric of one model on a seed (§5.3 definitions, docs/domains/rf.md): MSE, phase
 * error, coverage and strict triggers on the test points; denominator statistics on the test
 * points of models with a denominator; peak retention and invented peaks from the dense-grid
 * analyses. Includes the legacy keys beside their canonical twins.
 */
export function computeRfMetrics(inputs: MetricInputs): Record<string, number | null> {
  const all = Int32Array.from({ length: inputs.test.nFilters }, (_, f) => f);
  const overall = pointStats(inputs, all);
  const inBand = pointStats(inputs, inputs.inBand);
  const extra = pointStats(inputs, inputs.extrapolation);
  const retainedShare = (filters: ArrayLike<number>) =>
    mean(Array.from(filters, (f) => (inputs.peaks[f]?.retained ? 1 : 0)));
  const peakRetention = retainedShare(inputs.extrapolation);
  const hasQ = inputs.predictions.qAbs !== null;
  const metrics: Record<string, number | null> = {
    peak_retention_yield: peakRetention,
    peak_retention_yield_in_band: retainedShare(inputs.inBand),
    false_peak_hallucination_rate: mean(
      inputs.peaks.map((a) => (a.invented_peaks.length > 0 ? 1 : 0)),
    ),
    in_band_mse: inBand.mse,
    extrapolation_mse: extra.mse,
    mse_valid_only: overall.mse,
    coverage_rate: overall.coverage,
    strict_trigger_rate: overall.trigger,
    strict_trigger_rate_in_band: inBand.trigger,
    strict_trigger_rate_extrapolation: extra.trigger,
    denominator_min_abs_overall: hasQ ? overall.minQ : null,
    denominator_min_abs_in_band: hasQ ? inBand.minQ : null,
    denominator_min_abs_extrapolation: hasQ ? extra.minQ : null,
    denominator_min_abs_p01: hasQ ? quantile(overall.perFilterMin, 0.01) : null,
    denominator_min_abs_median: hasQ ? quantile(overall.perFilterMin, 0.5) : null,
    phase_error_in_band_deg: inBand.phase,
    phase_error_extrapolation_deg: extra.phase,
  };
  const rounded = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, roundMetric(v)]));
  for (const [legacy, canonical] of Object.entries(LEGACY_METRIC_KEYS))
    rounded[legacy] = rounded[canonical] ?? null;
  return rounded;
}
