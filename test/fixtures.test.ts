import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

describe('committed fixtures', () => {
  const temp = mkdtempSync(join(tmpdir(), 'zpb-fixtures-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('are exactly what the schema-driven builders produce (run scripts/make-fixtures.mjs to refresh)', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/make-fixtures.mjs'), temp]);
    for (const family of ['scientific', 'performance']) {
      const committed = listFiles(join(ROOT, 'fixtures', family))
        .map((f) => relative(join(ROOT, 'fixtures'), f))
        .sort();
      const fresh = listFiles(join(temp, family))
        .map((f) => relative(temp, f))
        .sort();
      expect(committed).toEqual(fresh);
      for (const file of fresh) {
        expect(readFileSync(join(ROOT, 'fixtures', file), 'utf8'), file).toBe(
          readFileSync(join(temp, file), 'utf8'),
        );
      }
    }
  });
});
