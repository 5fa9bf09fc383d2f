/**
 * End-to-end tests of `zpbench <domain>` on the synthetic domain: the real binary, real run
 * directories, SIGKILL and resume, worker-count independence, refusals that change nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');

const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-runner-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * Files below `dir`, skipping in-flight temp files (`*.tmp`) and entries that vanish while we
 * look: the concurrency test snapshots a directory another process is still writing.
 */
function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (name.endsWith('.tmp')) return [];
    const full = join(dir, name);
    try {
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    } catch {
      return [];
    }
  });
}

function snapshot(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const f of listFiles(dir).sort()) {
    try {
      hashes[relative(dir, f)] = createHash('sha256').update(readFileSync(f)).digest('hex');
    } catch {
      // replaced or removed between listing and reading (another process's atomic rename)
    }
  }
  return hashes;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('zpbench synthetic', () => {
  it('writes a run directory the scientific gate accepts', async () => {
    const out = join(temp, 'smoke');
    const run = await zpbench('synthetic', '--mode', 'smoke', '--out-root', out, '--json');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.seeds_completed).toEqual([0, 1, 2, 3, 4]);
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', out], {
      reject: false,
    });
    expect(gate.stdout).toContain('PASS');
    expect(gate.exitCode).toBe(0);
    const audit = JSON.parse(read(out, 'aggregated/claim_audit.json'));
    expect(audit.claims.map((c: { id: string }) => c.id)).toEqual([
      'completeness',
      'mean_loss_superiority',
      'final_loss_non_inferiority',
    ]);
    expect(read(out, 'CLAIM_AUDIT.md')).toContain('| `completeness` | **PASS** | yes |');
  });

  it('gives byte-identical per-seed results and summaries with 1 and 2 workers', async () => {
    const one = join(temp, 'w1');
    const two = join(temp, 'w2');
    expect(
      (
        await zpbench(
          'synthetic',
          '--mode',
          'paper',
          '--out-root',
          one,
          '--workers',
          '1',
          '--quiet',
        )
      ).exitCode,
    ).toBe(0);
    expect(
      (
        await zpbench(
          'synthetic',
          '--mode',
          'paper',
          '--out-root',
          two,
          '--workers',
          '2',
          '--quiet',
        )
      ).exitCode,
    ).toBe(0);
    const deterministic = (dir: string) =>
      Object.fromEntries(
        Object.entries(snapshot(dir)).filter(([f]) =>
          /^seed_\d+\/|^aggregated\/(summary|paired_stats|claim_audit)\.json$|^aggregated\/benchmark_metrics\.jsonl$/.test(
            f,
          ),
        ),
      );
    expect(Object.keys(deterministic(one))).toHaveLength(10 * 2 + 4);
    expect(deterministic(two)).toEqual(deterministic(one));
  });

  it('resumes after SIGKILL at several points to a summary byte-identical to an uninterrupted run', async () => {
    const args = [
      'synthetic',
      '--mode',
      'paper',
      '--compute-repeats',
      '1500',
      '--workers',
      '1',
      '--quiet',
    ];
    const reference = join(temp, 'uninterrupted');
    expect((await zpbench(...args, '--out-root', reference)).exitCode).toBe(0);

    const out = join(temp, 'killed');
    for (const completeBeforeKill of [0, 3, 7]) {
      const child = execa(
        process.execPath,
        [
          ZPBENCH,
          ...args,
          '--out-root',
          out,
          ...(existsSync(join(out, 'resume_state.json')) ? ['--resume'] : []),
        ],
        { reject: false },
      );
      const deadline = Date.now() + 60_000;
      const completed = () =>
        existsSync(out)
          ? readdirSync(out).filter((d) => existsSync(join(out, d, 'per_seed_result.json'))).length
          : 0;
      while (completed() < completeBeforeKill + 1 && Date.now() < deadline) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      const result = await child;
      expect(result.signal === 'SIGKILL' || result.exitCode === 0).toBe(true);
    }
    const resumed = await zpbench(...args, '--out-root', out, '--resume');
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(read(out, 'aggregated/summary.json')).toBe(read(reference, 'aggregated/summary.json'));
    expect(read(out, 'aggregated/paired_stats.json')).toBe(
      read(reference, 'aggregated/paired_stats.json'),
    );
    // Every complete seed keeps its timing and fingerprint, whichever attempt ran it.
    const provenance = JSON.parse(read(out, 'provenance.json'));
    const allSeeds = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(Object.keys(provenance.seed_timings).sort()).toEqual(allSeeds);
    expect(Object.keys(provenance.dataset_fingerprints).sort()).toEqual(allSeeds);
    expect(
      new Set(Object.values(provenance.seed_timings).map((t) => (t as { attempt: number }).attempt))
        .size,
    ).toBeGreaterThan(1);
    const state = JSON.parse(read(out, 'resume_state.json'));
    expect(state.attempts.length).toBeGreaterThanOrEqual(2);
    expect(state.attempts.at(-1).status).toBe('complete');
    expect(
      state.attempts.slice(0, -1).every((a: { status: string }) => a.status === 'interrupted'),
    ).toBe(true);
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', out], {
      reject: false,
    });
    expect(gate.exitCode).toBe(0);
    // A paper run, three killed attempts, a resume and the gate: 27 s at a load of 7, over 60 s
    // when the shared machine is busier.
  }, 180_000);

  it('refuses a changed config under --resume with exit 2 and changes no file', async () => {
    const out = join(temp, 'smoke');
    const before = snapshot(out);
    const result = await zpbench(
      'synthetic',
      '--mode',
      'smoke',
      '--out-root',
      out,
      '--resume',
      '--inject-regression',
      'local',
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^zpbench: .*smoke was planned with a different contract \(config hash [0-9a-f]{12}… ≠ [0-9a-f]{12}…\); nothing was changed — rerun with the original settings or choose a new --out-root$/,
    );
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses a second concurrent run on the same out-root with exit 2 naming the holder', async () => {
    const out = join(temp, 'concurrent');
    const first = execa(
      process.execPath,
      [
        ZPBENCH,
        'synthetic',
        '--mode',
        'paper',
        '--compute-repeats',
        '100000',
        '--workers',
        '1',
        '--quiet',
        '--out-root',
        out,
      ],
      { reject: false },
    );
    // ~1 s per seed: the first run holds the lock for ~10 s, far longer than the second needs.
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(out, '.zpbench.lock')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const before = snapshot(out);
    const second = await zpbench(
      'synthetic',
      '--mode',
      'paper',
      '--compute-repeats',
      '100000',
      '--out-root',
      out,
      '--resume',
    );
    const after = snapshot(out);
    first.kill('SIGKILL');
    await first;
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(
      /is in use by another zpbench process \(pid \d+\); wait for it to finish or stop it, then rerun$/,
    );
    // The first run may have finished seeds meanwhile, but the second wrote nothing.
    for (const [file, hash] of Object.entries(before))
      if (!/resume_state|seed_|provenance/.test(file)) expect(after[file]).toBe(hash);
  });

  it('detects an injected local regression against a baseline run', async () => {
    const base = join(temp, 'smoke');
    const out = join(temp, 'regressed');
    const run = await zpbench(
      'synthetic',
      '--mode',
      'smoke',
      '--out-root',
      out,
      '--inject-regression',
      'local',
      '--baseline-run-dir',
      base,
      '--quiet',
    );
    // The regression verdict FAIL is the run's failure: exit 1, said on stderr even when quiet.
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `zpbench synthetic: FAILED: regression against smoke (meta p 0.0313 < alpha 0.05); see ${join(out, 'CLAIM_AUDIT.md')}`,
    );
    expect(run.exitCode).toBe(1);
    const paired = JSON.parse(read(out, 'aggregated/paired_stats.json'));
    expect(paired.baseline_run.regression.verdict).toBe('FAIL');
    expect(paired.baseline_run.regression.meta_p).toBe(1 / 32);
    expect(paired.baseline_run.regression.flagged).toEqual(['candidate/loss_step_100']);
  });
});
