import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRunDirs } from './run-history.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zpb-find-runs-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const manifestIn = (...parts: string[]) => {
  mkdirSync(join(root, ...parts), { recursive: true });
  writeFileSync(join(root, ...parts, 'manifest.json'), '{}');
};

describe('findRunDirs', () => {
  it('finds runs down to <project>/results/benchmarks/<domain>/<run>, sorted, never inside a run or a dot-directory', () => {
    manifestIn('b', 'results', 'benchmarks', 'some_domain', 'run_2');
    manifestIn('a');
    manifestIn('a', 'seed_0'); // inside a run: not a run of its own
    manifestIn('.trash', 'run_x');
    manifestIn('1', '2', '3', '4', '5', '6', 'too_deep');
    expect(findRunDirs(root)).toEqual([
      join(root, 'a'),
      join(root, 'b', 'results', 'benchmarks', 'some_domain', 'run_2'),
    ]);
    expect(findRunDirs(root, 1)).toEqual([join(root, 'a')]);
  });

  it('names a missing root and the fix', () => {
    expect(() => findRunDirs(join(root, 'nope'))).toThrow(
      `${join(root, 'nope')} does not exist; pass the directory that holds your run directories (default results/benchmarks)`,
    );
  });
});
