/**
 * Opens the generated HTML reports in Debian's Chromium, driven by playwright-core, with every
 * network request aborted and recorded: the pages must load with no console error and no
 * request besides the file itself, and every figure must be visible.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_FILES } from '@zpbench/core';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderComparisonHtml } from './comparison-html.js';
import { renderRunReport } from './run-report.js';
import { createComparisonFixture, HOSTILE_MODEL } from './testing/comparison-fixture.js';
import { REPORT_FIXTURE_CONTRACT, writeReportFixtureRunDir } from './testing/report-fixture.js';
import { renderTrainingLogReport } from './training-log-report.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-html-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

interface PageLog {
  readonly requests: string[];
  readonly errors: string[];
}

/** Opens a file offline in a fresh profile; returns what the page requested and logged. */
async function openOffline(
  file: string,
  check: (context: BrowserContext, log: PageLog) => Promise<void>,
): Promise<PageLog> {
  const url = pathToFileURL(file).href;
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 900 },
    offline: true,
  });
  const log: PageLog = { requests: [], errors: [] };
  try {
    await context.route('**/*', (route) => {
      const requested = route.request().url();
      if (requested === url) return route.continue();
      log.requests.push(requested);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => {
      if (request.url() !== url) log.requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') log.errors.push(message.text());
    });
    page.on('pageerror', (error) => log.errors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    await check(context, log);
  } finally {
    await context.close();
  }
  return log;
}

const title = (what: string) =>
  HAS_CHROMIUM ? what : `${what} (skipped: ${CHROMIUM} is absent; apt-get install -y chromium)`;

describe('HTML reports in headless Chromium, offline', () => {
  it.skipIf(!HAS_CHROMIUM)(
    title('RUN_REPORT.html loads with no request and no console error, every figure visible'),
    async () => {
      const run = join(temp, 'run');
      await writeReportFixtureRunDir(run);
      await renderRunReport(run, { contract: REPORT_FIXTURE_CONTRACT, html: true });
      const log = await openOffline(join(run, RUN_FILES.runReportHtml), async (context) => {
        const page = context.pages()[0]!;
        const figures = page.locator('figure svg');
        expect(await figures.count()).toBe(3);
        for (const svg of await figures.all()) {
          await expect.poll(() => svg.isVisible()).toBe(true);
          const box = await svg.boundingBox();
          expect(box?.width ?? 0).toBeGreaterThan(100);
          expect(box?.height ?? 0).toBeGreaterThan(100);
        }
        expect(await page.title()).toBe('Run report: fixture / smoke (run_20260101_000000_nogit)');
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'report-html.png'), fullPage: true });
      });
      expect(log.requests).toEqual([]);
      expect(log.errors).toEqual([]);
      expect(existsSync(join(ARTIFACTS, 'report-html.png'))).toBe(true);
    },
  );

  it.skipIf(!HAS_CHROMIUM)(
    title('the training-log page draws interactive traces from the inlined vega builds'),
    async () => {
      const run = join(temp, 'run');
      await writeReportFixtureRunDir(run);
      const { written } = await renderTrainingLogReport(join(run, RUN_FILES.metricLog));
      const html = written.find((path) => path.endsWith('.html'))!;
      const log = await openOffline(html, async (context) => {
        const page = context.pages()[0]!;
        // The page script replaces the static SVG with a live vega view and marks the figure.
        await expect
          .poll(() => page.evaluate(() => typeof (window as { vega?: unknown }).vega))
          .toBe('object');
        await expect.poll(() => page.locator('#figure-1[data-live="true"]').count()).toBe(1);
        const chart = page.locator('#figure-1 .chart svg.marks');
        await expect.poll(() => chart.count()).toBe(1);
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(100);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'training-log-html.png'), fullPage: true });
      });
      expect(log.requests).toEqual([]);
      expect(log.errors).toEqual([]);
    },
  );

  it.skipIf(!HAS_CHROMIUM)(
    title('a comparison page loads offline, runs nothing, and shows hostile ids as text'),
    async () => {
      const file = join(temp, 'comparison.html');
      writeFileSync(file, renderComparisonHtml(createComparisonFixture()));
      const log = await openOffline(file, async (context) => {
        const page = context.pages()[0]!;
        expect(await page.title()).toBe('Regression review: fixture / smoke');
        // The claim boundary is the first paragraph, the shared context the first table.
        expect(await page.locator('main > p').first().textContent()).toMatch(/^Claim boundary\./);
        const firstTable = page.locator('table').first();
        expect(await firstTable.locator('th').nth(1).textContent()).toBe('baseline');
        expect(await page.locator('table').count()).toBe(7);
        for (const table of await page.locator('table').all())
          await expect.poll(() => table.isVisible()).toBe(true);
        // The hostile model id is text in a cell: no image, no link, no script ran.
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
        expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.getByText(HOSTILE_MODEL, { exact: true }).count()).toBe(2);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'comparison-html.png'), fullPage: true });
      });
      expect(log.requests).toEqual([]);
      expect(log.errors).toEqual([]);
    },
  );
});
