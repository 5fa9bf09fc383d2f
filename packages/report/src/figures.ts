import type { PairedStatsV1, SeedResult, SummaryV1 } from '@zpbench/core';

/** A figure of the standard set, before rendering: run-relative SVG path, title and spec. */
export interface StandardFigure {
  readonly path: string;
  readonly title: string;
  readonly spec: Record<string, unknown>;
}

const PANEL_WIDTH = 300;
const ROW_STEP = 24;
const ROLE_DOMAIN = ['claimed', 'baseline', 'reference'];
const ROLE_RANGE = ['#0969da', '#8c959f', '#bc4c00'];
const EFFECT_DOMAIN = ['better', 'worse', 'no clear change'];
const EFFECT_RANGE = ['#1a7f37', '#cf222e', '#8c959f'];

/** Metric keys in declaration order, then any undeclared keys in code-point order. */
export function metricKeys(summary: SummaryV1): string[] {
  const declared = Object.keys(summary.metric_definitions);
  const extra = new Set<string>();
  for (const metrics of Object.values(summary.metrics))
    for (const key of Object.keys(metrics)) if (!declared.includes(key)) extra.add(key);
  return [...declared, ...[...extra].sort()];
}

/** Display names of models: labels when they are unique, ids otherwise. */
export function modelNames(summary: SummaryV1): Map<string, string> {
  const labels = summary.models.map((model) => model.label);
  const unique = new Set(labels).size === labels.length && labels.every((label) => label !== '');
  const names = new Map<string, string>();
  for (const model of summary.models) names.set(model.id, unique ? model.label : model.id);
  for (const id of Object.keys(summary.metrics)) if (!names.has(id)) names.set(id, id);
  return names;
}

function directionText(direction: string | undefined): string {
  if (direction === 'higher') return 'higher is better';
  if (direction === 'lower') return 'lower is better';
  return 'descriptive';
}

function panelSubtitle(summary: SummaryV1, metric: string): string {
  const definition = summary.metric_definitions[metric];
  if (!definition) return 'undeclared metric';
  return `${directionText(definition.direction)} · ${definition.unit} · ${definition.subset}`;
}

function roleOf(summary: SummaryV1, model: string): string {
  return summary.models.find((entry) => entry.id === model)?.role ?? 'reference';
}

/** Colour by model role, with only the roles the run has in the legend. */
function roleColor(summary: SummaryV1): Record<string, unknown> {
  const present = new Set(summary.models.map((model) => model.role));
  if (Object.keys(summary.metrics).some((id) => !summary.models.some((m) => m.id === id)))
    present.add('reference');
  const domain = ROLE_DOMAIN.filter((role) => present.has(role as never));
  return {
    field: 'role',
    type: 'nominal',
    title: 'role',
    scale: { domain, range: domain.map((role) => ROLE_RANGE[ROLE_DOMAIN.indexOf(role)]) },
    legend: { orient: 'top' },
  };
}

function concatFigure(
  title: string,
  subtitle: string,
  panels: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    title: { text: title, subtitle },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  };
}

function emptyFigure(title: string, message: string): Record<string, unknown> {
  return {
    title: { text: title },
    width: PANEL_WIDTH,
    height: 40,
    data: { values: [{ message }] },
    mark: { type: 'text', align: 'left', baseline: 'middle', color: '#57606a' },
    encoding: { text: { field: 'message' }, x: { value: 0 }, y: { value: 20 } },
  };
}

/** `figures/metric_summary.svg`: aggregate means by model with 95% intervals, one panel per metric. */
export function createMetricSummaryFigure(summary: SummaryV1): StandardFigure {
  const names = modelNames(summary);
  const order = [...names.values()];
  const panels: Record<string, unknown>[] = [];
  for (const metric of metricKeys(summary)) {
    const rows = [...names.keys()].flatMap((model) => {
      const dist = summary.metrics[model]?.[metric];
      if (!dist || dist.mean === null) return [];
      return [
        {
          model: names.get(model),
          role: roleOf(summary, model),
          mean: dist.mean,
          lo: dist.ci95?.[0] ?? null,
          hi: dist.ci95?.[1] ?? null,
          n: dist.n,
        },
      ];
    });
    if (rows.length === 0) continue;
    const y = { field: 'model', type: 'nominal', sort: order, title: null };
    panels.push({
      title: { text: metric, subtitle: panelSubtitle(summary, metric) },
      width: PANEL_WIDTH,
      height: { step: ROW_STEP },
      data: { values: rows },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y,
            x: { field: 'lo', type: 'quantitative', scale: { zero: false }, title: 'mean, 95% CI' },
            x2: { field: 'hi' },
            color: roleColor(summary),
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            x: { field: 'mean', type: 'quantitative' },
            color: roleColor(summary),
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'mean', type: 'quantitative', format: '.4g' },
              { field: 'lo', type: 'quantitative', format: '.4g', title: 'CI low' },
              { field: 'hi', type: 'quantitative', format: '.4g', title: 'CI high' },
              { field: 'n', type: 'quantitative' },
            ],
          },
        },
      ],
    });
  }
  const title = 'Aggregate metric means by model';
  return {
    path: 'figures/metric_summary.svg',
    title,
    spec:
      panels.length > 0
        ? concatFigure(title, `mean over ${summary.n_seeds} seeds with 95% t-interval`, panels)
        : emptyFigure(title, 'No metric has a finite mean.'),
  };
}

/** `figures/per_seed_metric_distributions.svg`: box plot and seed strip per model, per metric. */
export function createPerSeedDistributionsFigure(summary: SummaryV1): StandardFigure {
  const names = modelNames(summary);
  const order = [...names.values()];
  const panels: Record<string, unknown>[] = [];
  for (const metric of metricKeys(summary)) {
    const rows = summary.per_seed.flatMap((row) => {
      const value = row.metrics[metric];
      if (value === null || value === undefined) return [];
      return [
        {
          model: names.get(row.model) ?? row.model,
          role: roleOf(summary, row.model),
          seed: row.seed,
          value,
        },
      ];
    });
    if (rows.length === 0) continue;
    const y = { field: 'model', type: 'nominal', sort: order, title: null };
    const x = { field: 'value', type: 'quantitative', scale: { zero: false }, title: metric };
    panels.push({
      title: { text: metric, subtitle: panelSubtitle(summary, metric) },
      width: PANEL_WIDTH,
      height: { step: ROW_STEP + 4 },
      data: { values: rows },
      layer: [
        {
          mark: {
            type: 'boxplot',
            extent: 'min-max',
            size: 16,
            opacity: 0.35,
            median: { color: '#24292f' },
          },
          encoding: { y, x, color: roleColor(summary) },
        },
        {
          mark: { type: 'point', size: 26, filled: true, opacity: 0.85 },
          encoding: {
            y,
            x,
            color: roleColor(summary),
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'seed', type: 'quantitative' },
              { field: 'value', type: 'quantitative', format: '.4g' },
            ],
          },
        },
      ],
    });
  }
  const title = 'Per-seed metric distributions';
  return {
    path: 'figures/per_seed_metric_distributions.svg',
    title,
    spec:
      panels.length > 0
        ? concatFigure(title, `box: min, quartiles, median, max over seeds; dots: seeds`, panels)
        : emptyFigure(title, 'No per-seed values.'),
  };
}

function effectOf(direction: string, mean: number | null, ci: readonly [number, number] | null) {
  if (mean === null || !ci || direction === 'none' || (ci[0] <= 0 && ci[1] >= 0))
    return 'no clear change';
  const up = ci[0] > 0;
  return (direction === 'higher') === up ? 'better' : 'worse';
}

/**
 * `figures/baseline_delta.svg`: current-minus-baseline mean deltas by model and metric, with 95%
 * intervals; null when paired_stats.json has no baseline-run deltas.
 */
export function createBaselineDeltaFigure(
  summary: SummaryV1,
  paired: PairedStatsV1 | null,
): StandardFigure | null {
  const baseline = paired?.baseline_run;
  if (!baseline || baseline.deltas.length === 0) return null;
  const names = modelNames(summary);
  const flagged = new Set(baseline.regression?.flagged ?? []);
  const metrics: string[] = [];
  for (const key of metricKeys(summary))
    if (baseline.deltas.some((d) => d.metric === key)) metrics.push(key);
  for (const delta of baseline.deltas)
    if (!metrics.includes(delta.metric)) metrics.push(delta.metric);
  const order = [...new Set(baseline.deltas.map((d) => names.get(d.model) ?? d.model))];
  const panels: Record<string, unknown>[] = [];
  for (const metric of metrics) {
    const rows = baseline.deltas
      .filter((delta) => delta.metric === metric && delta.mean_delta !== null)
      .map((delta) => ({
        model: names.get(delta.model) ?? delta.model,
        effect: effectOf(delta.direction, delta.mean_delta, delta.ci95),
        mean_delta: delta.mean_delta,
        lo: delta.ci95?.[0] ?? null,
        hi: delta.ci95?.[1] ?? null,
        n: delta.n,
        flagged: flagged.has(`${delta.model}/${metric}`) ? 'yes' : 'no',
      }));
    if (rows.length === 0) continue;
    const y = { field: 'model', type: 'nominal', sort: order, title: null };
    const color = {
      field: 'effect',
      type: 'nominal',
      title: 'current vs baseline',
      scale: { domain: EFFECT_DOMAIN, range: EFFECT_RANGE },
      legend: { orient: 'top' },
    };
    panels.push({
      title: { text: metric, subtitle: panelSubtitle(summary, metric) },
      width: PANEL_WIDTH,
      height: { step: ROW_STEP },
      data: { values: rows },
      layer: [
        {
          mark: { type: 'rule', color: '#57606a', strokeDash: [4, 3] },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y,
            x: { field: 'lo', type: 'quantitative', title: 'current − baseline, 95% CI' },
            x2: { field: 'hi' },
            color,
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            x: { field: 'mean_delta', type: 'quantitative' },
            color,
            shape: {
              field: 'flagged',
              type: 'nominal',
              title: 'flagged regression',
              scale: { domain: ['no', 'yes'], range: ['circle', 'triangle-down'] },
              legend: { orient: 'top' },
            },
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'mean_delta', type: 'quantitative', format: '.4g', title: 'mean Δ' },
              { field: 'lo', type: 'quantitative', format: '.4g', title: 'CI low' },
              { field: 'hi', type: 'quantitative', format: '.4g', title: 'CI high' },
              { field: 'n', type: 'quantitative' },
              { field: 'flagged', type: 'nominal' },
            ],
          },
        },
      ],
    });
  }
  const title = 'Current minus baseline, by model and metric';
  return {
    path: 'figures/baseline_delta.svg',
    title,
    spec:
      panels.length > 0
        ? {
            ...concatFigure(title, `baseline run ${baseline.run_id}; paired by seed`, panels),
            resolve: {
              scale: { color: 'shared', shape: 'shared' },
              legend: { color: 'shared', shape: 'shared' },
            },
          }
        : emptyFigure(title, 'No finite baseline deltas.'),
  };
}

/** The training-log key a model's loss curve is read from: `loss` when logged, else the first key. */
function lossKey(log: readonly { metrics: Record<string, number> }[]): string | null {
  const keys = log.flatMap((entry) => Object.keys(entry.metrics));
  if (keys.includes('loss')) return 'loss';
  return keys[0] ?? null;
}

/**
 * `figures/training_loss.svg`: the stored training-loss curves, one panel per model, each seed a
 * line, optimizer steps on the x-axis (from each model's per-seed `train_log`). Null when no model
 * logged training.
 */
export function createTrainingLossFigure(
  summary: SummaryV1,
  seedResult: (seed: number) => SeedResult | null,
): StandardFigure | null {
  const names = modelNames(summary);
  const byModel = new Map<string, { key: string; rows: Record<string, unknown>[] }>();
  for (const seed of summary.seeds) {
    const result = seedResult(seed);
    if (!result) continue;
    for (const [model, run] of Object.entries(result.runs)) {
      const key = byModel.get(model)?.key ?? lossKey(run.train_log);
      if (key === null) continue;
      const entry = byModel.get(model) ?? { key, rows: [] };
      byModel.set(model, entry);
      for (const point of run.train_log) {
        const value = point.metrics[key];
        if (value === undefined || !Number.isFinite(value)) continue;
        entry.rows.push({ seed: `seed ${seed}`, step: point.step, epoch: point.epoch, value });
      }
    }
  }
  const panels = [...names.keys()]
    .filter((model) => (byModel.get(model)?.rows.length ?? 0) > 0)
    .map((model) => {
      const { key, rows } = byModel.get(model) as { key: string; rows: Record<string, unknown>[] };
      return {
        title: { text: names.get(model) ?? model, subtitle: `train_log ${key}, one line per seed` },
        width: PANEL_WIDTH,
        height: 180,
        data: { values: rows },
        mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.5, opacity: 0.85 },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'optimizer step' },
          y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: key },
          color: { field: 'seed', type: 'nominal', title: 'seed', legend: { orient: 'top' } },
          tooltip: [
            { field: 'seed', type: 'nominal' },
            { field: 'step', type: 'quantitative' },
            { field: 'epoch', type: 'quantitative' },
            { field: 'value', type: 'quantitative', format: '.4g', title: key },
          ],
        },
      };
    });
  if (panels.length === 0) return null;
  const title = 'Training loss per model';
  return {
    path: 'figures/training_loss.svg',
    title,
    spec: concatFigure(
      title,
      `stored per-seed training logs over ${summary.n_seeds} seeds`,
      panels,
    ),
  };
}
