import type { SchemaEntry } from './artifact-spec.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { readJsonFile } from './json-file.js';
import { findSchemaEntry } from './schemas/registry.js';
import * as z from './schemas/zod.js';

export { MAX_INPUT_BYTES, parseJsonText, readJsonFile, readTextFile } from './json-file.js';

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
    const issues = z.prettifyError(result.error).replaceAll('\n', '; ');
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
