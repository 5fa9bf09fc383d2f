/**
 * The runner's seed lifecycle through its library API (seeds inline, workers 0): a seed that
 * throws is recorded and the others finish; --resume reruns only what is incomplete;
 * --skip-complete-seeds and --force-rerun behave as the seed document says; and the
 * determinism probe `zpbench repro` reproduces a seed bit for bit.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DomainPlugin, SeedContext } from '@zpbench/core';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthetic as plugin, runSynthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-lifecycle-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const json = (dir: string, file: string) => JSON.parse(read(dir, file));

/** The synthetic plugin, except that the listed seeds throw. */
function failing(seeds: readonly number[]): DomainPlugin<unknown> {
  return {
    ...plugin,
    runSeed: (ctx: SeedContext<unknown>) => {
      if (seeds.includes(ctx.seed)) throw new Error(`injected failure at seed ${ctx.seed}`);
      return plugin.runSeed(ctx);
    },
  };
}

const run = runSynthetic;

describe('runner seed lifecycle', () => {
  it('records a seed that throws, finishes the others, and resumes only that seed', async () => {
    const out = join(temp, 'failing');
    const first = await run(out, { plugin: failing([2]) });
    expect(first.seedsFailed).toEqual([2]);
    expect(first.seedsCompleted).toEqual([0, 1, 3, 4]);
    expect(json(out, 'resume_state.json').seed_errors).toEqual({
      '2': 'injected failure at seed 2',
    });
    expect(json(out, 'provenance.json').seed_errors).toEqual({ '2': 'injected failure at seed 2' });
    const audit = json(out, 'aggregated/claim_audit.json');
    expect(audit.claims[0]).toMatchObject({
      id: 'completeness',
      verdict: 'FAIL',
      reason: 'missing seeds 2',
    });

    const resumed = await run(out, { resume: true });
    expect(resumed.seedsRun).toEqual([2]);
    expect(resumed.seedsFailed).toEqual([]);
    expect(json(out, 'resume_state.json').seed_errors).toEqual({});
    const clean = join(temp, 'clean');
    await run(clean);
    expect(read(out, 'aggregated/summary.json')).toBe(read(clean, 'aggregated/summary.json'));
    expect(json(out, 'aggregated/claim_audit.json').claims[0].verdict).toBe('PASS');
  });

  it('refuses to reuse a run directory without --resume, --skip-complete-seeds or --force-rerun', async () => {
    await expect(run(join(temp, 'clean'))).rejects.toMatchObject({
      code: 'ZPB_USAGE',
      message: expect.stringContaining(
        'already holds a run; pass --resume, --skip-complete-seeds or --force-rerun',
      ),
    });
  });

  it('--skip-complete-seeds runs only the seeds that are not complete', async () => {
    const out = join(temp, 'skip');
    await run(out);
    const before = statSync(join(out, 'seed_0/per_seed_result.json')).mtimeMs;
    const more = await run(out, { skipCompleteSeeds: true, seeds: [0, 1, 2, 3, 4, 5, 6] });
    expect(more.seedsRun).toEqual([5, 6]);
    expect(statSync(join(out, 'seed_0/per_seed_result.json')).mtimeMs).toBe(before);
    expect(json(out, 'aggregated/summary.json').seeds).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('--force-rerun reruns exactly the requested seeds, to the same bytes', async () => {
    const out = join(temp, 'force');
    await run(out);
    const stored = read(out, 'seed_1/per_seed_result.json');
    const before = statSync(join(out, 'seed_3/per_seed_result.json')).mtimeMs;
    const again = await run(out, { forceRerun: true, seeds: [1] });
    expect(again.seedsRun).toEqual([1]);
    expect(read(out, 'seed_1/per_seed_result.json')).toBe(stored);
    expect(statSync(join(out, 'seed_3/per_seed_result.json')).mtimeMs).toBe(before);
    expect(
      json(out, 'resume_state.json').attempts.map((a: { seeds_run: number[] }) => a.seeds_run),
    ).toEqual([[0, 1, 2, 3, 4], [1]]);
  });

  it('zpbench repro reruns a seed in a temp dir and reports it bit-identical', async () => {
    const out = join(temp, 'repro');
    expect(
      (
        await execa(process.execPath, [
          ZPBENCH,
          'synthetic',
          '--mode',
          'smoke',
          '--out-root',
          out,
          '--quiet',
        ])
      ).exitCode,
    ).toBe(0);
    const r = await execa(process.execPath, [ZPBENCH, 'repro', out, '--seed', '3', '--json'], {
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ seed: 3, identical: true, differences: [] });
    const missing = await execa(process.execPath, [ZPBENCH, 'repro', out, '--seed', '9'], {
      reject: false,
    });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `zpbench: --seed 9 is not a completed seed of ${out}; choose one of 0, 1, 2, 3, 4`,
    );
  });
});
