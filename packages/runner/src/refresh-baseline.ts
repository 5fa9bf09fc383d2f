import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DomainPlugin,
  loadBenchmarkRun,
  parseWithSchema,
  perSeedResultPath,
  RUN_FILES,
  refreshManifest,
  writeFileAtomic,
  writeJsonAtomic,
} from '@zpbench/core';
import { buildPairedStats, buildSummary, collectMetrics, metricLogText } from './aggregate.js';
import { assertComparable, compareWithBaseline } from './baseline.js';

/**
 * Recomputes `aggregated/paired_stats.json` (and the metric log's delta records) of a completed
 * run against another completed run, then re-hashes them into the manifest. Both runs are
 * validated first; incomparable runs are refused.
 */
export async function refreshBaselineComparison(
  plugin: DomainPlugin<unknown>,
  runDir: string,
  baselineRunDir: string,
): Promise<void> {
  const current = await loadBenchmarkRun(runDir);
  const baseline = await loadBenchmarkRun(baselineRunDir);
  assertComparable(
    plugin,
    {
      mode: current.manifest.mode,
      seeds: current.manifest.seeds_completed,
      config: current.provenance.config,
    },
    baseline,
  );
  // loadBenchmarkRun has read every completed seed (hash-checked, envelope-parsed); check each
  // against the domain's own schema without reading the file again.
  const collected = collectMetrics(plugin, current.manifest.seeds_completed, (seed) =>
    parseWithSchema(
      plugin.seedResultSchema,
      current.seedResults.get(seed),
      perSeedResultPath(seed),
    ),
  );
  const summary = buildSummary(
    plugin,
    current.manifest.mode,
    current.manifest.config_hash,
    collected,
  );
  const paired = buildPairedStats(
    plugin,
    current.manifest.mode,
    current.manifest.config_hash,
    collected,
    compareWithBaseline(plugin, collected, baseline),
  );
  writeJsonAtomic(join(runDir, RUN_FILES.pairedStats), paired);
  writeFileAtomic(
    join(runDir, RUN_FILES.metricLog),
    metricLogText(plugin.id, collected, summary, paired),
  );
  if (
    readFileSync(join(runDir, RUN_FILES.summary), 'utf8') !==
    `${JSON.stringify(summary, null, 2)}\n`
  ) {
    writeJsonAtomic(join(runDir, RUN_FILES.summary), summary);
  }
  await refreshManifest(runDir, [RUN_FILES.pairedStats, RUN_FILES.metricLog, RUN_FILES.summary]);
}
