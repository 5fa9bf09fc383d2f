import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedOutput } from '@zpbench/core';
import {
  type DomainPlugin,
  ERROR_CODES,
  formatArtifactJson,
  loadBenchmarkRun,
  perSeedResultPath,
  seedDir,
  ZpbenchError,
} from '@zpbench/core';
import { resolveConfig } from './run-config.js';
import { type PluginModule, runSeedSchedule } from './worker-pool.js';

/** Outcome of a determinism probe. */
export interface ReproResult {
  readonly seed: number;
  readonly identical: boolean;
  /** Files that differ (relative to the seed directory); empty when identical. */
  readonly differences: readonly string[];
}

/**
 * Reruns one seed of a completed run on a worker thread with the stored configuration and
 * compares its per-seed result and sidecars byte for byte with the stored ones.
 */
export async function reproduceSeed(
  plugin: DomainPlugin<unknown>,
  module: PluginModule,
  runDir: string,
  seed: number,
): Promise<ReproResult> {
  const run = await loadBenchmarkRun(runDir);
  if (!run.seedResults.has(seed)) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--seed ${seed} is not a completed seed of ${runDir}; choose one of ${run.manifest.seeds_completed.join(', ')}`,
    );
  }
  const stored = run.provenance.config as { config?: Record<string, unknown> };
  const config = stored.config ?? resolveConfig(plugin, run.manifest.mode).config;
  const temp = mkdtempSync(join(tmpdir(), 'zpbench-repro-'));
  try {
    let output: SeedOutput | null = null;
    let failure: string | null = null;
    await runSeedSchedule(
      plugin,
      module,
      [
        {
          domain: plugin.id,
          mode: run.manifest.mode,
          seed,
          config,
          configHash: run.manifest.config_hash,
          runDir: temp,
        },
      ],
      1,
      {
        onResult: (_seed, out) => {
          output = out;
        },
        onError: (_seed, message) => {
          failure = message;
        },
      },
    );
    if (!output)
      throw new ZpbenchError(
        ERROR_CODES.CONFIG,
        `seed ${seed} failed to rerun: ${failure ?? 'no result'}`,
      );
    const out = output as SeedOutput;
    const differences: string[] = [];
    if (
      formatArtifactJson(out.result) !== readFileSync(join(runDir, perSeedResultPath(seed)), 'utf8')
    )
      differences.push('per_seed_result.json');
    for (const file of out.files) {
      let storedBytes: Buffer | null = null;
      try {
        storedBytes = readFileSync(join(runDir, seedDir(seed), ...file.path.split('/')));
      } catch {
        storedBytes = null;
      }
      const fresh =
        typeof file.content === 'string'
          ? Buffer.from(file.content, 'utf8')
          : Buffer.from(file.content);
      if (!storedBytes?.equals(fresh)) differences.push(file.path);
    }
    return { seed, identical: differences.length === 0, differences };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
