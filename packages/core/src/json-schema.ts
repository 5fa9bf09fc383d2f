import { z } from 'zod';
import { jsonSchemaFileName, type SchemaEntry } from './schemas/registry.js';

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
