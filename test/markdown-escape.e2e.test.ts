/**
 * Every Markdown file zpbench writes keeps hostile artifact strings as text: runs in a directory
 * named `<img src=x onerror=alert(1)>` compared with a baseline under a hostile path, a report
 * rendered over a tampered run (a hostile seed error), a training-log report of
 * a hostile file name, and a DOSE run with its Markdown sidecars and a bundle report. Each
 * Markdown file is parsed with marked (GFM): no raw HTML token may survive, and the HTML it
 * renders to holds only the tags Markdown itself makes, with relative links.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import { formatArtifactJson } from '@zpbench/core';
import { runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { Marked, type Token, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');

const RUN_NAME = '<img src=x onerror=alert(1)>';
const BASE_PARENT = '<img src=y onerror=alert(2)>';
const BASE_NAME = 'base<svg onload=alert(4)>';
const SEED_ERROR = '<img src=e onerror=alert(3)> [x](javascript:alert(3))';
const LOG_NAME = '<img src=t onerror=alert(7)>.jsonl';
const DOSE_NAME = '<img src=d onerror=alert(8)>';

let temp: string;
const spawn = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });
const zpbench = async (...args: string[]) => {
  const result = await spawn(...args);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.exitCode, args.join(' ')).toBe(0);
  return result;
};

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-md-'));
  const baseline = join(temp, BASE_PARENT, BASE_NAME);
  const run = join(temp, RUN_NAME);
  const common = ['--mode', 'smoke', '--workers', '0', '--quiet'];
  await zpbench('synthetic', ...common, '--out-root', baseline);
  // The injected regression fails the run (exit 1), said on stderr even under --quiet.
  const injected = await spawn(
    'synthetic',
    ...common,
    '--out-root',
    run,
    '--baseline-run-dir',
    baseline,
    '--inject-regression',
    'global',
    '--html-report',
  );
  expect(injected.exitCode).toBe(1);
  expect(injected.stderr).toBe(
    `zpbench synthetic: FAILED: regression against ${BASE_NAME} (meta p 0.0313 < alpha 0.05); see ${run}/CLAIM_AUDIT.md`,
  );
  await zpbench('report', 'benchmark', run, '--baseline-run-dir', baseline);

  // A tampered copy rendered on purpose: its hostile seed error reaches the report.
  const tampered = join(temp, `tampered ${RUN_NAME}`);
  cpSync(run, tampered, { recursive: true });
  const provenance = JSON.parse(readFileSync(join(tampered, 'provenance.json'), 'utf8'));
  provenance.seed_errors = { '0': SEED_ERROR };
  writeFileSync(join(tampered, 'provenance.json'), formatArtifactJson(provenance));
  await zpbench('report', 'benchmark', tampered, '--allow-tampered');

  const log = join(temp, 'logs', LOG_NAME);
  mkdirSync(join(temp, 'logs'));
  cpSync(join(run, 'aggregated/benchmark_metrics.jsonl'), log);
  await zpbench('report', 'training-log', log);

  const dose = await loadDomain('dose');
  if (!dose) throw new Error('dose is not registered');
  const doseRun = join(temp, DOSE_NAME);
  await runBenchmark({
    plugin: dose.plugin,
    module: dose.module,
    mode: 'smoke',
    config: dose.plugin.testConfig?.('smoke', dose.plugin.modes.smoke?.config),
    outRoot: doseRun,
    workers: 0,
    argv: ['dose', '--mode', 'smoke', '--out-root', doseRun],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(dose.plugin, dir, { html: false, verify: false, files }),
  });
  await zpbench('report', 'bundle', join(doseRun, 'seed_0/bundles/scm'));
}, 240_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Every raw HTML token of a Markdown token tree (blocks, inline, table cells, list items). */
function htmlTokens(tokens: readonly Token[]): string[] {
  return tokens.flatMap((token): string[] => {
    const own = token.type === 'html' ? [token.raw] : [];
    const nested = 'tokens' in token && token.tokens ? htmlTokens(token.tokens) : [];
    const items = token.type === 'list' ? htmlTokens((token as Tokens.List).items) : [];
    const cells =
      token.type === 'table'
        ? [(token as Tokens.Table).header, ...(token as Tokens.Table).rows].flatMap((row) =>
            row.flatMap((cell) => htmlTokens(cell.tokens)),
          )
        : [];
    return [...own, ...nested, ...items, ...cells];
  });
}

/** The tags Markdown markup itself renders to; anything else came from the text. */
const MARKDOWN_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 table thead tbody tr th td ul ol li a img code strong em del blockquote hr br pre input'.split(
    ' ',
  ),
);

describe('every Markdown file keeps hostile artifact strings as text', () => {
  it('has no raw HTML, only Markdown’s own tags with relative links, and the strings as text', () => {
    const files = markdownFiles(temp);
    const names = files.map((file) => relative(temp, file).replace(/^[^/]*\//, '')).sort();
    for (const expected of [
      'RUN_REPORT.md',
      'CLAIM_AUDIT.md',
      'aggregated/summary.md',
      'aggregated/paired_stats.md',
      'aggregated/dose_operating_points.md',
      'aggregated/dose_pareto_front.md',
      'seed_0/bundles/scm/VALIDATION_REPORT.md',
      '<img src=t onerror=alert(7)>_REPORT.md',
    ])
      expect(names).toContain(expected);
    expect(files.length).toBeGreaterThanOrEqual(18);
    const marked = new Marked({ gfm: true, async: false });
    let all = '';
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      all += text;
      expect(htmlTokens(marked.lexer(text)), file).toEqual([]);
      const html = marked.parse(text) as string;
      for (const [tag, name] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)[^>]*>/g)) {
        expect(MARKDOWN_TAGS.has((name as string).toLowerCase()), `${file}: ${tag}`).toBe(true);
        expect(tag, file).not.toMatch(/\son[a-z]+=/i);
        expect(tag, file).not.toMatch(/(href|src)="(?![A-Za-z0-9_.%#-]|\.\.\/)/);
        expect(tag, file).not.toMatch(/(href|src)="[a-z][a-z0-9+.-]*:/i);
      }
    }
    // The hostile strings did reach the files (as text): the check above is not vacuous.
    for (const shown of [
      'onerror=alert\\(1\\)', // run directory name: run id and invocation
      'onerror=alert\\(2\\)', // baseline path: invocation
      'onload=alert\\(4\\)', // baseline run id
      'onerror=alert\\(3\\)', // seed error of the tampered run
      'onerror=alert\\(7\\)', // training-log file name
      'onerror=alert\\(8\\)', // the DOSE run's own name
    ])
      expect(all.includes(shown), shown).toBe(true);
  });
});
