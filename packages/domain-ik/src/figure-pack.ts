import { createReliabilitySpec, type FigureSpec, type RunView } from '@zpbench/core';
import { BUCKET_NAMES, bucketLabel } from './buckets.js';
import { AGGREGATED_DIAGNOSTICS, SEED_TRAJECTORIES } from './contract.js';
import type { IkDetails } from './schemas/details.js';
import type { IkAggregatedDiagnosticsV1 } from './schemas/diagnostics.js';

const DIR = 'figures/robotics_figure_pack';
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Plotting floor of |det J| on a log axis (det J of θ2 = π is about 1e-16). */
const DETJ_FLOOR = 1e-17;

const round = (v: number) => Number(v.toPrecision(6));

/** The cells of the workspace grid as rectangles, with one value per non-empty cell. */
function cells(
  doc: IkAggregatedDiagnosticsV1,
  model: string,
  value: (cell: number) => number | null,
): Record<string, unknown>[] {
  const { cells: n, reach } = doc.workspace_grid;
  const size = (2 * reach) / n;
  const rows: Record<string, unknown>[] = [];
  for (let c = 0; c < n * n; c++) {
    const v = value(c);
    if (v === null) continue;
    const ix = c % n;
    const iy = Math.floor(c / n);
    rows.push({
      model,
      x0: round(-reach + ix * size),
      x1: round(-reach + (ix + 1) * size),
      y0: round(-reach + iy * size),
      y1: round(-reach + (iy + 1) * size),
      value: round(v),
    });
  }
  return rows;
}

function heatmap(
  values: Record<string, unknown>[],
  colorTitle: string,
  scale: Record<string, unknown>,
): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    data: { values },
    facet: { field: 'model', type: 'nominal', columns: 3, title: null },
    spec: {
      width: 180,
      height: 180,
      mark: 'rect',
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: 'x (end effector)' },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', title: 'y (end effector)' },
        y2: { field: 'y1' },
        color: { field: 'value', type: 'quantitative', title: colorTitle, scale },
      },
    },
  };
}

/** Figures from the aggregated diagnostics: workspace maps, bucket plots, reliability, seed spread. */
function aggregateFigures(doc: IkAggregatedDiagnosticsV1): FigureSpec[] {
  const models = Object.keys(doc.models);
  const figures: FigureSpec[] = [];
  const errorCells = models.flatMap((model) => {
    const w = (doc.models[model] as IkAggregatedDiagnosticsV1['models'][string]).workspace;
    return cells(doc, model, (c) => {
      const a = w.accepted[c] as number;
      const sse = w.sse[c] as number;
      return a === 0 ? null : Math.log10(Math.max(sse / a, 1e-30));
    });
  });
  figures.push({
    path: `${DIR}/workspace_error_heatmap.svg`,
    title:
      'Workspace heatmap: log10 of the mean ‖Δθ̂ − Δθ‖²/2 of accepted test samples per end-effector cell (all seeds)',
    spec: heatmap(errorCells, 'log10 MSE (rad²)', { scheme: 'viridis' }),
  });
  const routed = models.filter((m) => {
    const d = doc.models[m] as IkAggregatedDiagnosticsV1['models'][string];
    return d.has_gate || d.buckets.some((b) => b.bottom > 0);
  });
  const routeCells = routed.flatMap((model) => {
    const w = (doc.models[model] as IkAggregatedDiagnosticsV1['models'][string]).workspace;
    return cells(doc, model, (c) => {
      const n = w.count[c] as number;
      return n === 0 ? null : (w.bottom[c] as number) / n;
    });
  });
  figures.push({
    path: `${DIR}/route_to_analytic_solver_map.svg`,
    title:
      'Route-to-analytic-solver map: fraction of test samples per cell that the strict gate bottoms and hands to DLS',
    spec: heatmap(routeCells, 'routed to DLS', { domain: [0, 1], scheme: 'oranges' }),
  });
  const bucketRows = models.flatMap((model) =>
    (doc.models[model] as IkAggregatedDiagnosticsV1['models'][string]).buckets.map((b, k) => ({
      model,
      bucket: `${BUCKET_NAMES[k]} ${bucketLabel(k, doc.bucket_edges)}`,
      mse: b.accepted === 0 ? null : round(Math.max(b.sse / b.accepted, 1e-30)),
      fallback_rate: b.n === 0 ? null : round(b.bottom / b.n),
      accepted: b.accepted,
      n: b.n,
    })),
  );
  const bucketSort = BUCKET_NAMES.map((name, k) => `${name} ${bucketLabel(k, doc.bucket_edges)}`);
  figures.push({
    path: `${DIR}/detj_stratified_error.svg`,
    title: 'Error by |det J| bucket: MSE of accepted test samples (log scale, all seeds)',
    spec: {
      $schema: SCHEMA,
      data: { values: bucketRows.filter((r) => r.mse !== null) },
      mark: { type: 'point', filled: true, size: 70 },
      width: 460,
      height: 260,
      encoding: {
        x: { field: 'bucket', type: 'nominal', sort: bucketSort, title: '|det J| bucket' },
        xOffset: { field: 'model', type: 'nominal' },
        y: { field: 'mse', type: 'quantitative', scale: { type: 'log' }, title: 'MSE (rad²)' },
        color: { field: 'model', type: 'nominal' },
        tooltip: [{ field: 'model' }, { field: 'bucket' }, { field: 'mse' }, { field: 'accepted' }],
      },
    },
  });
  figures.push({
    path: `${DIR}/detj_stratified_fallback.svg`,
    title:
      'Fallback by |det J| bucket: fraction of test samples bottomed and routed to the analytic solver',
    spec: {
      $schema: SCHEMA,
      data: { values: bucketRows.filter((r) => r.fallback_rate !== null) },
      mark: 'bar',
      width: 460,
      height: 220,
      encoding: {
        x: { field: 'bucket', type: 'nominal', sort: bucketSort, title: '|det J| bucket' },
        xOffset: { field: 'model', type: 'nominal' },
        y: {
          field: 'fallback_rate',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          title: 'fallback rate',
        },
        color: { field: 'model', type: 'nominal' },
        tooltip: [
          { field: 'model' },
          { field: 'bucket' },
          { field: 'fallback_rate' },
          { field: 'n' },
        ],
      },
    },
  });
  const h = doc.dataset.detj_histogram;
  const histRows = h.train.flatMap((c, k) => [
    { split: 'train', lo: h.log10_edges[k], hi: h.log10_edges[k + 1], count: c },
    { split: 'test', lo: h.log10_edges[k], hi: h.log10_edges[k + 1], count: h.test[k] },
  ]);
  figures.push({
    path: `${DIR}/detj_histogram.svg`,
    title:
      'Dataset: log10 |det J| of the samples by split (the first bin holds everything below it)',
    spec: {
      $schema: SCHEMA,
      data: { values: histRows },
      mark: 'bar',
      width: 460,
      height: 200,
      encoding: {
        x: { field: 'lo', type: 'quantitative', title: 'log10 |det J|' },
        x2: { field: 'hi' },
        y: {
          field: 'count',
          type: 'quantitative',
          stack: null,
          scale: { type: 'symlog' },
          title: 'samples',
        },
        color: { field: 'split', type: 'nominal' },
        opacity: { value: 0.6 },
      },
    },
  });
  const gated = models.filter((m) => doc.models[m]?.reliability);
  if (gated.length > 0) {
    const first = doc.models[gated[0] as string]?.reliability;
    figures.push({
      path: `${DIR}/bottom_reliability.svg`,
      title: `Reliability of the strict gate's bottom decision: ${first?.score} against ${first?.outcome}`,
      spec: createReliabilitySpec({
        series: Object.fromEntries(gated.map((m) => [m, doc.models[m]?.reliability?.bins ?? []])),
        scoreTitle: 'p(bottom)',
        outcomeTitle: 'observed rate of |det J| at the pole',
        seriesTitle: 'model',
      }),
    });
  }
  const spread = models.flatMap((model) =>
    (doc.near_pole[model]?.values ?? []).flatMap((v, i) =>
      v === null ? [] : [{ model, seed: doc.seeds[i], near_pole_mse: round(Math.max(v, 1e-30)) }],
    ),
  );
  const ratios = models
    .filter((m) => m !== doc.claimed_model)
    .map((m) => {
      const r = doc.near_pole[m]?.variance_ratio_to_claimed ?? null;
      return `${m} ${r === null ? 'n/a' : r.toPrecision(3)}×`;
    })
    .join(', ');
  figures.push({
    path: `${DIR}/near_pole_seed_spread.svg`,
    title: `Seed-to-seed spread of near_pole_mse (B0–B2, log scale); variance ratio to ${doc.claimed_model}: ${ratios}`,
    spec: {
      $schema: SCHEMA,
      data: { values: spread },
      mark: { type: 'point', filled: true, size: 60 },
      width: 420,
      height: 240,
      encoding: {
        x: { field: 'model', type: 'nominal', sort: models },
        y: {
          field: 'near_pole_mse',
          type: 'quantitative',
          scale: { type: 'log' },
          title: 'near-pole MSE (rad²)',
        },
        color: { field: 'model', type: 'nominal' },
        tooltip: [{ field: 'model' }, { field: 'seed' }, { field: 'near_pole_mse' }],
      },
    },
  });
  return figures;
}

/**
 * The robotics figure pack (`figures/robotics_figure_pack/`), built only from stored artifacts:
 * workspace error heatmaps, the route-to-analytic-solver map, |det J|-stratified error and
 * fallback plots, the dataset's |det J| histogram, the bottom-decision reliability diagram (core's
 * `createReliabilitySpec`), the seed spread of the claim's quantity, and fallback timelines of the
 * first seed's rollouts.
 */
export function ikFigurePack(run: RunView<IkDetails>): FigureSpec[] {
  const figures: FigureSpec[] = [];
  const doc = run.read(AGGREGATED_DIAGNOSTICS);
  if (doc) figures.push(...aggregateFigures(doc));
  const seed = run.seeds[0];
  const traj = seed === undefined ? null : run.read(SEED_TRAJECTORIES, { seed });
  if (traj) {
    const rows = Object.entries(traj.models).flatMap(([model, m]) =>
      m.timelines.flatMap((t) =>
        t.det_j.map((d, step) => ({
          model,
          trajectory: `trajectory ${t.index}`,
          step,
          det_j: Math.max(d, DETJ_FLOOR),
          tracking_error: t.tracking_error[step],
          solver: t.fallback[step] ? 'analytic DLS (fallback)' : 'model',
        })),
      ),
    );
    figures.push({
      path: `${DIR}/fallback_timelines.svg`,
      title: `Fallback timelines (seed ${seed}): |det J| along each rollout, each step marked by the solver that produced it`,
      spec: {
        $schema: SCHEMA,
        data: { values: rows },
        facet: {
          row: { field: 'model', type: 'nominal', title: null },
          column: { field: 'trajectory', type: 'nominal', title: null },
        },
        spec: {
          width: 200,
          height: 90,
          layer: [
            {
              mark: { type: 'line', color: '#8c959f' },
              encoding: {
                x: { field: 'step', type: 'quantitative' },
                y: {
                  field: 'det_j',
                  type: 'quantitative',
                  scale: { type: 'log' },
                  title: '|det J|',
                },
              },
            },
            {
              mark: { type: 'point', filled: true, size: 14 },
              encoding: {
                x: { field: 'step', type: 'quantitative' },
                y: { field: 'det_j', type: 'quantitative', scale: { type: 'log' } },
                color: {
                  field: 'solver',
                  type: 'nominal',
                  scale: {
                    domain: ['model', 'analytic DLS (fallback)'],
                    range: ['#0969da', '#cf222e'],
                  },
                },
                tooltip: [{ field: 'step' }, { field: 'det_j' }, { field: 'tracking_error' }],
              },
            },
          ],
        },
      },
    });
  }
  return figures;
}
