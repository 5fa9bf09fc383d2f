#!/usr/bin/env node
/**
 * Scale-out benchmark (after `pnpm -s build`), every measurement the real CLI as a whole, cold
 * process, timed by the shared @zpbench/perf harness in interleaved rounds:
 *  1. `zpbench merge` of 3 shards × 34 seeds of the synthetic domain (aim < 2 s), beside a bare
 *     `node -e 0` start in the same rounds (the ratio says how much of it is the merge's own work);
 *  2. a DOSE run sharded over 2 local processes (`--shard 1/2`, `--shard 2/2`, one worker each,
 *     run side by side, then merged) against the same plan unsharded (`--workers 2`), wall time
 *     as a ratio (sharded / unsharded), the merged summary checked equal to the unsharded one.
 * Usage: node scripts/bench/scale-out/index.mjs [--dose-mode paper|smoke] [--rounds 1] [--json]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchmark, measureInterleaved, ratioSpread } from '@zpbench/perf';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const doseMode = option('--dose-mode', 'paper');
const rounds = Math.max(1, Number(option('--rounds', '1')) || 1);
const json = args.includes('--json');
const zpbench = fileURLToPath(new URL('../../../packages/cli/dist/zpbench.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-scale-out-'));
const log = (line) => {
  if (!json) process.stderr.write(`${line}\n`);
};

function cli(argv) {
  const result = spawnSync(process.execPath, [zpbench, ...argv], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`zpbench ${argv.join(' ')} failed:\n${result.stderr}`);
  return result;
}

/** Runs processes side by side; resolves when the slowest has exited. */
function parallel(argvs) {
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
  );
}

const dose = (extra, out) => [
  'dose',
  '--mode',
  doseMode,
  '--device',
  'cpu',
  ...extra,
  '--out-root',
  out,
  '--quiet',
];

try {
  const load = loadavg()[0];
  log('merge: running 3 shards of 102 synthetic seeds…');
  const shards = [1, 2, 3].map((i) => join(temp, `syn_${i}`));
  for (const [k, dir] of shards.entries())
    cli(['synthetic', '--seeds', '0-101', '--shard', `${k + 1}/3`, '--out-root', dir, '--quiet']);
  const [merge, bare] = await measureInterleaved([
    defineBenchmark({
      name: 'scale_out.merge_3x34_synthetic',
      group: 'scale-out',
      description: 'zpbench merge of 3 shards × 34 synthetic seeds, whole process',
      iterations: 5,
      warmup: 1,
      run: (_, call) => {
        const out = join(temp, `syn_merged_${call}`);
        cli(['merge', ...shards, '--out', out]);
        rmSync(out, { recursive: true, force: true });
      },
    }),
    defineBenchmark({
      name: 'scale_out.node_start',
      group: 'scale-out',
      description: 'node -e 0, whole process',
      iterations: 5,
      warmup: 1,
      run: () => spawnSync(process.execPath, ['-e', '0']),
    }),
  ]);
  log(`merge: p50 ${merge.latency_ms.p50.toFixed(0)} ms (aim < 2000 ms)`);

  let summariesEqual = true;
  const [whole, sharded] = await measureInterleaved([
    defineBenchmark({
      name: `scale_out.dose_${doseMode}_unsharded`,
      group: 'scale-out',
      description: `zpbench dose --mode ${doseMode} --workers 2, whole process`,
      iterations: rounds,
      warmup: 0,
      run: (_, call) => cli(dose(['--workers', '2'], join(temp, `dose_whole_${call}`))),
    }),
    defineBenchmark({
      name: `scale_out.dose_${doseMode}_sharded`,
      group: 'scale-out',
      description: `zpbench dose --mode ${doseMode} as 2 shards of 1 worker side by side, then merge`,
      iterations: rounds,
      warmup: 0,
      run: async (_, call) => {
        const dirs = [1, 2].map((i) => join(temp, `dose_${call}_shard_${i}`));
        await parallel(
          dirs.map((dir, k) => dose(['--workers', '1', '--shard', `${k + 1}/2`], dir)),
        );
        const out = join(temp, `dose_${call}_merged`);
        cli(['merge', ...dirs, '--out', out]);
      },
    }),
  ]);
  // Compared after both ran (the interleaved order puts the sharded run first every other round).
  for (let call = 0; call < rounds; call++)
    summariesEqual &&=
      readFileSync(join(temp, `dose_${call}_merged`, 'aggregated/summary.json'), 'utf8') ===
      readFileSync(join(temp, `dose_whole_${call}`, 'aggregated/summary.json'), 'utf8');
  if (!summariesEqual) throw new Error('the merged DOSE summary differs from the unsharded one');
  const doseRatio = ratioSpread(sharded.samples_ms, whole.samples_ms);
  const result = {
    load_average_1m: load,
    merge_3x34_synthetic_ms: merge.latency_ms.p50,
    merge_target_ms: 2000,
    merge_over_node_start: ratioSpread(merge.samples_ms, bare.samples_ms),
    dose_mode: doseMode,
    dose_unsharded_2_workers_s: whole.latency_ms.p50 / 1000,
    dose_sharded_2_processes_s: sharded.latency_ms.p50 / 1000,
    dose_sharded_over_unsharded: doseRatio,
    dose_summaries_identical: summariesEqual,
  };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const r = (x) => `${x.median.toFixed(2)} [${x.min.toFixed(2)}–${x.max.toFixed(2)}]`;
    console.log(`load average (1 min) at start   ${load.toFixed(1)}`);
    console.log(
      `merge 3×34 synthetic seeds      p50 ${result.merge_3x34_synthetic_ms.toFixed(0)} ms (aim < 2000 ms); ${r(result.merge_over_node_start)}× node -e 0`,
    );
    console.log(
      `dose ${doseMode} unsharded, 2 workers p50 ${result.dose_unsharded_2_workers_s.toFixed(1)} s`,
    );
    console.log(
      `dose ${doseMode} 2 shards + merge     p50 ${result.dose_sharded_2_processes_s.toFixed(1)} s`,
    );
    console.log(
      `ratio sharded / unsharded       ${r(doseRatio)} over ${doseRatio.n} interleaved rounds; summaries identical`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
