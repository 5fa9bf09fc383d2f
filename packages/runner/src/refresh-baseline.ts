import {
  type DomainContractLookup,
  type DomainPlugin,
  readBenchmarkRun,
  refreshManifest,
} from '@zpbench/core';
import { aggregateRun } from './aggregate-run.js';
import { assertComparable } from './baseline.js';

/**
 * Recomputes the aggregates of a completed run against another completed run (paired baseline
 * deltas and the severity regression verdict), through the same {@link aggregateRun} as a run,
 * then records the rewritten files in the manifest. Both runs are checked first (every file as
 * its manifest records it), so a changed file is refused, never laundered into new hashes.
 */
export async function refreshBaselineComparison(
  plugin: DomainPlugin<unknown>,
  runDir: string,
  baselineRunDir: string,
  options: { readonly domains?: DomainContractLookup } = {},
): Promise<void> {
  const own: DomainContractLookup = (id) => (id === plugin.id ? plugin.contract : undefined);
  const current = await readBenchmarkRun(runDir, { domains: own });
  const baseline = await readBenchmarkRun(baselineRunDir, { domains: options.domains ?? own });
  assertComparable(
    plugin,
    {
      mode: current.manifest.mode,
      seeds: current.manifest.seeds_completed,
      config: current.provenance.config,
    },
    baseline,
  );
  const { records } = aggregateRun({
    plugin,
    runDir,
    mode: current.manifest.mode,
    config: (current.provenance.config as { config?: unknown }).config,
    configHash: current.manifest.config_hash,
    codeVersion: current.resumeState.contract.code_version,
    plannedSeeds: current.manifest.seeds_planned,
    seedResults: current.seedResults,
    read: current.read,
    baseline,
    parent: current.resumeState.contract.parent_run,
  });
  refreshManifest(runDir, plugin.contract, records);
}
