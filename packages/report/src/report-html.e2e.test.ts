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
/** Report screenshots are kept under results/ (ignored by git), for a person to look at. */
const SCREENSHOTS = resolve(import.meta.dirname, '../../../results/test-artifacts');
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
  viewport = { width: 1366, height: 900 },
): Promise<PageLog> {
  const url = pathToFileURL(file).href;
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
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
        // metric summary, per-seed distributions, baseline deltas, training loss.
        expect(await figures.count()).toBe(4);
        for (const svg of await figures.all()) {
          await expect.poll(() => svg.isVisible()).toBe(true);
          const box = await svg.boundingBox();
          expect(box?.width ?? 0).toBeGreaterThan(100);
          expect(box?.height ?? 0).toBeGreaterThan(100);
        }
        expect(await page.title()).toBe('Run report: fixture / smoke (run_20260101_000000_nogit)');
      });
      expect(log.requests).toEqual([]);
      expect(log.errors).toEqual([]);
    },
  );

  it.skipIf(!HAS_CHROMIUM)(
    title(
      'RUN_REPORT.html opens with its verdict in words, a table of contents and collapsible sections, readable at 1400 and 800 px (screenshots kept)',
    ),
    async () => {
      const run = join(temp, 'run');
      await writeReportFixtureRunDir(run);
      await renderRunReport(run, { contract: REPORT_FIXTURE_CONTRACT, html: true });
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const width of [1400, 800]) {
        const shot = join(SCREENSHOTS, `run-report-${width}.png`);
        rmSync(shot, { force: true });
        const log = await openOffline(
          join(run, RUN_FILES.runReportHtml),
          async (context) => {
            const page = context.pages()[0]!;
            // The banner is the first thing under the title, and says its verdict in words.
            const banner = page.locator('main > h1 + p.verdict');
            expect(await banner.getAttribute('class')).toBe('verdict verdict-fail');
            expect(await banner.getAttribute('role')).toBe('status');
            expect(await banner.textContent()).toMatch(
              /^Verdict: FAIL: regression against run_20251201_000000_nogit \(meta p 0\.0313; mlp\/loss flagged\)\.$/,
            );
            const banner_box = await banner.boundingBox();
            expect(banner_box?.y ?? 1e9).toBeLessThan(200);
            // Every section is in the contents and each link lands on its section.
            const sections = page.locator('details.section');
            const links = page.locator('nav.toc a');
            const count = await sections.count();
            expect(count).toBeGreaterThanOrEqual(6);
            expect(await links.count()).toBe(count);
            for (let i = 0; i < count; i++) {
              const id = await sections.nth(i).getAttribute('id');
              expect(await links.nth(i).getAttribute('href')).toBe(`#${id}`);
            }
            // The claim audit is open, and a section collapses and reopens on a click.
            const claims = page.locator('details#claim-audit');
            expect(await claims.getAttribute('open')).toBe('');
            await claims.locator('summary').click();
            expect(await claims.getAttribute('open')).toBe(null);
            await expect.poll(() => claims.locator('table').isVisible()).toBe(false);
            await claims.locator('summary').click();
            await expect.poll(() => claims.locator('table').isVisible()).toBe(true);
            // No horizontal page scroll: tables scroll inside their own box if at all.
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            expect(overflow).toBeLessThanOrEqual(0);
            // The claims table fits the column at both widths, and no cell breaks inside a word:
            // each cell is at least as wide as its longest word.
            const fits = await claims
              .locator('.table-wrap')
              .evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
            expect(fits).toBe(true);
            const broken = await page.evaluate(() => {
              // A text node laid out on more lines than it has words was broken inside a word.
              const found: string[] = [];
              for (const td of document.querySelectorAll('td')) {
                const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const text = (node.textContent ?? '').trim();
                  if (!text) continue;
                  const range = document.createRange();
                  range.selectNodeContents(node);
                  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                  if (lines.size > text.split(/\s+/).length) found.push(text);
                }
              }
              return found;
            });
            expect(broken).toEqual([]);
            await page.screenshot({ path: shot, fullPage: true });
            // The first screen, as a reader opening the file sees it.
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: shot.replace(/\.png$/, '-top.png') });
          },
          { width, height: 1000 },
        );
        expect(log.requests).toEqual([]);
        expect(log.errors).toEqual([]);
        expect(existsSync(shot)).toBe(true);
      }
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
