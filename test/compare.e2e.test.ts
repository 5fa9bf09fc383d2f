/**
 * `zpbench runs compare|list|trend`, `zpbench baseline save` and `--against-baseline` end to
 * end on synthetic runs: zero deltas against itself, refusals with their reasons (exit 2), the
 * four formats agreeing on every number, a baseline never edited, pybench's NEW / PASS / FAIL
 * loop, and the gate failing a stored regression unless told to allow it.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  COMPARISON_SCHEMA,
  type ComparisonV1,
  formatNumber,
  JsonSchemaValidator,
} from '@zpbench/core';
import { SYNTHETIC_DEFAULTS } from '@zpbench/domain-synthetic';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSynthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const zpbench = (args: string[], cwd?: string) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });
const gate = (...args: string[]) =>
  execa(process.execPath, [GATE, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
const at = (...parts: string[]) => join(temp, ...parts);
const report = { report: true };

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-compare-e2e-'));
  await runSynthetic(at('runs/base'), {}, report);
  await runSynthetic(at('runs/twin'), {}, report);
  await runSynthetic(
    at('runs/local'),
    { domainOptions: { 'inject-regression': 'local' }, baselineRunDir: at('runs/base') },
    report,
  );
  await runSynthetic(at('other/repeats'), { domainOptions: { 'compute-repeats': '1' } }, report);
  await runSynthetic(at('other/noisy'), { config: { ...SYNTHETIC_DEFAULTS, noise: 0.06 } }, report);
  await runSynthetic(at('other/six'), { seeds: [0, 1, 2, 3, 4, 5] }, report);
  await runSynthetic(
    at('other/later'),
    { seeds: [5, 6, 7, 8, 9], domainOptions: { 'inject-regression': 'local' } },
    report,
  );
}, 150_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const compareJson = async (...args: string[]) => {
  const r = await zpbench(['runs', 'compare', ...args, '--format', 'json']);
  return { ...r, comparison: r.exitCode === 2 ? null : (JSON.parse(r.stdout) as ComparisonV1) };
};

describe('zpbench runs compare', () => {
  it('shows zero deltas and no regression for a run against itself and against its twin', async () => {
    for (const candidate of [at('runs/base'), at('runs/twin')]) {
      const { exitCode, comparison } = await compareJson(
        at('runs/base'),
        candidate,
        '--mode',
        'regression',
      );
      expect(exitCode).toBe(0);
      expect(new JsonSchemaValidator().validate(COMPARISON_SCHEMA, comparison)).toEqual([]);
      const pair = comparison?.baselines[0];
      expect(pair?.diffs).toHaveLength(8);
      for (const row of pair?.diffs ?? []) {
        expect([row.delta, row.delta_ci95, row.p, row.status]).toEqual([0, [0, 0], 1, 'unchanged']);
      }
      expect(pair?.regression?.verdict).toMatchObject({ verdict: 'PASS', meta_p: 1, n_flagged: 0 });
      expect(pair?.regression?.claim_failures.new).toEqual([]);
      // Same seeds and config: every deterministic artifact has the same bytes.
      expect(pair?.regression?.artifact_drift.changed).toEqual([]);
      expect(pair?.regression?.artifact_drift.compared).toBeGreaterThan(10);
    }
  });

  it('shows the regressed row, flags it and exits 1 in regression mode; never edits the baseline', async () => {
    const before = hashTree(at('runs/base'));
    const { exitCode, comparison } = await compareJson(
      at('runs/base'),
      at('runs/local'),
      '--mode',
      'regression',
    );
    expect(exitCode).toBe(1);
    const pair = comparison?.baselines[0];
    expect(pair?.context.config).toBe('treatment-only');
    expect(pair?.context.config_differences.map((d) => [d.key, d.treatment])).toEqual([
      ['config.inject_regression', true],
    ]);
    const regressed = pair?.diffs.filter((d) => d.status === 'regressed');
    expect(regressed?.map((d) => [d.model, d.metric, d.series, d.step])).toEqual([
      ['candidate', 'loss_step_100', 'loss', 100],
    ]);
    expect(regressed?.[0]?.delta).toBeCloseTo(SYNTHETIC_DEFAULTS.local_shift, 12);
    expect(pair?.regression?.verdict).toMatchObject({
      verdict: 'FAIL',
      meta_p: 1 / 32,
      flagged: ['candidate/loss_step_100'],
    });
    // Standard mode reports the same rows and exits 0: it is not a gate.
    expect((await compareJson(at('runs/base'), at('runs/local'))).exitCode).toBe(0);
    expect(hashTree(at('runs/base'))).toEqual(before);
  });

  it('accepts a manifest.json for a run directory and refuses any other file', async () => {
    const r = await compareJson(
      join(at('runs/base'), 'manifest.json'),
      join(at('runs/twin'), 'manifest.json'),
    );
    expect(r.exitCode).toBe(0);
    const other = await zpbench([
      'runs',
      'compare',
      at('runs/base'),
      join(at('runs/twin'), 'provenance.json'),
    ]);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toBe(
      `zpbench: ${join(at('runs/twin'), 'provenance.json')} is a file but not a manifest.json; pass a run directory or its manifest.json`,
    );
  });

  it('refuses a setup difference with exit 2, then names the key under --allow-config-diff', async () => {
    const refused = await zpbench(['runs', 'compare', at('runs/base'), at('other/repeats')]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /^zpbench: cannot compare .*repeats with baseline .*base: the configurations differ in config\.compute_repeats \(config hash [0-9a-f]{12}… vs [0-9a-f]{12}…\); pass --allow-config-diff to compare them anyway, and every differing key is named$/,
    );
    expect(refused.stdout).toBe('');
    const allowed = await zpbench([
      'runs',
      'compare',
      at('runs/base'),
      at('other/repeats'),
      '--allow-config-diff',
    ]);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain('| `config.compute_repeats` | `0` | `1` | **setup** |');
  });

  it('refuses another dataset with the reason, exit 2', async () => {
    const noisy = await zpbench([
      'runs',
      'compare',
      at('runs/base'),
      at('other/noisy'),
      '--allow-config-diff',
    ]);
    expect(noisy.exitCode).toBe(2);
    expect(noisy.stderr).toMatch(
      /: seed 0 \(and 4 more\) generated another dataset \(sha256 [0-9a-f]{12}… vs [0-9a-f]{12}…\): the data generator or its configuration changed; compare runs on the same data$/,
    );
  });

  it('compares runs whose seeds differ with the unpaired test, and says so in every row', async () => {
    const six = await compareJson(at('runs/base'), at('other/six'));
    expect(six.exitCode).toBe(0);
    const partial = six.comparison?.baselines[0];
    expect(partial?.context).toMatchObject({
      pairing: 'partial',
      test: 'unpaired-permutation',
      common_seeds: [0, 1, 2, 3, 4],
      dataset_fingerprints: 'match',
    });
    for (const row of partial?.diffs ?? []) {
      expect([row.test, row.n_pairs, row.baseline.n, row.candidate.n]).toEqual([
        'unpaired-permutation',
        0,
        5,
        6,
      ]);
      // C(11, 6) = 462 splits, enumerated: p is a multiple of 1/462.
      expect(Math.abs((row.p as number) * 462 - Math.round((row.p as number) * 462))).toBeLessThan(
        1e-9,
      );
    }
    const markdown = await zpbench(['runs', 'compare', at('runs/base'), at('other/six')]);
    expect(markdown.stdout.replace(/\\(.)/g, '$1')).toContain(
      '- **Pairing:** partial: the runs share 5 of their seeds (5 baseline, 6 candidate), so they do not pair;',
    );
    expect(markdown.stdout).toMatch(
      /^\| `candidate` \| `mean_loss` \| ↓ \| .* \| unpaired permutation \| /m,
    );
  });
  it('refuses a run of another schema version with the reason, exit 2', async () => {
    const old = at('other/v5');
    cpSync(at('runs/twin'), old, { recursive: true });
    const manifest = join(old, 'manifest.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('"schema_version": 6', '"schema_version": 5'),
    );
    const r = await zpbench(['runs', 'compare', at('runs/base'), old]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      `zpbench: ${old} is not a valid run directory: manifest.json: schema-version expected version 6, found version 5 (incompatible; regenerate the run with the current zpbench); run \`zpbench validate ${old}\` for the full list`,
    );
    rmSync(old, { recursive: true });
  });

  it.each([
    ['paired', 'runs/local'],
    ['unpaired', 'other/later'],
  ])('writes four formats that agree on every number (%s)', async (design, candidate) => {
    const out = (ext: string) => at(`agree-${design}.${ext}`);
    for (const [format, ext] of [
      ['json', 'json'],
      ['csv', 'csv'],
      ['markdown', 'md'],
      ['html', 'html'],
    ] as const) {
      const r = await zpbench([
        'runs',
        'compare',
        at('runs/base'),
        at(candidate),
        '--mode',
        'regression',
        '--format',
        format,
        '--output',
        out(ext),
      ]);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`wrote ${out(ext)}`);
    }
    const comparison = JSON.parse(readFileSync(out('json'), 'utf8')) as ComparisonV1;
    const pair = comparison.baselines[0];
    if (!pair?.regression?.verdict) throw new Error('no verdict');
    expect(pair.context.pairing).toBe(design);
    const diffs = pair.diffs;
    const csv = parseCsv(readFileSync(out('csv'), 'utf8'));
    const md = markdownRows(readFileSync(out('md'), 'utf8'));
    const html = htmlRows(readFileSync(out('html'), 'utf8'));
    expect([csv.length, md.length, html.length]).toEqual([
      diffs.length,
      diffs.length,
      diffs.length,
    ]);
    diffs.forEach((d, i) => {
      const c = csv[i] as Record<string, string>;
      // CSV: every number exactly as JSON has it.
      const exact: [string, number | null][] = [
        ['baseline_mean', d.baseline.mean],
        ['baseline_ci95_low', d.baseline.ci95?.[0] ?? null],
        ['baseline_ci95_high', d.baseline.ci95?.[1] ?? null],
        ['candidate_mean', d.candidate.mean],
        ['candidate_ci95_low', d.candidate.ci95?.[0] ?? null],
        ['candidate_ci95_high', d.candidate.ci95?.[1] ?? null],
        ['delta', d.delta],
        ['delta_ci95_low', d.delta_ci95?.[0] ?? null],
        ['delta_ci95_high', d.delta_ci95?.[1] ?? null],
        ['p', d.p],
        ['cohens_d', d.cohens_d],
        ['sign_agreement', d.sign_agreement],
        ['regression_meta_p', pair.regression?.verdict?.meta_p ?? null],
      ];
      for (const [column, value] of exact)
        expect(c[column] === '' ? null : Number(c[column]), `${column} of row ${i}`).toBe(value);
      expect([c.model, c.metric, c.status, c.test]).toEqual([d.model, d.metric, d.status, d.test]);
      expect(d.test).toBe(design === 'paired' ? 'paired-sign-flip' : 'unpaired-permutation');
      // Markdown and HTML: the same cells, each number JSON's to its displayed digits.
      for (const cells of [md[i], html[i]] as string[][]) {
        expect(cells[0]).toBe(d.model);
        expect(cells[1]?.replace(' ✗', '')).toBe(d.metric);
        expectMeanInterval(cells[3], d.baseline.mean, d.baseline.ci95);
        expectMeanInterval(cells[4], d.candidate.mean, d.candidate.ci95);
        expectNumber(cells[5], d.delta, 4);
        expectMeanInterval(cells[6], null, d.delta_ci95);
        expectNumber(cells[7], d.p, 3);
        expect(cells[8]).toBe(`${design} ${design === 'paired' ? 'sign-flip' : 'permutation'}`);
        expectNumber(cells[9], d.cohens_d, 4);
        if (d.sign_agreement === null) expect(cells[10]).toBe('—');
        else
          expect(
            Math.abs(Number(cells[10]?.replace('%', '')) / 100 - d.sign_agreement),
          ).toBeLessThan(5e-4);
        expect(cells[11]).toBe(d.status === 'regressed' ? 'regressed' : d.status);
      }
    });
    const metaP = pair.regression.verdict.meta_p;
    for (const text of [readFileSync(out('md'), 'utf8'), readFileSync(out('html'), 'utf8')]) {
      const shown = /severity (?:sign-flip|permutation) meta p ([0-9.e-]+)/.exec(text)?.[1];
      expectNumber(shown, metaP, 3);
    }
  });
});

describe('pybench’s loop: baseline save, --against-baseline, and the gate', () => {
  it('says NEW and saves, then PASS, then FAIL exit 1 with the flagged slot, and the gate fails it', async () => {
    const cwd = at('loop');
    mkdirSync(cwd);
    const run = (...extra: string[]) =>
      zpbench(['synthetic', '--mode', 'smoke', '--against-baseline', '--quiet', ...extra], cwd);
    const first = await run();
    expect(first.exitCode).toBe(0);
    expect(withoutTime(first.stdout)).toBe(
      [
        'candidate         .......... NEW   1 metrics × 1 steps   (baseline saved)',
        'candidate/loss    .......... NEW   1 metrics × 3 steps   (baseline saved)',
        'reference         .......... NEW   1 metrics × 1 steps   (baseline saved)',
        'reference/loss    .......... NEW   1 metrics × 3 steps   (baseline saved)',
        '─'.repeat(62),
        '0 failed, 0 passed, 4 new in <t>s',
      ].join('\n'),
    );
    const ref = JSON.parse(
      readFileSync(join(cwd, 'results/baselines/synthetic/smoke.json'), 'utf8'),
    );
    expect(ref).toMatchObject({ schema: 'zpbench_baseline', domain: 'synthetic', mode: 'smoke' });
    expect(ref.run_dir).toMatch(
      /^\.\.\/\.\.\/benchmarks\/synthetic\/run_\d{8}_\d{6}_(nogit|[0-9a-f]{7})$/,
    );

    const second = await run();
    expect(second.exitCode).toBe(0);
    expect(withoutTime(second.stdout)).toBe(
      [
        'candidate         .......... PASS   min:mean_loss  0.390→0.390  Δ+0.0%  p=1.00',
        'candidate/loss    .......... PASS   1 metrics × 3 steps   0/3 slots flagged  meta-p=1.000',
        'reference         .......... PASS   min:mean_loss  0.442→0.442  Δ+0.0%  p=1.00',
        'reference/loss    .......... PASS   1 metrics × 3 steps   0/3 slots flagged  meta-p=1.000',
        'one severity sign-flip test over all 8 slots of the 4 benchmarks: meta-p=1.000',
        '─'.repeat(62),
        '0 failed, 4 passed, 0 new in <t>s',
      ].join('\n'),
    );

    const third = await run('--inject-regression', 'local', '--json');
    expect(third.exitCode).toBe(1);
    const summary = JSON.parse(third.stdout);
    expect(summary.against_baseline).toMatchObject({
      saved: false,
      failed: 1,
      passed: 3,
      new: 0,
      verdict: { verdict: 'FAIL', meta_p: 1 / 32, flagged: ['candidate/loss_step_100'] },
    });
    const failing = await gate('--family', 'scientific', summary.run_dir);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain(
      `aggregated/paired_stats.json: regression: expected no regression against baseline run ${ref.run_id}, found FAIL (severity meta-p 0.0313 < alpha 0.05): regressed candidate/loss_step_100`,
    );
    expect(
      (await gate('--family', 'scientific', summary.run_dir, '--allow-regression')).exitCode,
    ).toBe(0);
    const help = await gate('--help');
    expect(help.stdout).toContain('--allow-regression');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'a stored FAIL fails the gate, naming the regressed slots, unless --allow-regression',
    );
  }, 240_000); // three whole runs and three gate processes: generous on a shared machine

  it('baseline save stores a reference; a baseline whose manifest changed is refused with the fix', async () => {
    const cwd = at('save');
    mkdirSync(cwd);
    const saved = await zpbench(['baseline', 'save', at('runs/twin'), '--json'], cwd);
    expect(saved.exitCode).toBe(0);
    const ref = JSON.parse(saved.stdout);
    expect(ref.path).toBe(join('results', 'baselines', 'synthetic', 'smoke.json'));
    expect(resolve(cwd, 'results/baselines/synthetic', ref.run_dir)).toBe(at('runs/twin'));
    const manifest = join(at('runs/twin'), 'manifest.json');
    const original = readFileSync(manifest);
    writeFileSync(manifest, `${original.toString()}\n`);
    try {
      const refused = await zpbench(
        ['synthetic', '--mode', 'smoke', '--against-baseline', '--quiet'],
        cwd,
      );
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toMatch(
        /^zpbench: the baseline run .*twin changed since it was saved in results\/baselines\/synthetic\/smoke\.json \(manifest sha256 [0-9a-f]{12}… ≠ saved [0-9a-f]{12}…\); restore it, or save it again with `zpbench baseline save .*twin`$/,
      );
    } finally {
      writeFileSync(manifest, original);
    }
    const both = await zpbench(
      ['synthetic', '--against-baseline', '--baseline-run-dir', at('runs/base')],
      cwd,
    );
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(
      /^zpbench: --against-baseline and --baseline-run-dir cannot be combined/,
    );
  });
});

describe('zpbench runs list and trend', () => {
  it('lists every run with its gate and claims, skipping and naming a directory that does not validate', async () => {
    mkdirSync(at('broken'));
    writeFileSync(at('broken/manifest.json'), '{"schema": "zeroproofml_benchmark_manifest"}');
    const r = await zpbench(['runs', 'list', temp, '--json']);
    expect(r.exitCode).toBe(0);
    const { runs, skipped } = JSON.parse(r.stdout);
    expect(runs.map((x: { run_dir: string }) => x.run_dir).sort()).toEqual(
      [
        at('other/later'),
        at('other/noisy'),
        at('other/repeats'),
        at('other/six'),
        at('runs/base'),
        at('runs/local'),
        at('runs/twin'),
        ...listRunDirs(at('loop/results/benchmarks/synthetic')),
      ].sort(),
    );
    const local = runs.find((x: { run_dir: string }) => x.run_dir === at('runs/local'));
    expect(local).toMatchObject({
      domain: 'synthetic',
      mode: 'smoke',
      seeds_completed: 5,
      gate: 'FAIL',
      regression: 'FAIL',
    });
    expect(runs.find((x: { run_dir: string }) => x.run_dir === at('runs/base')).gate).toBe('PASS');
    expect(skipped).toEqual([
      { run_dir: at('broken'), reason: expect.stringContaining('manifest.json') },
    ]);
    expect(r.stderr).toMatch(new RegExp(`^zpbench: skipped ${at('broken')}: `));
    const table = await zpbench(['runs', 'list', at('runs')]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^run +domain +mode +date \(UTC\) +commit +seeds +gate +claims$/,
    );
    expect(table.stdout).toMatch(/\n3 runs under .*runs$/);
  });

  it('trends a metric across comparable runs with a change call between consecutive runs, and an SVG', async () => {
    const svg = at('trend.svg');
    const r = await zpbench([
      'runs',
      'trend',
      '--domain',
      'synthetic',
      '--model',
      'candidate',
      '--metric',
      'loss_step_100',
      at('runs'),
      '--svg',
      svg,
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    const trend = JSON.parse(r.stdout);
    expect(trend.points.map((p: { run_dir: string }) => p.run_dir)).toEqual([
      at('runs/base'),
      at('runs/twin'),
      at('runs/local'),
    ]);
    expect(
      trend.points.map((p: { change: { status: string } | null }) => p.change?.status ?? null),
    ).toEqual([null, 'unchanged', 'regressed']);
    expect(
      trend.points.map((p: { change: { test: string } | null }) => p.change?.test ?? null),
    ).toEqual([null, 'paired-sign-flip', 'paired-sign-flip']);
    expect(trend.points[2].change.delta).toBeCloseTo(SYNTHETIC_DEFAULTS.local_shift, 12);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [^>]*>/);
    const unknown = await zpbench([
      'runs',
      'trend',
      '--domain',
      'synthetic',
      '--model',
      'nope',
      '--metric',
      'mean_loss',
      at('runs'),
    ]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(
      'zpbench: --model nope: the synthetic runs have no such model; choose one of candidate, reference',
    );
  });
});

/** Every new command has --help with an example. */
describe('--help', () => {
  it.each(['runs', 'runs compare', 'runs list', 'runs trend', 'baseline', 'baseline save'])(
    'zpbench %s --help has an example',
    async (command) => {
      const r = await zpbench([...command.split(' '), '--help']);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n {2}\$ zpbench /);
    },
  );
});

function withoutTime(text: string): string {
  return text.replace(/ in \d+\.\d+s$/m, ' in <t>s');
}

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[full] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function listRunDirs(dir: string): string[] {
  return readdirSync(dir).map((name) => join(dir, name));
}

/** RFC 4180 rows as records by header. */
/** The rows of a comparison CSV under its header, after the `#` envelope preamble. */
function parseCsv(csv: string): Record<string, string>[] {
  const preamble = csv.split('\r\n').filter((line) => line.startsWith('#'));
  expect(preamble).toHaveLength(2);
  expect(JSON.parse((preamble[1] as string).slice(2)).schema).toBe('zpbench_provenance_envelope');
  const text = csv.split('\r\n').slice(2).join('\r\n');
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries((header ?? []).map((h, i) => [h, cells[i] ?? ''])));
}

/** The cells of the Markdown metric table's rows, markup removed. */
function markdownRows(markdown: string): string[][] {
  const section = markdown.slice(
    markdown.indexOf('### Metrics'),
    markdown.indexOf('### Regression verdict'),
  );
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.replace(/`|\*\*/g, '').replace(/\\(.)/g, '$1')),
    );
}

/** The cells of the HTML metric table's body rows, tags removed and entities decoded. */
function htmlRows(html: string): string[][] {
  const start = html.indexOf('sign agreement');
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      (c[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    ),
  );
}

/** A displayed number equals JSON's value to the significant digits it shows. */
function expectNumber(text: string | undefined, value: number | null, digits: number): void {
  if (value === null) {
    expect(text).toBe('—');
    return;
  }
  expect(text).toBeDefined();
  const shown = Number(text);
  expect(Number.isFinite(shown), `${text} is a number`).toBe(true);
  const tolerance =
    value === 0 ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - digits + 1);
  expect(Math.abs(shown - value), `${text} vs ${value}`).toBeLessThanOrEqual(
    tolerance * (1 + 1e-9),
  );
  expect(text).toBe(digits === 4 ? formatNumber(value) : text);
}

/** `mean [low, high]`, `[low, high]` or `—`, each number checked. */
function expectMeanInterval(
  text: string | undefined,
  mean: number | null,
  interval: readonly [number, number] | null,
): void {
  const match = /^(?:(\S+) )?\[(\S+), (\S+)\]$/.exec(text ?? '');
  if (!interval) {
    if (mean === null) expect(text).toBe('—');
    else expectNumber(text, mean, 4);
    return;
  }
  expect(match, text).not.toBeNull();
  if (mean !== null) expectNumber(match?.[1], mean, 4);
  expectNumber(match?.[2], interval[0], 4);
  expectNumber(match?.[3], interval[1], 4);
}
