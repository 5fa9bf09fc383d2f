import { readFileSync } from 'node:fs';
import { prettifyError, type z } from 'zod';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { findSchemaEntry } from './schemas/registry.js';

/** Reads and parses a JSON file; throws `ZPB_MISSING_FILE` or `ZPB_JSON_PARSE` naming the file. */
export function readJsonFile(path: string, label = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`,
      { cause: error },
    );
  }
  return parseJsonText(text, label);
}

/** Parses JSON text; throws `ZPB_JSON_PARSE` naming the source. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.JSON_PARSE,
      `${label} is not valid JSON (${(error as Error).message}); the file is truncated or malformed — restore it or regenerate the run`,
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
