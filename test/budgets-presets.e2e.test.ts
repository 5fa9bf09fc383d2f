import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBudgetFile } from '@zpbench/core';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  allValid,
  envelopeBlock,
  GATE as gate,
  pythonValidates,
  ROOT as root,
  cli as runBin,
  scratch,
  ZPBENCH as zpbench,
} from './support/budgets.js';

const { dir } = scratch('zpb-budgets-');
const presetsListed = async (): Promise<Listed[]> =>
  (await cli(['--list-presets'])).stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [name = '', category = ''] = line.split(/\s+/);
      return { name, category };
    });
const cli = (args: string[]) => runBin(zpbench, args);

interface Listed {
  name: string;
  category: string;
}

describe('presets', () => {
  it('--show-preset of every shipped preset prints a budget that validates', async () => {
    const listed = await presetsListed();
    expect(listed.map((p) => p.name).sort()).toEqual([
      'dose-smoke',
      'ik-smoke',
      'release-evidence',
      'rf-smoke',
      'synthetic-smoke',
    ]);
    for (const { name } of listed) {
      const shown = await cli(['--show-preset', name]);
      expect(shown.exitCode, shown.stderr).toBe(0);
      const { budgets } = JSON.parse(shown.stdout);
      const file = join(dir, `${name}.budget.json`);
      writeFileSync(file, JSON.stringify(budgets));
      expect(readBudgetFile(file).file.budgets.length).toBeGreaterThan(0);
      // The same budget through Python's jsonschema and the committed schema.
      expect(pythonValidates([`${file}=zpbench_budget_file.v1`])).toBe(allValid(1));
    }
    expect((await cli(['--show-preset', 'nope'])).stderr).toMatch(
      /unknown preset "nope"; known presets: /,
    );
  });

  it('runs every checkout-safe preset on this machine, its budget passing', async () => {
    const listed = await presetsListed();
    for (const { name } of listed.filter((p) => p.category === 'checkout-safe')) {
      const out = join(dir, name);
      const run = await cli([
        'run',
        '--preset',
        name,
        '--out-root',
        out,
        '--json',
        '--workers',
        '2',
      ]);
      expect(run.exitCode, `${name}: ${run.stderr}`).toBe(0);
      const { result, gate: verdict } = JSON.parse(run.stdout);
      expect(result.seeds_failed).toEqual([]);
      expect(verdict).toMatchObject({
        schema: 'zpbench_budget_verdict',
        ok: true,
        n_violations: 0,
      });
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
      expect(manifest.budget_file.sha256).toBe(verdict.budget_sha256);
      expect(provenance.budget_file).toEqual(manifest.budget_file);
      expect(manifest.artifacts['aggregated/budget_verdict.json'].role).toBe('audit');
    }
  }, 600_000);

  it('a budget violation exits 1 with the violation table, in text, csv and json', async () => {
    const run = join(dir, 'synthetic-smoke');
    const budget = join(dir, 'strict.json');
    writeFileSync(
      budget,
      JSON.stringify({
        budgets: [
          { domain: 'synthetic', model: 'candidate', metric: 'mean_loss', max_mean: 0.001 },
          { domain: 'no-such-domain', max_failed_seeds: 0 },
        ],
      }),
    );
    const text = await execa(
      'node',
      [gate, '--family', 'scientific', run, '--budget-file', budget],
      { reject: false },
    );
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/budget gate FAIL: 2 violations in 2 checks/);
    expect(text.stdout).toMatch(
      /\| 0 \| domain=synthetic mode=\* model=candidate metric=mean_loss \| .* \| candidate\/mean_loss \| max_mean \| 0\.001 \|/,
    );
    expect(text.stdout).toMatch(/\(no match\) \| selector/);
    const csv = await execa(
      'node',
      [gate, '--family', 'scientific', run, '--budget-file', budget, '--format', 'csv'],
      { reject: false },
    );
    expect(csv.exitCode).toBe(1);
    expect(csv.stdout.split('\n')).toHaveLength(3);
    const json = await execa(
      'node',
      [gate, '--family', 'scientific', run, '--budget-file', budget, '--json'],
      { reject: false },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, gate: { n_violations: 2 } });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"budgets": [{"model": "m"}]}');
    const refused = await execa(
      'node',
      [gate, '--family', 'scientific', run, '--budget-file', bad],
      { reject: false },
    );
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/bad\.json.*at least one threshold/);
  }, 120_000);

  it('calibrates from the preset runs: candidates load, pass their sources, and python jsonschema validates all files', async () => {
    const out = join(dir, 'calibration');
    const sources = [join(dir, 'synthetic-smoke')];
    const current = join(root, 'packages/domain-synthetic/presets/synthetic-smoke.budget.json');
    const cal = await cli([
      'budgets',
      'calibrate',
      '--report',
      ...sources,
      '--current-budget',
      current,
      '--output',
      out,
      '--machine-class',
      'test',
    ]);
    expect(cal.exitCode, cal.stderr).toBe(0);
    const candidates = join(out, 'candidate-budgets.json');
    readBudgetFile(candidates);
    const pass = await execa(
      'node',
      [gate, '--family', 'scientific', ...sources, '--budget-file', candidates],
      { reject: false },
    );
    expect(pass.exitCode, pass.stdout).toBe(0);
    const calibration = JSON.parse(readFileSync(join(out, 'budget-calibration.json'), 'utf8'));
    expect(calibration).toMatchObject({
      schema: 'zpbench_budget_calibration',
      schema_version: 2,
      envelope: {
        kind: 'budget-calibration',
        suite_id: 'synthetic',
        budget_file: readBudgetFile(current).ref,
        event_count: calibration.rows.length,
        command: expect.arrayContaining(['budgets', 'calibrate', '--machine-class', 'test']),
      },
    });
    const md = readFileSync(join(out, 'budget-calibration.md'), 'utf8');
    expect(envelopeBlock(md)).toEqual(calibration.envelope);
    // Every file of the calibration, the preset files and the run's journals through Python's
    // jsonschema (the calibration's nested envelope too): 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1.
    expect(
      pythonValidates([
        candidates,
        `${current}=zpbench_budget_file.v1`,
        join(out, 'budget-calibration.json'),
        join(out, 'budget-calibration.md'),
        join(dir, 'synthetic-smoke/aggregated/budget_verdict.json'),
        join(root, 'packages/domain-dose/presets/release-evidence.preset.json'),
        `${join(root, 'packages/domain-dose/presets/release-evidence.budget.json')}=zpbench_budget_file.v1`,
        join(dir, 'synthetic-smoke/manifest.json'),
        join(dir, 'synthetic-smoke/provenance.json'),
      ]),
    ).toBe(allValid(10));
    expect(readFileSync(join(out, 'budget-calibration.md'), 'utf8')).toMatch(/## Thresholds/);
  }, 120_000);
});
