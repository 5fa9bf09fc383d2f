import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import {
  appendArtifactEnvelope,
  compareCodePoints,
  ERROR_CODES,
  encodeHref,
  escapeMarkdown,
  formatNumber,
  heading,
  joinBlocks,
  METRIC_LOG_MARKER,
  METRIC_LOG_SCHEMA,
  METRIC_LOG_VERSION,
  type MetricLogRecordV1,
  markdownCode,
  markdownTable,
  parseArtifact,
  parseJsonText,
  readTextFile,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { renderMarkdownToHtml } from './markdown-html.js';
import type { ReportResult } from './run-report.js';
import { renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';

/**
 * Reads a versioned JSONL metric log; a bad line throws naming `file:line`, a log without a
 * record throws naming the file (a report of nothing would look like a report).
 */
export function readMetricLog(path: string): MetricLogRecordV1[] {
  return parseMetricLog(readTextFile(path), path);
}

function parseMetricLog(text: string, path: string): MetricLogRecordV1[] {
  const records: MetricLogRecordV1[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const label = `${path}:${index + 1}`;
    records.push(parseArtifact(METRIC_LOG_SCHEMA, parseJsonText(line, label), label));
  });
  if (records.length === 0) {
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${path} holds no metric records (only blank lines); pass a zeroproofml.metric_log JSONL file`,
    );
  }
  return records;
}

const TRACE_PHASES = ['train', 'benchmark_seed'];

interface Series {
  readonly phase: string;
  readonly model: string;
  readonly metric: string;
  readonly values: number[];
}

function seriesOf(records: readonly MetricLogRecordV1[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const record of records) {
    for (const [metric, value] of Object.entries(record.metrics)) {
      const key = JSON.stringify([record.phase, record.context.model, metric]);
      let series = byKey.get(key);
      if (!series) {
        series = { phase: record.phase, model: record.context.model, metric, values: [] };
        byKey.set(key, series);
      }
      series.values.push(value);
    }
  }
  return [...byKey.values()];
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The traces figure: one panel per phase and metric, value against step, a line per model and seed. */
export function createMetricTracesSpec(
  records: readonly MetricLogRecordV1[],
): Record<string, unknown> {
  const tracePhases = TRACE_PHASES.filter((phase) => records.some((r) => r.phase === phase));
  const phases = tracePhases.length > 0 ? tracePhases : unique(records.map((r) => r.phase));
  const plotted = records.filter((record) => phases.includes(record.phase));
  const models = unique(plotted.map((record) => record.context.model));
  const panels: Record<string, unknown>[] = [];
  const keys = unique(
    plotted.flatMap((r) => Object.keys(r.metrics).map((m) => JSON.stringify([r.phase, m]))),
  );
  keys.forEach((key, index) => {
    const [phase, metric] = JSON.parse(key) as [string, string];
    const values = plotted
      .filter((record) => record.phase === phase && metric in record.metrics)
      .map((record) => ({
        step: record.step,
        value: record.metrics[metric],
        model: record.context.model,
        // Training records trace one line per model and seed; benchmark records one per model.
        series:
          phase === 'train'
            ? `${record.context.model} · seed ${record.context.seed ?? '—'}`
            : record.context.model,
        seed: record.context.seed ?? null,
        epoch: record.context.epoch ?? null,
      }));
    panels.push({
      title: { text: metric, subtitle: `phase ${phase}` },
      width: 300,
      height: 170,
      data: { values },
      params: [{ name: `zoom_${index}`, select: 'interval', bind: 'scales' }],
      mark: { type: 'line', point: { filled: true, size: 24 }, strokeWidth: 1.5, tooltip: true },
      encoding: {
        x: {
          field: 'step',
          type: 'quantitative',
          title: phase === 'train' ? 'step (epoch)' : 'step (seed position)',
          scale: { padding: 8 },
          axis: { tickMinStep: 1, format: 'd' },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { zero: false, padding: 8 },
          title: metric,
        },
        color: {
          field: 'model',
          type: 'nominal',
          scale: { domain: models },
          legend: { orient: 'top' },
        },
        detail: { field: 'series', type: 'nominal' },
        tooltip: [
          { field: 'model', type: 'nominal' },
          { field: 'seed', type: 'quantitative' },
          { field: 'step', type: 'quantitative' },
          { field: 'value', type: 'quantitative', format: '.5g' },
        ],
      },
    });
  });
  if (panels.length === 0) {
    return {
      title: 'Metric traces',
      width: 300,
      height: 40,
      data: { values: [{ message: 'The log holds no records.' }] },
      mark: { type: 'text', align: 'left', color: '#57606a' },
      encoding: { text: { field: 'message' }, x: { value: 0 }, y: { value: 20 } },
    };
  }
  return {
    title: {
      text: 'Metric traces',
      subtitle: 'value by step; training logs draw one line per model and seed',
    },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  };
}

function renderLogMarkdown(
  name: string,
  figure: string,
  records: readonly MetricLogRecordV1[],
): string {
  const phases = unique(records.map((r) => r.phase));
  const models = unique(records.map((r) => r.context.model));
  const domains = unique(records.map((r) => r.context.domain));
  const blocks: string[] = [
    heading(1, `Metric log report: ${markdownCode(name)}`),
    `${records.length} records of \`${METRIC_LOG_MARKER}\` v${METRIC_LOG_VERSION}; domain ${domains.map(markdownCode).join(', ') || '—'}; phases ${phases.map(markdownCode).join(', ') || '—'}; models ${models.map(markdownCode).join(', ') || '—'}.`,
  ];
  const series = seriesOf(records);
  for (const phase of phases) {
    const rows = series
      .filter((s) => s.phase === phase)
      .map((s) => {
        const mean = s.values.reduce((a, b) => a + b, 0) / s.values.length;
        return [
          markdownCode(s.model),
          markdownCode(s.metric),
          String(s.values.length),
          formatNumber(s.values[0]),
          formatNumber(s.values.at(-1)),
          formatNumber(Math.min(...s.values)),
          formatNumber(Math.max(...s.values)),
          formatNumber(mean),
        ];
      });
    blocks.push(
      heading(2, `Phase ${markdownCode(phase)}`),
      markdownTable(
        ['model', 'metric', 'records', 'first', 'last', 'min', 'max', 'mean'],
        rows,
        'llrrrrrr',
      ),
    );
  }
  blocks.push(
    heading(2, 'Metric traces'),
    `![Metric traces](${encodeHref(figure)})`,
    `[${escapeMarkdown(figure)}](${encodeHref(figure)})`,
  );
  return joinBlocks(blocks);
}

function vegaBrowserBuilds(): string[] {
  const require = createRequire(import.meta.url);
  // vega's export map hides build/, but its schema sits in the same folder.
  const vegaBuild = dirname(require.resolve('vega/vega-schema.json'));
  const vegaLiteBuild = dirname(require.resolve('vega-lite/vega-lite-schema.json'));
  return [
    readFileSync(join(vegaBuild, 'vega.min.js'), 'utf8'),
    readFileSync(join(vegaLiteBuild, 'vega-lite.min.js'), 'utf8'),
  ];
}

const INTERACTIVE_SCRIPT = `
(function () {
  var figure = document.getElementById('figure-1');
  var spec = JSON.parse(document.getElementById('metric-traces-spec').textContent);
  if (!figure || !window.vega || !window.vegaLite) return;
  var chart = figure.querySelector('.chart');
  chart.textContent = '';
  var view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'svg', container: chart, hover: true
  });
  view.runAsync().then(function () { figure.setAttribute('data-live', 'true'); });
})();
`;

/** What a metric-log report shows, and what it does not claim. */
const METRIC_LOG_CLAIM_BOUNDARY =
  'The metric values of one JSONL log exactly as recorded, traced by step; no statistics, no claim verdicts, and nothing about runs the log does not hold.';
const METRIC_LOG_METRIC_SEMANTICS =
  'Per record: each metric’s logged value at its step, for its phase, model and seed; the table counts records and the traces plot the values unaggregated.';

/** Options of {@link renderTrainingLogReport}. */
export interface TrainingLogReportOptions {
  /** The zpbench version the report's envelope names (the CLI passes its own). */
  readonly zpbenchVersion?: string;
}

/**
 * Renders a report for a versioned JSONL metric log (`aggregated/benchmark_metrics.jsonl` or a
 * per-model training log): `<stem>_REPORT.md`, `<stem>_REPORT_metrics.svg` and
 * `<stem>_REPORT.html` with interactive traces (vega and vega-lite inlined, so it works offline).
 * Returns the written paths (the log's directory joined with each file name).
 * @example
 * await renderTrainingLogReport('results/benchmarks/my-domain/run_x/aggregated/benchmark_metrics.jsonl');
 */
export async function renderTrainingLogReport(
  jsonlPath: string,
  options: TrainingLogReportOptions = {},
): Promise<ReportResult> {
  const text = readTextFile(jsonlPath);
  const records = parseMetricLog(text, jsonlPath);
  const dir = dirname(jsonlPath);
  const name = basename(jsonlPath);
  const stem = name.replace(/\.jsonl$/, '');
  const svgName = `${stem}_REPORT_metrics.svg`;
  const spec = withFigureConfig(createMetricTracesSpec(records));
  const svg = await renderVegaLiteToSvg(spec);
  const markdown = appendArtifactEnvelope(renderLogMarkdown(name, svgName, records), {
    suiteId: 'metric-log',
    suiteVersion: `${METRIC_LOG_MARKER}:v${METRIC_LOG_VERSION}`,
    zpbenchVersion: options.zpbenchVersion ?? 'unknown',
    artifactBytes: text,
    models: [...new Set(records.map((record) => record.context.model))].sort(compareCodePoints),
    eventCount: records.length,
    claimBoundary: METRIC_LOG_CLAIM_BOUNDARY,
    metricSemantics: METRIC_LOG_METRIC_SEMANTICS,
  });
  const html = renderMarkdownToHtml(markdown, {
    title: `Metric log report: ${name}`,
    figures: new Map([[encodeHref(svgName), svg]]),
    data: new Map([['metric-traces-spec', spec]]),
    scripts: [...vegaBrowserBuilds(), INTERACTIVE_SCRIPT],
  });
  const outputs: [string, string][] = [
    [`${stem}_REPORT.md`, markdown],
    [svgName, svg],
    [`${stem}_REPORT.html`, html],
  ];
  const written: string[] = [];
  for (const [file, content] of outputs) {
    const path = join(dir, file);
    writeFileAtomic(path, content);
    written.push(path);
  }
  return { written };
}
