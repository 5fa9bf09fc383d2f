/**
 * SIGINT and SIGTERM on a real run: the workers stop, the lock is released, the attempt is
 * recorded as interrupted, the line printed says how to continue, and that command completes the
 * run to the bytes of an uninterrupted one. `report benchmark` during a run says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
// Four compute-bound seeds on one worker: a few seconds, so a signal lands mid-run.
const ARGS = ['synthetic', '--mode', 'smoke', '--seeds', '0-3', '--compute-repeats', '40000'];
const ARGS_TAIL = ['--workers', '1', '--quiet'];

const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

let temp: string;
let reference: string;
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-interrupt-'));
  reference = join(temp, 'reference');
  const r = await zpbench(...ARGS, ...ARGS_TAIL, '--out-root', reference);
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an interrupted run', () => {
  it('stops on SIGINT, says how to continue, and that command completes it byte-identically', async () => {
    const out = join(temp, 'sigint');
    const child = execa(process.execPath, [ZPBENCH, ...ARGS, ...ARGS_TAIL, '--out-root', out], {
      reject: false,
    });
    await waitFor(() => existsSync(join(out, 'seed_0/per_seed_result.json')));

    // Meanwhile the run holds the lock: a report of its half-written artifacts is refused.
    const report = await zpbench('report', 'benchmark', out);
    expect(report.exitCode).toBe(2);
    expect(report.stderr).toMatch(
      /^zpbench: run in progress: .*sigint is in use by another zpbench process \(pid \d+\); wait for it to finish or stop it, then rerun$/,
    );

    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode).toBe(130);
    const last = stopped.stderr.trimEnd().split('\n').at(-1) ?? '';
    const match =
      /^zpbench: interrupted: (\d) of 4 seeds complete in (.+), nothing lost; continue with: (.+)$/.exec(
        last,
      );
    expect(match, last).not.toBeNull();
    const [, complete, dir, command] = match as unknown as [string, string, string, string];
    expect(dir).toBe(out);
    expect(command).toBe(
      `zpbench synthetic --mode smoke --out-root ${out} --resume --device cpu --compute-repeats 40000 --workers 1`,
    );
    expect(existsSync(join(out, '.zpbench.lock'))).toBe(false);
    const state = JSON.parse(read(out, 'resume_state.json'));
    expect(state.attempts.at(-1)).toMatchObject({ status: 'interrupted' });
    expect(state.attempts.at(-1).finished_utc).not.toBeNull();
    const statuses = Object.values(state.seed_status) as string[];
    expect(statuses.filter((s) => s === 'complete')).toHaveLength(Number(complete));
    expect(statuses.every((s) => s === 'complete' || s === 'pending')).toBe(true);
    // The stopped worker wrote nothing: exactly the complete seeds have results.
    for (let seed = 0; seed < 4; seed++)
      expect(existsSync(join(out, `seed_${seed}/per_seed_result.json`))).toBe(
        state.seed_status[String(seed)] === 'complete',
      );

    const [, ...args] = command.split(' ');
    const resumed = await zpbench(...args, '--quiet');
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    for (const file of [
      'aggregated/summary.json',
      'aggregated/paired_stats.json',
      'aggregated/benchmark_metrics.jsonl',
      'seed_3/per_seed_result.json',
    ])
      expect(read(out, file), file).toBe(read(reference, file));
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', out], {
      reject: false,
    });
    expect(gate.exitCode).toBe(0);
  });

  it('stops on SIGTERM with exit 143, the attempt interrupted and the lock released', async () => {
    const out = join(temp, 'sigterm');
    const child = execa(process.execPath, [ZPBENCH, ...ARGS, ...ARGS_TAIL, '--out-root', out], {
      reject: false,
    });
    await waitFor(() => existsSync(join(out, 'resume_state.json')));
    child.kill('SIGTERM');
    const stopped = await child;
    expect(stopped.exitCode).toBe(143);
    expect(stopped.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^zpbench: interrupted: \d of 4 seeds complete in .*sigterm, nothing lost; continue with: zpbench synthetic .* --resume /,
    );
    expect(existsSync(join(out, '.zpbench.lock'))).toBe(false);
    expect(JSON.parse(read(out, 'resume_state.json')).attempts.at(-1).status).toBe('interrupted');
  });
});
