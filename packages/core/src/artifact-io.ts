import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { prettifyError, type z } from 'zod';
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.JSON_PARSE,
      `${label} is not valid JSON (${escapeControl((error as Error).message)}); the file is truncated or malformed — restore it or regenerate the run`,
      { cause: error },
    );
  }
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

/**
 * Parses an artifact of a known marker: checks marker and version, then the zod schema.
 */
export function parseArtifact<T>(
  schema: z.ZodType<T>,
  value: unknown,
  label: string,
  marker: string,
  version: number,
): T {
  checkMarker(value, label, marker, version);
  return parseWithSchema(schema, value, label);
}

/** Reads a JSON artifact from disk and parses it with the registry entry of its expected marker. */
export function readArtifact<T>(
  path: string,
  schema: z.ZodType<T>,
  marker: string,
  version: number,
  label = path,
): T {
  return parseArtifact(schema, readJsonFile(path, label), label, marker, version);
}

/** Reads any registered artifact, dispatching on its own marker. */
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
  return {
    marker: entry.marker,
    version: entry.version,
    data: parseArtifact(entry.schema, value, label, entry.marker, entry.version),
  };
}
