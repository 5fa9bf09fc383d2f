import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from './lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireRunLock', () => {
  it('takes and releases the lock file', () => {
    const release = acquireRunLock(dir);
    expect(existsSync(join(dir, '.zpbench.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, '.zpbench.lock'))).toBe(false);
  });

  it('refuses while a live process holds it, naming the pid', () => {
    writeFileSync(join(dir, '.zpbench.lock'), `${process.ppid}\n`);
    expect(() => acquireRunLock(dir)).toThrow(
      `is in use by another zpbench process (pid ${process.ppid})`,
    );
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(join(dir, '.zpbench.lock'), '999999999\n');
    const release = acquireRunLock(dir);
    release();
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose holder was killed but not yet reaped (a zombie)',
    async () => {
      // `sleep 0` becomes a child of the exec'd `sleep 5`, which never reaps it: a zombie for 5 s.
      const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const zombie = await new Promise<number>((done) =>
        parent.stdout.once('data', (b: Buffer) => done(Number(b.toString()))),
      );
      await new Promise((r) => setTimeout(r, 200));
      try {
        writeFileSync(join(dir, '.zpbench.lock'), `${zombie}\n`);
        acquireRunLock(dir)();
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );
});
