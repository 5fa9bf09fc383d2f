import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  checkRelativePath,
  checkRunDir,
  claimAuditV1Schema,
  ERROR_CODES,
  type FigurePackInput,
  type FigureSpec,
  formatArtifactJson,
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  PROVENANCE_MARKER,
  PROVENANCE_VERSION,
  pairedStatsV1Schema,
  provenanceV6Schema,
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  RUN_FILES,
  readArtifact,
  refreshManifest,
  resolveInsideRunDir,
  resumeStateV2Schema,
  SUMMARY_MARKER,
  SUMMARY_VERSION,
  summaryV1Schema,
  type Violation,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { escapeMarkdown } from './escape.js';
import {
  createBaselineDeltaFigure,
  createMetricSummaryFigure,
  createPerSeedDistributionsFigure,
} from './figures.js';
import { renderMarkdownToHtml } from './markdown-html.js';
import { renderPairedStatsMarkdown } from './paired-stats-markdown.js';
import { type ReportFigure, renderRunReportMarkdown } from './run-report-markdown.js';
import { renderSummaryMarkdown } from './summary-markdown.js';
import { renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';

/** Options of {@link renderRunReport}. */
export interface RenderRunReportOptions {
  /** Also write RUN_REPORT.html (an existing RUN_REPORT.html is always refreshed). */
  readonly html?: boolean;
  /** The domain's figure pack, rendered to SVG at each spec's path under `figures/`. */
  readonly figurePack?: (input: FigurePackInput) => readonly FigureSpec[];
  /** Render a run whose recorded hashes do not match; the report's first line then says so. */
  readonly allowTampered?: boolean;
  /**
   * Check the run's recorded hashes first and refresh the manifest afterwards (default true).
   * The runner passes false: it renders before it writes the manifest. A run directory without
   * a manifest is never checked.
   */
  readonly verify?: boolean;
}

/** Files a report writes, relative to the run or log directory. */
export interface ReportResult {
  readonly written: string[];
}

const REPORT_OUTPUTS: ReadonlySet<string> = new Set([
  RUN_FILES.runReport,
  RUN_FILES.runReportHtml,
  RUN_FILES.summaryMd,
  RUN_FILES.pairedStatsMd,
]);

/** True for the files {@link renderRunReport} rewrites itself; their stale hashes are expected. */
export function isReportOutput(file: string): boolean {
  return REPORT_OUTPUTS.has(file) || file.startsWith('figures/');
}

const INTEGRITY_CHECKS: ReadonlySet<string> = new Set(['sha256', 'bytes', 'path']);
const MANIFEST_CHECKS: ReadonlySet<string> = new Set([
  'json',
  'schema-marker',
  'schema-version',
  'schema',
  'json-schema',
]);

/** Violations meaning the stored artifacts are not the ones the manifest recorded. */
export function integrityViolations(violations: readonly Violation[]): Violation[] {
  return violations.filter((violation) => {
    if (violation.file === RUN_FILES.manifest) return MANIFEST_CHECKS.has(violation.check);
    if (isReportOutput(violation.file)) return false;
    if (INTEGRITY_CHECKS.has(violation.check)) return true;
    return violation.check === 'exists' && violation.expected === 'file present';
  });
}

function describeViolation(violation: Violation): string {
  return `${violation.file}: ${violation.check} expected ${violation.expected}, found ${violation.found}`;
}

function integrityNotice(violations: readonly Violation[]): string {
  const first = violations[0] as Violation;
  const count = violations.length;
  return `> **Unverified run directory:** ${count} recorded check${count === 1 ? '' : 's'} of stored artifacts fail${count === 1 ? 's' : ''} (first: ${escapeMarkdown(`${first.file} ${first.check}`)}); this report was rendered with --allow-tampered and must not be cited until \`zpbench validate\` passes.`;
}

function readOptional<T>(
  runDir: string,
  file: string,
  schema: Parameters<typeof readArtifact<T>>[1],
  marker: string,
  version: number,
): T | null {
  const path = join(runDir, file);
  return existsSync(path) ? readArtifact(path, schema, marker, version, file) : null;
}

const FIGURE_PATH = /^figures\/[A-Za-z0-9_][A-Za-z0-9_./-]*\.svg$/;

function checkFigurePath(path: string, source: string): void {
  if (!FIGURE_PATH.test(path) || checkRelativePath(path) !== null) {
    throw new ZpbenchError(
      ERROR_CODES.PATH_ESCAPE,
      `${source} figure path "${path}" is not allowed; figure paths must be relative, under figures/, made of letters, digits, _ . / - and end in .svg`,
    );
  }
}

/** `figures/x.svg` → `figures/x.vl.json`. */
export function specPathOf(svgPath: string): string {
  return svgPath.replace(/\.svg$/, '.vl.json');
}

/**
 * Regenerates every report and figure of a run directory from its stored artifacts, never
 * rerunning anything: `aggregated/summary.md`, `aggregated/paired_stats.md`, the standard figures
 * with their vega-lite specs, the domain figure pack, `RUN_REPORT.md` and, with `html`,
 * `RUN_REPORT.html`; then refreshes the manifest's hashes so the gate still passes. Output bytes
 * depend only on the artifacts: a copied run directory regenerates identical files.
 * @example
 * const { written } = await renderRunReport('results/benchmarks/dose/run_x', { html: true });
 */
export async function renderRunReport(
  runDir: string,
  options: RenderRunReportOptions = {},
): Promise<ReportResult> {
  // Phases: verify integrity, read artifacts, build figures, render Markdown and HTML, write,
  // remove stale figures, refresh the manifest.
  const hasManifest = existsSync(join(runDir, RUN_FILES.manifest));
  const verify = (options.verify ?? true) && hasManifest;
  let notice: string | null = null;
  let manifestReadable = hasManifest;
  if (verify) {
    const check = await checkRunDir(runDir);
    const broken = integrityViolations(check.violations);
    manifestReadable = check.manifest !== null;
    if (broken.length > 0) {
      if (!options.allowTampered) {
        throw new ZpbenchError(
          ERROR_CODES.RUN_INVALID,
          `${runDir} does not match its manifest: ${describeViolation(broken[0] as Violation)}${broken.length > 1 ? ` (and ${broken.length - 1} more)` : ''}; the stored artifacts changed after the run was written — restore them, or pass --allow-tampered to render a report marked as unverified`,
          { details: broken },
        );
      }
      notice = integrityNotice(broken);
    }
  }

  const summary = readArtifact(
    join(runDir, RUN_FILES.summary),
    summaryV1Schema,
    SUMMARY_MARKER,
    SUMMARY_VERSION,
    RUN_FILES.summary,
  );
  const pairedStats = readOptional(
    runDir,
    RUN_FILES.pairedStats,
    pairedStatsV1Schema,
    PAIRED_STATS_MARKER,
    PAIRED_STATS_VERSION,
  );
  const claimAudit = readOptional(
    runDir,
    RUN_FILES.claimAuditJson,
    claimAuditV1Schema,
    CLAIM_AUDIT_MARKER,
    CLAIM_AUDIT_VERSION,
  );
  const provenance = readOptional(
    runDir,
    RUN_FILES.provenance,
    provenanceV6Schema,
    PROVENANCE_MARKER,
    PROVENANCE_VERSION,
  );
  const resumeState = readOptional(
    runDir,
    RUN_FILES.resumeState,
    resumeStateV2Schema,
    RESUME_STATE_MARKER,
    RESUME_STATE_VERSION,
  );

  const figureSpecs: { path: string; title: string; spec: Record<string, unknown> }[] = [
    createMetricSummaryFigure(summary),
    createPerSeedDistributionsFigure(summary),
  ];
  const baselineFigure = createBaselineDeltaFigure(summary, pairedStats);
  if (baselineFigure) figureSpecs.push(baselineFigure);
  if (options.figurePack) {
    const pack = options.figurePack({
      summary,
      seeds: summary.seeds,
      readRunFile: (path) => {
        if (checkRelativePath(path) !== null) return null;
        try {
          const full = resolveInsideRunDir(runDir, path);
          return existsSync(full) ? readFileSync(full, 'utf8') : null;
        } catch {
          return null; // a symlink out of the run directory reads as absent
        }
      },
    });
    for (const figure of pack) {
      checkFigurePath(figure.path, 'figure pack');
      if (figureSpecs.some((existing) => existing.path === figure.path)) {
        throw new ZpbenchError(
          ERROR_CODES.PATH_ESCAPE,
          `figure pack path "${figure.path}" is used twice or clashes with a standard figure; give each figure its own path`,
        );
      }
      figureSpecs.push({ path: figure.path, title: figure.title, spec: figure.spec });
    }
  }

  const outputs = new Map<string, string>();
  const svgs = new Map<string, string>();
  const figures: ReportFigure[] = [];
  for (const figure of figureSpecs) {
    const spec = withFigureConfig(figure.spec);
    const svg = await renderVegaLiteToSvg(spec);
    const specPath = specPathOf(figure.path);
    outputs.set(figure.path, svg);
    outputs.set(specPath, formatArtifactJson(spec));
    svgs.set(figure.path, svg);
    figures.push({ path: figure.path, specPath, title: figure.title });
  }
  outputs.set(RUN_FILES.summaryMd, renderSummaryMarkdown(summary));
  if (pairedStats) outputs.set(RUN_FILES.pairedStatsMd, renderPairedStatsMarkdown(pairedStats));
  const markdown = renderRunReportMarkdown({
    summary,
    pairedStats,
    claimAudit,
    provenance,
    resumeState,
    figures,
    integrityNotice: notice,
  });
  outputs.set(RUN_FILES.runReport, markdown);
  if (options.html || existsSync(join(runDir, RUN_FILES.runReportHtml))) {
    outputs.set(
      RUN_FILES.runReportHtml,
      renderMarkdownToHtml(markdown, {
        title: `Run report: ${summary.domain} / ${summary.mode}${provenance ? ` (${provenance.run_id})` : ''}`,
        figures: svgs,
      }),
    );
  }

  const written: string[] = [];
  for (const [path, content] of outputs) {
    writeFileAtomic(join(runDir, ...path.split('/')), content);
    written.push(path);
  }
  const removed: string[] = [];
  if (!baselineFigure) {
    for (const path of [RUN_FILES.baselineDeltaSvg, specPathOf(RUN_FILES.baselineDeltaSvg)]) {
      const full = join(runDir, ...path.split('/'));
      if (existsSync(full)) {
        rmSync(full);
        removed.push(path);
      }
    }
  }
  if (verify && manifestReadable) await refreshManifest(runDir, [...written, ...removed]);
  return { written };
}
