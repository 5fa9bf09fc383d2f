import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkRunDir,
  defineDomainContract,
  isZpbenchError,
  type ReportSection,
  RUN_FILES,
  readJsonFile,
} from '@zpbench/core';
import { writeFixtureRunDir } from '@zpbench/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RenderRunReportOptions, renderRunReport } from './run-report.js';
import { REPORT_FIXTURE_CONTRACT, writeReportFixtureRunDir } from './testing/report-fixture.js';

const contract = REPORT_FIXTURE_CONTRACT;
const render = (dir: string, options: Omit<RenderRunReportOptions, 'contract'> = {}) =>
  renderRunReport(dir, { contract, ...options });
const checkRun = (dir: string) => checkRunDir(dir, { domains: () => contract });

let temp: string;
let run: string;
beforeEach(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-report-'));
  run = join(temp, 'run');
  await writeReportFixtureRunDir(run);
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('renderRunReport', () => {
  it('writes the reports and figures pinned by the file snapshots', async () => {
    const { written } = await render(run, { html: true });
    expect(written).toEqual([
      'figures/metric_summary.svg',
      'figures/metric_summary.vl.json',
      'figures/per_seed_metric_distributions.svg',
      'figures/per_seed_metric_distributions.vl.json',
      'figures/baseline_delta.svg',
      'figures/baseline_delta.vl.json',
      'figures/training_loss.svg',
      'figures/training_loss.vl.json',
      'aggregated/summary.md',
      'aggregated/paired_stats.md',
      'RUN_REPORT.md',
      'RUN_REPORT.html',
    ]);
    await expect(read(run, RUN_FILES.runReport)).toMatchFileSnapshot('__snapshots__/RUN_REPORT.md');
    await expect(read(run, RUN_FILES.summaryMd)).toMatchFileSnapshot('__snapshots__/summary.md');
    await expect(read(run, RUN_FILES.pairedStatsMd)).toMatchFileSnapshot(
      '__snapshots__/paired_stats.md',
    );
    await expect(read(run, RUN_FILES.metricSummarySvg)).toMatchFileSnapshot(
      '__snapshots__/metric_summary.svg',
    );
    await expect(read(run, 'figures/metric_summary.vl.json')).toMatchFileSnapshot(
      '__snapshots__/metric_summary.vl.json',
    );
    await expect(read(run, RUN_FILES.runReportHtml)).toMatchFileSnapshot(
      '__snapshots__/RUN_REPORT.html',
    );
  });

  it('titles every standalone SVG, never truncates a label, and opens RUN_REPORT.md with the verdict', async () => {
    const { written } = await render(run, { html: true });
    for (const path of written.filter((p) => p.endsWith('.svg'))) {
      expect(read(run, path)).toMatch(/^<svg [^>]*><title>[^<]+<\/title>/);
      // vega marks a truncated label with an ellipsis.
      expect(read(run, path)).not.toContain('…');
    }
    expect(read(run, RUN_FILES.trainingLossSvg)).toMatch(
      /^<svg [^>]*><title>Training loss per model<\/title>/,
    );
    const md = read(run, RUN_FILES.runReport).split('\n');
    expect(md[2]).toBe(
      '**Verdict: FAIL**: regression against run\\_20251201\\_000000\\_nogit \\(meta p 0.0313; mlp/loss flagged\\).',
    );
  });

  it('plots each model’s stored training log: one line per seed, steps on the x-axis', async () => {
    await render(run, { html: false });
    const spec = JSON.parse(read(run, 'figures/training_loss.vl.json'));
    const panels = spec.concat as {
      title: { text: string };
      data: { values: { seed: string; step: number; value: number }[] };
      encoding: Record<string, { field: string }>;
    }[];
    expect(panels.map((p) => p.title.text)).toEqual(['SCM', 'MLP']);
    expect(panels[0]?.encoding.x?.field).toBe('step');
    expect(panels[0]?.encoding.color?.field).toBe('seed');
    const scm = panels[0]?.data.values ?? [];
    expect(new Set(scm.map((v) => v.seed)).size).toBe(5);
    // Seed 0 of the SCM: 0.1 + 0.8·2^-(epoch+1) at steps 20…100.
    expect(scm.filter((v) => v.seed === 'seed 0').map((v) => [v.step, v.value])).toEqual([
      [20, 0.5],
      [40, 0.3],
      [60, 0.2],
      [80, 0.15],
      [100, 0.125],
    ]);
  });

  it('regenerates byte-identical files in a copied run directory', async () => {
    const { written } = await render(run, { html: true });
    const copy = join(temp, 'elsewhere', 'deeper', 'copied-run');
    cpSync(run, copy, { recursive: true });
    const again = await render(copy, { html: true });
    expect(again.written).toEqual(written);
    for (const file of [...written, RUN_FILES.manifest])
      expect(read(copy, file)).toBe(read(run, file));
    const html = read(copy, RUN_FILES.runReportHtml);
    expect(html).not.toContain(temp);
    expect(read(copy, RUN_FILES.runReport)).not.toContain(temp);
  });

  it('keeps the scientific gate passing after regeneration', async () => {
    await render(run, { html: true });
    const check = await checkRun(run);
    expect(check.violations).toEqual([]);
    const manifest = readJsonFile(join(run, RUN_FILES.manifest)) as {
      artifacts: Record<string, unknown>;
    };
    expect(Object.keys(manifest.artifacts)).toEqual(
      expect.arrayContaining([RUN_FILES.runReportHtml, 'figures/baseline_delta.vl.json']),
    );
  });

  it('refuses a run whose recorded hashes do not match, naming the file', async () => {
    // The fixture's own placeholder report, never rendered: the refusal must leave it as it is.
    const before = read(run, RUN_FILES.runReport);
    expect(before.startsWith('# Run report\n\nFixture run directory.\n')).toBe(true);
    appendFileSync(join(run, 'seed_0/per_seed_result.json'), ' ');
    const error = await render(run).catch((e: unknown) => e);
    expect(isZpbenchError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ZPB_RUN_INVALID');
    expect(
      (error as Error).message.replace(run, '<run>').replace(/[0-9a-f]{64}/g, '<sha>'),
    ).toMatchInlineSnapshot(
      `"<run> does not match its manifest: seed_0/per_seed_result.json: bytes expected 2625, found 2626 (and 1 more); the stored artifacts changed after the run was written — restore them, or pass --allow-tampered to render a report marked as unverified"`,
    );
    expect(read(run, RUN_FILES.runReport)).toBe(before);
  });

  it('renders a tampered run with allowTampered and says so on the first line', async () => {
    appendFileSync(join(run, 'seed_0/per_seed_result.json'), ' ');
    await render(run, { allowTampered: true });
    const [first, second] = read(run, RUN_FILES.runReport).split('\n');
    expect(first).toMatchInlineSnapshot(
      `"> **Unverified run directory:** 2 recorded checks of stored artifacts fail (first: seed\\_0/per\\_seed\\_result.json bytes); this report was rendered with --allow-tampered and must not be cited until \`zpbench validate\` passes."`,
    );
    expect(second).toBe('');
    // The tampered file still fails the gate: the refresh re-hashes report files only.
    const check = await checkRun(run);
    expect(check.violations.map((v) => `${v.file} ${v.check}`)).toEqual([
      'seed_0/per_seed_result.json bytes',
      'seed_0/per_seed_result.json sha256',
    ]);
  });

  it('ignores stale hashes of the report files it rewrites', async () => {
    appendFileSync(join(run, RUN_FILES.runReport), 'edited by hand\n');
    appendFileSync(join(run, RUN_FILES.metricSummarySvg), '<!-- edited -->\n');
    await render(run);
    expect(read(run, RUN_FILES.runReport).startsWith('# Run report')).toBe(true);
    expect((await checkRun(run)).ok).toBe(true);
  });

  it('removes a stale baseline_delta figure when there are no baseline deltas', async () => {
    await render(run);
    expect(existsSync(join(run, RUN_FILES.baselineDeltaSvg))).toBe(true);
    const bare = join(temp, 'bare');
    await writeReportFixtureRunDir(bare, { baseline: false });
    cpSync(join(run, 'figures'), join(bare, 'figures'), { recursive: true });
    const { written } = await render(bare);
    expect(written).not.toContain(RUN_FILES.baselineDeltaSvg);
    expect(existsSync(join(bare, RUN_FILES.baselineDeltaSvg))).toBe(false);
    expect(existsSync(join(bare, 'figures/baseline_delta.vl.json'))).toBe(false);
    expect(read(bare, RUN_FILES.runReport)).not.toContain('baseline_delta');
    expect((await checkRun(bare)).ok).toBe(true);
  });

  it('renders the domain’s structured sections escaped, and none for a domain without them', async () => {
    const section: ReportSection = {
      id: 'test-section',
      title: 'Domain <b>section</b>',
      blocks: [
        { kind: 'text', text: 'Counts per *model*; see [x](https://evil.example).' },
        {
          kind: 'table',
          columns: [
            { header: 'model', format: 'code' },
            { header: 'rate', align: 'right', format: 'percent' },
            { header: 'value', align: 'right', format: 'number' },
          ],
          rows: [
            ['scm', 0.125, 1234.5678],
            ['<script>', null, 1e-7],
          ],
        },
      ],
    };
    await render(run, { domain: { reportSections: () => [section] } });
    const markdown = read(run, RUN_FILES.runReport);
    expect(markdown).toContain(
      [
        '## Domain \\<b\\>section\\</b\\>',
        '',
        'Counts per \\*model\\*; see \\[x\\]\\(https\\:\\/\\/evil.example\\).',
        '',
        '| model | rate | value |',
        '| --- | ---: | ---: |',
        '| `scm` | 12.5% | 1235 |',
        '| \\<script\\> | — | 1.000e-7 |',
      ].join('\n'),
    );
    const plain = join(temp, 'plain');
    writeFixtureRunDir(plain);
    await render(plain);
    const bare = read(plain, RUN_FILES.runReport);
    expect(bare).not.toContain('Domain');
    expect(bare).toContain('The domain declares no claims for this mode.');
    expect((await checkRun(plain)).ok).toBe(true);
  });

  it('renders during a run, before the manifest exists, without touching it', async () => {
    unlinkSync(join(run, RUN_FILES.manifest));
    const { written } = await render(run);
    expect(written).toContain(RUN_FILES.runReport);
    expect(existsSync(join(run, RUN_FILES.manifest))).toBe(false);
    expect(read(run, RUN_FILES.runReport).startsWith('# Run report')).toBe(true);
  });

  it('renders a domain figure pack with its specs beside the SVGs', async () => {
    const { written } = await render(run, {
      domain: {
        figurePack: ({ summary, seeds, seedResult }) => [
          {
            path: 'figures/test_figure_pack/seeds.svg',
            title: `Seeds of ${summary.domain}`,
            spec: {
              width: 120,
              height: 60,
              data: { values: seeds.map((seed) => ({ seed })) },
              mark: 'tick',
              encoding: { x: { field: 'seed', type: 'quantitative' } },
              description: `from ${seedResult(0)?.domain ?? 'nothing'}`,
            },
          },
        ],
      },
    });
    expect(written).toEqual(
      expect.arrayContaining([
        'figures/test_figure_pack/seeds.svg',
        'figures/test_figure_pack/seeds.vl.json',
      ]),
    );
    expect(read(run, 'figures/test_figure_pack/seeds.svg')).toMatch(/^<svg /);
    const spec = JSON.parse(read(run, 'figures/test_figure_pack/seeds.vl.json'));
    expect(spec.description).toBe('from fixture');
    expect(spec.config.font).toContain('sans-serif');
    expect(read(run, RUN_FILES.runReport)).toContain(
      '![Seeds of fixture](figures/test_figure_pack/seeds.svg)',
    );
    expect((await checkRun(run)).ok).toBe(true);
  });

  it('writes a declared per-seed figure into its seed directory and removes it once no longer drawn', async () => {
    const perSeed = defineDomainContract({
      ...REPORT_FIXTURE_CONTRACT,
      artifacts: [
        ...REPORT_FIXTURE_CONTRACT.artifacts,
        {
          id: 'test_seed_figure',
          path: 'seed_{seed}/test_trace.svg',
          kind: 'svg',
          role: 'figure',
          description: 'A per-seed figure.',
          required: false,
        },
        {
          id: 'test_seed_figure_spec',
          path: 'seed_{seed}/test_trace.vl.json',
          kind: 'json',
          role: 'figure',
          description: 'Its vega-lite spec.',
          required: false,
        },
      ],
    });
    const figure = (seed: number) => ({
      path: `seed_${seed}/test_trace.svg`,
      title: `Seed ${seed}`,
      spec: {
        width: 60,
        height: 40,
        data: { values: [{ x: seed }] },
        mark: 'tick',
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
    });
    const { written } = await renderRunReport(run, {
      contract: perSeed,
      domain: { figurePack: ({ seeds }) => seeds.map(figure) },
    });
    expect(written).toEqual(
      expect.arrayContaining(['seed_0/test_trace.svg', 'seed_4/test_trace.vl.json']),
    );
    expect(read(run, 'seed_3/test_trace.svg')).toMatch(/^<svg /);
    const manifest = readJsonFile(join(run, RUN_FILES.manifest)) as {
      artifacts: Record<string, { artifact: string; role: string; seed: number | null }>;
    };
    expect(manifest.artifacts['seed_3/test_trace.svg']).toMatchObject({
      artifact: 'test_seed_figure',
      role: 'figure',
      seed: 3,
    });
    expect((await checkRunDir(run, { domains: () => perSeed })).violations).toEqual([]);
    const again = await renderRunReport(run, {
      contract: perSeed,
      domain: { figurePack: () => [figure(0)] },
    });
    expect(again.removed).toEqual(
      [1, 2, 3, 4].flatMap((seed) => [
        `seed_${seed}/test_trace.svg`,
        `seed_${seed}/test_trace.vl.json`,
      ]),
    );
    expect(existsSync(join(run, 'seed_1/test_trace.svg'))).toBe(false);
    expect(existsSync(join(run, 'seed_0/test_trace.svg'))).toBe(true);
    expect((await checkRunDir(run, { domains: () => perSeed })).violations).toEqual([]);
  });

  it('refuses a figure-pack path the domain does not declare', async () => {
    for (const path of ['../evil.svg', 'figures/undeclared/x.svg']) {
      const error = await render(run, {
        domain: { figurePack: () => [{ path, title: 'x', spec: {} }] },
      }).catch((e: unknown) => e);
      expect(isZpbenchError(error) && error.code).toBe('ZPB_PLUGIN_CONTRACT');
      expect((error as Error).message).toBe(
        `figure pack figure path "${path}" is not a figure the fixture domain declares; declare it in the artifact table (role figure, an .svg, under figures/ or a seed directory)`,
      );
    }
  });
});

describe('artifact strings are text, never markup', () => {
  const hostile = '<script>alert(1)</script>';

  it('renders a model named <script> as text in Markdown, HTML and SVG', async () => {
    const dir = join(temp, 'hostile');
    await writeReportFixtureRunDir(dir, { thirdModel: hostile });
    await render(dir, { html: true });
    const markdown = read(dir, RUN_FILES.runReport);
    const html = read(dir, RUN_FILES.runReportHtml);
    expect(markdown).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(markdown).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    for (const file of [RUN_FILES.metricSummarySvg, RUN_FILES.perSeedDistributionsSvg]) {
      expect(read(dir, file)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(read(dir, file)).not.toMatch(/<script/i);
    }
    expect(read(dir, RUN_FILES.summaryMd)).not.toContain(hostile);
    expect(read(dir, RUN_FILES.pairedStatsMd)).not.toContain(hostile);
  });

  it('turns links, images and autolinks in model names into plain text', async () => {
    const dir = join(temp, 'links');
    await writeReportFixtureRunDir(dir, {
      thirdModel:
        '[x](https://evil.example/a) ![i](http://evil.example/i.png) www.evil.example a@evil.example',
    });
    await render(dir, { html: true });
    const html = read(dir, RUN_FILES.runReportHtml);
    expect(html).not.toMatch(/href="[a-z]+:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('[x](https://evil.example/a)');
  });
});
