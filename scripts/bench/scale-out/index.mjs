#!/usr/bin/env node
/**
 * Scale-out benchmark (after `pnpm -s build`), every measurement the real CLI as a whole, cold
 * process:
 *  1. `zpbench merge` of 3 shards × 34 seeds of the synthetic domain (aim < 2 s), median of 5;
 *  2. a DOSE run sharded over 2 local processes (`--shard 1/2`, `--shard 2/2`, one worker each,
 *     run side by side, then merged) against the same plan unsharded (`--workers 2`), wall time
 *     as a ratio (sharded / unsharded), the two measured alternately in one invocation.
 * Usage: node scripts/bench/scale-out/index.mjs [--dose-mode paper|smoke] [--rounds 1] [--json]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const doseMode = option('--dose-mode', 'paper');
const rounds = Number(option('--rounds', '1'));
const json = args.includes('--json');
const zpbench = fileURLToPath(new URL('../../../packages/cli/dist/zpbench.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-scale-out-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line) => {
  if (!json) process.stderr.write(`${line}\n`);
};

function cli(argv) {
  const result = spawnSync(process.execPath, [zpbench, ...argv], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`zpbench ${argv.join(' ')} failed:\n${result.stderr}`);
  return result;
}

/** Runs processes side by side; resolves with the wall time of the slowest. */
function parallel(argvs) {
  const start = performance.now();
  return Promise.all(
    argvs.map(
      (argv) =>
        new Promise((done, fail) => {
          const child = spawn(process.execPath, [zpbench, ...argv], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk) => {
            stderr += chunk;
          });
          child.on('exit', (code) =>
            code === 0 ? done() : fail(new Error(`zpbench ${argv.join(' ')} failed:\n${stderr}`)),
          );
        }),
    ),
  ).then(() => performance.now() - start);
}

try {
  // 1. Merge of 3 × 34 synthetic seeds.
  log('merge: running 3 shards of 102 synthetic seeds…');
  const shards = [1, 2, 3].map((i) => join(temp, `syn_${i}`));
  for (const [k, dir] of shards.entries())
    cli(['synthetic', '--seeds', '0-101', '--shard', `${k + 1}/3`, '--out-root', dir, '--quiet']);
  const mergeMs = [];
  for (let i = 0; i < 5; i++) {
    const out = join(temp, `syn_merged_${i}`);
    const t = performance.now();
    cli(['merge', ...shards, '--out', out]);
    mergeMs.push(performance.now() - t);
  }
  log(`merge: median ${median(mergeMs).toFixed(0)} ms (aim < 2000 ms)`);

  // 2. DOSE sharded over 2 processes vs unsharded on 2 workers, alternately.
  const sharded = [];
  const whole = [];
  for (let round = 0; round < rounds; round++) {
    log(`dose ${doseMode}, round ${round + 1}/${rounds}: unsharded, 2 workers…`);
    const wholeDir = join(temp, `dose_whole_${round}`);
    const t = performance.now();
    cli([
      'dose',
      '--mode',
      doseMode,
      '--device',
      'cpu',
      '--workers',
      '2',
      '--out-root',
      wholeDir,
      '--quiet',
    ]);
    whole.push(performance.now() - t);
    log(`  ${(whole.at(-1) / 1000).toFixed(1)} s; sharded, 2 processes of 1 worker, then merge…`);
    const dirs = [1, 2].map((i) => join(temp, `dose_${round}_shard_${i}`));
    const shardMs = await parallel(
      dirs.map((dir, k) => [
        'dose',
        '--mode',
        doseMode,
        '--device',
        'cpu',
        '--workers',
        '1',
        '--shard',
        `${k + 1}/2`,
        '--out-root',
        dir,
        '--quiet',
      ]),
    );
    const out = join(temp, `dose_${round}_merged`);
    const m = performance.now();
    cli(['merge', ...dirs, '--out', out]);
    const merge = performance.now() - m;
    sharded.push(shardMs + merge);
    const same =
      readFileSync(join(out, 'aggregated/summary.json'), 'utf8') ===
      readFileSync(join(wholeDir, 'aggregated/summary.json'), 'utf8');
    if (!same) throw new Error('the merged DOSE summary differs from the unsharded one');
    log(
      `  ${(shardMs / 1000).toFixed(1)} s + merge ${(merge / 1000).toFixed(1)} s; summaries identical`,
    );
  }
  const result = {
    merge_3x34_synthetic_ms: median(mergeMs),
    merge_target_ms: 2000,
    dose_mode: doseMode,
    dose_unsharded_2_workers_s: median(whole) / 1000,
    dose_sharded_2_processes_s: median(sharded) / 1000,
    dose_sharded_over_unsharded: median(sharded) / median(whole),
  };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    console.log(
      `merge 3×34 synthetic seeds   ${result.merge_3x34_synthetic_ms.toFixed(0)} ms (aim < 2000 ms)`,
    );
    console.log(
      `dose ${doseMode} unsharded, 2 workers ${result.dose_unsharded_2_workers_s.toFixed(1)} s`,
    );
    console.log(
      `dose ${doseMode} 2 shards + merge  ${result.dose_sharded_2_processes_s.toFixed(1)} s`,
    );
    console.log(`ratio sharded / unsharded     ${result.dose_sharded_over_unsharded.toFixed(3)}`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
