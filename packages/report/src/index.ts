/**
 * The reliability-diagram builder, a pure vega-lite spec factory. It lives in core because domains
 * (which may not import the report) build their figure packs with it; it is re-exported here with
 * the report's other figure builders.
 */
export { binReliability, createReliabilitySpec } from '@zpbench/core';
export type {
  BundleDomain,
  BundleFileCheck,
  BundleReportResult,
  RenderBundleReportOptions,
} from './bundle-report.js';
export { renderBundleReport } from './bundle-report.js';
export { createCalibrationFigureSpec, renderCalibrationFigure } from './calibration-figure.js';
export {
  COMPARISON_CSV_COLUMNS,
  comparisonCsvPreamble,
  renderComparisonCsv,
} from './comparison-csv.js';
export { renderComparisonHtml } from './comparison-html.js';
export {
  comparisonTitle,
  diffLabel,
  renderComparisonMarkdown,
  safeRunDir,
} from './comparison-markdown.js';
export { escapeHtml } from './escape.js';
export type { StandardFigure } from './figures.js';
export {
  createBaselineDeltaFigure,
  createMetricSummaryFigure,
  createPerSeedDistributionsFigure,
} from './figures.js';
export type { MarkdownHtmlOptions } from './markdown-html.js';
export { renderMarkdownToHtml } from './markdown-html.js';
export { renderPairedStatsMarkdown } from './paired-stats-markdown.js';
export type { RenderRunReportOptions, ReportResult, RunReportResult } from './run-report.js';
export { integrityViolations, isReportOutput, renderRunReport } from './run-report.js';
export type { ReportFigure, RunReportInput } from './run-report-markdown.js';
export { renderRunReportMarkdown } from './run-report-markdown.js';
export { renderReportSections } from './sections.js';
export { renderSummaryMarkdown } from './summary-markdown.js';
export type { TrainingLogReportOptions } from './training-log-report.js';
export { renderTrainingLogReport } from './training-log-report.js';
export type { TrendFigureInput } from './trend-figure.js';
export { createTrendFigure } from './trend-figure.js';
export { BASE_FIGURE_CONFIG, renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';
