/**
 * A domain's light contract (`@zpbench/domain-<id>/contract`, what the gate and the run reader
 * import) loads no zod and builds none of its schemas until one is used: its schema modules build
 * through core's lazy facade, `@zpbench/core/zod`. Checked in a fresh process per domain (this one
 * has zod loaded).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const DOMAINS = readdirSync(join(ROOT, 'packages'))
  .filter((name) => name.startsWith('domain-'))
  .filter((name) => existsSync(join(ROOT, 'packages', name, 'dist/contract-entry.js')))
  .sort();

describe('domain contracts build their schemas on first use', () => {
  it('finds the registered domains', () => {
    expect(DOMAINS).toEqual(['domain-dose', 'domain-ik', 'domain-rf', 'domain-synthetic']);
  });

  for (const pkg of DOMAINS) {
    it(`importing @zpbench/${pkg}/contract loads no zod; parsing one schema builds that one`, () => {
      // zod defines its global registry when it loads; a built schema carries its `.meta()` there.
      const script = `
        const { contractSchemas } = await import('@zpbench/core');
        const entry = await import('@zpbench/${pkg}/contract');
        // By name: reading a property of a schema's stand-in would build it.
        const contract = Object.entries(entry).find(([name]) => name.endsWith('Contract'))[1];
        const schemas = contractSchemas(contract);
        const loaded = globalThis.__zod_globalRegistry !== undefined;
        const parsed = schemas[0].schema.safeParse({}).success;
        const built = schemas.filter((e) => globalThis.__zod_globalRegistry.has(e.schema)).length;
        console.log(JSON.stringify({ loaded, parsed, built, more: schemas.length > 1 }));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual({ loaded: false, parsed: false, built: 1, more: true });
    });
  }
});
