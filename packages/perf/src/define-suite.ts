import type { AnyBenchmark } from './define-benchmark.js';

/**
 * A suite: an id for `--suite`, and its benchmarks, loaded on demand so that a suite's
 * dependencies (the report renderer, nn's kernels) load only when it runs.
 */
export interface SuiteDefinition {
  /** `--suite` id, kebab-case; also the `group` of its benchmarks. */
  readonly id: string;
  readonly description: string;
  readonly load: () => Promise<readonly AnyBenchmark[]>;
}

/**
 * Identity helper for a suite.
 *
 * @example
 * export const mySuite = defineSuite({
 *   id: 'mine',
 *   description: 'what it measures',
 *   load: async () => [(await import('./my-benchmarks.js')).sortBenchmark],
 * });
 */
export function defineSuite(suite: SuiteDefinition): SuiteDefinition {
  return suite;
}
