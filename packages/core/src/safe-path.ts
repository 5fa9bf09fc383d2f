import { realpathSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { ERROR_CODES, ZpbenchError } from './errors.js';

/** Why a relative artifact path is unsafe, or null when it is safe lexically. */
export function checkRelativePath(path: string): string | null {
  if (path.length === 0) return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (path.includes('\\')) return 'the path uses backslashes; use forward slashes';
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'the path is absolute';
  if (path.split('/').some((segment) => segment === '..'))
    return 'the path contains a ".." segment';
  return null;
}

/** Whether `target` is `root` or below it; both absolute and normalised (realpath's output). */
function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * Resolves an artifact path inside a run directory, refusing absolute paths, `..` segments and
 * symlinks that lead out of the directory. Throws `ZPB_PATH_ESCAPE` naming the path.
 */
export function resolveInsideRunDir(
  runDir: string,
  path: string,
  /** `realpathSync.native(resolve(runDir))`, when the caller resolves many paths of one run. */
  realRoot?: string,
): string {
  const lexical = checkRelativePath(path);
  if (lexical) {
    throw new ZpbenchError(
      ERROR_CODES.PATH_ESCAPE,
      `artifact path "${path}" is not allowed: ${lexical}; artifact paths must be relative to the run directory`,
    );
  }
  const root = realRoot ?? realpathSync.native(resolve(runDir));
  const target = join(root, ...path.split('/'));
  let real: string;
  try {
    // The system's realpath(3): one call, where the JS walk lstats every path component.
    real = realpathSync.native(target);
  } catch {
    return target; // does not exist (yet); lexically inside
  }
  if (!isInside(root, real)) {
    throw new ZpbenchError(
      ERROR_CODES.PATH_ESCAPE,
      `artifact path "${path}" resolves outside the run directory (to ${real}) through a symlink; replace the link with the file itself`,
    );
  }
  return real;
}
