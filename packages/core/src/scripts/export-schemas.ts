/**
 * Writes every artifact schema to packages/core/schemas/<marker>.v<N>.schema.json.
 * Run with `pnpm -s schemas`; a test fails when the committed files drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from '../json-schema.js';
import { jsonSchemaFileName, SCHEMA_REGISTRY } from '../schemas/registry.js';

const outDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const entry of SCHEMA_REGISTRY) {
  const file = join(outDir, jsonSchemaFileName(entry));
  writeFileSync(file, `${JSON.stringify(renderJsonSchema(entry), null, 2)}\n`);
  process.stdout.write(`wrote ${jsonSchemaFileName(entry)}\n`);
}
