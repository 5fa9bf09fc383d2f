/**
 * A DOSE run against a DOSE run with an injected regression (a test-only treatment, on the tiny
 * configuration): the comparison shows the regressed rows, the stored verdict fails the gate,
 * checkpoints never reach a report, and runs of different domains are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, lookupContract, renderReportFor } from '@zpbench/cli';
import { type DomainPlugin, readBenchmarkRun } from '@zpbench/core';
import {
  renderComparisonCsv,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from '@zpbench/report';
import { compareBenchmarkRuns, runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regressedDose } from './support/dose-regression.js';
import { runSynthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const run = (bin: string, ...args: string[]) =>
  execa(process.execPath, [bin, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
let base: string;
let regressed: string;
let synthetic: string;

async function runDose(
  plugin: DomainPlugin<unknown>,
  outRoot: string,
  extra: object,
  baselineRunDir?: string,
) {
  const dose = await loadDomain('dose');
  if (!dose) throw new Error('dose is not registered');
  const tiny = dose.plugin.testConfig?.('smoke', dose.plugin.modes.smoke?.config) as object;
  await runBenchmark({
    plugin,
    module: dose.module,
    mode: 'smoke',
    config: { ...tiny, ...extra },
    outRoot,
    workers: 0,
    baselineRunDir,
    domains: lookupContract,
    argv: ['dose', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(plugin, dir, { html: false, verify: false, files }),
  });
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-dose-compare-'));
  base = join(temp, 'base');
  regressed = join(temp, 'regressed');
  synthetic = join(temp, 'synthetic');
  const dose = await loadDomain('dose');
  await runDose(dose?.plugin as DomainPlugin<unknown>, base, {});
  await runDose(
    regressedDose as DomainPlugin<unknown>,
    regressed,
    { inject_regression: 0.5 },
    base,
  );
  await runSynthetic(synthetic, {}, { report: true });
}, 240_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a DOSE run against one with an injected regression', () => {
  it('shows the regressed rows, the FAIL verdict, and counts checkpoints without rendering them', async () => {
    const options = { domains: lookupContract };
    const comparison = compareBenchmarkRuns(
      await readBenchmarkRun(regressed, options),
      [await readBenchmarkRun(base, options)],
      { mode: 'regression', domain: regressedDose },
    );
    const pair = comparison.baselines[0];
    expect(pair?.status).toBe('compared');
    expect(pair?.context).toMatchObject({
      config: 'treatment-only',
      dataset_fingerprints: 'match',
    });
    // Rows undefined for a model (the gap rate of a model without a gate) are not comparable.
    const changed = pair?.diffs.filter((d) => d.status === 'regressed' || d.status === 'improved');
    expect(
      pair?.diffs
        .filter((d) => d.status === 'not-comparable')
        .map((d) => [d.model, d.metric, d.note]),
    ).toEqual(
      ['rational_eps', 'eps_ensemble', 'mlp'].map((m) => [
        m,
        'gap_rate',
        'no seed has a finite value in both runs',
      ]),
    );
    expect(changed?.map((d) => [d.model, d.metric, d.status])).toEqual([
      ['scm', 'macro_f1', 'regressed'],
      ['scm', 'finite_mae', 'regressed'],
    ]);
    const mae = pair?.diffs.find((d) => d.model === 'scm' && d.metric === 'finite_mae');
    expect(mae?.delta).toBeCloseTo(0.5 * (mae?.baseline.mean as number), 10);
    // Every other model's row is exactly unchanged: same seeds, same data, same training.
    for (const row of pair?.diffs.filter((d) => d.model !== 'scm') ?? [])
      expect([row.delta ?? 0, row.status]).toEqual([
        0,
        row.n_pairs === 0
          ? 'not-comparable'
          : row.direction === 'none'
            ? 'no-direction'
            : 'unchanged',
      ]);
    const verdict = pair?.regression?.verdict;
    expect(verdict).toMatchObject({ verdict: 'FAIL', meta_p: 1 / 32 });
    expect(verdict?.flagged).toEqual(expect.arrayContaining(['scm/finite_mae', 'scm/macro_f1']));
    const drift = pair?.regression?.artifact_drift;
    expect(drift?.excluded.checkpoint).toBeGreaterThan(0);
    expect(drift?.changed.map((c) => c.path)).toContain('seed_0/per_seed_result.json');
    for (const text of [
      renderComparisonMarkdown(comparison),
      renderComparisonHtml(comparison),
      renderComparisonCsv(comparison),
    ]) {
      expect(text).not.toMatch(/checkpoints\/|params\.json/);
      expect(text).not.toContain(temp);
    }
  });

  it('is refused by the command line for its unknown treatment key until allowed, then shows the rows', async () => {
    const refused = await run(ZPBENCH, 'runs', 'compare', base, regressed, '--mode', 'regression');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /: the configurations differ in config\.inject_regression \(config hash /,
    );
    const allowed = await run(
      ZPBENCH,
      'runs',
      'compare',
      base,
      regressed,
      '--mode',
      'regression',
      '--allow-config-diff',
    );
    expect(allowed.exitCode).toBe(1);
    expect(allowed.stdout).toMatch(
      /^\| `scm` \| `finite_mae` ✗ \| ↓ \| .* \| \*\*regressed\*\* \|$/m,
    );
    expect(allowed.stdout).toMatch(
      /^\| `scm` \| `macro_f1` ✗ \| ↑ \| .* \| \*\*regressed\*\* \|$/m,
    );
    expect(allowed.stdout).toContain('| `config.inject_regression` | — | `0.5` | **setup** |');
  });

  it('fails the gate naming the regressed slots, unless --allow-regression; the baseline passes', async () => {
    expect((await run(GATE, '--family', 'scientific', base)).exitCode).toBe(0);
    const failed = await run(GATE, '--family', 'scientific', regressed);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(
      /aggregated\/paired_stats\.json: regression: expected no regression against baseline run \S+, found FAIL \(severity meta-p 0\.0313 < alpha 0\.05\): regressed .*scm\/finite_mae/,
    );
    expect(
      (await run(GATE, '--family', 'scientific', regressed, '--allow-regression')).exitCode,
    ).toBe(0);
  });

  it('refuses to compare runs of different domains, with the reason, exit 2', async () => {
    const r = await run(ZPBENCH, 'runs', 'compare', base, synthetic);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^zpbench: cannot compare \S+ with baseline \S+: the baseline is a dose run and the candidate a synthetic run; compare runs of one domain; /,
    );
    expect(r.stdout).toBe('');
  });
});
