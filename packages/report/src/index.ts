export type { BundleReportResult } from './bundle-report.js';
export { renderBundleReport } from './bundle-report.js';
export { createCalibrationFigureSpec, renderCalibrationFigure } from './calibration-figure.js';
export { escapeHtml, escapeMarkdown, markdownCode } from './escape.js';
export type { StandardFigure } from './figures.js';
export {
  createBaselineDeltaFigure,
  createMetricSummaryFigure,
  createPerSeedDistributionsFigure,
} from './figures.js';
export { formatInterval, formatMeanInterval, formatNumber, formatP } from './format.js';
export type { MarkdownHtmlOptions } from './markdown-html.js';
export { renderMarkdownToHtml } from './markdown-html.js';
export { renderPairedStatsMarkdown } from './paired-stats-markdown.js';
export type { RenderRunReportOptions, ReportResult } from './run-report.js';
export { integrityViolations, isReportOutput, renderRunReport } from './run-report.js';
export type { ReportFigure, RunReportInput } from './run-report-markdown.js';
export { renderRunReportMarkdown } from './run-report-markdown.js';
export { renderSummaryMarkdown } from './summary-markdown.js';
export type { ReportFixtureOptions } from './testing/report-fixture.js';
export { writeReportFixtureRunDir } from './testing/report-fixture.js';
export { renderTrainingLogReport } from './training-log-report.js';
export { BASE_FIGURE_CONFIG, renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';
