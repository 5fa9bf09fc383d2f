import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SchemaEntry } from '../artifact-spec.js';
import { renderJsonSchema, renderJsonSchemaFiles } from '../json-schema.js';

/**
 * How the committed JSON Schemas in `dir` differ from the zod schemas: a file missing, stale
 * (no current schema produces it) or with other content. Empty when they agree; a package's
 * drift test asserts that (`pnpm -s schemas` rewrites them).
 */
export function committedSchemaDrift(entries: readonly SchemaEntry[], dir: URL): string[] {
  const expected = renderJsonSchemaFiles(entries);
  const path = fileURLToPath(dir);
  const committed = existsSync(path)
    ? readdirSync(path).filter((n) => n.endsWith('.schema.json'))
    : [];
  const problems: string[] = [];
  for (const [name, text] of expected) {
    if (!committed.includes(name)) problems.push(`${name}: missing`);
    else if (readFileSync(new URL(name, dir), 'utf8') !== text)
      problems.push(`${name}: differs from the zod schema`);
  }
  for (const name of committed)
    if (!expected.has(name)) problems.push(`${name}: stale (no current schema)`);
  return problems.sort();
}

/** Properties of an entry's JSON Schema without a description (nullable unions included). */
export function undocumentedProperties(entry: SchemaEntry): string[] {
  const undocumented: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') {
      for (const [key, child] of Object.entries(record.properties as Record<string, unknown>)) {
        if (typeof (child as Record<string, unknown>).description !== 'string')
          undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
    }
    for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'prefixItems']) {
      const child = record[key];
      if (Array.isArray(child)) {
        for (const [i, c] of child.entries()) walk(c, `${path}.${key}[${i}]`);
      } else walk(child, `${path}.${key}`);
    }
  };
  walk(renderJsonSchema(entry), entry.marker);
  return undocumented;
}
