import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type DomainPlugin,
  ERROR_CODES,
  MANIFEST_SCHEMA,
  type ParentRun,
  type ParentRunRef,
  RUN_FILES,
  readArtifact,
  readBenchmarkRun,
  readRunFile,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';

/** A validated parent run: its identity (hashed into the config) and what seeds receive. */
export interface ResolvedParent {
  readonly ref: ParentRunRef;
  readonly run: ParentRun;
}

/**
 * Resolves the parent run of a mode that declares one (`DomainPlugin.parentRun`): refuses the
 * flag in another mode, a missing parent where it is required, and a parent of another domain
 * or mode, before anything is written; then checks the whole parent directory with the run
 * reader. Returns null when the mode reads no parent.
 */
export async function resolveParentRun(
  plugin: DomainPlugin<unknown>,
  mode: string,
  parentRunDir: string | undefined,
): Promise<ResolvedParent | null> {
  const spec = plugin.parentRun;
  const flag = spec ? `--${spec.flag}` : '--parent-run-dir';
  const reads = spec?.modes.includes(mode) ?? false;
  if (parentRunDir !== undefined && !reads) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      spec
        ? `${flag} has no effect in --mode ${mode}; it applies to --mode ${spec.modes.join(' or ')} only`
        : `${flag}: ${plugin.id} has no mode that reads a parent run`,
    );
  }
  if (!spec || !reads) return null;
  if (parentRunDir === undefined) {
    if (spec.required)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--mode ${mode} needs ${flag} <run_dir>, a completed ${plugin.id} ${spec.parentModes.join(' or ')} run`,
      );
    return null;
  }
  if (parentRunDir.trim() === '')
    throw new ZpbenchError(ERROR_CODES.USAGE, `${flag} needs a run directory; got an empty string`);
  const runDir = resolve(parentRunDir);
  let isDir = false;
  try {
    isDir = statSync(runDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${flag} ${parentRunDir} is not a directory; pass a completed ${plugin.id} ${spec.parentModes.join(' or ')} run directory`,
    );
  }
  if (!existsSync(join(runDir, RUN_FILES.manifest))) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${flag} ${parentRunDir} is not a completed run directory (no ${RUN_FILES.manifest}); pass a completed ${plugin.id} ${spec.parentModes.join(' or ')} run directory`,
    );
  }
  // The manifest's domain and mode first, so a wrong parent is named as such, not as invalid.
  const head = readArtifact(
    join(runDir, RUN_FILES.manifest),
    MANIFEST_SCHEMA,
    `${flag} ${RUN_FILES.manifest}`,
  );
  if (head.domain !== plugin.id || !spec.parentModes.includes(head.mode)) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${flag} ${parentRunDir} is a ${head.domain} ${head.mode} run; --mode ${mode} reads a ${plugin.id} ${spec.parentModes.join(' or ')} run`,
    );
  }
  const run = await readBenchmarkRun(runDir, {
    domains: (id) => (id === plugin.id ? plugin.contract : undefined),
  });
  const manifestSha = sha256Hex(readRunFile(runDir, RUN_FILES.manifest));
  const ref: ParentRunRef = {
    run_id: run.manifest.run_id,
    mode: run.manifest.mode,
    manifest_sha256: manifestSha,
    seeds: [...run.manifest.seeds_completed],
  };
  return {
    ref,
    run: {
      ...ref,
      runDir,
      files: Object.fromEntries(
        Object.values(run.manifest.artifacts).map((entry) => [entry.path, entry.sha256]),
      ),
    },
  };
}
