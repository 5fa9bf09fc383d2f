#!/usr/bin/env node
/**
 * Runner benchmark (after `pnpm -s build`): prints
 *  - the seed-level speedup of 2 workers over 1 on a compute-bound synthetic workload (aim ≥ 1.8×);
 *  - the harness's own overhead per seed: wall time of a run of trivial seeds, divided by seeds (aim < 20 ms);
 *  - the peak RSS of a 1,000-seed synthetic run (aim < 300 MB).
 * Each measurement runs the real CLI as a separate process, timed by the shared @zpbench/perf harness. Usage: node scripts/bench/runner/index.mjs [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchmark, measureBenchmark } from '@zpbench/perf';

const zpbench = fileURLToPath(new URL('../../../packages/cli/dist/zpbench.js', import.meta.url));
const json = process.argv.includes('--json');
const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-runner-'));

const timeBin = '/usr/bin/time';
const useTime = spawnSync(timeBin, ['-f', '%M', 'true']).status === 0;

/**
 * Runs the CLI (under /usr/bin/time when available, for max RSS) once through the shared harness;
 * returns wall ms, the seed phase (first seed start to last seed end, from provenance's
 * millisecond timings) and peak RSS in MB.
 */
async function run(name, args) {
  const out = join(temp, name);
  let result;
  const measured = await measureBenchmark(
    defineBenchmark({
      name: `runner.${name}`,
      group: 'runner',
      description: `zpbench ${args.join(' ')}, whole process`,
      iterations: 1,
      warmup: 0,
      run: () => {
        const cmdArgs = [zpbench, ...args, '--out-root', out, '--quiet'];
        result = useTime
          ? spawnSync(timeBin, ['-f', 'maxrss_kb=%M', process.execPath, ...cmdArgs], {
              encoding: 'utf8',
            })
          : spawnSync(process.execPath, cmdArgs, { encoding: 'utf8' });
      },
    }),
  );
  if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(result.stderr ?? '');
  const timings = Object.values(
    JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8')).seed_timings,
  );
  const seedPhaseMs =
    Math.max(...timings.map((t) => Date.parse(t.finished_utc))) -
    Math.min(...timings.map((t) => Date.parse(t.started_utc)));
  return {
    wallMs: measured.latency_ms.p50,
    seedPhaseMs,
    peakRssMb: rss ? Number(rss[1]) / 1024 : null,
  };
}

try {
  const heavy = ['synthetic', '--mode', 'paper', '--seeds', '0-7', '--compute-repeats', '60000'];
  const one = await run('w1', [...heavy, '--workers', '1']);
  const two = await run('w2', [...heavy, '--workers', '2']);
  const trivialSeeds = 200;
  const baseline = await run('empty', [
    'synthetic',
    '--mode',
    'smoke',
    '--seeds',
    '0',
    '--workers',
    '1',
  ]);
  const trivial = await run('trivial', [
    'synthetic',
    '--mode',
    'paper',
    '--seeds',
    `0-${trivialSeeds - 1}`,
    '--workers',
    '1',
  ]);
  const big = await run('thousand', [
    'synthetic',
    '--mode',
    'paper',
    '--seeds',
    '0-999',
    '--workers',
    '2',
  ]);
  const result = {
    speedup_2_over_1_workers: one.seedPhaseMs / two.seedPhaseMs,
    seed_phase_ms_1_worker: one.seedPhaseMs,
    seed_phase_ms_2_workers: two.seedPhaseMs,
    whole_run_speedup: one.wallMs / two.wallMs,
    wall_ms_1_worker: one.wallMs,
    wall_ms_2_workers: two.wallMs,
    harness_overhead_ms_per_seed: (trivial.wallMs - baseline.wallMs) / (trivialSeeds - 1),
    peak_rss_mb_1000_seeds: big.peakRssMb,
    wall_ms_1000_seeds: big.wallMs,
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `speedup of 2 workers over 1 (8 compute-bound seeds, seed phase): ${result.speedup_2_over_1_workers.toFixed(2)}× (${one.seedPhaseMs.toFixed(0)} ms → ${two.seedPhaseMs.toFixed(0)} ms; aim ≥ 1.8×); whole process incl. start-up, aggregation and report: ${result.whole_run_speedup.toFixed(2)}× (${one.wallMs.toFixed(0)} ms → ${two.wallMs.toFixed(0)} ms)\n`,
    );
    process.stdout.write(
      `harness overhead per seed: ${result.harness_overhead_ms_per_seed.toFixed(2)} ms (aim < 20 ms)\n`,
    );
    process.stdout.write(
      `peak RSS of a 1,000-seed run: ${result.peak_rss_mb_1000_seeds === null ? 'n/a (no /usr/bin/time)' : `${result.peak_rss_mb_1000_seeds.toFixed(0)} MB`} in ${(big.wallMs / 1000).toFixed(1)} s (aim < 300 MB)\n`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
