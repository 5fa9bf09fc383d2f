import { formatMeanInterval, type ReportSection, type RunView } from '@zpbench/core';
import { QUALITATIVE_MANIFEST } from './contract.js';
import type { PeakClipping, RfDetails } from './schemas/details.js';

const PEAK_METRICS = [
  ['peak_retention_yield', 'peak retention (extrapolation)'],
  ['peak_retention_yield_in_band', 'peak retention (in band)'],
  ['false_peak_hallucination_rate', 'invented peaks'],
  ['phase_error_extrapolation_deg', 'phase error extrapolation (°)'],
  ['extrapolation_mse', 'extrapolation MSE'],
  ['coverage_rate', 'coverage'],
] as const;

/** Means over seeds of the peak metrics, per model, with 95% intervals. */
function peakSection(run: RunView<RfDetails>): ReportSection {
  return {
    id: 'rf-peaks',
    title: 'Peak retention, invented peaks and phase on the extrapolation subset',
    blocks: [
      {
        kind: 'text',
        text: 'Test filters with Q > q_max_train form the extrapolation subset. A peak is retained when the largest accepted |Ĥ| within |ω − ω0| ≤ 2ω0/Q of the dense grid reaches 0.5·Q within 0.05 decades of the true peak; an invented peak is a local maximum ≥ 2 and ≥ 3·|H| outside |ω − ω0| ≤ 3ω0/Q. Means over seeds with 95% intervals.',
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          ...PEAK_METRICS.map(([, header]) => ({ header, align: 'right' as const })),
        ],
        rows: run.summary.models.map((m) => [
          m.id,
          ...PEAK_METRICS.map(([key]) => {
            const dist = run.summary.metrics[m.id]?.[key];
            return dist ? formatMeanInterval(dist.mean, dist.ci95) : null;
          }),
        ]),
      },
    ],
  };
}

function meanOver(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The test_peak_clipping payloads of every seed, averaged per model (extrapolation subset). */
function clippingSection(run: RunView<RfDetails>): ReportSection | null {
  const payloads = run.seeds.flatMap((seed) => {
    const r = run.seedResult(seed);
    return r ? [r.details.test_peak_clipping] : [];
  });
  if (payloads.length === 0) return null;
  const models = Object.keys(payloads[0] ?? {});
  const of = (model: string, pick: (p: PeakClipping) => number | null) =>
    meanOver(payloads.map((p) => (p[model] ? pick(p[model] as PeakClipping) : null)));
  return {
    id: 'rf-peak-clipping',
    title: 'Shared-denominator axis diagnostics (test_peak_clipping, extrapolation subset)',
    blocks: [
      {
        kind: 'text',
        text: `Where each model's |Q(jω)| is smallest on the dense grid, relative to ω0 (decades), how much of the sampled log axis stays within √2 of that minimum, and how often the minimum or the largest |Ĥ| falls on a sweep edge; means over ${payloads.length} seed(s) of the per-seed values in seed_*/per_seed_result.json (details.test_peak_clipping). Empty cells: the model has no denominator.`,
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          { header: 'mean |offset| of min |Q| (decades)', align: 'right', format: 'number' },
          { header: 'axis share near the minimum (median)', align: 'right', format: 'percent' },
          { header: 'minimum on a sweep edge', align: 'right', format: 'percent' },
          { header: 'largest |Ĥ| on a sweep edge', align: 'right', format: 'percent' },
        ],
        rows: models.map((model) => [
          model,
          of(model, (p) => p.axis?.extrapolation.min_frequency_offset_decades.mean_abs ?? null),
          of(model, (p) => p.axis?.extrapolation.near_min_fraction.median ?? null),
          of(model, (p) => p.axis?.extrapolation.min_on_edge_rate ?? null),
          of(model, (p) => p.peak_on_edge_rate.extrapolation),
        ]),
      },
    ],
  };
}

/** The qualitative examples of every seed, from the packs' manifests. */
function qualitativeSection(run: RunView<RfDetails>): ReportSection {
  const rows = run.seeds.flatMap((seed) =>
    (run.read(QUALITATIVE_MANIFEST, { seed })?.examples ?? []).map((e) => [
      seed,
      e.kind === 'washout' ? 'washout' : 'invented peak',
      e.models.join(', '),
      e.filter,
      e.q,
      e.claimed_model_retained === null ? null : e.claimed_model_retained ? 'yes' : 'no',
      e.figure,
    ]),
  );
  return {
    id: 'rf-qualitative',
    title: 'Qualitative failure examples',
    blocks: [
      {
        kind: 'text',
        text: 'Targeted washout and invented-peak cases chosen from each seed’s saved traces (seed_*/rf_qualitative_figure_pack/, with its manifest and README); every figure is listed under Figures.',
      },
      rows.length > 0
        ? {
            kind: 'table',
            columns: [
              { header: 'seed', align: 'right', format: 'number' },
              { header: 'kind' },
              { header: 'models', format: 'code' },
              { header: 'filter', align: 'right', format: 'number' },
              { header: 'Q', align: 'right', format: 'number' },
              { header: 'SCM-Transfer retains' },
              { header: 'figure', format: 'code' },
            ],
            rows,
          }
        : { kind: 'text', text: 'No learned model washed out or invented a peak on any seed.' },
    ],
  };
}

/** RF's sections of RUN_REPORT.md. */
export function rfReportSections(run: RunView<RfDetails>): ReportSection[] {
  const clipping = clippingSection(run);
  return [peakSection(run), ...(clipping ? [clipping] : []), qualitativeSection(run)];
}
