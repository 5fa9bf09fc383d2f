import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PathArgumentSpec, resolvePathArgument } from './path-argument.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-path-arg-'));
  writeFileSync(join(dir, 'file.json'), '{}');
  mkdirSync(join(dir, 'run'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const OUT: PathArgumentSpec = {
  kind: 'output-directory',
  expected: 'a run directory',
  writable: true,
};
const DIR: PathArgumentSpec = { kind: 'directory', expected: 'a run directory' };
const FILE: PathArgumentSpec = { kind: 'file', expected: 'a metric log' };
const EITHER: PathArgumentSpec = { kind: 'file-or-directory', expected: 'a run or a slot matrix' };
const OUTPUT_FILE: PathArgumentSpec = { kind: 'output-file', expected: 'a file to write' };

/** The error message of a refused path, with the temp directory as <tmp>. */
function refusal(name: string, path: string, spec: PathArgumentSpec): string {
  try {
    resolvePathArgument(name, path, spec);
  } catch (error) {
    expect((error as { code: string }).code).toBe('ZPB_USAGE');
    return (error as Error).message.replaceAll(dir, '<tmp>');
  }
  throw new Error(`${path} was accepted`);
}

describe('resolvePathArgument', () => {
  it('returns accepted paths unchanged', () => {
    expect(resolvePathArgument('--out-root', join(dir, 'new/run'), OUT)).toBe(join(dir, 'new/run'));
    expect(resolvePathArgument('--out-root', join(dir, 'run'), OUT)).toBe(join(dir, 'run'));
    expect(resolvePathArgument('<run_dir>', join(dir, 'run'), DIR)).toBe(join(dir, 'run'));
    expect(resolvePathArgument('<log>', join(dir, 'file.json'), FILE)).toBe(join(dir, 'file.json'));
    expect(resolvePathArgument('--baseline', join(dir, 'file.json'), EITHER)).toBe(
      join(dir, 'file.json'),
    );
  });

  it('refuses an empty path and a NUL byte', () => {
    expect(refusal('--out-root', '', OUT)).toMatchInlineSnapshot(
      `"--out-root "" is an empty path; expected a run directory"`,
    );
    expect(refusal('--baseline', 'a\0b', EITHER)).toMatchInlineSnapshot(
      `"--baseline a\0b contains a NUL byte; expected a run or a slot matrix"`,
    );
  });

  it('refuses a file where a directory belongs, and the reverse', () => {
    expect(refusal('--out-root', join(dir, 'file.json'), OUT)).toMatchInlineSnapshot(
      `"--out-root <tmp>/file.json is a regular file, not a directory; expected a run directory"`,
    );
    expect(refusal('<run_dir>', join(dir, 'file.json'), DIR)).toMatchInlineSnapshot(
      `"<run_dir> <tmp>/file.json is a regular file, not a directory; expected a run directory"`,
    );
    expect(refusal('<log>', join(dir, 'run'), FILE)).toMatchInlineSnapshot(
      `"<log> <tmp>/run is a directory, not a regular file; expected a metric log"`,
    );
    expect(refusal('<log>', '/dev/null', FILE)).toMatchInlineSnapshot(
      `"<log> /dev/null is a character device, not a regular file; expected a metric log"`,
    );
  });

  it('refuses a path under a regular file, naming the file', () => {
    expect(refusal('--out-root', join(dir, 'file.json/run'), OUT)).toMatchInlineSnapshot(
      `"--out-root <tmp>/file.json/run lies under <tmp>/file.json, which is not a directory; expected a run directory"`,
    );
    expect(refusal('<run_dir>', join(dir, 'file.json/a/b'), DIR)).toMatchInlineSnapshot(
      `"<run_dir> <tmp>/file.json/a/b lies under <tmp>/file.json, which is not a directory; expected a run directory"`,
    );
  });

  it('refuses a missing input and a name too long for the file system', () => {
    expect(refusal('<run_dir>', join(dir, 'absent'), DIR)).toMatchInlineSnapshot(
      `"<run_dir> <tmp>/absent does not exist; expected a run directory"`,
    );
    const long = 'x'.repeat(300);
    expect(refusal('--out-root', join(dir, long), OUT)).toMatchInlineSnapshot(
      `"--out-root <tmp>/xxxxxxxxxxxxxxxxxxxxxxxx…(300 bytes) is longer than the file system allows (a name above 255 bytes or a path above 4096); expected a run directory"`,
    );
    expect(refusal('--out-root', join(dir, 'absent', long), OUT)).toMatchInlineSnapshot(
      `"--out-root <tmp>/absent/xxxxxxxxxxxxxxxxxxxxxxxx…(300 bytes) has a name of 300 bytes, longer than the 255 a file system allows; expected a run directory"`,
    );
  });

  it('refuses a directory it cannot write into when the command writes there', (context) => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    // Root writes through permission bits; a read-only mount stops it.
    const root = process.getuid?.() === 0;
    if (root && !mountReadOnly(locked)) return context.skip('cannot mount a read-only tmpfs');
    try {
      const reason = root
        ? 'is on a read-only file system (<tmp>/locked)'
        : 'cannot be written (<tmp>/locked: permission denied)';
      expect(refusal('--out-root', join(locked, 'run'), OUT)).toBe(
        `--out-root <tmp>/locked/run ${reason}; expected a run directory`,
      );
      expect(refusal('<run_dir>', locked, { ...DIR, writable: true })).toBe(
        `<run_dir> <tmp>/locked ${reason}; expected a run directory`,
      );
      // Reading needs no write access.
      expect(resolvePathArgument('<run_dir>', locked, DIR)).toBe(locked);
    } finally {
      if (root) execFileSync('umount', [locked]);
    }
  });

  it('takes an output file that exists or can be created, never a directory or a path under a file', () => {
    expect(resolvePathArgument('--output', join(dir, 'file.json'), OUTPUT_FILE)).toBe(
      join(dir, 'file.json'),
    );
    expect(resolvePathArgument('--output', join(dir, 'new/dir/out.html'), OUTPUT_FILE)).toBe(
      join(dir, 'new/dir/out.html'),
    );
    expect(refusal('--output', join(dir, 'run'), OUTPUT_FILE)).toMatchInlineSnapshot(
      `"--output <tmp>/run is a directory, not a regular file; expected a file to write"`,
    );
    expect(refusal('--output', join(dir, 'file.json/out.csv'), OUTPUT_FILE)).toMatchInlineSnapshot(
      `"--output <tmp>/file.json/out.csv lies under <tmp>/file.json, which is not a directory; expected a file to write"`,
    );
  });
});

function mountReadOnly(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
