import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInsideRunDir } from './safe-path.js';

describe('resolveInsideRunDir', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'zpb-safe-path-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = join(dir, 'run');
  const sibling = join(dir, 'run2'); // shares the run's name as a prefix
  mkdirSync(join(run, 'seed_0'), { recursive: true });
  mkdirSync(sibling);
  writeFileSync(join(run, 'seed_0', 'a.json'), '{}');
  writeFileSync(join(sibling, 'b.json'), '{}');
  symlinkSync(join(sibling, 'b.json'), join(run, 'out.json'));
  symlinkSync(join(run, 'seed_0', 'a.json'), join(run, 'in.json'));

  it('resolves a file, a link that stays inside and a file not written yet', () => {
    expect(resolveInsideRunDir(run, 'seed_0/a.json')).toBe(join(run, 'seed_0', 'a.json'));
    expect(resolveInsideRunDir(run, 'in.json')).toBe(join(run, 'seed_0', 'a.json'));
    expect(resolveInsideRunDir(run, 'seed_1/new.json')).toBe(join(run, 'seed_1', 'new.json'));
  });

  it('refuses a link into a sibling directory whose name starts with the run’s', () => {
    expect(() => resolveInsideRunDir(run, 'out.json')).toThrow(
      `artifact path "out.json" resolves outside the run directory (to ${join(sibling, 'b.json')}) through a symlink`,
    );
  });

  it('refuses absolute paths and .. segments before touching the disk', () => {
    expect(() => resolveInsideRunDir(run, '../run2/b.json')).toThrow('contains a ".." segment');
    expect(() => resolveInsideRunDir(run, '/etc/passwd')).toThrow('the path is absolute');
  });
});
