import {
  escapeMarkdown,
  formatMeanInterval,
  formatNumber,
  heading,
  joinBlocks,
  markdownCode,
  markdownTable,
  type SummaryV1,
} from '@zpbench/core';
import { metricKeys } from './figures.js';

function directionText(direction: string | undefined): string {
  if (direction === 'higher') return 'Higher is better';
  if (direction === 'lower') return 'Lower is better';
  return 'Descriptive (no better direction)';
}

/**
 * How the summary's intervals were computed, in one sentence: Student-t, and for metrics whose
 * unit is a fraction, intersected with [0, 1] (`ci95_method` student-t-in-range).
 */
export function intervalNote(summary: SummaryV1): string {
  const inRange = Object.entries(summary.metrics).flatMap(([, byMetric]) =>
    Object.entries(byMetric)
      .filter(([, d]) => d.ci95_method === 'student-t-in-range')
      .map(([metric]) => metric),
  );
  return inRange.length === 0
    ? 'Intervals are 95% Student-t intervals of the mean over seeds.'
    : 'Intervals are 95% Student-t intervals of the mean over seeds; for metrics whose unit is a fraction they are intersected with [0, 1], which keeps their coverage and their range.';
}

/** The model table of a summary. */
export function renderModelTable(summary: SummaryV1): string {
  return markdownTable(
    ['model', 'label', 'role'],
    summary.models.map((model) => [
      markdownCode(model.id),
      escapeMarkdown(model.label),
      escapeMarkdown(model.role),
    ]),
  );
}

/** Metric sections (definition line and one table per metric), at a given heading level. */
export function renderMetricSections(summary: SummaryV1, level: number): string[] {
  const models = [
    ...summary.models.map((model) => model.id),
    ...Object.keys(summary.metrics).filter((id) => !summary.models.some((m) => m.id === id)),
  ];
  return metricKeys(summary).flatMap((metric) => {
    const definition = summary.metric_definitions[metric];
    const about = definition
      ? `${escapeMarkdown(definition.description)} ${directionText(definition.direction)}; unit ${escapeMarkdown(definition.unit)}; subset ${escapeMarkdown(definition.subset)}.`
      : 'Undeclared metric.';
    const rows = models.flatMap((model) => {
      const dist = summary.metrics[model]?.[metric];
      if (!dist) return [];
      return [
        [
          markdownCode(model),
          formatMeanInterval(dist.mean, dist.ci95),
          formatNumber(dist.std),
          formatNumber(dist.median),
          formatNumber(dist.min),
          formatNumber(dist.max),
          String(dist.n),
        ],
      ];
    });
    return [
      heading(level, markdownCode(metric)),
      about,
      rows.length > 0
        ? markdownTable(
            ['model', 'mean [95% CI]', 'std', 'median', 'min', 'max', 'n'],
            rows,
            'lrrrrrr',
          )
        : 'No model reports this metric.',
    ];
  });
}

/**
 * Renders `aggregated/summary.md` from a parsed `aggregated/summary.json`: models, then one table
 * per metric with mean and 95% interval (see `intervalNote`), sd, median, range and seed count. Pure.
 * @example
 * writeFileSync('summary.md', renderSummaryMarkdown(summary));
 */
export function renderSummaryMarkdown(summary: SummaryV1): string {
  return joinBlocks([
    heading(1, `Summary: ${markdownCode(summary.domain)} / ${markdownCode(summary.mode)}`),
    `${summary.n_seeds} seeds (${summary.seeds.join(', ') || 'none'}); config hash ${markdownCode(summary.config_hash)}. ${intervalNote(summary)}`,
    heading(2, 'Models'),
    renderModelTable(summary),
    heading(2, 'Metrics'),
    ...renderMetricSections(summary, 3),
  ]);
}
