import { existsSync, lstatSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  appendArtifactEnvelope,
  appendDerivedEnvelope,
  type BenchmarkRun,
  type BundleDescriber,
  checkArtifact,
  checkRelativePath,
  type DomainContract,
  ERROR_CODES,
  encodeHref,
  escapeMarkdown,
  findArtifactSpec,
  formatNumber,
  hashFile,
  heading,
  isZpbenchError,
  joinBlocks,
  MANIFEST_SCHEMA,
  markdownCode,
  markdownTable,
  parseJsonText,
  RUN_FILES,
  type RunView,
  readArtifact,
  readBenchmarkRun,
  readMarker,
  readRunFile,
  resolveInsideRunDir,
  type SchemaEntry,
  type SummaryV1,
  sha256Hex,
  storedRunDerivedInput,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { createMetricSummaryFigure } from './figures.js';
import type { ReportResult } from './run-report.js';
import { renderReportSections } from './sections.js';
import { renderMetricSections } from './summary-markdown.js';
import { renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';

/** Result of {@link renderBundleReport}. */
export type BundleReportResult = ReportResult;

/** Bundle file name. */
export const BUNDLE_FILE = 'bundle.json';

const MAX_ROWS = 200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens scalar leaves to dotted keys, in document order. */
function flatten(value: Json, prefix: string, out: [string, Json][], depth = 0): void {
  if (out.length >= MAX_ROWS) return;
  if (Array.isArray(value)) {
    if (value.every((item) => !isObject(item) && !Array.isArray(item)) && value.length <= 16) {
      out.push([prefix, value.map((item) => formatScalar(item)).join(', ')]);
      return;
    }
    if (depth >= 4) return void out.push([prefix, `[${value.length} items]`]);
    for (const [index, item] of value.entries())
      flatten(item, `${prefix}[${index}]`, out, depth + 1);
    return;
  }
  if (isObject(value)) {
    if (depth >= 4) return void out.push([prefix, '{…}']);
    for (const [key, child] of Object.entries(value))
      flatten(child, prefix === '' ? key : `${prefix}.${key}`, out, depth + 1);
    return;
  }
  out.push([prefix, value]);
}

function formatScalar(value: Json): string {
  if (typeof value === 'number') return formatNumber(value, 6);
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function fieldTable(value: Json, skip: (key: string) => boolean = () => false): string {
  const rows: [string, Json][] = [];
  flatten(value, '', rows);
  const kept = rows.filter(([key]) => !skip(key));
  if (kept.length === 0) return 'No fields.';
  return markdownTable(
    ['field', 'value'],
    kept.map(([key, leaf]) => [markdownCode(key), escapeMarkdown(formatScalar(leaf))]),
  );
}

/** A file a bundle lists with its expected sha256. */
export interface BundleFileCheck {
  readonly path: string;
  readonly expected: string;
  readonly status: 'ok' | 'mismatch' | 'missing' | 'unsafe path';
  readonly actual: string | null;
}

async function checkBundleFiles(
  bundleDir: string,
  listed: readonly { readonly path: string; readonly sha256: string }[],
): Promise<BundleFileCheck[]> {
  const checks: BundleFileCheck[] = [];
  for (const { path, sha256 } of listed) {
    let full: string | null = null;
    if (checkRelativePath(path) === null) {
      try {
        full = resolveInsideRunDir(bundleDir, path);
      } catch {
        full = null;
      }
    }
    if (full === null) {
      checks.push({ path, expected: sha256, status: 'unsafe path', actual: null });
      continue;
    }
    if (!existsSync(full) || !lstatSync(full).isFile()) {
      checks.push({ path, expected: sha256, status: 'missing', actual: null });
      continue;
    }
    const actual = (await hashFile(full)).sha256;
    checks.push({ path, expected: sha256, status: actual === sha256 ? 'ok' : 'mismatch', actual });
  }
  return checks;
}

/** The nearest ancestor directory holding a run manifest, or null. */
export function findParentRunDir(bundleDir: string): string | null {
  let dir = dirname(resolve(bundleDir));
  for (;;) {
    if (existsSync(join(dir, RUN_FILES.manifest))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function restrictSummary(summary: SummaryV1, model: string | null): SummaryV1 {
  if (model === null) return summary;
  return {
    ...summary,
    models: summary.models.filter((entry) => entry.id === model),
    metrics: { [model]: summary.metrics[model] ?? {} },
    per_seed: summary.per_seed.filter((row) => row.model === model),
  };
}

function createValidationSpec(
  checks: readonly BundleFileCheck[],
  summary: SummaryV1 | null,
): Record<string, unknown> {
  const statuses = ['ok', 'mismatch', 'missing', 'unsafe path'];
  const counts = statuses.map((status) => ({
    status,
    files: checks.filter((c) => c.status === status).length,
  }));
  const checkPanel = {
    title: {
      text: 'Bundle file checks',
      subtitle: `${checks.length} listed files verified by sha256`,
    },
    width: 300,
    height: { step: 24 },
    data: { values: counts },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'status', type: 'nominal', sort: statuses, title: null },
      x: {
        field: 'files',
        type: 'quantitative',
        title: 'files',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: {
        field: 'status',
        type: 'nominal',
        legend: null,
        scale: { domain: statuses, range: ['#1a7f37', '#cf222e', '#bc4c00', '#8250df'] },
      },
    },
  };
  const panels: Record<string, unknown>[] = [checkPanel];
  if (summary) {
    const metricSpec = createMetricSummaryFigure(summary).spec;
    const more = metricSpec.concat;
    if (Array.isArray(more)) panels.push(...(more as Record<string, unknown>[]));
  }
  return {
    title: { text: 'Bundle validation summary' },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  };
}

/** A domain as the bundle report needs it: its contract and how it describes its bundles. */
export interface BundleDomain {
  readonly contract: DomainContract;
  readonly bundle?: BundleDescriber;
}

/** Options of {@link renderBundleReport}. */
export interface RenderBundleReportOptions {
  /** The registered domains (their contracts are light; a bundle's own marker picks one). */
  readonly domains: readonly string[];
  readonly resolve: (
    domain: string,
  ) => Promise<BundleDomain | undefined> | BundleDomain | undefined;
  /** The zpbench version a loose bundle's report envelope names (the CLI passes its own). */
  readonly zpbenchVersion?: string;
}

/** What a loose bundle's report checks, and what it does not. */
const LOOSE_BUNDLE_CLAIM_BOUNDARY =
  'The bundle manifest against its domain’s schema and each listed file against its recorded sha256; no model is run, no metric recomputed, and no run is cited (the bundle lives in none that validates).';
const LOOSE_BUNDLE_METRIC_SEMANTICS =
  'Per listed file: ok when its sha256 matches the manifest’s, otherwise missing or mismatched; the event count is the number of files checked.';

/** The bundle-manifest schema of a domain, or null when it ships no bundle. */
function bundleSchemaOf(contract: DomainContract): SchemaEntry | null {
  const spec = contract.artifacts.find((a) => a.id === contract.bundle?.artifact);
  return spec?.schema ?? null;
}

async function findBundleDomain(
  options: RenderBundleReportOptions,
  runDomain: string | null,
  marker: unknown,
): Promise<BundleDomain | null> {
  for (const id of runDomain ? [runDomain] : options.domains) {
    const domain = await options.resolve(id);
    if (domain && bundleSchemaOf(domain.contract)?.marker === marker) return domain;
  }
  return null;
}

/**
 * Writes `VALIDATION_REPORT.md` and `VALIDATION_REPORT.summary.svg` for a deployment bundle
 * directory: the bundle manifest parsed by its domain's declared schema, the sha256 check of
 * every file that schema lists, and, when it lives inside a run directory, the bundle manifest
 * against the run's manifest, the run's summary of the bundle's model and the domain's own
 * sections.
 * @example
 * await renderBundleReport('results/benchmarks/my-domain/run_x/seed_0/bundles/my-model', { domains, resolve });
 */
export async function renderBundleReport(
  bundleDir: string,
  options: RenderBundleReportOptions,
): Promise<BundleReportResult> {
  const bundlePath = join(bundleDir, BUNDLE_FILE);
  if (!existsSync(bundlePath) || !lstatSync(bundlePath).isFile()) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${bundleDir} has no ${BUNDLE_FILE}; pass a deployment bundle directory`,
    );
  }
  const bundleBytes = readRunFile(bundleDir, BUNDLE_FILE);
  const value = parseJsonText(bundleBytes.toString('utf8'), bundlePath);
  const runDir = findParentRunDir(bundleDir);
  const runManifest = runDir
    ? readArtifact(
        join(runDir, RUN_FILES.manifest),
        MANIFEST_SCHEMA,
        join(runDir, RUN_FILES.manifest),
      )
    : null;
  const domain = await findBundleDomain(
    options,
    runManifest?.domain ?? null,
    readMarker(value).marker,
  );
  const schema = domain ? bundleSchemaOf(domain.contract) : null;
  if (!domain || !schema) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${bundlePath}: bundle marker ${JSON.stringify(readMarker(value).marker ?? null)} is not the bundle of ${runManifest ? `the ${runManifest.domain} domain` : `any known domain (${options.domains.join(', ')})`}; pass a bundle directory written by zpbench`,
    );
  }
  const parsed = checkArtifact(schema, value);
  if (!parsed.ok) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${bundlePath} fails its ${domain.contract.id} bundle schema: ${parsed.check} expected ${parsed.expected}, found ${parsed.found}`,
    );
  }
  const bundle = parsed.data as Json;
  const checks = await checkBundleFiles(
    bundleDir,
    domain.contract.bundle?.files(parsed.data) ?? [],
  );
  const runRel = runDir === null ? null : relative(resolve(bundleDir), runDir).split(sep).join('/');
  const linkPrefix = runRel === null || runRel === '' ? '' : `${runRel}/`;
  // Inside a run, the bundle manifest itself must be the one the run's manifest recorded: it is
  // checked first, as the file `bundle.json` with the run's recorded sha256.
  const bundleInRun =
    runDir === null ? null : relative(runDir, resolve(bundlePath)).split(sep).join('/');
  const recorded = bundleInRun ? runManifest?.artifacts[bundleInRun] : undefined;
  if (bundleInRun && recorded) {
    const actual = sha256Hex(bundleBytes);
    checks.unshift({
      path: BUNDLE_FILE,
      expected: recorded.sha256,
      status: actual === recorded.sha256 ? 'ok' : 'mismatch',
      actual,
    });
  }
  let run: BenchmarkRun | null = null;
  let runProblem: string | null = null;
  if (runDir) {
    try {
      run = await readBenchmarkRun(runDir, {
        domains: (id) => (id === domain.contract.id ? domain.contract : undefined),
      });
    } catch (error) {
      if (!isZpbenchError(error)) throw error;
      runProblem = error.message;
    }
  }
  const model =
    bundleInRun && run
      ? (findArtifactSpec(domain.contract.artifacts, bundleInRun)?.params.model ?? null)
      : null;
  const shownSummary = run
    ? restrictSummary(run.summary, model && model in run.summary.metrics ? model : null)
    : null;
  const view: RunView | null = run
    ? {
        mode: run.manifest.mode,
        seeds: run.manifest.seeds_completed,
        summary: run.summary,
        pairedStats: run.pairedStats,
        seedResult: (seed) => run?.seedResults.get(seed) ?? null,
        read: run.read,
      }
    : null;

  const failing = checks.filter((check) => check.status !== 'ok');
  const verdict =
    checks.length === 0
      ? `The ${domain.contract.id} bundle schema lists no files; only the bundle manifest was checked.`
      : failing.length === 0
        ? `**All ${checks.length} checked files match their sha256.**`
        : `**${failing.length} of ${checks.length} checked files fail verification.**`;
  const svgName = 'VALIDATION_REPORT.summary.svg';
  const body = joinBlocks([
    heading(1, 'Bundle validation report'),
    verdict,
    `Bundle of the ${markdownCode(domain.contract.id)} domain: ${markdownCode(schema.marker)} v${schema.version}, valid against its schema.`,
    heading(2, 'Files'),
    checks.length > 0
      ? markdownTable(
          ['file', 'status', 'expected sha256', 'actual sha256'],
          checks.map((check) => [
            markdownCode(check.path),
            check.status === 'ok' ? 'ok' : `**${check.status}**`,
            markdownCode(check.expected),
            check.actual === null ? '—' : markdownCode(check.actual),
          ]),
        )
      : 'No files listed.',
    heading(2, 'Bundle fields'),
    fieldTable(bundle),
    ...renderReportSections(domain.bundle?.describe(parsed.data, view) ?? []),
    heading(2, 'Parent benchmark run'),
    runDir === null
      ? 'The bundle does not live inside a benchmark run directory.'
      : `Run directory ${markdownCode(runRel === '' ? '.' : (runRel as string))} (relative to this bundle): [manifest.json](${encodeHref(`${linkPrefix}${RUN_FILES.manifest}`)})${run ? `, [summary](${encodeHref(`${linkPrefix}${RUN_FILES.summaryMd}`)})` : ''}.${runProblem ? ` It does not validate: ${escapeMarkdown(runProblem)}` : ''}`,
    ...(shownSummary
      ? [
          model === null
            ? 'Summary of every model of the run:'
            : `Summary of ${markdownCode(model)}, the bundle's model:`,
          ...renderMetricSections(shownSummary, 3),
        ]
      : []),
    heading(2, 'Figure'),
    `![Bundle validation summary](${svgName})`,
  ]);
  // Inside a run that validates, the report cites that run as its derived Markdown does (the run's
  // inputs, this file's bytes); otherwise it cites the bundle manifest's bytes.
  const markdown =
    run && shownSummary
      ? appendDerivedEnvelope(
          body,
          storedRunDerivedInput(domain.contract, run.provenance, shownSummary),
        )
      : appendArtifactEnvelope(body, {
          suiteId: `${domain.contract.id}-bundle`,
          suiteVersion: `${schema.marker}:v${schema.version}`,
          zpbenchVersion: options.zpbenchVersion ?? 'unknown',
          artifactBytes: bundleBytes,
          models: model === null ? [] : [model],
          eventCount: checks.length,
          claimBoundary: LOOSE_BUNDLE_CLAIM_BOUNDARY,
          metricSemantics: LOOSE_BUNDLE_METRIC_SEMANTICS,
        });
  const svg = await renderVegaLiteToSvg(
    withFigureConfig(createValidationSpec(checks, shownSummary)),
  );
  const written: string[] = [];
  for (const [file, content] of [
    ['VALIDATION_REPORT.md', markdown],
    [svgName, svg],
  ] as const) {
    const path = join(bundleDir, file);
    writeFileAtomic(path, content);
    written.push(path);
  }
  return { written };
}
