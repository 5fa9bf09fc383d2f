#!/usr/bin/env node
/**
 * The last step of `pnpm -s build`: compiles every committed JSON Schema (core's and each
 * domain's `packages/<name>/schemas/*.schema.json`) into ajv's standalone validator code under
 * `packages/core/dist/json-schema-validators/`, so a reader never compiles a schema at run time.
 * Each module is named by the sha256 of its schema's text: unchanged schemas are skipped, and a
 * schema edited after the build is simply compiled at run time.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePrecompiledValidators } from '../packages/core/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name, 'schemas');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).sort())
    if (file.endsWith('.schema.json')) files.push(join(dir, file));
}
const { written, kept, removed } = writePrecompiledValidators(files);
if (written > 0 || removed > 0)
  process.stdout.write(
    `json schemas: ${written} compiled, ${kept} unchanged, ${removed} stale removed\n`,
  );
