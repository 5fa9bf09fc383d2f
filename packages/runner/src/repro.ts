import {
  type DomainPlugin,
  ERROR_CODES,
  readBenchmarkRun,
  type SeedOutput,
  ZpbenchError,
} from '@zpbench/core';
import { resolveParentRun } from './parent-run.js';
import { type PluginModule, runSeedSchedule } from './worker-pool.js';
import { checkSeedOutput } from './write-seed.js';

/** Outcome of a determinism probe. */
export interface ReproResult {
  readonly seed: number;
  readonly identical: boolean;
  /** Files that differ (relative to the run root); empty when identical. */
  readonly differences: readonly string[];
}

/**
 * Reruns one seed of a completed run on a worker thread with the stored configuration (and the
 * stored parent run, for a mode that reads one) and compares its per-seed result and files byte
 * for byte with the recorded ones. Nothing is written.
 */
export async function reproduceSeed(
  plugin: DomainPlugin<unknown>,
  module: PluginModule,
  runDir: string,
  seed: number,
): Promise<ReproResult> {
  const run = await readBenchmarkRun(runDir, {
    domains: (id) => (id === plugin.id ? plugin.contract : undefined),
  });
  if (!run.seedResults.has(seed)) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--seed ${seed} is not a completed seed of ${runDir}; choose one of ${run.manifest.seeds_completed.join(', ')}`,
    );
  }
  const stored = run.provenance.config as { config?: unknown };
  const parentRef = run.resumeState.contract.parent_run;
  const parent =
    parentRef && run.provenance.parent_run_dir
      ? await resolveParentRun(plugin, run.manifest.mode, run.provenance.parent_run_dir)
      : null;
  if (parentRef && parent?.ref.manifest_sha256 !== parentRef.manifest_sha256) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${runDir} was made from the parent run ${parentRef.run_id}, which is no longer at ${run.provenance.parent_run_dir ?? '(no path recorded)'} as it was; restore the parent run to reproduce seed ${seed}`,
    );
  }
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
        config: stored.config,
        configHash: run.manifest.config_hash,
        parent: parent?.run ?? null,
      },
    ],
    1,
    {
      onResult: (_seed, out) => {
        output = out;
      },
      onError: (_seed, f) => {
        failure = f.message;
      },
    },
  );
  if (!output)
    throw new ZpbenchError(
      ERROR_CODES.CONFIG,
      `seed ${seed} failed to rerun: ${failure ?? 'no result'}`,
    );
  const checked = checkSeedOutput(plugin, seed, output, {
    mode: run.manifest.mode,
    configHash: run.manifest.config_hash,
    codeVersion: run.resumeState.contract.code_version,
  });
  const recorded = run.resumeState.seed_files[String(seed)] ?? {};
  const fresh = new Map(checked.records.map((r) => [r.path, r.sha256]));
  const paths = [...new Set([...Object.keys(recorded), ...fresh.keys()])].sort();
  // The reader checked every stored file against the manifest, which agrees with these records.
  const differences = paths.filter((path) => recorded[path]?.sha256 !== fresh.get(path));
  return { seed, identical: differences.length === 0, differences };
}
