import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DomainContract, isZpbenchError } from '@zpbench/core';
import { FIXTURE_CONTRACT } from '@zpbench/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { findPreset, loadPresets, presetBudget, presetSkipReason } from './presets.js';

const temp = mkdtempSync(join(tmpdir(), 'zpb-presets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const preset = (over: Record<string, unknown> = {}) => ({
  schema: 'zpbench_preset',
  schema_version: 1,
  name: 'fixture-smoke',
  category: 'checkout-safe',
  description: 'test',
  domain: 'fixture',
  mode: 'smoke',
  seeds: null,
  budget_file: 'fixture-smoke.budget.json',
  failure_tolerance: 'fail-on-violation',
  requires: { min_cpu_count: null, env: [], parent_run_env: null },
  ...over,
});

/** A contract whose preset directory holds the given files. */
function contractWith(name: string, files: Record<string, string>): DomainContract {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return { ...FIXTURE_CONTRACT, presetDir: pathToFileURL(`${dir}/`) } as DomainContract;
}

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(isZpbenchError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('preset files', () => {
  const budget = JSON.stringify({ budgets: [{ max_failed_seeds: 0 }] });

  it('loads a valid preset with its budget through the budget parser', () => {
    const contract = contractWith('ok', {
      'fixture-smoke.preset.json': JSON.stringify(preset()),
      'fixture-smoke.budget.json': budget,
    });
    const [loaded] = loadPresets([contract]);
    expect(loaded?.preset.name).toBe('fixture-smoke');
    expect(presetBudget(loaded as NonNullable<typeof loaded>)?.file.budgets).toHaveLength(1);
    expect(refusal(() => findPreset(loadPresets([contract]), 'x'))).toMatch(
      /unknown preset "x"; known presets: fixture-smoke/,
    );
  });

  it.each([
    ['empty', '', /fixture-smoke\.preset\.json is empty/],
    [
      'truncated',
      '{"schema": "zpbench_preset", "name',
      /fixture-smoke\.preset\.json is not valid JSON/,
    ],
    [
      'wrong',
      JSON.stringify(preset({ category: 'nightly' })),
      /fixture-smoke\.preset\.json.*category/,
    ],
    [
      'renamed',
      JSON.stringify(preset({ name: 'other' })),
      /is named other; name the file other\.preset\.json/,
    ],
    [
      'foreign',
      JSON.stringify(preset({ domain: 'elsewhere' })),
      /belongs to domain elsewhere, but ships with fixture/,
    ],
    [
      'escaping',
      JSON.stringify(preset({ budget_file: '../outside.json' })),
      /outside|\.\.\/outside\.json/,
    ],
  ])('refuses a preset file that is %s, naming it', (name, text, message) => {
    const contract = contractWith(name, { 'fixture-smoke.preset.json': text });
    expect(refusal(() => loadPresets([contract]))).toMatch(message);
  });

  it.each([
    ['empty', '', /fixture-smoke\.budget\.json is empty/],
    ['truncated', '{"budgets": [', /fixture-smoke\.budget\.json is not valid JSON/],
    ['wrong', '{"budgets": [{"model": "m"}]}', /at least one threshold/],
  ])('refuses a preset whose budget file is %s, naming it', (name, text, message) => {
    const contract = contractWith(`budget-${name}`, {
      'fixture-smoke.preset.json': JSON.stringify(preset()),
      'fixture-smoke.budget.json': text,
    });
    const [loaded] = loadPresets([contract]);
    expect(refusal(() => presetBudget(loaded as NonNullable<typeof loaded>))).toMatch(message);
  });

  it('gives a typed skip reason for a missing variable or too few CPUs', () => {
    const p = preset({
      failure_tolerance: 'skip-when-env-missing',
      requires: { min_cpu_count: 64, env: ['ZPB_NEEDED'], parent_run_env: null },
    }) as Parameters<typeof presetSkipReason>[0];
    expect(presetSkipReason(p, {}, 2)).toEqual({
      code: 'env-missing',
      message: 'ZPB_NEEDED not set',
    });
    expect(presetSkipReason(p, { ZPB_NEEDED: '1' }, 2)).toEqual({
      code: 'cpu-count',
      message: 'needs 64 CPUs, this host has 2',
    });
    expect(presetSkipReason(p, { ZPB_NEEDED: '1' }, 64)).toBeNull();
  });
});
