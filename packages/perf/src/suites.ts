import { ERROR_CODES, ZpbenchError } from '@zpbench/core';
import type { SuiteDefinition } from './define-suite.js';
import { ioSuite } from './suites/io-suite.js';
import { nnSuite } from './suites/nn-suite.js';
import { statsSuite } from './suites/stats-suite.js';

/**
 * Version of the benchmark definitions, recorded in every artifact: bump it when a workload
 * changes so the gate refuses to compare old baselines with new workloads.
 */
export const PERF_SUITE_DEFINITIONS_VERSION = 1;

/**
 * The built-in suites, in the order `--suite all` runs them. A caller adds suites that need
 * what this package cannot name (a domain's deployment bundle) by passing its own list to
 * `runPerfSuite`, e.g. `[...PERF_SUITES, bundleSuite]`.
 */
export const PERF_SUITES: readonly SuiteDefinition[] = [statsSuite, nnSuite, ioSuite];

/** The suites `--suite <id>` selects from `registry`: `all`, or the one with that id. */
export function selectSuites(
  id: string,
  registry: readonly SuiteDefinition[] = PERF_SUITES,
): SuiteDefinition[] {
  if (id === 'all') return [...registry];
  const suite = registry.find((s) => s.id === id);
  if (!suite) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--suite ${id} is not a performance suite; use all, ${registry.map((s) => s.id).join(', ')}`,
    );
  }
  return [suite];
}
