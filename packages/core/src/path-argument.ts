import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { ERROR_CODES, ZpbenchError } from './errors.js';

/** What a path argument must name. */
export type PathArgumentKind =
  /** An existing regular file. */
  | 'file'
  /** An existing directory. */
  | 'directory'
  /** An existing regular file or directory. */
  | 'file-or-directory'
  /** A directory that exists or can be created. */
  | 'output-directory'
  /** A file to write: an existing regular file, or a new one whose directory exists or can be created. */
  | 'output-file';

/** How a path flag or argument is checked. */
export interface PathArgumentSpec {
  readonly kind: PathArgumentKind;
  /** What the path is for, as the error states it: "a run directory", "a JSONL metric log". */
  readonly expected: string;
  /** The command writes there: into the directory itself, or beside the file. */
  readonly writable?: boolean;
}

/** Longest file name (one path component) of the file systems zpbench runs on, in bytes. */
const NAME_MAX = 255;

/** A path as an error shows it: quoted when empty, with over-long components shortened. */
function showPath(path: string): string {
  if (path === '') return '""';
  return path
    .split(sep)
    .map((part) =>
      Buffer.byteLength(part) > 64
        ? `${part.slice(0, 24)}…(${Buffer.byteLength(part)} bytes)`
        : part,
    )
    .join(sep);
}

function describeKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file or directory';
}

function statOrCode(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/** The nearest ancestor of `path` that exists, with its stats (the root always exists). */
function nearestExisting(path: string): { path: string; stats: Stats | string } {
  let current = path;
  for (;;) {
    const stats = statOrCode(current);
    const parent = dirname(current);
    if (stats !== 'ENOENT' || parent === current) return { path: current, stats };
    current = parent;
  }
}

/** Why `dir` cannot be written into, or null when it can. */
function unwritable(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return `is on a read-only file system (${showPath(dir)})`;
    return `cannot be written (${showPath(dir)}: ${code === 'EACCES' ? 'permission denied' : code})`;
  }
}

const ERRNO_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be reached (permission denied on a directory above it)',
  ELOOP: 'is a loop of symbolic links',
  ENAMETOOLONG: `is longer than the file system allows (a name above ${NAME_MAX} bytes or a path above 4096)`,
};

/**
 * Checks a path given on the command line before any work: the kind it names (file, directory,
 * or a directory to create), that it is not empty, not under a regular file, not too long for the
 * file system, and writable when the command writes there. Throws `ZPB_USAGE` in one sentence
 * naming the flag, the path and the expected kind; returns the path unchanged.
 *
 * @example
 * resolvePathArgument('--out-root', 'results/run', { kind: 'output-directory', expected: 'a run directory', writable: true });
 */
export function resolvePathArgument(name: string, path: string, spec: PathArgumentSpec): string {
  const fail = (problem: string): never => {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${name} ${showPath(path)} ${problem}; expected ${spec.expected}`,
    );
  };
  if (path === '') fail('is an empty path');
  if (path.includes('\0')) fail('contains a NUL byte');
  const absolute = resolve(path);
  const stats = statOrCode(absolute);
  if (typeof stats === 'string') {
    if (stats === 'ENOTDIR') {
      const blocker = nearestNonDirectory(absolute);
      fail(`lies under ${showPath(blocker)}, which is not a directory`);
    }
    const creatable = spec.kind === 'output-directory' || spec.kind === 'output-file';
    if (stats !== 'ENOENT' || !creatable) {
      fail(ERRNO_PROBLEMS[stats] ?? `cannot be read (${stats})`);
    }
    // A directory to create: every missing component must be creatable inside a writable parent.
    const existing = nearestExisting(absolute);
    if (typeof existing.stats === 'string') fail(ERRNO_PROBLEMS[existing.stats] ?? existing.stats);
    if (!(existing.stats as Stats).isDirectory())
      fail(`lies under ${showPath(existing.path)}, which is not a directory`);
    const missing = absolute.slice(existing.path.length).split(sep).filter(Boolean);
    const long = missing.find((part) => Buffer.byteLength(part) > NAME_MAX);
    if (long)
      fail(
        `has a name of ${Buffer.byteLength(long)} bytes, longer than the ${NAME_MAX} a file system allows`,
      );
    const problem = spec.writable || spec.kind === 'output-file' ? unwritable(existing.path) : null;
    if (problem) fail(problem);
    return path;
  }
  if (spec.kind === 'output-file') {
    if (!stats.isFile()) fail(`is ${describeKind(stats)}, not a regular file`);
    const problem = unwritable(dirname(absolute));
    if (problem) fail(problem);
    return path;
  }
  const isDirectoryKind = spec.kind === 'directory' || spec.kind === 'output-directory';
  if (isDirectoryKind && !stats.isDirectory()) fail(`is ${describeKind(stats)}, not a directory`);
  if (spec.kind === 'file' && !stats.isFile())
    fail(`is ${describeKind(stats)}, not a regular file`);
  if (spec.kind === 'file-or-directory' && !stats.isFile() && !stats.isDirectory())
    fail(`is ${describeKind(stats)}, not a regular file or directory`);
  if (spec.writable) {
    const problem = unwritable(stats.isDirectory() ? absolute : dirname(absolute));
    if (problem) fail(problem);
  }
  return path;
}

/** The first component of `path`, from the root down, that exists and is not a directory. */
function nearestNonDirectory(path: string): string {
  const parts = path.split(sep);
  for (let i = 2; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(sep) || sep;
    const stats = statOrCode(prefix);
    if (typeof stats !== 'string' && !stats.isDirectory()) return prefix;
  }
  return dirname(path);
}
