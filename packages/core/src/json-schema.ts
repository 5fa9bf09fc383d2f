import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaEntry } from './artifact-spec.js';
import { jsonSchemaFileName } from './schemas/registry.js';
import * as z from './schemas/zod.js';

/** The `$id` base of exported schemas; stable, never fetched. */
export const JSON_SCHEMA_ID_BASE = 'https://zpbench.dev/schemas/';

/**
 * Renders an artifact schema as plain JSON Schema (draft 2020-12) that any standard validator
 * (ajv, Python's jsonschema) accepts on its own.
 */
export function renderJsonSchema(entry: SchemaEntry): Record<string, unknown> {
  const generated = z.toJSONSchema(entry.schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'throw',
    reused: 'inline',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: `${JSON_SCHEMA_ID_BASE}${jsonSchemaFileName(entry)}`,
    ...rest,
  };
}

/** The text of a committed JSON Schema file: pretty JSON with a final newline. */
export function renderJsonSchemaText(entry: SchemaEntry): string {
  return `${JSON.stringify(renderJsonSchema(entry), null, 2)}\n`;
}

/**
 * The JSON Schema files of a set of schema entries, keyed by file name
 * (`<marker>.v<N>.schema.json`): what a package commits under its `schemas/` directory and what
 * its drift test compares the committed files with.
 */
export function renderJsonSchemaFiles(entries: readonly SchemaEntry[]): Map<string, string> {
  return new Map(entries.map((entry) => [jsonSchemaFileName(entry), renderJsonSchemaText(entry)]));
}

/**
 * Writes the JSON Schema files of a set of entries into a directory, removing any
 * `*.schema.json` there that no current entry produces (an old version); returns the file names.
 */
export function writeJsonSchemaFiles(entries: readonly SchemaEntry[], dir: URL): string[] {
  const path = fileURLToPath(dir);
  mkdirSync(path, { recursive: true });
  const files = renderJsonSchemaFiles(entries);
  for (const name of readdirSync(path))
    if (name.endsWith('.schema.json') && !files.has(name)) rmSync(join(path, name));
  for (const [name, text] of files) writeFileSync(join(path, name), text);
  return [...files.keys()];
}
