/**
 * `zpbench calibrate-tests` end to end, reduced for CI (the full 200-replication table is in
 * docs/stats.md): the table's shape, JSON rates with their Monte-Carlo error, the figure file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ZPBENCH = join(resolve(import.meta.dirname, '..'), 'packages/cli/dist/zpbench.js');
const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-calibrate-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('zpbench calibrate-tests', () => {
  it('prints every test against the local regression, with pybench beside, and writes the figure', async () => {
    const figure = join(temp, 'regimes.svg');
    const r = await zpbench(
      'calibrate-tests',
      '--replications',
      '10',
      '--cases',
      'local',
      '--figure',
      figure,
    );
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `pybench's Part 2 replayed: 10 seeds, alpha 0.05, n_perm 800, 10 replications per case, seed "zpbench-calibration"`,
    );
    expect(lines.find((l) => l.startsWith('sign-flip on severity (pybench)'))).toMatch(
      /^sign-flip on severity \(pybench\) {3}1\.000 ± 0\.000 \(pybench 0\.980\)$/,
    );
    expect(readFileSync(figure, 'utf8')).toMatch(
      /^<svg[^>]*>.*local regression: one step \+0\.33/s,
    );
  });

  it('gives the rates as JSON with their standard errors, and refuses an unknown case', async () => {
    const r = await zpbench(
      'calibrate-tests',
      '--replications',
      '10',
      '--cases',
      'global',
      '--json',
    );
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rates.severity.global).toEqual({ rate: 1, standard_error: 0, rejections: 10 });
    expect(Object.keys(out.rates)).toEqual([
      'global-t',
      'per-slot-binomial',
      'sign-flip-count',
      'severity',
      'unpaired-severity',
    ]);
    const bad = await zpbench('calibrate-tests', '--cases', 'sideways');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe(
      "zpbench: option '--cases <ids>' argument 'sideways' is invalid. --cases takes a comma-separated list of null-correlated, global, local; see `zpbench calibrate-tests --help`",
    );
  });
});
