import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type DomainContract,
  ERROR_CODES,
  type LoadedBudgetFile,
  PRESET_SCHEMA,
  type PresetV1,
  readArtifact,
  readBudgetFile,
  resolveInsideRunDir,
  ZpbenchError,
} from '@zpbench/core';

/** A preset as loaded: its data file, where it lives, and its budget file resolved. */
export interface LoadedPreset {
  readonly preset: PresetV1;
  /** Absolute path of the preset file. */
  readonly path: string;
  /** Absolute path of its budget file, or null. */
  readonly budgetPath: string | null;
}

/**
 * Loads every preset the given contracts ship (`presets/*.preset.json` in `contract.presetDir`),
 * each validated by the preset schema: its domain must be the contract's, names unique, and its
 * budget file inside the preset directory.
 */
export function loadPresets(contracts: readonly DomainContract[]): LoadedPreset[] {
  const presets: LoadedPreset[] = [];
  for (const contract of contracts) {
    if (!contract.presetDir) continue;
    const dir = fileURLToPath(contract.presetDir);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.preset.json'))
      .sort()) {
      const path = `${dir}${dir.endsWith('/') ? '' : '/'}${name}`;
      const preset = readArtifact(path, PRESET_SCHEMA);
      const problem =
        preset.domain !== contract.id
          ? `belongs to domain ${preset.domain}, but ships with ${contract.id}`
          : presets.some((p) => p.preset.name === preset.name)
            ? `repeats the preset name ${preset.name}`
            : `${preset.name}.preset.json` !== name
              ? `is named ${preset.name}; name the file ${preset.name}.preset.json`
              : null;
      if (problem)
        throw new ZpbenchError(
          ERROR_CODES.PLUGIN_CONTRACT,
          `preset ${path} ${problem}; fix the preset file`,
        );
      presets.push({
        preset,
        path,
        budgetPath: preset.budget_file ? resolveInsideRunDir(dir, preset.budget_file) : null,
      });
    }
  }
  return presets;
}

/** Finds a preset by name; a one-line usage error listing the known ones otherwise. */
export function findPreset(presets: readonly LoadedPreset[], name: string): LoadedPreset {
  const found = presets.find((p) => p.preset.name === name);
  if (!found)
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `unknown preset ${JSON.stringify(name)}; known presets: ${presets.map((p) => p.preset.name).join(', ')} (zpbench --list-presets)`,
    );
  return found;
}

/** Reads a preset's budget file through the one budget parser, or null. */
export function presetBudget(preset: LoadedPreset): LoadedBudgetFile | null {
  return preset.budgetPath ? readBudgetFile(preset.budgetPath) : null;
}

/**
 * Why a preset cannot run on this host (a typed reason), or null: a required environment
 * variable unset, fewer CPUs than it needs.
 */
export function presetSkipReason(
  preset: PresetV1,
  env: NodeJS.ProcessEnv = process.env,
  cpuCount = cpus().length,
): { readonly code: 'env-missing' | 'cpu-count'; readonly message: string } | null {
  const missing = [
    ...preset.requires.env,
    ...(preset.requires.parent_run_env ? [preset.requires.parent_run_env] : []),
  ].filter((key) => !env[key]);
  if (missing.length > 0) return { code: 'env-missing', message: `${missing.join(', ')} not set` };
  if (preset.requires.min_cpu_count !== null && cpuCount < preset.requires.min_cpu_count)
    return {
      code: 'cpu-count',
      message: `needs ${preset.requires.min_cpu_count} CPUs, this host has ${cpuCount}`,
    };
  return null;
}
