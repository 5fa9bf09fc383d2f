import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readJsonFile, readMarker } from './artifact-io.js';
import { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
import { type JsonSchemaValidator, sharedJsonSchemaValidator } from './json-schema-validator.js';
import type { Violation } from './run-dir-check.js';
import { RUN_FILES } from './run-layout.js';
import {
  PERF_SUITE_MARKER,
  PERF_SUITE_VERSION,
  type PerfSuiteV1,
  perfSuiteV1Schema,
} from './schemas/perf-suite.js';
import { PERF_SUITE_SCHEMA } from './schemas/registry.js';

/** Default tolerated slowdown of the performance gate (candidate vs baseline). */
export const DEFAULT_MAX_SLOWDOWN = 1.2;

/** Result of the performance gate. */
export interface PerfDirCheck {
  readonly dir: string;
  readonly ok: boolean;
  readonly candidate: string | null;
  readonly baseline: string | null;
  readonly violations: readonly Violation[];
  readonly comparisons: readonly {
    name: string;
    unit: string;
    baseline: number;
    candidate: number;
    slowdown: number;
  }[];
}

function readPerfSuite(
  path: string,
  label: string,
  violations: Violation[],
  ajv: JsonSchemaValidator,
): PerfSuiteV1 | null {
  let value: unknown;
  try {
    value = readJsonFile(path, label);
  } catch (error) {
    violations.push({
      file: label,
      check: 'json',
      expected: 'valid JSON',
      found: isZpbenchError(error) ? error.message : String(error),
    });
    return null;
  }
  const { marker, version } = readMarker(value);
  if (marker !== PERF_SUITE_MARKER) {
    violations.push({
      file: label,
      check: 'schema-marker',
      expected: PERF_SUITE_MARKER,
      found: JSON.stringify(marker ?? null),
    });
    return null;
  }
  if (version !== PERF_SUITE_VERSION) {
    violations.push({
      file: label,
      check: 'schema-version',
      expected: `version ${PERF_SUITE_VERSION}`,
      found: `version ${JSON.stringify(version ?? null)}`,
    });
    return null;
  }
  const errors = ajv.validate(PERF_SUITE_SCHEMA, value);
  const parsed = perfSuiteV1Schema.safeParse(value);
  if (errors.length > 0 || !parsed.success) {
    violations.push({
      file: label,
      check: 'schema',
      expected: `valid ${PERF_SUITE_MARKER} v${PERF_SUITE_VERSION}`,
      found: errors.join('; ') || String(parsed.error),
    });
    return null;
  }
  const names = parsed.data.benchmarks.map((b) => b.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate)
    violations.push({
      file: label,
      check: 'schema',
      expected: 'unique benchmark names',
      found: `duplicate ${duplicate}`,
    });
  return parsed.data;
}

/**
 * Checks a performance-suite directory: every `*.json` with the perf-suite marker must be valid;
 * the newest (by file name, which carries the timestamp) is the candidate; it is compared with the
 * baseline (`baselinePath`, else `<dir>/baseline.json` when present) and fails when any benchmark
 * is slower than `maxSlowdown` or missing.
 */
export function checkPerfDir(
  dir: string,
  options: { baselinePath?: string; maxSlowdown?: number } = {},
): PerfDirCheck {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `performance directory ${dir} does not exist; pass the directory holding benchmarks_<timestamp>.json files`,
    );
  }
  if (existsSync(join(dir, RUN_FILES.manifest))) {
    throw new ZpbenchError(
      ERROR_CODES.WRONG_FAMILY,
      `${dir} looks like a scientific run directory; use --family scientific`,
    );
  }
  const maxSlowdown = options.maxSlowdown ?? DEFAULT_MAX_SLOWDOWN;
  const ajv = sharedJsonSchemaValidator();
  const violations: Violation[] = [];
  const files = listPerfFiles(dir);
  const defaultBaseline = join(dir, 'baseline.json');
  const baselinePath =
    options.baselinePath ?? (existsSync(defaultBaseline) ? defaultBaseline : undefined);
  const candidates = files.filter(
    (name) => join(dir, name) !== baselinePath && name !== 'baseline.json',
  );
  if (candidates.length === 0) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${dir} holds no performance-suite JSON (marker ${PERF_SUITE_MARKER}); run the performance suite first`,
    );
  }
  const suites = new Map<string, PerfSuiteV1 | null>();
  for (const name of candidates)
    suites.set(name, readPerfSuite(join(dir, name), name, violations, ajv));
  const candidateName = candidates[candidates.length - 1] as string;
  const candidate = suites.get(candidateName) ?? null;
  const comparisons: PerfDirCheck['comparisons'][number][] = [];
  let baselineLabel: string | null = null;
  if (baselinePath) {
    baselineLabel = baselinePath === defaultBaseline ? 'baseline.json' : baselinePath;
    // The baseline is the reference, not the artifact under check: a broken one is an input
    // error (exit 2), since no comparison could be made.
    const baselineProblems: Violation[] = [];
    const baseline = readPerfSuite(baselinePath, baselineLabel, baselineProblems, ajv);
    const problem = baselineProblems[0];
    if (problem) {
      throw new ZpbenchError(
        ERROR_CODES.INPUT,
        `baseline ${baselinePath}: ${problem.check}: expected ${problem.expected}, found ${problem.found}`,
      );
    }
    if (baseline && candidate) {
      for (const base of baseline.benchmarks) {
        const current = candidate.benchmarks.find((b) => b.name === base.name);
        if (!current) {
          violations.push({
            file: candidateName,
            check: 'benchmark',
            expected: `a measurement for ${base.name}`,
            found: 'missing',
          });
          continue;
        }
        const slowdown = base.lower_is_better
          ? current.value / base.value
          : base.value / current.value;
        comparisons.push({
          name: base.name,
          unit: base.unit,
          baseline: base.value,
          candidate: current.value,
          slowdown,
        });
        if (!(slowdown <= maxSlowdown)) {
          violations.push({
            file: candidateName,
            check: 'slowdown',
            expected: `${base.name} at most ${maxSlowdown.toFixed(2)}× slower than ${basename(baselinePath)} (${base.value} ${base.unit})`,
            found: `${current.value} ${current.unit} (${slowdown.toFixed(2)}×)`,
          });
        }
      }
    }
  }
  return {
    dir,
    ok: violations.length === 0,
    candidate: candidateName,
    baseline: baselineLabel,
    violations,
    comparisons,
  };
}

/** True when a directory holds performance-suite JSON files rather than a run directory. */
export function looksLikePerfDir(dir: string): boolean {
  try {
    return listPerfFiles(dir).length > 0;
  } catch {
    return false;
  }
}

/** Lists `*.json` files in a directory whose marker is the performance-suite marker. */
export function listPerfFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name: string) => name.endsWith('.json'))
    .filter((name: string) => {
      const path = join(dir, name);
      if (lstatSync(path).isSymbolicLink() || !statSync(path).isFile()) return false;
      try {
        return readMarker(JSON.parse(readFileSync(path, 'utf8'))).marker === 'zpbench_perf_suite';
      } catch {
        return false;
      }
    })
    .sort();
}
