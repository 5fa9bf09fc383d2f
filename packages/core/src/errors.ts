/**
 * Typed errors of zpbench. Libraries throw these; only the CLI turns them into exit codes.
 * Every message says what failed, where (file, field, flag), what was expected and how to fix it.
 */

/** Stable error codes; the CLI maps each to an exit code. */
export const ERROR_CODES = {
  /** A command-line flag or argument is wrong. */
  USAGE: 'ZPB_USAGE',
  /** A file is missing or unreadable. */
  MISSING_FILE: 'ZPB_MISSING_FILE',
  /** A file is not valid JSON (truncated, malformed). */
  JSON_PARSE: 'ZPB_JSON_PARSE',
  /** An input file is of the wrong kind: not a regular file, too large, empty or binary. */
  INPUT: 'ZPB_INPUT',
  /** A JSON artifact does not match its schema. */
  SCHEMA: 'ZPB_SCHEMA',
  /** A JSON artifact has a schema marker or version this build cannot read. */
  SCHEMA_VERSION: 'ZPB_SCHEMA_VERSION',
  /** A path would leave the run directory. */
  PATH_ESCAPE: 'ZPB_PATH_ESCAPE',
  /** A run directory fails validation (violations attached). */
  RUN_INVALID: 'ZPB_RUN_INVALID',
  /** A run directory is of the other benchmark family. */
  WRONG_FAMILY: 'ZPB_WRONG_FAMILY',
  /** Writing a file failed (full disk, permissions). */
  WRITE: 'ZPB_WRITE',
  /** Resume refused: the stored contract differs from the request. */
  RESUME_CONFLICT: 'ZPB_RESUME_CONFLICT',
  /** Another process holds the run directory's lock. */
  LOCKED: 'ZPB_LOCKED',
  /** Invalid configuration for a domain or mode. */
  CONFIG: 'ZPB_CONFIG',
  /** An unknown domain, mode or model id. */
  UNKNOWN_ID: 'ZPB_UNKNOWN_ID',
  /** Two runs cannot be compared (different domain, mode, seeds or config). */
  INCOMPARABLE: 'ZPB_INCOMPARABLE',
  /** A domain plugin broke its contract (undeclared file, result off its schema, …). */
  PLUGIN_CONTRACT: 'ZPB_PLUGIN_CONTRACT',
  /** A file of a reused run directory changed since it was written. */
  RUN_CHANGED: 'ZPB_RUN_CHANGED',
  /** A rerun did not reproduce the bytes recorded for it (a failed check: exit 1). */
  NOT_REPRODUCED: 'ZPB_NOT_REPRODUCED',
  /** A run was stopped by a signal (SIGINT, SIGTERM); `--resume` continues it. */
  INTERRUPTED: 'ZPB_INTERRUPTED',
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base class of every error zpbench throws on purpose. */
export class ZpbenchError extends Error {
  /** Stable machine-readable code, `ZPB_*`. */
  readonly code: ErrorCode;
  /** Optional structured details (violations, paths) for machine-readable output. */
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZpbenchError';
    this.code = code;
    this.details = options.details;
  }
}

/** True when `error` is a {@link ZpbenchError}, also across module copies. */
export function isZpbenchError(error: unknown): error is ZpbenchError {
  return (
    error instanceof ZpbenchError ||
    (error instanceof Error &&
      error.name === 'ZpbenchError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
