import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  BASELINE_REF_MARKER,
  BASELINE_REF_SCHEMA,
  BASELINE_REF_VERSION,
  type BaselineRefV1,
  type BenchmarkRun,
  DEFAULT_BASELINE_STORE,
  ERROR_CODES,
  formatArtifactJson,
  RUN_FILES,
  readArtifact,
  sha256Hex,
  writeFileAtomic,
  ZpbenchError,
} from '@zpbench/core';

/** Where baselines are kept unless told otherwise: `results/baselines` (core's constant). */
export { DEFAULT_BASELINE_STORE };

/** `<store>/<domain>/<mode>.json`: the baseline reference of a domain and mode. */
export function baselineRefPath(store: string, domain: string, mode: string): string {
  return join(store, domain, `${mode}.json`);
}

function manifestSha256(runDir: string): string {
  return sha256Hex(readFileSync(join(runDir, RUN_FILES.manifest)));
}

/**
 * Stores a reference to a validated run as the baseline of its domain and mode:
 * `<store>/<domain>/<mode>.json` with the run's path (relative to that file) and its manifest's
 * sha256, never a copy of its results; a previous reference is replaced atomically.
 * @example
 * const run = await readBenchmarkRun('results/benchmarks/<domain>/run_x', { domains });
 * saveBaseline(run, { store: 'results/baselines', zpbenchVersion: '0.1.0' });
 */
export function saveBaseline(
  run: BenchmarkRun,
  options: { readonly store?: string; readonly zpbenchVersion: string; readonly now?: () => Date },
): { path: string; ref: BaselineRefV1 } {
  const store = options.store ?? DEFAULT_BASELINE_STORE;
  const path = baselineRefPath(store, run.manifest.domain, run.manifest.mode);
  const runDir = relative(dirname(resolve(path)), resolve(run.runDir))
    .split(sep)
    .join('/');
  const ref: BaselineRefV1 = {
    schema: BASELINE_REF_MARKER,
    schema_version: BASELINE_REF_VERSION,
    domain: run.manifest.domain,
    mode: run.manifest.mode,
    run_id: run.manifest.run_id,
    run_dir: runDir === '' ? '.' : runDir,
    manifest_sha256: manifestSha256(run.runDir),
    config_hash: run.manifest.config_hash,
    seeds: [...run.manifest.seeds_completed].sort((a, b) => a - b),
    saved_utc: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    zpbench_version: options.zpbenchVersion,
  };
  writeFileAtomic(path, formatArtifactJson(ref));
  return { path, ref };
}

/** The stored baseline of a domain and mode, with its path and run directory; null when none is stored. */
export function readBaselineRef(
  store: string,
  domain: string,
  mode: string,
): { path: string; ref: BaselineRefV1; runDir: string } | null {
  const path = baselineRefPath(store, domain, mode);
  if (!existsSync(path)) return null;
  const ref = readArtifact(path, BASELINE_REF_SCHEMA, path);
  if (ref.domain !== domain || ref.mode !== mode) {
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${path} names the ${ref.domain} ${ref.mode} baseline, not the ${domain} ${mode} one; save the baseline again with \`zpbench baseline save <run_dir>\``,
    );
  }
  const runDir = isAbsolute(ref.run_dir) ? ref.run_dir : join(dirname(path), ref.run_dir);
  return { path, ref, runDir };
}

/**
 * Checks that a stored baseline still names the run it was saved from: the directory exists and
 * its manifest hashes as recorded. Throws a one-line error with the fix otherwise.
 */
export function checkBaselineRef(stored: {
  path: string;
  ref: BaselineRefV1;
  runDir: string;
}): void {
  const { path, ref, runDir } = stored;
  if (!existsSync(join(runDir, RUN_FILES.manifest))) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `the baseline in ${path} names ${runDir}, which holds no manifest.json; restore the run or save another baseline with \`zpbench baseline save <run_dir>\``,
    );
  }
  const sha = manifestSha256(runDir);
  if (sha !== ref.manifest_sha256) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_CHANGED,
      `the baseline run ${runDir} changed since it was saved in ${path} (manifest sha256 ${sha.slice(0, 12)}… ≠ saved ${ref.manifest_sha256.slice(0, 12)}…); restore it, or save it again with \`zpbench baseline save ${runDir}\``,
    );
  }
}
