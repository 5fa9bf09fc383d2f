/**
 * The preset actions, loaded only when `--list-presets`, `--show-preset` or `run --preset` runs
 * (they read every domain's preset files and parse them with the schema'd parsers).
 */
import { readFileSync } from 'node:fs';
import {
  findPreset,
  type LoadedPreset,
  loadPresets,
  presetBudget,
  presetSkipReason,
} from '@zpbench/runner';
import { loadDomains } from '../domains.js';
import { printJson, println } from '../output.js';

/** Every preset of the registered domains. */
export async function registeredPresets(): Promise<LoadedPreset[]> {
  return loadPresets((await loadDomains()).map((d) => d.plugin.contract));
}

/** `zpbench --list-presets`. */
export function listPresets(presets: readonly LoadedPreset[], json: boolean): void {
  if (json) {
    printJson(presets.map((p) => p.preset));
    return;
  }
  println('preset             category       domain     mode     tolerance');
  for (const { preset } of presets)
    println(
      `${preset.name.padEnd(19)}${preset.category.padEnd(15)}${preset.domain.padEnd(11)}${preset.mode.padEnd(9)}${preset.failure_tolerance}`,
    );
}

/** `zpbench --show-preset NAME`: the preset and its budget file, parsed by the budget parser. */
export function showPreset(presets: readonly LoadedPreset[], name: string): void {
  const found = findPreset(presets, name);
  const budget = presetBudget(found);
  printJson({
    preset: found.preset,
    budget_file: budget ? { ...budget.ref, path: found.preset.budget_file } : null,
    budgets: budget ? JSON.parse(readFileSync(found.budgetPath as string, 'utf8')) : null,
  });
}

export { findPreset, presetSkipReason };
