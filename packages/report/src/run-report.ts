import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ArtifactReader,
  appendDerivedEnvelope,
  buildRunEnvelope,
  CLAIM_AUDIT_SCHEMA,
  checkRelativePath,
  checkRunDir,
  createRunReader,
  type DomainContract,
  type DomainPlugin,
  ERROR_CODES,
  escapeMarkdown,
  type FileRecord,
  findArtifactSpec,
  formatArtifactJson,
  listRunFiles,
  PAIRED_STATS_SCHEMA,
  PROVENANCE_SCHEMA,
  perSeedResultPath,
  RESUME_STATE_SCHEMA,
  RUN_FILES,
  type RunView,
  readArtifact,
  readRunArtifact,
  refreshManifest,
  runArtifactTable,
  type SchemaEntry,
  SUMMARY_SCHEMA,
  sha256Hex,
  storedRunDerivedInput,
  type Violation,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';
import {
  createBaselineDeltaFigure,
  createMetricSummaryFigure,
  createPerSeedDistributionsFigure,
  createTrainingLossFigure,
} from './figures.js';
import { renderMarkdownToHtml } from './markdown-html.js';
import { renderPairedStatsMarkdown } from './paired-stats-markdown.js';
import {
  type ReportFigure,
  renderRunReportMarkdown,
  reportVerdict,
} from './run-report-markdown.js';
import { renderSummaryMarkdown } from './summary-markdown.js';
import { renderVegaLiteToSvg, withFigureConfig, withSvgTitle } from './vega-render.js';

/** Options of {@link renderRunReport}. */
export interface RenderRunReportOptions {
  /** The run's domain contract: its artifact table and schemas. */
  readonly contract: DomainContract;
  /** The domain's figure pack and report sections, rendered from stored artifacts. */
  readonly domain?: Pick<DomainPlugin<unknown>, 'figurePack' | 'reportSections'>;
  /**
   * The recorded hashes of the run's files while it has no manifest yet (the runner renders the
   * report before it writes the manifest); a finished run's manifest is used otherwise.
   */
  readonly files?: Readonly<Record<string, { readonly sha256: string }>>;
  /** Also write RUN_REPORT.html (an existing RUN_REPORT.html is always refreshed). */
  readonly html?: boolean;
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

/** What {@link renderRunReport} wrote (with the records of the bytes written) and removed. */
export interface RunReportResult extends ReportResult {
  readonly records: readonly FileRecord[];
  readonly removed: readonly string[];
}

/**
 * True for the files {@link renderRunReport} rewrites itself (declared with role report or
 * figure); their stale hashes are expected.
 */
export function isReportOutput(contract: DomainContract, file: string): boolean {
  const role = findArtifactSpec(runArtifactTable(contract), file)?.spec.role;
  return role === 'report' || role === 'figure';
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
export function integrityViolations(
  contract: DomainContract,
  violations: readonly Violation[],
): Violation[] {
  return violations.filter((violation) => {
    if (violation.file === RUN_FILES.manifest) return MANIFEST_CHECKS.has(violation.check);
    if (isReportOutput(contract, violation.file)) return false;
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

function readOptional<T>(runDir: string, file: string, entry: SchemaEntry<T>): T | null {
  const path = join(runDir, file);
  return existsSync(path) ? readArtifact(path, entry, file) : null;
}

function checkFigurePath(contract: DomainContract, path: string, source: string): void {
  const found = findArtifactSpec(runArtifactTable(contract), path);
  if (checkRelativePath(path) !== null || !path.endsWith('.svg') || found?.spec.role !== 'figure') {
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `${source} figure path "${path}" is not a figure the ${contract.id} domain declares; declare it in the artifact table (role figure, an .svg, under figures/ or a seed directory)`,
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
 * const { written } = await renderRunReport('results/benchmarks/my-domain/run_x', { contract, html: true });
 */
export async function renderRunReport(
  runDir: string,
  options: RenderRunReportOptions,
): Promise<RunReportResult> {
  // Phases: verify integrity, read artifacts, build figures, render Markdown and HTML, write,
  // remove stale figures, record the written files in the manifest.
  const { contract } = options;
  const hasManifest = existsSync(join(runDir, RUN_FILES.manifest));
  const verify = (options.verify ?? true) && hasManifest;
  let notice: string | null = null;
  let files: Readonly<Record<string, { readonly sha256: string }>> = options.files ?? {};
  if (verify) {
    const check = await checkRunDir(runDir, {
      domains: (id) => (id === contract.id ? contract : undefined),
    });
    const broken = integrityViolations(contract, check.violations);
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
    files = check.manifest?.artifacts ?? {};
  }
  const read: ArtifactReader = createRunReader(runDir, files, { checkHashes: notice === null });

  const summary = readArtifact(join(runDir, RUN_FILES.summary), SUMMARY_SCHEMA, RUN_FILES.summary);
  const pairedStats = readOptional(runDir, RUN_FILES.pairedStats, PAIRED_STATS_SCHEMA);
  const claimAudit = readOptional(runDir, RUN_FILES.claimAuditJson, CLAIM_AUDIT_SCHEMA);
  const provenance = readOptional(runDir, RUN_FILES.provenance, PROVENANCE_SCHEMA);
  const resumeState = readOptional(runDir, RUN_FILES.resumeState, RESUME_STATE_SCHEMA);
  const view: RunView = {
    mode: summary.mode,
    seeds: summary.seeds,
    summary,
    pairedStats,
    seedResult: (seed) => {
      const entry = files[perSeedResultPath(seed)];
      return entry
        ? readRunArtifact(
            runDir,
            perSeedResultPath(seed),
            contract.seedResult,
            notice === null ? entry : undefined,
          )
        : null;
    },
    read,
  };

  const figureSpecs: { path: string; title: string; spec: Record<string, unknown> }[] = [
    createMetricSummaryFigure(summary),
    createPerSeedDistributionsFigure(summary),
  ];
  const baselineFigure = createBaselineDeltaFigure(summary, pairedStats);
  if (baselineFigure) figureSpecs.push(baselineFigure);
  const trainingFigure = createTrainingLossFigure(summary, view.seedResult);
  if (trainingFigure) figureSpecs.push(trainingFigure);
  for (const figure of options.domain?.figurePack?.(view) ?? []) {
    checkFigurePath(contract, figure.path, 'figure pack');
    if (figureSpecs.some((existing) => existing.path === figure.path)) {
      throw new ZpbenchError(
        ERROR_CODES.PLUGIN_CONTRACT,
        `figure pack path "${figure.path}" is used twice or clashes with a standard figure; give each figure its own path`,
      );
    }
    figureSpecs.push({ path: figure.path, title: figure.title, spec: figure.spec });
  }

  const outputs = new Map<string, string>();
  const svgs = new Map<string, string>();
  const figures: ReportFigure[] = [];
  for (const figure of figureSpecs) {
    const spec = withFigureConfig(figure.spec);
    // A standalone SVG names itself: its <title> is what a browser tab or screen reader shows.
    const svg = withSvgTitle(await renderVegaLiteToSvg(spec), figure.title);
    const specPath = specPathOf(figure.path);
    outputs.set(figure.path, svg);
    outputs.set(specPath, formatArtifactJson(spec));
    svgs.set(figure.path, svg);
    figures.push({ path: figure.path, specPath, title: figure.title });
  }
  // The aggregated Markdown carries the run's derived envelope (as CLAIM_AUDIT.md does): from
  // provenance's seed contract and fingerprints, which no later phase of the run changes.
  const derived = (markdown: string) =>
    provenance
      ? appendDerivedEnvelope(markdown, storedRunDerivedInput(contract, provenance, summary))
      : markdown;
  outputs.set(RUN_FILES.summaryMd, derived(renderSummaryMarkdown(summary)));
  if (pairedStats)
    outputs.set(RUN_FILES.pairedStatsMd, derived(renderPairedStatsMarkdown(pairedStats)));
  // The envelope a citation attaches: from the stored artifacts only (deterministic digests).
  const envelope = provenance
    ? buildRunEnvelope({
        contract,
        provenance,
        summary,
        claimAudit,
        references: {
          [RUN_FILES.provenance]: `sha256:${sha256Hex(readFileSync(join(runDir, RUN_FILES.provenance)))}`,
        },
      })
    : null;
  const markdown = renderRunReportMarkdown({
    envelope,
    summary,
    pairedStats,
    claimAudit,
    provenance,
    resumeState,
    figures,
    domainSections: options.domain?.reportSections?.(view) ?? [],
    integrityNotice: notice,
  });
  outputs.set(RUN_FILES.runReport, markdown);
  if (options.html || existsSync(join(runDir, RUN_FILES.runReportHtml))) {
    outputs.set(
      RUN_FILES.runReportHtml,
      renderMarkdownToHtml(markdown, {
        title: `Run report: ${summary.domain} / ${summary.mode}${provenance ? ` (${provenance.run_id})` : ''}`,
        figures: svgs,
        verdict: reportVerdict(claimAudit, pairedStats)?.verdict ?? null,
      }),
    );
  }

  const records: FileRecord[] = [];
  for (const [path, content] of outputs) records.push(writeRunFile(runDir, path, content));
  // Figures of an earlier rendering that this one no longer produces (a baseline comparison
  // dropped, a figure renamed) would be left unlisted: remove them, wherever the table declares
  // figures (under figures/ or, for per-seed figures, in the seed directories).
  const table = runArtifactTable(contract);
  const removed = listRunFiles(runDir).filter(
    (path) =>
      !outputs.has(path) &&
      (path.startsWith('figures/') || findArtifactSpec(table, path)?.spec.role === 'figure'),
  );
  for (const path of removed) rmSync(join(runDir, ...path.split('/')), { force: true });
  if (verify) refreshManifest(runDir, contract, records, removed);
  return { written: records.map((r) => r.path), records, removed };
}
