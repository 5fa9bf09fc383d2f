/**
 * A reused run directory is trusted only after every reused file hashes as recorded when it was
 * written (issue: resume never launders a changed file). One test per reuse path: --resume
 * (reruns the changed seed and requires the original bytes back), --skip-complete-seeds and
 * --force-rerun of other seeds (refuse, naming the file), the baseline refresh (refuses), an
 * edited resume state (refused), a rerun that does not reproduce (stops, never recorded), a run
 * killed before its first resume-state write (starts afresh) and orphan temp files (removed).
 * And a DOSE checkpoint deleted (`seed_2/checkpoints/scm.json`): --resume reruns the seed to the
 * original bytes, --skip-complete-seeds refuses naming it.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, lookupContract, renderReportFor } from '@zpbench/cli';
import {
  checkRunDir,
  claimViolations,
  type DomainPlugin,
  type SeedContext,
  type SeedOutput,
} from '@zpbench/core';
import { type RunBenchmarkOptions, refreshBaselineComparison, runBenchmark } from '@zpbench/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthetic as plugin, runSynthetic } from './support/synthetic-run.js';

let temp: string;
let pristine: string;
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-integrity-'));
  pristine = join(temp, 'pristine');
  await run(pristine);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const run = (outRoot: string, options: Partial<RunBenchmarkOptions> = {}) =>
  runSynthetic(outRoot, options, { report: true });

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
/** A fresh copy of the pristine run. */
function copy(name: string): string {
  const dir = join(temp, name);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}
/** Flips one digit of seed 2's result: still valid JSON, only a value changed. */
function flipDigit(dir: string): void {
  const path = join(dir, 'seed_2/per_seed_result.json');
  const text = readFileSync(path, 'utf8');
  const at = text.search(/"loss_step_1": 1\.\d/) + '"loss_step_1": 1.'.length;
  writeFileSync(path, text.slice(0, at) + ((Number(text[at]) + 1) % 10) + text.slice(at + 1));
}
const gate = async (dir: string) => {
  const check = await checkRunDir(dir, { domains: lookupContract });
  return [...check.violations, ...claimViolations(check.artifacts.claimAudit)];
};

describe('reusing a run directory checks every reused file against its recorded hash', () => {
  it('--resume reruns a seed whose result changed, reproduces the original bytes, and the gate passes', async () => {
    const dir = copy('resume');
    flipDigit(dir);
    const notes: string[] = [];
    const resumed = await run(dir, {
      resume: true,
      onEvent: (e) => {
        if (e.type === 'note') notes.push(e.message);
      },
    });
    expect(resumed.seedsRun).toEqual([2]);
    expect(notes).toEqual([
      'seed 2: seed_2/per_seed_result.json changed since it was written; rerunning it, and the rerun must reproduce the recorded files',
    ]);
    for (const file of [
      'seed_2/per_seed_result.json',
      'aggregated/summary.json',
      'aggregated/paired_stats.json',
    ])
      expect(read(dir, file)).toBe(read(pristine, file));
    expect(await gate(dir)).toEqual([]);
  });

  it('--resume reruns a seed whose sidecar was deleted, to the same bytes', async () => {
    const dir = copy('sidecar');
    unlinkSync(join(dir, 'seed_3/loss_curves.json'));
    const resumed = await run(dir, { resume: true });
    expect(resumed.seedsRun).toEqual([3]);
    expect(read(dir, 'seed_3/loss_curves.json')).toBe(read(pristine, 'seed_3/loss_curves.json'));
    expect(await gate(dir)).toEqual([]);
  });

  it('--skip-complete-seeds refuses a changed seed, naming the file, and changes nothing', async () => {
    const dir = copy('skip');
    flipDigit(dir);
    const manifest = read(dir, 'manifest.json');
    await expect(
      run(dir, { skipCompleteSeeds: true, seeds: [0, 1, 2, 3, 4, 5] }),
    ).rejects.toMatchObject({
      code: 'ZPB_RUN_CHANGED',
      message: `${dir} seed 2: seed_2/per_seed_result.json changed since it was written; restore the file, or rerun the seed with --resume (which checks that it reproduces) or --force-rerun --seeds 2; nothing was changed`,
    });
    expect(read(dir, 'manifest.json')).toBe(manifest);
    expect(existsSync(join(dir, 'seed_5'))).toBe(false);
  });

  it('--force-rerun of another seed refuses a changed one; of the changed seed itself it repairs it', async () => {
    const dir = copy('force');
    flipDigit(dir);
    await expect(run(dir, { forceRerun: true, seeds: [1] })).rejects.toMatchObject({
      code: 'ZPB_RUN_CHANGED',
    });
    await run(dir, { forceRerun: true, seeds: [2] });
    expect(read(dir, 'seed_2/per_seed_result.json')).toBe(
      read(pristine, 'seed_2/per_seed_result.json'),
    );
    expect(await gate(dir)).toEqual([]);
  });

  it('the baseline refresh refuses a run whose files changed', async () => {
    const dir = copy('refresh');
    flipDigit(dir);
    await expect(refreshBaselineComparison(plugin, dir, pristine)).rejects.toMatchObject({
      code: 'ZPB_RUN_INVALID',
      message: expect.stringContaining('seed_2/per_seed_result.json: sha256 expected'),
    });
  });

  it('an edited seed plan or code version in the resume state is detected, not obeyed', async () => {
    for (const edit of [
      (state: { contract: { seeds: number[]; code_version: string } }) => {
        state.contract.seeds = [0, 1, 2];
      },
      (state: { contract: { seeds: number[]; code_version: string } }) => {
        state.contract.code_version = 'other';
      },
    ]) {
      const dir = copy(`edited-${edit.length}-${Math.abs(readdirSync(temp).length)}`);
      const path = join(dir, 'resume_state.json');
      const state = JSON.parse(readFileSync(path, 'utf8'));
      edit(state);
      writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
      await expect(run(dir, { resume: true })).rejects.toMatchObject({
        code: 'ZPB_RUN_CHANGED',
        message: expect.stringContaining(
          'the resume state was edited — restore it, nothing was changed',
        ),
      });
    }
  });

  it('a rerun that does not reproduce the recorded files stops the run and is never recorded complete', async () => {
    const dir = copy('drift');
    flipDigit(dir);
    // The same contract, but code that now computes a different value for seed 2.
    const drifting: DomainPlugin<unknown> = {
      ...plugin,
      runSeed: async (ctx: SeedContext<unknown>) => {
        const out = (await plugin.runSeed(ctx)) as SeedOutput;
        const candidate = out.result.runs.candidate as { metrics: Record<string, number | null> };
        return {
          ...out,
          result: {
            ...out.result,
            runs: {
              ...out.result.runs,
              candidate: {
                ...out.result.runs.candidate,
                metrics: { ...candidate.metrics, mean_loss: 42 },
              },
            },
          },
        } as SeedOutput;
      },
    };
    const manifest = read(dir, 'manifest.json');
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(run(dir, { plugin: drifting, resume: true })).rejects.toMatchObject({
        code: 'ZPB_NOT_REPRODUCED',
        message: expect.stringMatching(
          /seed 2: seed_2\/per_seed_result.json sha256 [0-9a-f]{12}… ≠ recorded [0-9a-f]{12}…/,
        ),
      });
      // The seed stays failed and keeps its original record, so a second resume meets it again.
      const state = JSON.parse(read(dir, 'resume_state.json'));
      expect(state.seed_status['2']).toBe('failed');
      expect(state.seed_files['2']).toEqual(
        JSON.parse(read(pristine, 'resume_state.json')).seed_files['2'],
      );
    }
    expect(read(dir, 'manifest.json')).toBe(manifest);
    expect((await gate(dir)).length).toBeGreaterThan(0);
  });

  it('a directory holding only the lock of a run killed before it started is started afresh', async () => {
    for (const resume of [false, true]) {
      const dir = join(temp, `lock-only-${resume}`);
      rmSync(dir, { recursive: true, force: true });
      cpSync(pristine, dir, { recursive: true, filter: (src) => src === pristine });
      writeFileSync(join(dir, '.zpbench.lock'), '999999999\n');
      writeFileSync(join(dir, '.resume_state.json.999999999.0a1b2c3d.tmp'), '{');
      const result = await run(dir, { resume });
      expect(result.seedsCompleted).toEqual([0, 1, 2, 3, 4]);
      expect(read(dir, 'aggregated/summary.json')).toBe(read(pristine, 'aggregated/summary.json'));
      expect(await gate(dir)).toEqual([]);
    }
  });

  it('removes temp files left by killed writers anywhere in the run directory', async () => {
    const dir = copy('orphans');
    writeFileSync(join(dir, 'seed_1/.per_seed_result.json.12345.deadbeef.tmp'), 'half');
    writeFileSync(join(dir, '.provenance.json.12345.cafebabe.tmp'), 'half');
    const events: string[] = [];
    await run(dir, { resume: true, onEvent: (e) => e.type === 'note' && events.push(e.message) });
    expect(events[0]).toMatch(/^removed 2 temp files of an interrupted write/);
    expect(existsSync(join(dir, 'seed_1/.per_seed_result.json.12345.deadbeef.tmp'))).toBe(false);
    expect(await gate(dir)).toEqual([]);
  });
});

describe('a DOSE run whose checkpoint was deleted (tiny testConfig)', () => {
  const CHECKPOINT = 'seed_2/checkpoints/scm.json';
  let dose: NonNullable<Awaited<ReturnType<typeof loadDomain>>>;
  let dosePristine: string;
  const runDose = (outRoot: string, options: Partial<RunBenchmarkOptions> = {}) =>
    runBenchmark({
      plugin: dose.plugin,
      module: dose.module,
      mode: 'smoke',
      config: dose.plugin.testConfig?.('smoke', dose.plugin.modes.smoke?.config),
      outRoot,
      workers: 0,
      argv: ['dose', '--mode', 'smoke'],
      zpbenchVersion: 'test',
      renderReport: (dir, files) =>
        renderReportFor(dose.plugin, dir, { html: false, verify: false, files }),
      ...options,
    });
  beforeAll(async () => {
    const loaded = await loadDomain('dose');
    if (!loaded) throw new Error('dose is not registered');
    dose = loaded;
    dosePristine = join(temp, 'dose-pristine');
    await runDose(dosePristine);
  }, 120_000);

  it('--resume reruns the seed, which reproduces the checkpoint and every file byte for byte, and the gate passes', async () => {
    const dir = join(temp, 'dose-checkpoint');
    cpSync(dosePristine, dir, { recursive: true });
    unlinkSync(join(dir, CHECKPOINT));
    // Before the resume the run is not passed as it is: the gate names the missing checkpoint.
    expect((await gate(dir)).map((v) => `${v.file}: ${v.check}`)).toContain(
      `${CHECKPOINT}: exists`,
    );
    const notes: string[] = [];
    const resumed = await runDose(dir, {
      resume: true,
      onEvent: (e) => {
        if (e.type === 'note') notes.push(e.message);
      },
    });
    expect(resumed.seedsRun).toEqual([2]);
    expect(notes).toEqual([
      `seed 2: ${CHECKPOINT} is missing; rerunning it, and the rerun must reproduce the recorded files`,
    ]);
    const state = JSON.parse(read(dosePristine, 'resume_state.json'));
    for (const file of [
      ...Object.keys(state.seed_files['2']),
      'aggregated/summary.json',
      'aggregated/paired_stats.json',
      'aggregated/claim_audit.json',
    ])
      expect(readFileSync(join(dir, file)), file).toEqual(readFileSync(join(dosePristine, file)));
    expect(Object.keys(state.seed_files['2'])).toContain(CHECKPOINT);
    expect(await gate(dir)).toEqual([]);
  }, 120_000);

  it('--skip-complete-seeds refuses it, naming the checkpoint, and changes nothing', async () => {
    const dir = join(temp, 'dose-checkpoint-skip');
    cpSync(dosePristine, dir, { recursive: true });
    unlinkSync(join(dir, CHECKPOINT));
    const manifest = read(dir, 'manifest.json');
    await expect(runDose(dir, { skipCompleteSeeds: true })).rejects.toMatchObject({
      code: 'ZPB_RUN_CHANGED',
      message: expect.stringContaining(`seed 2: ${CHECKPOINT} is missing`),
    });
    expect(read(dir, 'manifest.json')).toBe(manifest);
    expect(existsSync(join(dir, CHECKPOINT))).toBe(false);
  });
});

describe('a typed error of a domain keeps its code across the worker boundary', () => {
  it('an input error in a worker rejects the run with its code (exit 2), after recording it', async () => {
    const dir = join(temp, 'coded');
    const moduleUrl = new URL('./support/coded-error-domain.mjs', import.meta.url).href;
    await expect(
      run(dir, { workers: 1, module: { moduleUrl, exportName: 'codedErrorDomain' } }),
    ).rejects.toMatchObject({
      code: 'ZPB_CONFIG',
      message: 'seed 1: seed 1 needs an input this test never gives it',
    });
    const state = JSON.parse(read(dir, 'resume_state.json'));
    expect(state.seed_status).toMatchObject({ '0': 'complete', '1': 'failed' });
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect(resolve(dir)).toBe(dir);
  });
});
