#!/usr/bin/env node
/**
 * Writes the committed JSON Schemas of core (packages/core/schemas/) and of every domain
 * (the schemas/ directory of every domain package, from each domain's light `./contract` entry). Run after
 * `pnpm -s build` with `pnpm -s schemas`; drift tests fail when the committed files differ.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CORE_SCHEMA_DIR,
  contractSchemas,
  SCHEMA_REGISTRY,
  writeJsonSchemaFiles,
} from '../packages/core/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = (where, files) => process.stdout.write(`${where}: ${files.length} schemas\n`);
report('core', writeJsonSchemaFiles(SCHEMA_REGISTRY, CORE_SCHEMA_DIR));
for (const name of readdirSync(join(root, 'packages')).filter((n) => n.startsWith('domain-'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  const entry = pkg.exports?.['./contract']?.default;
  if (!entry) continue;
  const module = await import(pathToFileURL(join(root, 'packages', name, entry)).href);
  for (const contract of Object.values(module).filter((v) => v?.seedResult && v.artifacts)) {
    if (!contract.schemaDir) continue;
    report(
      `${name} (${contract.id})`,
      writeJsonSchemaFiles(contractSchemas(contract), contract.schemaDir),
    );
  }
}
