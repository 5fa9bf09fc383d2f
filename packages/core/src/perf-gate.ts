import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJsonFile, readMarker } from './artifact-io.js';
import { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
import { type JsonSchemaValidator, sharedJsonSchemaValidator } from './json-schema-validator.js';
import { DEFAULT_MAX_SLOWDOWN, DEFAULT_PERF_BASELINE } from './perf-defaults.js';
import type { Violation } from './run-dir-check.js';
import { RUN_FILES } from './run-layout.js';
import {
  PERF_SUITE_MARKER,
  PERF_SUITE_VERSION,
  type PerfSuiteV3,
  perfSuiteV3Schema,
} from './schemas/perf-suite.js';
import { PERF_SUITE_SCHEMA } from './schemas/registry.js';

/** File name of a suite artifact written at `created` (UTC, to the second). */
export function perfArtifactName(created: Date): string {
  const stamp = created
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(/[-:]/g, '');
  return `benchmarks_${stamp}.json`;
}

/** One benchmark compared with the baseline. */
export interface PerfComparison {
  readonly name: string;
  readonly baseline_p50_ms: number;
  readonly candidate_p50_ms: number;
  /** candidate p50 / baseline p50: above 1 is slower. */
  readonly slowdown: number;
  readonly ok: boolean;
}

/** Result of the performance gate. */
export interface PerfDirCheck {
  readonly dir: string;
  readonly ok: boolean;
  /** The artifact checked (the newest in the directory). */
  readonly candidate: string | null;
  /** The baseline it was compared with, or null when there is none. */
  readonly baseline: string | null;
  readonly machine_class: string | null;
  readonly max_slowdown: number;
  readonly violations: readonly Violation[];
  readonly comparisons: readonly PerfComparison[];
  /** What the gate did not compare and why (new benchmarks, suites not run, no baseline). */
  readonly notes: readonly string[];
}

/** Options of {@link checkPerfDir}. */
export interface PerfGateOptions {
  /** Baseline artifact; default `<dir>/baseline.json`, else `perf/baseline.json` under `cwd`. */
  readonly baselinePath?: string | undefined;
  /** Tolerated slowdown (default {@link DEFAULT_MAX_SLOWDOWN}). */
  readonly maxSlowdown?: number | undefined;
  /** Where the default `perf/baseline.json` is looked up (default the process's cwd). */
  readonly cwd?: string;
}

/**
 * Reads and validates one performance-suite artifact (marker, version, JSON Schema, zod, unique
 * names); records what is wrong as violations and returns null then.
 */
export function readPerfSuite(
  path: string,
  label: string,
  violations: Violation[],
  ajv: JsonSchemaValidator = sharedJsonSchemaValidator(),
): PerfSuiteV3 | null {
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
      expected: `version ${PERF_SUITE_VERSION} (rerun \`zpbench perf run\`, then \`zpbench perf baseline update\` for a baseline)`,
      found: `version ${JSON.stringify(version ?? null)}`,
    });
    return null;
  }
  const errors = ajv.validate(PERF_SUITE_SCHEMA, value);
  const parsed = perfSuiteV3Schema.safeParse(value);
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
  if (duplicate) {
    violations.push({
      file: label,
      check: 'schema',
      expected: 'unique benchmark names',
      found: `duplicate ${duplicate}`,
    });
    return null;
  }
  return parsed.data;
}

/** The performance-suite artifacts of a directory other than a baseline, oldest first. */
export function listPerfArtifacts(dir: string): string[] {
  return listPerfFiles(dir).filter((name) => name !== 'baseline.json');
}

function resolveBaseline(dir: string, options: PerfGateOptions): string | undefined {
  if (options.baselinePath !== undefined) {
    if (!existsSync(options.baselinePath) || !statSync(options.baselinePath).isFile()) {
      throw new ZpbenchError(
        ERROR_CODES.MISSING_FILE,
        `--baseline ${options.baselinePath} is not a file; pass a performance-suite JSON or record one with \`zpbench perf baseline update --src ${dir}\``,
      );
    }
    return options.baselinePath;
  }
  for (const path of [
    join(dir, 'baseline.json'),
    resolve(options.cwd ?? '.', DEFAULT_PERF_BASELINE),
  ])
    if (existsSync(path)) return path;
  return undefined;
}

/** Refuses (exit 2) to compare artifacts of different machine classes, runtimes or workloads. */
function assertComparable(
  candidate: PerfSuiteV3,
  candidateLabel: string,
  baseline: PerfSuiteV3,
  baselineLabel: string,
  dir: string,
): void {
  const fix = `rerun the suite on that machine, or record a baseline here with \`zpbench perf baseline update --src ${dir}\``;
  const mismatch = (what: string, base: string, cand: string) =>
    new ZpbenchError(
      ERROR_CODES.INCOMPARABLE,
      `refusing to compare ${candidateLabel} (${what} ${cand}) with ${baselineLabel} (${what} ${base}): performance figures compare only like with like; ${fix}`,
    );
  const env = (s: PerfSuiteV3) => s.environment;
  if (env(baseline).machine_class !== env(candidate).machine_class)
    throw mismatch('machine class', env(baseline).machine_class, env(candidate).machine_class);
  const major = (s: PerfSuiteV3) => s.environment.node.replace(/^v?(\d+).*$/, 'node $1');
  if (major(baseline) !== major(candidate))
    throw mismatch('runtime', major(baseline), major(candidate));
  const version = (s: PerfSuiteV3) => `v${s.provenance.suite_version}`;
  if (version(baseline) !== version(candidate))
    throw mismatch('suite version', version(baseline), version(candidate));
}

/**
 * The performance gate: validates every suite artifact in `dir`, takes the newest (by file name,
 * which carries the timestamp) as the candidate and compares it benchmark by benchmark with the
 * baseline: a benchmark fails when its p50 latency exceeds `maxSlowdown` × the baseline's, or is
 * missing although its suite ran. Throws `ZPB_INCOMPARABLE` when the baseline comes from another
 * machine class, Node.js major or suite version (a refusal, not a pass), `ZPB_WRONG_FAMILY` for a
 * scientific run directory.
 */
export function checkPerfDir(dir: string, options: PerfGateOptions = {}): PerfDirCheck {
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
  const candidates = listPerfArtifacts(dir);
  if (candidates.length === 0) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${dir} holds no performance-suite JSON (marker ${PERF_SUITE_MARKER}); run \`zpbench perf run --output ${dir}\` first`,
    );
  }
  const baselinePath = resolveBaseline(dir, options);
  const suites = candidates.map((name) => readPerfSuite(join(dir, name), name, violations, ajv));
  const candidateName = candidates[candidates.length - 1] as string;
  const candidate = suites[suites.length - 1] ?? null;
  const comparisons: PerfComparison[] = [];
  const notes: string[] = [];
  const baselineLabel = baselinePath ?? null;
  if (baselinePath === undefined) {
    notes.push(
      `no baseline (neither ${join(dir, 'baseline.json')} nor ${DEFAULT_PERF_BASELINE}): schema checks only; record one with \`zpbench perf baseline update --src ${dir}\``,
    );
  }
  // The baseline is the reference, not the artifact under check: a broken one is an input error
  // (exit 2), since no comparison could be made.
  let baseline: PerfSuiteV3 | null = null;
  if (baselinePath !== undefined) {
    const problems: Violation[] = [];
    baseline = readPerfSuite(baselinePath, baselinePath, problems, ajv);
    const problem = problems[0];
    if (problem) {
      throw new ZpbenchError(
        ERROR_CODES.INPUT,
        `baseline ${baselinePath}: ${problem.check}: expected ${problem.expected}, found ${problem.found}`,
      );
    }
  }
  if (baseline && candidate && baselinePath !== undefined) {
    assertComparable(candidate, candidateName, baseline, baselinePath, dir);
    const ran = new Set(candidate.suites);
    const byName = new Map(candidate.benchmarks.map((b) => [b.name, b]));
    const skipped = new Set<string>();
    for (const base of baseline.benchmarks) {
      if (!ran.has(base.group)) {
        skipped.add(base.group);
        continue;
      }
      const current = byName.get(base.name);
      if (!current) {
        violations.push({
          file: candidateName,
          check: 'benchmark',
          expected: `a measurement of ${base.name} (in ${baselinePath}; its suite ${base.group} ran)`,
          found: 'missing',
        });
        continue;
      }
      const b = base.latency_ms.p50;
      const c = current.latency_ms.p50;
      const slowdown = b > 0 ? c / b : c > 0 ? Number.POSITIVE_INFINITY : 1;
      const ok = slowdown <= maxSlowdown;
      comparisons.push({
        name: base.name,
        baseline_p50_ms: b,
        candidate_p50_ms: c,
        slowdown,
        ok,
      });
      if (!ok) {
        violations.push({
          file: candidateName,
          check: 'slowdown',
          expected: `${base.name} p50 at most ${maxSlowdown.toFixed(2)}× the baseline's ${formatMs(b)}`,
          found: `${formatMs(c)} (${slowdown.toFixed(2)}×)`,
        });
      }
    }
    const known = new Set(baseline.benchmarks.map((b) => b.name));
    const added = candidate.benchmarks.filter((b) => !known.has(b.name)).map((b) => b.name);
    if (added.length > 0) notes.push(`not in the baseline, not compared: ${added.join(', ')}`);
    if (skipped.size > 0)
      notes.push(`suites in the baseline that did not run: ${[...skipped].sort().join(', ')}`);
  }
  return {
    dir,
    ok: violations.length === 0,
    candidate: candidateName,
    baseline: baselineLabel,
    machine_class: candidate?.environment.machine_class ?? null,
    max_slowdown: maxSlowdown,
    violations,
    comparisons,
    notes,
  };
}

function formatMs(ms: number): string {
  return `${ms >= 100 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(3) : ms.toPrecision(3)} ms`;
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
        return readMarker(JSON.parse(readFileSync(path, 'utf8'))).marker === PERF_SUITE_MARKER;
      } catch {
        return false;
      }
    })
    .sort();
}
