import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from './lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => join(dir, '.zpbench.lock');
const lockedMessage = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect((error as { code: string }).code).toBe('ZPB_LOCKED');
    return (error as Error).message.replace(dir, '<dir>');
  }
  throw new Error('the lock was taken');
};

describe('acquireRunLock', () => {
  it('takes and releases the lock file, which names this process', () => {
    const release = acquireRunLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toMatch(new RegExp(`^${process.pid}( \\d+)?\\n$`));
    expect(lockedMessage(() => acquireRunLock(dir))).toBe(
      'run in progress: <dir> is already in use by this process; wait for that run to finish',
    );
    release();
    expect(existsSync(lockFile())).toBe(false);
    expect(readdirSync(dir)).toEqual([]); // no temp file or marker left behind
  });

  it('refuses while a live zpbench process holds it, naming the pid', () => {
    writeFileSync(lockFile(), `${process.ppid}\n`);
    expect(lockedMessage(() => acquireRunLock(dir))).toBe(
      `run in progress: <dir> is in use by another zpbench process (pid ${process.ppid}); wait for it to finish or stop it, then rerun`,
    );
  });

  it('holds an empty lock file being written, and takes over one left empty long ago', () => {
    writeFileSync(lockFile(), '');
    expect(lockedMessage(() => acquireRunLock(dir))).toMatch(
      /^run in progress: <dir> is being locked by another zpbench process/,
    );
    const past = new Date(Date.now() - 60_000);
    utimesSync(lockFile(), past, past);
    acquireRunLock(dir)();
  });

  it('refuses a directory standing where the lock file belongs', () => {
    mkdirSync(lockFile());
    expect(lockedMessage(() => acquireRunLock(dir))).toBe(
      '<dir>/.zpbench.lock is not a lock file (a directory or device stands in its place); remove it and rerun',
    );
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(lockFile(), '999999999\n');
    const release = acquireRunLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toMatch(new RegExp(`^${process.pid}\\b`));
    release();
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose pid now belongs to another process: pid reuse, or a live non-zpbench process',
    async () => {
      // The right pid with another start time: the holder died and its pid was reused.
      writeFileSync(lockFile(), `${process.ppid} 1\n`);
      acquireRunLock(dir)();
      const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        writeFileSync(lockFile(), `${sleeper.pid}\n`);
        acquireRunLock(dir)();
        // pid 1 is an init process, never a zpbench run.
        if (!/node|zpbench/.test(readFileSync('/proc/1/cmdline', 'utf8'))) {
          writeFileSync(lockFile(), '1\n');
          acquireRunLock(dir)();
        }
      } finally {
        sleeper.kill('SIGKILL');
      }
    },
  );

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
        writeFileSync(lockFile(), `${zombie}\n`);
        acquireRunLock(dir)();
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );

  it('gives a stale lock to exactly one of two processes that find it at the same instant, every time', async () => {
    // Two processes take the stale locks of ROUNDS directories, both starting each round at the
    // same instant (spinning on the shared clock, started only once both are up): exactly one
    // must win each round. They hold their locks until both are done.
    const ROUNDS = 150;
    const GAP_MS = 6;
    const stale = [
      '999999999\n', // a dead pid
      `${process.pid} 1\n`, // a live pid with another start time: reused
      '', // an empty file from long ago
    ];
    for (let r = 0; r < ROUNDS; r++) {
      mkdirSync(join(dir, `r${r}`));
      const path = join(dir, `r${r}`, '.zpbench.lock');
      writeFileSync(path, stale[r % stale.length] as string);
      const past = new Date(Date.now() - 60_000);
      utimesSync(path, past, past);
    }
    const script = join(dir, 'contend.mjs');
    writeFileSync(
      script,
      `import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { acquireRunLock } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
const [base, rounds, gap] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\\n');
const t0 = Number((await lines.next()).value);
const out = [];
for (let r = 0; r < Number(rounds); r++) {
  while (now() < t0 + r * Number(gap)) {}
  try { acquireRunLock(join(base, 'r' + r)); out.push('won'); } catch (e) { out.push(e.code ?? String(e)); }
}
process.stdout.write(out.join(',') + '\\n');
await lines.next(); // hold every lock won until told to exit
process.exit(0);
`,
    );
    const children = [0, 1].map(() =>
      spawn(process.execPath, [script, dir, String(ROUNDS), String(GAP_MS)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const readers = children.map((child) =>
      createInterface({ input: child.stdout })[Symbol.asyncIterator](),
    );
    const nextLine = async (i: number) => String((await readers[i]?.next())?.value ?? '');
    expect(await Promise.all([nextLine(0), nextLine(1)])).toEqual(['ready', 'ready']);
    const t0 = Date.now() + 100;
    for (const child of children) child.stdin.write(`${t0}\n`);
    const [winsA, winsB] = (await Promise.all([nextLine(0), nextLine(1)])).map((l) => l.split(','));
    const exited = children.map((child) => new Promise((done) => child.once('exit', done)));
    for (const child of children) child.stdin.end('exit\n');
    await Promise.all(exited);
    expect(winsA).toHaveLength(ROUNDS);
    const outcomes = (winsA ?? []).map((x, r) => [x, winsB?.[r]].sort().join('+'));
    expect(outcomes.filter((o) => o !== 'ZPB_LOCKED+won')).toEqual([]);
    // Nothing left behind but the winners' locks (released when they exited).
    for (let r = 0; r < ROUNDS; r++) expect(readdirSync(join(dir, `r${r}`))).toEqual([]);
  });
});
