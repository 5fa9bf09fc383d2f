/** Test support: a synthetic-domain run through the runner's library API, seeds inline. */
import { renderReportFor } from '@zpbench/cli';
import type { DomainPlugin } from '@zpbench/core';
import { syntheticDomain } from '@zpbench/domain-synthetic';
import { type RunBenchmarkOptions, runBenchmark } from '@zpbench/runner';

/** The synthetic plugin, as the runner takes it. */
export const synthetic = syntheticDomain as DomainPlugin<unknown>;

/**
 * Runs the synthetic smoke mode into `outRoot` (workers 0), with the reports when `report` is set
 * (a run the gate accepts), overriding any option.
 */
export function runSynthetic(
  outRoot: string,
  options: Partial<RunBenchmarkOptions> = {},
  { report = false } = {},
) {
  const plugin = options.plugin ?? synthetic;
  return runBenchmark({
    plugin,
    module: { moduleUrl: 'inline', exportName: 'inline' },
    mode: 'smoke',
    outRoot,
    workers: 0,
    argv: ['synthetic', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: report
      ? (dir, files) => renderReportFor(plugin, dir, { html: false, verify: false, files })
      : undefined,
    ...options,
  });
}
