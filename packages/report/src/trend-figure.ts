/** A metric's trend across runs, as the trend figure reads it (the runner's `MetricTrend`). */
export interface TrendFigureInput {
  readonly domain: string;
  readonly mode: string;
  readonly model: string;
  readonly metric: string;
  readonly unit: string;
  readonly direction: 'higher' | 'lower' | 'none';
  readonly points: readonly {
    readonly runId: string;
    readonly createdUtc: string;
    readonly n: number;
    readonly mean: number | null;
    readonly ci95: readonly [number, number] | null;
    readonly change: { readonly status: string; readonly p: number | null } | null;
  }[];
}

const CHANGE_DOMAIN = ['first run', 'unchanged', 'improved', 'regressed', 'not comparable'];
const CHANGE_RANGE = ['#57606a', '#57606a', '#1a7f37', '#cf222e', '#bc4c00'];

/**
 * The vega-lite spec of a metric's trend: each run's mean with its 95% interval in time order
 * (runs are spaced evenly and labelled by run id), joined by a line, each point coloured by the
 * change call against the previous run. Render it with `renderVegaLiteToSvg`.
 */
export function createTrendFigure(trend: TrendFigureInput): Record<string, unknown> {
  const values = trend.points.map((point, index) => ({
    order: index + 1,
    run: point.runId,
    created: point.createdUtc,
    n: point.n,
    mean: point.mean,
    lo: point.ci95?.[0] ?? point.mean,
    hi: point.ci95?.[1] ?? point.mean,
    change: point.change
      ? point.change.status === 'not-comparable'
        ? 'not comparable'
        : point.change.status === 'no-direction'
          ? 'unchanged'
          : point.change.status
      : 'first run',
    p: point.change?.p ?? null,
  }));
  const better =
    trend.direction === 'higher'
      ? 'higher is better'
      : trend.direction === 'lower'
        ? 'lower is better'
        : 'no direction';
  // Runs are evenly spaced by order and labelled by run id (a run id may repeat in copies).
  const labels = JSON.stringify(values.map((v) => v.run));
  const x = {
    field: 'order',
    type: 'ordinal',
    title: 'run (oldest first)',
    axis: { labelExpr: `${labels}[datum.value - 1]`, labelAngle: -30, labelLimit: 260 },
  };
  return {
    title: {
      text: `${trend.model} / ${trend.metric} across runs`,
      subtitle: `${trend.domain} ${trend.mode}; mean and 95% interval per run; ${better}; colour: change from the previous run (paired test)`,
    },
    width: Math.max(320, 60 * values.length),
    height: 240,
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: 'line', color: '#8c959f' },
        encoding: {
          y: {
            field: 'mean',
            type: 'quantitative',
            title: `${trend.metric} (${trend.unit})`,
            scale: { zero: false },
          },
        },
      },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
          color: {
            field: 'change',
            type: 'nominal',
            title: 'change',
            scale: { domain: CHANGE_DOMAIN, range: CHANGE_RANGE },
          },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'mean', type: 'quantitative' },
          color: {
            field: 'change',
            type: 'nominal',
            scale: { domain: CHANGE_DOMAIN, range: CHANGE_RANGE },
          },
          tooltip: [
            { field: 'run', type: 'nominal' },
            { field: 'created', type: 'nominal' },
            { field: 'mean', type: 'quantitative', format: '.4g' },
            { field: 'lo', type: 'quantitative', format: '.4g', title: 'CI low' },
            { field: 'hi', type: 'quantitative', format: '.4g', title: 'CI high' },
            { field: 'n', type: 'quantitative' },
            { field: 'change', type: 'nominal' },
            { field: 'p', type: 'quantitative', format: '.3g' },
          ],
        },
      },
    ],
  };
}
