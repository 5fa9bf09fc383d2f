/**
 * Sharded runs and their merge: shards 1/3, 2/3 and 3/3 of the synthetic smoke plan merged into
 * one run directory whose per-seed results, aggregates, paired stats, claim audit and figures are
 * byte-identical to a run made in one piece; refused merges name the shard and write nothing; the
 * real CLI reads GitLab's shard variables and the gate accepts the merged run but not a shard.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderReportFor } from '@zpbench/cli';
import {
  checkRunDir,
  ERROR_CODES,
  formatArtifactJson,
  type ProvenanceV8,
  readBudgetFile,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';
import { mergeShards } from '@zpbench/runner';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSynthetic, synthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary artifact JSON
type Json = Record<string, any>;

let temp: string;
let whole: string;
let shards: string[];
const contracts = (id: string) => (id === synthetic.id ? synthetic.contract : undefined);

function merge(shardDirs: readonly string[], outRoot: string) {
  return mergeShards({
    plugin: synthetic,
    shardDirs,
    outRoot,
    argv: ['merge', ...shardDirs, '--out', outRoot],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(synthetic, dir, { html: false, verify: false, files }),
  });
}

async function refusal(shardDirs: readonly string[], outRoot: string): Promise<string> {
  const error = await merge(shardDirs, outRoot).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZpbenchError);
  expect((error as ZpbenchError).code).toBe(ERROR_CODES.USAGE);
  expect((error as Error).message).toMatch(/nothing was written$/);
  return (error as Error).message;
}

/** Every file of a run directory, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-shard-'));
  whole = join(temp, 'whole');
  await runSynthetic(whole, {}, { report: true });
  shards = [1, 2, 3].map((index) => join(temp, `shard_${index}`));
  // Shard 1 is gated with a budget: the merge must not carry a verdict of part of the plan.
  const budgetPath = join(temp, 'budget.json');
  writeFileSync(budgetPath, JSON.stringify({ budgets: [{ max_failed_seeds: 0 }] }));
  for (const [k, dir] of shards.entries())
    await runSynthetic(
      dir,
      {
        shard: { index: k + 1, count: 3 },
        ...(k === 0 ? { budget: readBudgetFile(budgetPath), notes: 'shard one' } : {}),
      },
      { report: true },
    );
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a shard run', () => {
  it('runs only its seeds, records the whole plan, and is not a run the gate passes', async () => {
    const check = await checkRunDir(shards[0] as string, { domains: contracts });
    expect(check.artifacts.resumeState?.contract.shard).toEqual({
      index: 1,
      count: 3,
      seeds: [0, 3],
    });
    expect(check.artifacts.resumeState?.contract.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(check.manifest?.seeds_completed).toEqual([0, 3]);
    expect(existsSync(join(shards[0] as string, 'seed_1'))).toBe(false);
    // Its seed lists are held to its own share of the plan: being a shard is its one violation.
    expect(check.violations.map((v) => v.check)).toEqual(['shard']);
  });
});

describe('--resume of a shard', () => {
  it('continues an interrupted shard, which then merges; another shard spec is a conflict', async () => {
    const dir = join(temp, 'resumed_1');
    const stop = new AbortController();
    const interrupted = await runSynthetic(dir, {
      shard: { index: 1, count: 3 },
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'seed-done') stop.abort();
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((interrupted as ZpbenchError).code).toBe(ERROR_CODES.INTERRUPTED);
    const conflict = await runSynthetic(dir, { resume: true, shard: { index: 2, count: 3 } }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(conflict?.message).toContain("shard 2/3 ≠ the directory's shard 1/3");
    const resumed = await runSynthetic(
      dir,
      { resume: true, shard: { index: 1, count: 3 } },
      { report: true },
    );
    expect(resumed.seedsRun).toEqual([3]);
    expect(resumed.seedsCompleted).toEqual([0, 3]);
    const out = join(temp, 'resumed_merged');
    await merge([dir, shards[1], shards[2]] as string[], out);
    expect(readFileSync(join(out, 'aggregated/summary.json'))).toEqual(
      readFileSync(join(whole, 'aggregated/summary.json')),
    );
  }, 60_000);
});

describe('mergeShards', () => {
  it('merges shards 1/3, 2/3, 3/3 into a run byte-identical to the unsharded one', async () => {
    const out = join(temp, 'merged');
    const merged = await merge([shards[2], shards[0], shards[1]] as string[], out);
    expect(merged.shards).toBe(3);
    expect(merged.manifest.seeds_completed).toEqual([0, 1, 2, 3, 4]);
    // Only the run's identity, its invocation and wall times may differ.
    const differ = new Set([
      'manifest.json',
      'provenance.json',
      'resume_state.json',
      'RUN_REPORT.md',
    ]);
    expect(files(out)).toEqual(files(whole));
    const compared = files(whole).filter((f) => !differ.has(f));
    expect(compared).toEqual(
      expect.arrayContaining([
        'aggregated/summary.json',
        'aggregated/paired_stats.json',
        'aggregated/claim_audit.json',
        'aggregated/benchmark_metrics.jsonl',
        'seed_4/per_seed_result.json',
        'CLAIM_AUDIT.md',
      ]),
    );
    for (const file of compared)
      expect(readFileSync(join(out, file)), file).toEqual(readFileSync(join(whole, file)));
    const check = await checkRunDir(out, { domains: contracts });
    expect(check.violations).toEqual([]);
    // The manifest is the unsharded one's but for the run's id and its own journal's hashes.
    const manifest = (dir: string) => {
      const {
        run_id: _id,
        artifacts,
        ...rest
      } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        run_id: string;
        artifacts: Record<string, unknown>;
      };
      return {
        ...rest,
        artifacts: Object.entries(artifacts).filter(([path]) => !differ.has(path)),
      };
    };
    expect(manifest(out)).toEqual(manifest(whole));
    const provenance = JSON.parse(
      readFileSync(join(out, 'provenance.json'), 'utf8'),
    ) as ProvenanceV8;
    expect(provenance.shards?.map((s) => [s.index, s.count, s.seeds])).toEqual([
      [1, 3, [0, 3]],
      [2, 3, [1, 4]],
      [3, 3, [2]],
    ]);
    expect(provenance.shards?.[0]?.attempts[0]?.status).toBe('complete');
    expect(Object.keys(provenance.seed_timings).sort()).toEqual(['0', '1', '2', '3', '4']);
    // Budget fields alike in both files: shard 1's budget gated part of the plan, so the merged
    // run carries none (no budget_file, no verdict, no note), consistently.
    const shardOne = JSON.parse(readFileSync(join(shards[0] as string, 'manifest.json'), 'utf8'));
    expect(shardOne.budget_file?.budgets).toBe(1);
    expect(provenance.budget_file).toBeNull();
    expect(provenance.notes).toBeNull();
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).budget_file).toBeNull();
    expect(existsSync(join(out, 'aggregated/budget_verdict.json'))).toBe(false);
  });

  it('refuses a missing shard, naming it, and writes nothing', async () => {
    const out = join(temp, 'missing');
    expect(await refusal([shards[0], shards[1]] as string[], out)).toContain('shard 3/3 missing');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a shard given twice', async () => {
    const out = join(temp, 'twice');
    mkdirSync(out);
    expect(await refusal([shards[0], shards[1], shards[1], shards[2]] as string[], out)).toContain(
      'shard 2/3 is given twice',
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a shard of another config, a whole run, and shards of another split', async () => {
    const other = join(temp, 'other_3');
    await runSynthetic(
      other,
      { shard: { index: 3, count: 3 }, domainOptions: { 'inject-regression': 'global' } },
      { report: true },
    );
    const out = join(temp, 'other');
    expect(await refusal([shards[0], shards[1], other] as string[], out)).toMatch(
      /shard .*other_3 is of another run than .*shard_1 \(config hash/,
    );
    expect(await refusal([shards[0], whole] as string[], out)).toContain(
      'is a whole run, not a shard',
    );
    const half = join(temp, 'half_1');
    await runSynthetic(half, { shard: { index: 1, count: 2 } }, { report: true });
    expect(await refusal([shards[0], half] as string[], out)).toContain('the others are of 3');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('refuses an incomplete or tampered shard and an --out that is not empty', async () => {
    const out = join(temp, 'tampered');
    const broken = join(temp, 'broken_2');
    await runSynthetic(broken, { shard: { index: 2, count: 3 } }, { report: true });
    rmSync(join(broken, 'seed_4', 'per_seed_result.json'));
    expect(await refusal([shards[0], broken, shards[2]] as string[], out)).toMatch(
      /shard .*broken_2 does not validate \(seed_4\/per_seed_result.json/,
    );
    expect(await refusal(shards, whole)).toContain('exists and is not empty');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('the CLI', () => {
  const zpbench = (args: string[], env: Record<string, string> = {}) =>
    execa(process.execPath, [ZPBENCH, ...args], {
      reject: false,
      cwd: temp,
      env: { NO_COLOR: '1', CI_NODE_INDEX: '', CI_NODE_TOTAL: '', ...env },
      extendEnv: true,
    });

  it('shards with --shard auto from GitLab variables, merges, and the gate passes the merge', async () => {
    const dirs = ['1', '2'].map((i) => join(temp, `cli_${i}`));
    for (const [k, dir] of dirs.entries()) {
      const run = await zpbench(
        [
          'synthetic',
          '--mode',
          'smoke',
          '--shard',
          'auto',
          '--out-root',
          dir,
          '--workers',
          '0',
          '--json',
        ],
        { CI_NODE_INDEX: String(k + 1), CI_NODE_TOTAL: '2' },
      );
      expect(run.exitCode, run.stderr).toBe(0);
    }
    const gateShard = await execa(
      process.execPath,
      [GATE, '--family', 'scientific', dirs[0] as string],
      {
        reject: false,
        env: { NO_COLOR: '1' },
      },
    );
    expect(gateShard.exitCode).toBe(1);
    expect(gateShard.stdout).toContain('shard 1/2 of a run');
    const out = join(temp, 'cli_merged');
    const merged = await zpbench(['merge', ...dirs, '--out', out, '--json']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    // The merged run is the whole plan: its claims are decided here, with a run's verdict.
    expect(JSON.parse(merged.stdout)).toMatchObject({
      shards: 2,
      seeds_completed: [0, 1, 2, 3, 4],
      ok: true,
      exit_code: 0,
      claims_decided: true,
      failures: [],
    });
    expect(JSON.parse(merged.stdout).claims.map((c: { id: string }) => c.id)).toContain(
      'completeness',
    );
    const textOut = join(temp, 'cli_merged_text');
    const text = await zpbench(['merge', ...dirs, '--out', textOut]);
    expect(text.exitCode, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`merged 2 shards into ${textOut}`);
    expect(lines[1]).toBe('claims:');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PASS {10}completeness +required/));
    expect(lines).toContain('seeds: 5 of 5 complete');
    expect(lines.at(-1)).toBe('verdict: OK: nothing required failed (exit 0)');
    expect(readFileSync(join(out, 'aggregated/summary.json'))).toEqual(
      readFileSync(join(whole, 'aggregated/summary.json')),
    );
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', out], {
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(gate.exitCode, gate.stdout).toBe(0);
    const missing = await zpbench(['merge', dirs[0] as string, '--out', join(temp, 'cli_missing')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([
      'zpbench: merge: shard 2/2 missing; pass every shard directory of the plan; nothing was written',
    ]);
    // A forger's edits of a shard's seed plan, rehashed: refused before anything is written.
    const edit = (dir: string, file: string, change: (value: Json) => void) => {
      const path = join(dir, file);
      const value = JSON.parse(readFileSync(path, 'utf8'));
      change(value);
      writeFileSync(path, formatArtifactJson(value));
    };
    const rehash = (dir: string, file: string) => {
      const bytes = readFileSync(join(dir, file));
      edit(dir, 'manifest.json', (m) => {
        Object.assign(m.artifacts[file], { sha256: sha256Hex(bytes), bytes: bytes.length });
      });
    };
    const copies = dirs.map((dir) => {
      const copy = `${dir}_edited`;
      cpSync(dir, copy, { recursive: true });
      return copy;
    });
    edit(copies[0] as string, 'resume_state.json', (s) => {
      s.contract.seeds = [0, 1, 2, 3];
    });
    rehash(copies[0] as string, 'resume_state.json');
    const shortened = await zpbench(['merge', ...copies, '--out', join(temp, 'cli_edited')]);
    expect(shortened.exitCode).toBe(2);
    expect(shortened.stderr.trim().split('\n')).toEqual([
      `zpbench: merge: shard ${copies[0]} does not validate (resume_state.json: consistency expected contract.seeds [0,1,2,3,4], found [0,1,2,3]); rerun it with --resume or remove it; nothing was written`,
    ]);
    // A seed planned twice in every shard, its journals and manifest agreeing: only seed lists
    // tell, which the merge once allowed a shard.
    for (const copy of copies) {
      for (const file of ['resume_state.json', 'provenance.json']) {
        edit(copy, file, (j) => {
          j.contract.seeds = [0, 1, 2, 3, 4, 4];
        });
        rehash(copy, file);
      }
      edit(copy, 'manifest.json', (m) => {
        m.seeds_planned = [0, 1, 2, 3, 4, 4];
      });
    }
    const twice = await zpbench(['merge', ...copies, '--out', join(temp, 'cli_edited')]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr.trim().split('\n')).toEqual([
      `zpbench: merge: shard ${copies[0]} does not validate (manifest.json: seeds expected seeds_planned without duplicates, found seed 4 listed twice); rerun it with --resume or remove it; nothing was written`,
    ]);
    expect(existsSync(join(temp, 'cli_edited'))).toBe(false);
    const noScheduler = await zpbench([
      'synthetic',
      '--shard',
      'auto',
      '--out-root',
      join(temp, 'none'),
    ]);
    expect(noScheduler.exitCode).toBe(2);
    expect(noScheduler.stderr).toContain('--shard auto found no scheduler');
    expect(existsSync(join(temp, 'none'))).toBe(false);
  }, 120_000);
});
