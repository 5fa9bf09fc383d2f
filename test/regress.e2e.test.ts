/**
 * `zpbench regress` and `zpbench plan` end to end: slot-matrix files and real run directories,
 * exact meta-p values on enumerable cases, exit codes 0 / 1 / 2 with one-line errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
const file = (name: string, value: unknown) => {
  const path = join(temp, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

// Five seeds; the current run's loss at step 1 is 0.4 higher on every seed: a clean drop.
const BASE = {
  'min:loss': [
    [1.0, 0.5],
    [1.1, 0.6],
    [0.9, 0.4],
    [1.05, 0.55],
    [0.95, 0.45],
  ],
  acc: [0.8, 0.82, 0.79, 0.81, 0.8],
};
const DROP = {
  ...BASE,
  'min:loss': BASE['min:loss'].map(([a, b]) => [a as number, (b as number) + 0.4]),
};

/** `zpbench regress` on two slot matrices written to files. */
const regressMatrices = (baseline: unknown, current: unknown, ...extra: string[]) =>
  zpbench(
    'regress',
    '--baseline',
    file('b.json', baseline),
    '--current',
    file('c.json', current),
    ...extra,
  );

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-regress-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('zpbench regress on slot matrices', () => {
  it('gives meta-p = 1 and PASS for identical runs', async () => {
    const r = await regressMatrices(BASE, BASE, '--json');
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      verdict: 'PASS',
      meta_p: 1,
      method: 'exact',
      perm_total: 32,
      n_seeds: 5,
    });
    expect(out.slots).toHaveLength(3);
  });

  it('gives exactly 1/32 for a clean drop on 5 seeds, flags that slot, exits 1', async () => {
    const r = await regressMatrices(BASE, DROP, '--json');
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.meta_p).toBe(1 / 32);
    expect(out.perm_ge).toBe(1);
    expect(
      out.slots
        .filter((s: { flagged: boolean }) => s.flagged)
        .map((s: { metric: string; step: number }) => `${s.metric}@${s.step}`),
    ).toEqual(['min:loss@1']);
    // Zero-variance slot with a non-zero mean: the severity uses t = −1e9 internally; the JSON
    // says the slot has zero variance and gives no t (null), never the sentinel, and no
    // severity built from it (null, flagged as unbounded).
    const spike = out.slots.find(
      (s: { metric: string; step: number }) => s.metric === 'min:loss' && s.step === 1,
    );
    expect([spike.zero_variance, spike.t_stat, spike.p, spike.direction]).toEqual([
      true,
      null,
      0,
      'worse',
    ]);
    // The loss rose by 0.4 on a baseline mean of 0.5: +80% as the metric moved.
    expect(spike.change).toBeCloseTo(0.4, 12);
    expect(spike.change_relative).toBeCloseTo(0.8, 12);
    expect([out.severity, out.severity_unbounded]).toEqual([null, true]);
    expect(out.warnings).toEqual([]);
  });

  it('prints pybench’s line and, with -v, the per-slot table of a FAIL, aligned with its header', async () => {
    const r = await regressMatrices(BASE, DROP, '-v');
    const lines = r.stdout.trim().split('\n');
    // Two metrics with different steps: counted as metrics and slots, not a false 2 × 2.
    expect(lines[0]).toBe('FAIL  2 metrics, 3 slots   1/3 slots flagged  meta-p=0.031');
    expect(lines.slice(1, 5)).toEqual([
      '  metric    step   baseline    current  change          p',
      '  acc          0  0.80±0.01  0.80±0.01  0% (unchanged)  1.000 (zero variance)',
      '  min:loss     0  1.00±0.08  1.00±0.08  0% (unchanged)  1.000 (zero variance)',
      '  min:loss     1  0.50±0.08  0.90±0.08  +80% (worse)    0.000 (zero variance)  ✗ flagged',
    ]);
    // Every column starts (left-aligned) or ends (right-aligned) where its header does: the cell
    // under a header is the run of non-blanks at the header's first (or last) character.
    const [header, ...rows] = lines.slice(1, 5) as [string, ...string[]];
    const cellAt = (row: string, at: number) => {
      let a = at;
      let b = at;
      while (a > 0 && row.slice(a - 2, a) !== '  ') a--;
      while (b < row.length && row.slice(b, b + 2) !== '  ') b++;
      return { a, b };
    };
    for (const row of rows) {
      for (const name of ['metric', 'change', 'p']) {
        const start = header.indexOf(name, name === 'p' ? header.indexOf('change') : 0);
        expect(cellAt(row, start).a, `${name} in ${row}`).toBe(start);
      }
      for (const name of ['step', 'baseline', 'current']) {
        const end = header.indexOf(name) + name.length - 1;
        expect(cellAt(row, end).b, `${name} in ${row}`).toBe(end + 1);
      }
    }
    expect(lines[5]).toBe(
      'method: exact: all 32 sign patterns enumerated, 1 at least as severe as observed; meta-p=0.0313 at alpha 0.05',
    );
  });

  it('reads pybench’s per-seed step records: 1 metrics × 3 steps, the spiked step flagged', async () => {
    // pybench's bench_synthetic output: one min:loss record per checkpoint, a list per seed.
    const curve = (s: number, spike: number) =>
      [1, 30, 100].map((step) => ({
        step,
        'min:loss': Math.exp(-step / 30) + 0.1 + 0.01 * s + (step === 100 ? spike : 0),
      }));
    const seeds = [0, 1, 2, 3, 4];
    const base = file(
      'pybench-base.json',
      seeds.map((s) => curve(s, 0)),
    );
    const same = await zpbench('regress', '--baseline', base, '--current', base);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toBe(
      'PASS  1 metrics × 3 steps   0/3 slots flagged  meta-p=1.000\nmethod: exact: all 32 sign patterns enumerated, 32 at least as severe as observed; meta-p=1.00 at alpha 0.05',
    );
    const local = file(
      'pybench-local.json',
      seeds.map((s) => curve(s, 0.2 + 0.01 * s)),
    );
    const r = await zpbench('regress', '--baseline', base, '--current', local, '--json');
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.meta_p).toBe(1 / 32);
    expect(out.slots.map((slot: { step: number }) => slot.step)).toEqual([1, 30, 100]);
    expect(
      out.slots
        .filter((slot: { flagged: boolean }) => slot.flagged)
        .map((slot: { step: number }) => slot.step),
    ).toEqual([100]);
    const bad = await zpbench(
      'regress',
      '--baseline',
      base,
      '--current',
      file('bad.json', [[{ loss: 1 }]]),
    );
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(
      /^zpbench: step records .*bad\.json seed 0 record 0 has step missing, expected a non-negative integer "step"$/m,
    );
  });

  it('claims non-inferiority with --margin when nothing changed, and not after the drop', async () => {
    const same = await regressMatrices(BASE, BASE, '--margin', '0.05');
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain(
      'NON-INFERIOR  margin 0.05 (relative)  3/3 slots shown non-inferior (Holm)',
    );
    const drop = await regressMatrices(BASE, DROP, '--margin', '0.05', '--json');
    expect(drop.exitCode).toBe(1);
    const out = JSON.parse(drop.stdout);
    expect(out.non_inferiority.all_non_inferior).toBe(false);
    expect(
      out.non_inferiority.slots.find((s: { metric: string; step: number }) => s.step === 1).verdict,
    ).toBe('INCONCLUSIVE');
  });

  it('with --holm tests each benchmark and Holm-corrects the meta-p values', async () => {
    // Six seeds: the clean drop has exact meta-p 1/64; Holm over two benchmarks doubles it.
    const six = (m: typeof BASE) => ({
      'min:loss': [...m['min:loss'], [1.02, 0.52 + (m === BASE ? 0 : 0.4)]],
      acc: [...m.acc, 0.8],
    });
    const args = [
      '--baseline',
      file('b6.json', six(BASE)),
      '--current',
      file('d6.json', six(DROP)),
      '--holm',
    ];
    const r = await zpbench('regress', ...args, '--json');
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    const rows = out.benchmarks.map(
      (b: { name: string; meta_p: number; meta_p_holm: number; verdict: string }) => [
        b.name,
        b.meta_p,
        b.meta_p_holm,
        b.verdict,
      ],
    );
    expect(rows).toEqual([
      ['loss', 1 / 64, 2 / 64, 'FAIL'],
      ['acc', 1, 1, 'PASS'],
    ]);
    const text = await zpbench('regress', ...args);
    expect(text.stdout).toMatch(
      /^loss +\.{10} FAIL {3}1 metrics × 2 steps {3}1\/2 slots flagged {2}meta-p=0\.016 {2}Holm meta-p=0\.031$/m,
    );
    expect(text.stdout).toContain(
      '1 of 2 benchmarks regressed (Holm across benchmarks, alpha 0.05)',
    );
  });

  it('with --holm warns when the seed count leaves every benchmark unable to fail', async () => {
    // Five seeds, three benchmarks: the smallest meta-p is 1/32 and Holm needs below 0.05/3,
    // so even the clean drop (meta-p exactly 1/32) cannot fail; 3/2^6 = 0.047 < 0.05 would.
    const three = { ...DROP, extra: BASE.acc };
    const base3 = { ...BASE, extra: BASE.acc };
    const r = await regressMatrices(base3, three, '--holm', '--json');
    expect(r.exitCode).toBe(0);
    const warning =
      '--holm: with 5 seeds the smallest attainable meta-p is 0.0313 and Holm over 3 benchmarks needs one below alpha/3 = 0.0167, so no benchmark can fail; at least 6 seeds are needed';
    expect(JSON.parse(r.stdout).warnings).toEqual([warning]);
    expect(r.stderr).toBe(`zpbench: warning: ${warning}`);
    // Two benchmarks on six seeds can fail (2/64 < 0.05): no warning.
    const two = await regressMatrices(BASE, DROP, '--holm', '--json', '--alpha', '0.1');
    expect(two.stderr).toBe('');
    expect(JSON.parse(two.stdout).warnings).toEqual([]);
    // Monte Carlo: the floor is the draw count, and the advice is --n-perm, not more seeds.
    const mc = await regressMatrices(base3, three, '--holm', '--n-perm', '16');
    expect(mc.stderr).toBe(
      'zpbench: warning: --holm: with 16 Monte-Carlo draws the smallest attainable meta-p is 0.0588 and Holm over 3 benchmarks needs one below alpha/3 = 0.0167, so no benchmark can fail; pass --n-perm 60 or more',
    );
    expect(mc.stdout).toMatch(
      /^method: Monte Carlo: 16 sign patterns drawn, \d+ at least as severe as observed \(per benchmark\)$/m,
    );
  });

  it('compares slot matrices with different row counts as two independent samples', async () => {
    // A sixth current row; the loss at step 1 is 0.4 higher on every current seed.
    const six = { 'min:loss': [...DROP['min:loss'], [1.0, 0.92]], acc: [...BASE.acc, 0.8] };
    const r = await regressMatrices(BASE, six, '--json');
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect([out.test, out.method, out.perm_total, out.unpaired_reason]).toEqual([
      'unpaired-permutation',
      'exact',
      462, // C(11, 6)
      '5 baseline and 6 current rows do not pair',
    ]);
    expect(out.perm_ge).toBe(1);
    expect(out.meta_p).toBe(1 / 462);
    const forced = await regressMatrices(BASE, DROP, '--unpaired', '--json');
    expect([JSON.parse(forced.stdout).test, JSON.parse(forced.stdout).perm_total]).toEqual([
      'unpaired-permutation',
      252,
    ]);
  });

  it('plans without the slots that are constant over the seeds, and names them', async () => {
    const withZero = { ...BASE, 'min:fault_rate': [0, 0, 0, 0, 0] };
    const plain = await zpbench(
      'plan',
      '--baseline',
      file('p0.json', BASE),
      '--effect',
      '0.05',
      '--replications',
      '40',
      '--json',
    );
    const zero = await zpbench(
      'plan',
      '--baseline',
      file('p1.json', withZero),
      '--effect',
      '0.05',
      '--replications',
      '40',
      '--json',
    );
    const [a, b] = [JSON.parse(plain.stdout), JSON.parse(zero.stdout)];
    expect(b.constant_slots).toEqual([{ metric: 'min:fault_rate', step: 0, value: 0 }]);
    expect([b.power_at_effect, b.minimum_detectable_effect, b.required_seeds]).toEqual([
      a.power_at_effect,
      a.minimum_detectable_effect,
      a.required_seeds,
    ]);
    expect(b.notes[0]).toBe(
      "1 of 4 slots are constant over the baseline's 5 seeds (min:fault_rate = 0); a relative drop of a constant is undefined, so they are left out of the simulation",
    );
  });

  it.each([
    [
      'the alpha guard',
      ['--alpha', '0.01'],
      /^zpbench: 5 seeds cannot fail at alpha=0\.01 because the smallest meta-p is 1\/2\^5; use at least 7 seeds or a larger alpha$/,
    ],
    [
      'a bad flag value',
      ['--n-perm', 'many'],
      /^zpbench: .*--n-perm takes a whole number from 1 to 10000000.*$/,
    ],
  ])('exits 2 with one line on %s', async (_name, extra, message) => {
    const r = await regressMatrices(BASE, DROP, ...extra);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [
      'a seed-count mismatch',
      { ...BASE, acc: [0.8, 0.82, 0.79, 0.81] },
      /acc.*5 baseline seeds but 4 current seeds/,
    ],
    ['a different metric set', { acc: BASE.acc }, /metrics differ/],
    [
      'NaN in the data',
      '{"acc": [0.8, NaN, 0.79, 0.81, 0.8]}',
      /not valid JSON|Unexpected token|JSON/,
    ],
    [
      'a string value',
      { ...BASE, acc: [0.8, '0.82', 0.79, 0.81, 0.8] },
      /expected a finite number/,
    ],
  ])('exits 2 naming the problem on %s', async (_name, current, message) => {
    const r = await regressMatrices(BASE, current);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('zpbench regress and plan on run directories', () => {
  const base = () => join(temp, 'base');
  const local = () => join(temp, 'local');
  beforeAll(async () => {
    expect(
      (await zpbench('synthetic', '--mode', 'smoke', '--out-root', base(), '--quiet')).exitCode,
    ).toBe(0);
    expect(
      (
        await zpbench(
          'synthetic',
          '--mode',
          'smoke',
          '--out-root',
          local(),
          '--inject-regression',
          'local',
          '--quiet',
        )
      ).exitCode,
    ).toBe(0);
  });

  it('flags the injected local regression as the one slot, exact 1/32', async () => {
    const r = await zpbench('regress', '--baseline', base(), '--current', local(), '--json');
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.meta_p).toBe(1 / 32);
    expect(
      out.slots
        .filter((s: { flagged: boolean }) => s.flagged)
        .map((s: { metric: string }) => s.metric),
    ).toEqual(['min:candidate/loss']);
    // The checkpoints are steps of one metric: loss at step 100 is the flagged slot.
    expect(
      out.slots.filter((s: { flagged: boolean }) => s.flagged).map((s: { step: number }) => s.step),
    ).toEqual([100]);
    expect(out.slots).toHaveLength(8);
  });

  it('passes a run against itself', async () => {
    const r = await zpbench('regress', '--baseline', base(), '--current', base());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^PASS {2}4 metrics, 8 slots {3}0\/8 slots flagged {2}meta-p=1\.000$/m,
    );
  });

  it('refuses runs whose seed sets overlap in part, with the reason', async () => {
    const other = join(temp, 'other-seeds');
    expect(
      (
        await zpbench(
          'synthetic',
          '--mode',
          'smoke',
          '--seeds',
          '0-5',
          '--out-root',
          other,
          '--quiet',
        )
      ).exitCode,
    ).toBe(0);
    const r = await zpbench('regress', '--baseline', base(), '--current', other);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^zpbench: cannot compare with baseline .*: seeds \{0,1,2,3,4\} and \{0,1,2,3,4,5\} overlap in part; rerun the current run on the baseline's seeds \(paired test\) or on seeds disjoint from them \(unpaired test\), or pass --unpaired$/,
    );
  });

  it('compares runs on disjoint seeds with the unpaired test and says so', async () => {
    const fresh = join(temp, 'fresh-seeds-local');
    expect(
      (
        await zpbench(
          'synthetic',
          '--mode',
          'smoke',
          '--seeds',
          '5-9',
          '--inject-regression',
          'local',
          '--out-root',
          fresh,
          '--quiet',
        )
      ).exitCode,
    ).toBe(0);
    const json = await zpbench('regress', '--baseline', base(), '--current', fresh, '--json');
    expect(json.exitCode).toBe(1);
    const out = JSON.parse(json.stdout);
    // The +0.20 spike separates the two runs' five seeds cleanly: only the observed split of
    // C(10, 5) = 252 reaches its severity.
    expect([out.test, out.method, out.meta_p, out.n_baseline, out.n_current]).toEqual([
      'unpaired-permutation',
      'exact',
      1 / 252,
      5,
      5,
    ]);
    expect(out.unpaired_reason).toBe('seeds {0,1,2,3,4} and {5,6,7,8,9} are disjoint');
    expect(
      out.slots
        .filter((s: { flagged: boolean }) => s.flagged)
        .map((s: { metric: string; step: number }) => `${s.metric}@${s.step}`),
    ).toEqual(['min:candidate/loss@100']);
    const text = await zpbench('regress', '--baseline', base(), '--current', fresh);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      'FAIL  4 metrics, 8 slots   1/8 slots flagged  meta-p=0.004  (unpaired: 5 vs 5 seeds)',
      // C(10, 5) = 252 splits, only the observed one as severe: 1/252.
      'method: exact: all 252 splits of the seeds enumerated, 1 at least as severe as observed; meta-p=0.00397 at alpha 0.05',
      'test: unpaired permutation of seeds between the runs (seeds {0,1,2,3,4} and {5,6,7,8,9} are disjoint)',
    ]);
    const margin = await zpbench(
      'regress',
      '--baseline',
      base(),
      '--current',
      fresh,
      '--margin',
      '0.1',
    );
    expect(margin.exitCode).toBe(2);
    expect(margin.stderr.trim()).toBe(
      "zpbench: --margin needs paired seeds, but seeds {0,1,2,3,4} and {5,6,7,8,9} are disjoint; rerun the current run on the baseline's seeds for a non-inferiority test",
    );
  });

  it('plans from a run directory: the power at an effect agrees with the minimum detectable effect', async () => {
    const r = await zpbench('plan', '--baseline', base(), '--effect', '0.05', '--json');
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.baseline_seeds).toBe(5);
    expect(out.slots).toBe(8);
    // A drop at the minimum detectable effect reaches the target; the requested 5% is above it.
    expect(out.minimum_detectable_effect.power).toBeGreaterThanOrEqual(0.8);
    expect(out.minimum_detectable_effect.effect).toBeLessThan(0.05);
    expect(out.power_at_effect.power).toBeGreaterThanOrEqual(0.8);
    expect(out.required_seeds.n_seeds).toBe(5); // the alpha guard's minimum already suffices
  });
});
