import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_PERF_BASELINE,
  ERROR_CODES,
  listPerfArtifacts,
  type PerfSuiteV3,
  readPerfSuite,
  type Violation,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';

/** What {@link updatePerfBaseline} copied. */
export interface BaselineUpdate {
  readonly source: string;
  readonly baseline: string;
  readonly machine_class: string;
  readonly benchmarks: number;
}

/**
 * Copies the newest performance-suite artifact of `src` to the baseline (default
 * `perf/baseline.json`), after checking it against its schema, byte for byte (temp file and
 * rename). The caller reviews and commits the new baseline.
 *
 * @example
 * updatePerfBaseline({ src: 'benchmark_results' }); // → perf/baseline.json
 */
export function updatePerfBaseline(options: { src: string; baseline?: string }): BaselineUpdate {
  const { src } = options;
  const baseline = options.baseline ?? DEFAULT_PERF_BASELINE;
  if (!existsSync(src) || !statSync(src).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `--src ${src} is not a directory; pass the directory \`zpbench perf run --output\` wrote to`,
    );
  }
  const newest = listPerfArtifacts(src).at(-1);
  if (newest === undefined) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `--src ${src} holds no performance-suite JSON; run \`zpbench perf run --output ${src}\` first`,
    );
  }
  const source = join(src, newest);
  const violations: Violation[] = [];
  const suite: PerfSuiteV3 | null = readPerfSuite(source, source, violations);
  if (suite === null) {
    const v = violations[0] as Violation;
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${source} cannot become the baseline: ${v.check}: expected ${v.expected}, found ${v.found}`,
    );
  }
  writeFileAtomic(baseline, readFileSync(source));
  return {
    source,
    baseline,
    machine_class: suite.environment.machine_class,
    benchmarks: suite.benchmarks.length,
  };
}
