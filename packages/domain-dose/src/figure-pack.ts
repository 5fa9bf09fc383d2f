import type { FigureSpec, RunView } from '@zpbench/core';
import { AGGREGATED_DIAGNOSTICS } from './contract.js';
import type { DoseDetails } from './schemas/details.js';

const DIR = 'figures/dose_figure_pack';
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * The DOSE figure pack (vega-lite specs with inlined data, built only from stored artifacts):
 * threshold sweeps, macro-F1 vs finite-MAE trade-off, censored-direction confusion, assay-limit
 * edge cases, and provenance-split bottom rates with the |Q| histogram.
 */
export function doseFigurePack(input: RunView<DoseDetails>): FigureSpec[] {
  const figures: FigureSpec[] = [];
  const diag = input.read(AGGREGATED_DIAGNOSTICS);
  if (diag) {
    const sweep = Object.entries(diag.models).flatMap(([model, m]) =>
      m.tau_sweep.flatMap((p) => [
        {
          model,
          tau: p.tau,
          series: 'false in-range on censored',
          value: p.false_accept_rate_on_not_in_range,
        },
        {
          model,
          tau: p.tau,
          series: 'false censored on in-range',
          value: p.false_reject_rate_on_in_range,
        },
        { model, tau: p.tau, series: 'accept rate', value: p.accept_rate },
        { model, tau: p.tau, series: 'macro F1', value: p.macro_f1 },
      ]),
    );
    figures.push({
      path: `${DIR}/threshold_sweeps.svg`,
      title: 'tau_infer sweep on the calibration split (mean over seeds)',
      spec: {
        $schema: SCHEMA,
        data: { values: sweep.filter((d) => d.value !== null) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'tau', type: 'quantitative', title: 'tau_infer' },
          y: { field: 'value', type: 'quantitative', title: 'rate', scale: { domain: [0, 1] } },
          color: { field: 'series', type: 'nominal' },
          strokeDash: { field: 'model', type: 'nominal' },
        },
        width: 420,
        height: 260,
      },
    });
    const confusion = Object.entries(diag.models).flatMap(([model, m]) =>
      (m.direction?.confusion ?? []).flatMap((row, i) =>
        row.map((count, j) => ({
          model,
          truth: i === 0 ? 'below' : 'above',
          predicted: j === 0 ? 'below' : 'above',
          count,
        })),
      ),
    );
    figures.push({
      path: `${DIR}/censored_direction_confusion.svg`,
      title: 'Direction calls on truly censored test inputs (summed over seeds)',
      spec: {
        $schema: SCHEMA,
        data: { values: confusion },
        facet: { field: 'model', type: 'nominal', columns: 3 },
        spec: {
          layer: [
            {
              mark: 'rect',
              encoding: {
                x: { field: 'predicted', type: 'nominal' },
                y: { field: 'truth', type: 'nominal' },
                color: { field: 'count', type: 'quantitative' },
              },
            },
            {
              mark: { type: 'text' },
              encoding: {
                x: { field: 'predicted', type: 'nominal' },
                y: { field: 'truth', type: 'nominal' },
                text: { field: 'count', type: 'quantitative' },
              },
            },
          ],
          width: 120,
          height: 120,
        },
      },
    });
    const edges = Object.entries(diag.models).flatMap(([model, m]) =>
      m.borderline_examples.map((b) => ({
        model,
        ...b,
        mistake: `${b.true_label} → ${b.predicted_label}`,
      })),
    );
    figures.push({
      path: `${DIR}/assay_limit_edge_cases.svg`,
      title: 'Borderline mistakes: measured response vs dose, with the assay window',
      spec: {
        $schema: SCHEMA,
        data: { values: edges },
        mark: { type: 'point', filled: true },
        encoding: {
          x: { field: 'log10_dose', type: 'quantitative', title: 'log10 dose' },
          y: { field: 'response', type: 'quantitative', title: 'measured response' },
          color: { field: 'mistake', type: 'nominal' },
          shape: { field: 'model', type: 'nominal' },
          tooltip: [{ field: 'sample_id' }, { field: 'q_abs' }],
        },
        width: 420,
        height: 260,
      },
    });
    const hist = Object.entries(diag.models).flatMap(([model, m]) =>
      m.q_abs_histogram
        ? m.q_abs_histogram.counts_in_range.flatMap((c, k) => [
            { model, log10_q: m.q_abs_histogram?.edges[k] ?? 0, class: 'in_range', count: c },
            {
              model,
              log10_q: m.q_abs_histogram?.edges[k] ?? 0,
              class: 'censored',
              count: m.q_abs_histogram?.counts_censored[k] ?? 0,
            },
          ])
        : [],
    );
    figures.push({
      path: `${DIR}/q_abs_histogram.svg`,
      title: `log10 |Q| on test inputs by true class (gate at tau_infer = ${diag.tau_infer})`,
      spec: {
        $schema: SCHEMA,
        data: { values: hist },
        mark: 'bar',
        encoding: {
          x: { field: 'log10_q', type: 'ordinal', title: 'log10 |Q| (bin start)' },
          y: { field: 'count', type: 'quantitative' },
          color: { field: 'class', type: 'nominal' },
          xOffset: { field: 'class' },
          column: { field: 'model', type: 'nominal' },
        },
        width: 260,
        height: 200,
      },
    });
  }
  const perSeed = input.summary.per_seed.map((r) => ({
    seed: r.seed,
    model: r.model,
    macro_f1: r.metrics.macro_f1 ?? null,
    finite_mae: r.metrics.finite_mae ?? null,
  }));
  figures.push({
    path: `${DIR}/macro_f1_vs_finite_mae.svg`,
    title: 'Trade-off: 3-way macro-F1 vs finite MAE (one point per seed and model)',
    spec: {
      $schema: SCHEMA,
      data: { values: perSeed.filter((d) => d.macro_f1 !== null && d.finite_mae !== null) },
      mark: { type: 'point', filled: true },
      encoding: {
        x: { field: 'finite_mae', type: 'quantitative', title: 'finite MAE (response units)' },
        y: { field: 'macro_f1', type: 'quantitative', title: 'macro-F1' },
        color: { field: 'model', type: 'nominal' },
        tooltip: [{ field: 'seed' }],
      },
      width: 420,
      height: 260,
    },
  });
  const bottoms = input.summary.per_seed.flatMap((r) =>
    (['fault_rate', 'semantic_bottom_rate'] as const)
      .filter((k) => typeof r.metrics[k] === 'number')
      .map((k) => ({
        seed: r.seed,
        model: r.model,
        provenance: k === 'fault_rate' ? 'fault' : 'semantic',
        rate: r.metrics[k],
      })),
  );
  if (bottoms.length > 0) {
    figures.push({
      path: `${DIR}/provenance_split_bottoms.svg`,
      title: 'Bottom rate split by provenance (fault vs semantic), mean over seeds',
      spec: {
        $schema: SCHEMA,
        data: { values: bottoms },
        mark: 'bar',
        encoding: {
          x: { field: 'model', type: 'nominal' },
          y: { aggregate: 'mean', field: 'rate', type: 'quantitative', title: 'mean rate' },
          color: { field: 'provenance', type: 'nominal' },
          xOffset: { field: 'provenance' },
        },
        width: 360,
        height: 240,
      },
    });
  }
  return figures;
}
