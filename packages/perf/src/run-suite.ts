import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERROR_CODES,
  PERF_SUITE_MARKER,
  PERF_SUITE_VERSION,
  type PerfBenchmark,
  type PerfSuiteV3,
  parseWithSchema,
  perfArtifactName,
  perfSuiteEnvelope,
  perfSuiteV3Schema,
  writeJsonAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { readEnvironment, readGitInfo } from '@zpbench/runner';
import type { SuiteDefinition } from './define-suite.js';
import { collectEnvironment } from './environment.js';
import { type MeasureProgress, measureBenchmark } from './measure.js';
import { PERF_SUITE_DEFINITIONS_VERSION, PERF_SUITES, selectSuites } from './suites.js';

/** Progress of a suite run: the benchmark's own progress and where it is in the run. */
export interface SuiteProgress extends MeasureProgress {
  readonly suite: string;
  /** 1-based position of the benchmark in the run, and the number of benchmarks. */
  readonly index: number;
  readonly count: number;
}

/** Options of {@link runPerfSuite}. */
export interface RunPerfSuiteOptions {
  /** `all`, or a suite id of `registry`. */
  readonly suite: string;
  /** Directory the artifact goes to (created when missing). */
  readonly outputDir: string;
  /** Measured iterations of every benchmark (default: each benchmark's own). */
  readonly iterations?: number | undefined;
  /** Iterations in flight at once (default 1). */
  readonly concurrency?: number | undefined;
  /** Machine class to record instead of the derived one. */
  readonly machineClass?: string | undefined;
  readonly zpbenchVersion: string;
  /** The command line, recorded in the provenance. */
  readonly argv: readonly string[];
  /** Suites to choose from (default {@link PERF_SUITES}). */
  readonly registry?: readonly SuiteDefinition[];
  readonly now?: () => Date;
  readonly onProgress?: (event: SuiteProgress) => void;
}

/** What {@link runPerfSuite} wrote. */
export interface PerfSuiteRun {
  readonly path: string;
  readonly artifact: PerfSuiteV3;
}

const MACHINE_CLASS = /^[a-z0-9][a-z0-9._-]*$/;

function checkOutputDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--output ${dir} is a file; pass a directory for benchmarks_<timestamp>.json (e.g. benchmark_results)`,
    );
  }
}

/** A file name for `created` that does not exist yet in `dir` (a `_2` suffix sorts after). */
function freshName(dir: string, created: Date): string {
  const base = perfArtifactName(created);
  if (!existsSync(join(dir, base))) return base;
  for (let n = 2; ; n++) {
    const name = base.replace(/\.json$/, `_${n}.json`);
    if (!existsSync(join(dir, name))) return name;
  }
}

/**
 * Runs performance suites and writes `<outputDir>/benchmarks_<timestamp>.json`. Phases: validate
 * the options, select and load the suites, measure every benchmark in turn, assemble the artifact
 * with its environment and provenance, check it against its schema, write it atomically.
 *
 * @example
 * const { path } = await runPerfSuite({
 *   suite: 'stats', outputDir: 'benchmark_results', zpbenchVersion: '0.1.0', argv: process.argv.slice(1),
 * });
 */
export async function runPerfSuite(options: RunPerfSuiteOptions): Promise<PerfSuiteRun> {
  const now = options.now ?? (() => new Date());
  checkOutputDir(options.outputDir);
  if (options.machineClass !== undefined && !MACHINE_CLASS.test(options.machineClass)) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--machine-class ${JSON.stringify(options.machineClass)} must be lowercase letters, digits, '.', '_' or '-' (e.g. linux-x64-ci-4cpu)`,
    );
  }
  const suites = selectSuites(options.suite, options.registry ?? PERF_SUITES);
  const concurrency = options.concurrency ?? 1;
  const started = now();
  const environment = collectEnvironment(options.machineClass);
  const loaded = [];
  for (const suite of suites) {
    for (const benchmark of await suite.load()) loaded.push({ suite: suite.id, benchmark });
  }
  const benchmarks: PerfBenchmark[] = [];
  for (const [i, { suite, benchmark }] of loaded.entries()) {
    benchmarks.push(
      await measureBenchmark(benchmark, {
        iterations: options.iterations,
        concurrency,
        onProgress: (event) =>
          options.onProgress?.({ ...event, suite, index: i + 1, count: loaded.length }),
      }),
    );
  }
  const finished = now();
  const content = {
    schema: PERF_SUITE_MARKER,
    schema_version: PERF_SUITE_VERSION,
    suite: options.suite,
    suites: suites.map((s) => s.id),
    created_utc: started.toISOString(),
    environment,
    provenance: {
      zpbench_version: options.zpbenchVersion,
      suite_version: PERF_SUITE_DEFINITIONS_VERSION,
      git: readGitInfo(),
      environment: readEnvironment(),
      command: [...options.argv],
      options: { iterations: options.iterations ?? null, concurrency },
      wall_time_s: Math.round(finished.getTime() - started.getTime()) / 1000,
    },
    benchmarks,
  } satisfies Omit<PerfSuiteV3, 'envelope'>;
  const artifact = parseWithSchema(
    perfSuiteV3Schema,
    { ...content, envelope: perfSuiteEnvelope(content) } satisfies PerfSuiteV3,
    'the performance-suite artifact',
  );
  mkdirSync(options.outputDir, { recursive: true });
  const path = join(options.outputDir, freshName(options.outputDir, started));
  writeJsonAtomic(path, artifact);
  return { path, artifact };
}
