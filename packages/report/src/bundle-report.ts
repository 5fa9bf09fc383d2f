import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  checkRelativePath,
  ERROR_CODES,
  hashFile,
  RUN_FILES,
  readArtifact,
  readJsonFile,
  resolveInsideRunDir,
  SUMMARY_MARKER,
  SUMMARY_VERSION,
  type SummaryV1,
  summaryV1Schema,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { encodeHref, escapeMarkdown, markdownCode } from './escape.js';
import { createMetricSummaryFigure } from './figures.js';
import { formatNumber } from './format.js';
import { heading, joinBlocks, markdownTable } from './markdown.js';
import type { ReportResult } from './run-report.js';
import { renderMetricSections } from './summary-markdown.js';
import { renderVegaLiteToSvg, withFigureConfig } from './vega-render.js';

/** Result of {@link renderBundleReport}. */
export type BundleReportResult = ReportResult;

/** Bundle file name. */
export const BUNDLE_FILE = 'bundle.json';
/** DOSE operating-point sidecar of a parent run. */
export const DOSE_OPERATING_POINTS = 'aggregated/dose_operating_points.json';

const MAX_ROWS = 200;
const SHA256 = /^[0-9a-f]{64}$/;

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

/**
 * Finds `(path, sha256)` pairs anywhere a bundle might list them: arrays of `{ path, sha256 }`
 * objects, or objects mapping a relative file name to a digest (or to `{ sha256 }`).
 */
export function listBundleFiles(bundle: Json): { path: string; sha256: string }[] {
  const found = new Map<string, string>();
  const visit = (value: Json, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (
          isObject(item) &&
          typeof item.path === 'string' &&
          typeof item.sha256 === 'string' &&
          SHA256.test(item.sha256)
        )
          found.set(item.path, item.sha256);
        else visit(item, depth + 1);
      }
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const digest =
        typeof child === 'string'
          ? child
          : isObject(child) && typeof child.sha256 === 'string'
            ? child.sha256
            : null;
      if (digest !== null && SHA256.test(digest) && /[./]/.test(key) && !key.includes(' '))
        found.set(key, digest);
      else visit(child, depth + 1);
    }
  };
  visit(bundle, 0);
  return [...found].map(([path, sha256]) => ({ path, sha256 }));
}

async function checkBundleFiles(bundleDir: string, bundle: Json): Promise<BundleFileCheck[]> {
  const checks: BundleFileCheck[] = [];
  for (const { path, sha256 } of listBundleFiles(bundle)) {
    if (checkRelativePath(path) !== null) {
      checks.push({ path, expected: sha256, status: 'unsafe path', actual: null });
      continue;
    }
    let full: string;
    try {
      full = resolveInsideRunDir(bundleDir, path);
    } catch {
      checks.push({ path, expected: sha256, status: 'unsafe path', actual: null });
      continue;
    }
    if (!existsSync(full) || !statSync(full).isFile()) {
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

function bundleModel(bundle: Json, summary: SummaryV1 | null): string | null {
  if (!isObject(bundle) || !summary) return null;
  for (const key of ['model', 'model_id']) {
    const value = bundle[key];
    if (typeof value === 'string' && value in summary.metrics) return value;
  }
  return null;
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

function operatingPointsSection(runDir: string, linkPrefix: string): string[] {
  const path = join(runDir, DOSE_OPERATING_POINTS);
  if (!existsSync(path)) return [];
  const value = readJsonFile(path, DOSE_OPERATING_POINTS) as Json;
  return [
    heading(2, 'DOSE operating points'),
    `From [${DOSE_OPERATING_POINTS}](${encodeHref(`${linkPrefix}${DOSE_OPERATING_POINTS}`)}) of the parent run.`,
    fieldTable(value),
  ];
}

/**
 * Writes `VALIDATION_REPORT.md` and `VALIDATION_REPORT.summary.svg` for a deployment bundle
 * directory (one holding `bundle.json`): its contract, hash and tau fields, the sha256 check of
 * every file it lists and, when it lives inside a run directory, the parent run's summary and DOSE
 * operating points. Reads `bundle.json` as generic JSON, so new bundle fields show up as they come.
 * @example
 * await renderBundleReport('results/benchmarks/dose/run_x/seed_0/bundles/strict');
 */
export async function renderBundleReport(bundleDir: string): Promise<BundleReportResult> {
  const bundlePath = join(bundleDir, BUNDLE_FILE);
  if (!existsSync(bundlePath)) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${bundleDir} has no ${BUNDLE_FILE}; pass a deployment bundle directory`,
    );
  }
  const bundle = readJsonFile(bundlePath, BUNDLE_FILE) as Json;
  if (!isObject(bundle)) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${bundlePath} is not a JSON object; a bundle.json must hold an object`,
    );
  }
  const checks = await checkBundleFiles(bundleDir, bundle);
  const runDir = findParentRunDir(bundleDir);
  const runRel = runDir === null ? null : relative(resolve(bundleDir), runDir).split(sep).join('/');
  const linkPrefix = runRel === null || runRel === '' ? '' : `${runRel}/`;
  const summaryPath = runDir === null ? null : join(runDir, RUN_FILES.summary);
  const summary =
    summaryPath !== null && existsSync(summaryPath)
      ? readArtifact(
          summaryPath,
          summaryV1Schema,
          SUMMARY_MARKER,
          SUMMARY_VERSION,
          RUN_FILES.summary,
        )
      : null;
  const model = bundleModel(bundle, summary);
  const shownSummary = summary ? restrictSummary(summary, model) : null;

  const failing = checks.filter((check) => check.status !== 'ok');
  const verdict =
    checks.length === 0
      ? 'The bundle lists no files with sha256 digests; nothing was verified.'
      : failing.length === 0
        ? `**All ${checks.length} listed files match their sha256.**`
        : `**${failing.length} of ${checks.length} listed files fail verification.**`;
  const highlights = Object.keys(bundle).filter((key) =>
    /contract|hash|sha256|tau|schema|version|model/i.test(key),
  );
  const svgName = 'VALIDATION_REPORT.summary.svg';
  const markdown = joinBlocks([
    heading(1, 'Bundle validation report'),
    verdict,
    heading(2, 'Contract'),
    highlights.length > 0
      ? fieldTable(Object.fromEntries(highlights.map((key) => [key, bundle[key] as Json])))
      : 'bundle.json has no contract, hash, tau, schema or model fields.',
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
    heading(2, 'Other bundle fields'),
    fieldTable(bundle, (key) =>
      highlights.some((h) => key === h || key.startsWith(`${h}.`) || key.startsWith(`${h}[`)),
    ),
    heading(2, 'Parent benchmark run'),
    runDir === null
      ? 'The bundle does not live inside a benchmark run directory.'
      : `Run directory ${markdownCode(runRel === '' ? '.' : (runRel as string))} (relative to this bundle): [manifest.json](${encodeHref(`${linkPrefix}${RUN_FILES.manifest}`)})${summary ? `, [summary](${encodeHref(`${linkPrefix}${RUN_FILES.summaryMd}`)})` : ''}.`,
    ...(shownSummary
      ? [
          model === null
            ? 'Summary of every model of the run (the bundle names no model of it):'
            : `Summary of ${markdownCode(model)}, the bundle's model:`,
          ...renderMetricSections(shownSummary, 3),
        ]
      : []),
    ...(runDir === null ? [] : operatingPointsSection(runDir, linkPrefix)),
    heading(2, 'Figure'),
    `![Bundle validation summary](${svgName})`,
  ]);
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
