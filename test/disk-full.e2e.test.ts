/**
 * A run or a report on a full disk, or in a read-only directory: one line and exit 2, nothing
 * already written is lost, and once there is room `--resume` (or the report again) completes it
 * to the bytes of a run that never failed. Real full disks: a small tmpfs (root, as in CI);
 * without root, a directory made read-only by its permissions.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const RUN = ['synthetic', '--mode', 'smoke', '--workers', '2', '--quiet'];
const COMPARED = [
  'aggregated/summary.json',
  'aggregated/paired_stats.json',
  'aggregated/benchmark_metrics.jsonl',
  'aggregated/claim_audit.json',
  ...[0, 1, 2, 3, 4].map((s) => `seed_${s}/per_seed_result.json`),
];

const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });
const gate = (dir: string) =>
  execa(process.execPath, [GATE, '--family', 'scientific', dir], { reject: false });
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

function files(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, root) : [relative(root, full)];
  });
}
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    files(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

/** A one-line refusal: exit 2, nothing on stdout, one stderr line, no stack trace. */
function expectOneLine(
  result: { exitCode?: number; stdout: string; stderr: string },
  line: RegExp,
) {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(line);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
}

let temp: string;
let reference: string;
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-disk-'));
  reference = join(temp, 'reference');
  expect((await zpbench(...RUN, '--out-root', reference)).exitCode).toBe(0);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function mount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const remount = (dir: string, options: string) =>
  execFileSync('mount', ['-o', `remount,${options}`, dir]);

const CAN_MOUNT = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'zpb-mount-probe-'));
  const ok = mount(probe, 'size=64k');
  if (ok) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true });
  return ok;
})();

describe.runIf(CAN_MOUNT)('on a small tmpfs', () => {
  const mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
  });
  const disk = (name: string, size: string) => {
    const dir = join(temp, name);
    mkdirSync(dir);
    expect(mount(dir, `size=${size}`)).toBe(true);
    mounted.push(dir);
    return dir;
  };

  // Sizes at which the disk fills in different phases: provenance, the seeds, the aggregates.
  for (const size of ['16k', '44k', '64k']) {
    it(`a run that fills ${size}: one line, then --resume with room completes it byte-identically${size === '44k' ? ' (refused while read-only)' : ''}`, async () => {
      const mnt = disk(`full-${size}`, size);
      const out = join(mnt, 'run');
      expectOneLine(
        await zpbench(...RUN, '--out-root', out),
        /^zpbench: cannot write \/.* \(ENOSPC\); free disk space or fix permissions and rerun — existing files were left unchanged$/,
      );
      if (size === '44k') {
        // Read-only now: refused before any work, nothing changed.
        remount(mnt, 'ro');
        const before = snapshot(out);
        expectOneLine(
          await zpbench(...RUN, '--out-root', out, '--resume'),
          /^zpbench: --out-root \/.*\/run is on a read-only file system \(\/.*\/run\); expected a directory for the run/,
        );
        expect(snapshot(out)).toEqual(before);
        remount(mnt, 'rw');
      }
      remount(mnt, 'size=16m');
      const resumed = await zpbench(...RUN, '--out-root', out, '--resume');
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      for (const file of COMPARED) expect(read(out, file), file).toBe(read(reference, file));
      expect((await gate(out)).exitCode).toBe(0);
      expect(files(out).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
    });
  }

  it('a report that fills the disk: one line, the run still passes the gate, and the report completes with room', async () => {
    const mnt = disk('report', '16m');
    const run = join(mnt, 'run');
    cpSync(reference, run, { recursive: true });
    // Room for the run but not for RUN_REPORT.html.
    const used = Number(execFileSync('df', ['--output=used', '-k', mnt]).toString().split('\n')[1]);
    remount(mnt, `size=${used + 16}k`);
    expectOneLine(
      await zpbench('report', 'benchmark', run, '--html-report'),
      /^zpbench: cannot write .* \(ENOSPC\); free disk space or fix permissions and rerun/,
    );
    expect((await gate(run)).exitCode).toBe(0);
    remount(mnt, 'size=16m');
    expect((await zpbench('report', 'benchmark', run, '--html-report')).exitCode).toBe(0);
    expect((await gate(run)).exitCode).toBe(0);
    expect(files(run).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.runIf(!CAN_MOUNT && process.getuid?.() !== 0)(
  'in a directory without write permission',
  () => {
    it('a failed write is one line, and the rerun with permission restores the bytes', async () => {
      const out = join(temp, 'perm');
      cpSync(reference, out, { recursive: true });
      chmodSync(join(out, 'aggregated'), 0o555);
      try {
        expectOneLine(
          await zpbench(...RUN, '--out-root', out, '--force-rerun', '--seeds', '1'),
          /^zpbench: cannot write .*aggregated\/.* \(EACCES\); free disk space or fix permissions and rerun/,
        );
      } finally {
        chmodSync(join(out, 'aggregated'), 0o755);
      }
      expect(
        (await zpbench(...RUN, '--out-root', out, '--force-rerun', '--seeds', '1')).exitCode,
      ).toBe(0);
      for (const file of COMPARED) expect(read(out, file), file).toBe(read(reference, file));
    });
  },
);
