/**
 * An RF run on its tiny configuration, end to end: the gate accepts it, Python's jsonschema
 * accepts every JSON artifact against the committed schemas alone, `report benchmark`
 * regenerates the per-seed frequency-response figure byte for byte from the saved traces, and
 * Debian's Chromium opens that figure offline with both panels and their annotations.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import { runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const FIGURE = 'seed_0/rf_frequency_response.svg';

let temp: string;
let run: string;
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-rf-e2e-'));
  run = join(temp, 'run');
  const rf = await loadDomain('rf');
  if (!rf) throw new Error('rf is not registered');
  const { plugin } = rf;
  await runBenchmark({
    plugin,
    module: rf.module,
    mode: 'smoke',
    config: plugin.testConfig?.('smoke', plugin.modes.smoke?.config),
    outRoot: run,
    workers: 0,
    argv: ['rf', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(plugin, dir, { html: true, verify: false, files }),
  });
}, 180_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function pythonWithJsonschema(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import jsonschema']).status === 0) return python;
  }
  return null;
}
const python = pythonWithJsonschema();

describe('an RF run directory', () => {
  it('passes the gate', async () => {
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', run], {
      reject: false,
    });
    expect(gate.stderr).toBe('');
    expect(gate.exitCode).toBe(0);
  });

  it.skipIf(python === null)(
    'is valid under Python’s jsonschema with the committed schemas alone',
    () => {
      const out = execFileSync(python as string, [
        join(ROOT, 'scripts/validate-with-jsonschema.py'),
        run,
        join(ROOT, 'packages/core/schemas'),
        join(ROOT, 'packages/domain-rf/schemas'),
      ]).toString();
      expect(out).toMatch(
        /^(\d+) documents, \1 valid against the committed JSON Schemas, 0 invalid\n$/,
      );
    },
  );

  it('regenerates the frequency-response figure byte for byte from the saved traces', async () => {
    const before = readFileSync(join(run, FIGURE));
    const pack = JSON.parse(
      readFileSync(join(run, 'seed_0/rf_qualitative_figure_pack/manifest.json'), 'utf8'),
    ) as { examples: { figure: string }[] };
    const examples = pack.examples.map(
      (e) => [e.figure, readFileSync(join(run, e.figure))] as const,
    );
    rmSync(join(run, FIGURE));
    const report = await execa(process.execPath, [CLI, 'report', 'benchmark', run], {
      reject: false,
    });
    expect(report.exitCode).toBe(0);
    expect(readFileSync(join(run, FIGURE)).equals(before)).toBe(true);
    for (const [path, bytes] of examples)
      expect(readFileSync(join(run, path)).equals(bytes)).toBe(true);
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', run], {
      reject: false,
    });
    expect(gate.exitCode).toBe(0);
  }, 180_000);

  it.skipIf(!existsSync(CHROMIUM))(
    'opens in Chromium offline with the magnitude and phase panels and their annotations',
    async () => {
      const url = pathToFileURL(join(run, FIGURE)).href;
      const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1500, height: 700 },
        offline: true,
      });
      const requests: string[] = [];
      try {
        await context.route('**/*', (route) => {
          if (route.request().url() === url) return route.continue();
          requests.push(route.request().url());
          return route.abort();
        });
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(url, { waitUntil: 'load' });
        const svg = page.locator('svg').first();
        await expect.poll(() => svg.isVisible()).toBe(true);
        const box = await svg.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(600);
        expect(box?.height ?? 0).toBeGreaterThan(300);
        const text = await page.locator('svg text').allTextContents();
        // Both panels of every representative trace, the peak annotations and the legend.
        expect(text.filter((t) => t === '|H| (dB)')).toHaveLength(2);
        expect(text.filter((t) => t === 'phase (degrees)')).toHaveLength(2);
        expect(
          text.filter((t) => /^SCM-Transfer: (peak .*·Q, (retained|washout)|no value)/.test(t)),
        ).toHaveLength(2);
        expect(text).toContain('analytic (truth)');
        expect(text.some((t) => t.startsWith('Grey: peak search band'))).toBe(true);
        // Lines are drawn: one path per series and panel at least.
        expect(await page.locator('svg path[stroke-width="1.6"]').count()).toBeGreaterThanOrEqual(
          20,
        );
        mkdirSync(ARTIFACTS, { recursive: true });
        await svg.screenshot({
          path: join(ARTIFACTS, 'rf-frequency-response.png'),
          timeout: 120_000,
        });
      } finally {
        await context.close();
      }
      expect(requests).toEqual([]);
      expect(existsSync(join(ARTIFACTS, 'rf-frequency-response.png'))).toBe(true);
    },
    240_000,
  );
});
