import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { prettifyError, type z } from 'zod';
import type { SchemaEntry } from './artifact-spec.js';
import { findDuplicateKey, hasDuplicateKey } from './duplicate-keys.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { findSchemaEntry } from './schemas/registry.js';

/**
 * Largest input file zpbench reads whole, in bytes: far above any artifact a run writes, and
 * below V8's longest string (~512 MiB), past which a read would fail with ERR_STRING_TOO_LONG.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1024) return `${Number((mib / 1024).toFixed(1))} GiB`;
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${bytes} bytes`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an input file as UTF-8 text: the one place every input file is opened. Refuses, in one
 * line naming the file, anything that is not a regular file (a directory, a named pipe, a
 * device), a file above `maxBytes` (with its size), an empty file and binary content. Throws
 * `ZPB_MISSING_FILE` when the file cannot be opened, `ZPB_INPUT` otherwise.
 */
export function readTextFile(path: string, label = path, maxBytes = MAX_INPUT_BYTES): string {
  const refuse = (problem: string): never => {
    throw new ZpbenchError(ERROR_CODES.INPUT, `${label} ${problem}`);
  };
  let fd: number;
  try {
    // Non-blocking: opening a named pipe must not wait for a writer that never comes.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`,
      { cause: error },
    );
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) refuse('is a directory; pass the file inside it');
    if (!stats.isFile()) refuse('is not a regular file (a pipe, socket or device); pass a file');
    if (stats.size > maxBytes)
      refuse(
        `is ${formatBytes(stats.size)}, more than the ${formatBytes(maxBytes)} zpbench reads; check that it is the right file`,
      );
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  if (bytes.length > maxBytes)
    refuse(`grew past the ${formatBytes(maxBytes)} zpbench reads while being read`);
  if (bytes.length === 0) refuse('is empty; restore it or regenerate it');
  let text = '';
  try {
    text = UTF8.decode(bytes);
  } catch {
    refuse('is binary, not UTF-8 text; restore it or regenerate it');
  }
  if (text.includes('\0')) refuse('is binary (it holds NUL bytes); restore it or regenerate it');
  return text;
}

/**
 * Reads and parses a JSON file through {@link readTextFile}; throws `ZPB_MISSING_FILE`,
 * `ZPB_INPUT` or `ZPB_JSON_PARSE` naming the file.
 */
export function readJsonFile(path: string, label = path): unknown {
  return parseJsonText(readTextFile(path, label), label);
}

/** JSON.parse quotes the text near an error; its line breaks must not split our one-line message. */
function escapeControl(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we escape
  return message.replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** Parses JSON text; throws `ZPB_JSON_PARSE` naming the source. */
export function parseJsonText(text: string, label: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.JSON_PARSE,
      `${label} is not valid JSON (${escapeControl((error as Error).message)}); the file is truncated or malformed — restore it or regenerate the run`,
      { cause: error },
    );
  }
  if (typeof value === 'object' && value !== null && hasDuplicateKey(text, value)) {
    const duplicate = findDuplicateKey(text);
    if (duplicate)
      throw new ZpbenchError(
        ERROR_CODES.JSON_PARSE,
        `${label} has the key ${JSON.stringify(duplicate.key)} twice in ${duplicate.path}; JSON with a duplicate key is ambiguous and refused — restore the file or regenerate the run`,
      );
  }
  return value;
}

/** The `schema` and `schema_version` fields of a parsed artifact, if present. */
export function readMarker(value: unknown): { marker: unknown; version: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { marker: undefined, version: undefined };
  }
  const record = value as Record<string, unknown>;
  return { marker: record.schema, version: record.schema_version };
}

/**
 * Checks that a parsed artifact carries the expected marker and version.
 * Throws `ZPB_SCHEMA_VERSION` on an older or newer version, `ZPB_SCHEMA` on a wrong marker.
 */
export function checkMarker(value: unknown, label: string, marker: string, version: number): void {
  const found = readMarker(value);
  if (found.marker !== marker) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${label}: schema marker is ${JSON.stringify(found.marker ?? null)}, expected "${marker}"; this is not a current zpbench artifact of that kind`,
    );
  }
  if (found.version !== version) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA_VERSION,
      `${label}: ${marker} version ${JSON.stringify(found.version ?? null)} is not supported, this zpbench reads version ${version}; regenerate the run with the current zpbench (migration loaders are deferred)`,
    );
  }
}

/** Formats zod issues as one line: `path: message; path: message`. */
export function formatZodIssues(error: z.ZodError, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.join('.') || '/'}: ${issue.message}`)
    .join('; ');
}

/** Parses a value with a zod schema; throws `ZPB_SCHEMA` naming the artifact with zod's prettified issues. */
export function parseWithSchema<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = prettifyError(result.error).replaceAll('\n', '; ');
    throw new ZpbenchError(ERROR_CODES.SCHEMA, `${label} does not match its schema: ${issues}`, {
      cause: result.error,
      details: result.error.issues,
    });
  }
  return result.data;
}

/** Outcome of {@link checkArtifact}: the parsed value, or the first check that failed. */
export type ArtifactCheck<T> =
  | { readonly ok: true; readonly data: T }
  | {
      readonly ok: false;
      readonly check: 'schema-marker' | 'schema-version' | 'schema';
      readonly expected: string;
      readonly found: string;
    };

/**
 * Checks a parsed artifact against its schema entry (marker, version, zod schema) and returns the
 * result instead of throwing: the gate's twin of {@link parseArtifact}.
 */
export function checkArtifact<T>(entry: SchemaEntry<T>, value: unknown): ArtifactCheck<T> {
  const found = readMarker(value);
  if (found.marker !== entry.marker)
    return {
      ok: false,
      check: 'schema-marker',
      expected: entry.marker,
      found: JSON.stringify(found.marker ?? null),
    };
  if (found.version !== entry.version)
    return {
      ok: false,
      check: 'schema-version',
      expected: `version ${entry.version}`,
      found: `version ${JSON.stringify(found.version ?? null)} (incompatible; regenerate the run with the current zpbench)`,
    };
  const parsed = entry.schema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      check: 'schema',
      expected: `valid ${entry.marker} v${entry.version}`,
      found: formatZodIssues(parsed.error),
    };
  return { ok: true, data: parsed.data };
}

/** Parses an artifact of a known schema entry: checks marker and version, then the zod schema. */
export function parseArtifact<T>(entry: SchemaEntry<T>, value: unknown, label: string): T {
  checkMarker(value, label, entry.marker, entry.version);
  return parseWithSchema(entry.schema, value, label);
}

/** Reads a JSON artifact from disk and parses it with its schema entry. */
export function readArtifact<T>(path: string, entry: SchemaEntry<T>, label = path): T {
  return parseArtifact(entry, readJsonFile(path, label), label);
}

/** Reads any core artifact, dispatching on its own marker. */
export function readAnyArtifact(
  path: string,
  label = path,
): { marker: string; version: number; data: unknown } {
  const value = readJsonFile(path, label);
  const { marker } = readMarker(value);
  const entry = typeof marker === 'string' ? findSchemaEntry(marker) : undefined;
  if (!entry) {
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${label}: unknown schema marker ${JSON.stringify(marker ?? null)}; expected one of the zpbench artifact markers`,
    );
  }
  return { marker: entry.marker, version: entry.version, data: parseArtifact(entry, value, label) };
}
