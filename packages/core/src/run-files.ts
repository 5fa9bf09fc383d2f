import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT_BYTES, parseArtifact, parseJsonText } from './artifact-io.js';
import type { SchemaEntry } from './artifact-spec.js';
import { type AtomicWriteOptions, syncFiles, writeFileAtomic } from './atomic-write.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { RUN_FILES } from './run-layout.js';
import { resolveInsideRunDir } from './safe-path.js';

/** A file as written: its path relative to the run root, sha256 and size. */
export interface FileRecord {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The record of some bytes about to be written at `path`. */
export function fileRecordOf(path: string, content: string | Uint8Array): FileRecord {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
}

/**
 * Writes a file of a run directory crash-safely and returns its record, hashed from the bytes
 * just written: the only way a hash enters a manifest or the resume state.
 */
export function writeRunFile(
  runDir: string,
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): FileRecord {
  const target = resolveInsideRunDir(runDir, path);
  writeFileAtomic(target, content, options);
  return fileRecordOf(path, content);
}

/** Flushes files of a run directory written with `{ sync: false }` to disk, all at once. */
export function syncRunFiles(runDir: string, files: readonly { readonly path: string }[]) {
  return syncFiles(files.map((file) => resolveInsideRunDir(runDir, file.path)));
}

/**
 * Reads a file of a run directory: a regular file inside it (no symlink out, no FIFO). With
 * `expected`, its sha256 must equal the recorded one, else `ZPB_RUN_CHANGED` names the file.
 */
export function readRunFile(
  runDir: string,
  path: string,
  expected?: { readonly sha256: string },
): Buffer {
  const full = resolveInsideRunDir(runDir, path);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(full);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${path} is missing from ${runDir}; restore it or rerun the seed that wrote it`,
      { cause: error },
    );
  }
  if (!stat.isFile()) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_INVALID,
      `${path} in ${runDir} is not a regular file; replace it with the file itself`,
    );
  }
  if (stat.size > MAX_INPUT_BYTES) {
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${path} in ${runDir} is ${stat.size} bytes, more than the ${MAX_INPUT_BYTES} zpbench reads; check that it is the right file`,
    );
  }
  const bytes = readFileSync(full);
  if (expected && sha256Hex(bytes) !== expected.sha256) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_CHANGED,
      `${path} in ${runDir} changed since it was written (sha256 ${sha256Hex(bytes).slice(0, 12)}… ≠ recorded ${expected.sha256.slice(0, 12)}…); restore it or rerun the run`,
    );
  }
  return bytes;
}

/** Reads and parses a JSON artifact of a run directory (regular file, optional hash check). */
export function readRunArtifact<T>(
  runDir: string,
  path: string,
  entry: SchemaEntry<T>,
  expected?: { readonly sha256: string },
): T {
  const text = readRunFile(runDir, path, expected).toString('utf8');
  return parseArtifact(entry, parseJsonText(text, path), path);
}

const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Whether a file name is a temp file of an atomic write (`.<name>.<pid>.<hex>.tmp`). */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Every file of a run directory, relative and sorted, except the manifest, its signature, the lock and temp
 * files of interrupted writes; symlinks and other non-regular entries are listed too (the gate
 * refuses them).
 */
export function listRunFiles(runDir: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(runDir, dir), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (
      rel === RUN_FILES.manifest ||
      rel === RUN_FILES.manifestSignature ||
      rel === RUN_FILES.lock ||
      isTempFileName(entry.name)
    )
      continue;
    if (entry.isDirectory()) out.push(...listRunFiles(runDir, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Removes temp files left by writers killed mid-write (`.<name>.<pid>.<hex>.tmp`), anywhere in
 * the run directory; returns their relative paths. Run only while holding the run's lock.
 */
export function removeOrphanTempFiles(runDir: string, dir = ''): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(join(runDir, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) removed.push(...removeOrphanTempFiles(runDir, rel));
    else if (isTempFileName(entry.name)) {
      rmSync(join(runDir, rel), { force: true });
      removed.push(rel);
    }
  }
  return removed.sort();
}
