#!/usr/bin/env node
/**
 * Gate benchmark: builds a valid run directory with 100 seeds, times validateRunDir in-process and
 * benchmark-gate as a whole process (the shared @zpbench/perf harness), and prints the p50 in
 * milliseconds (total and per seed) against the 1 s target.
 * Usage: node scripts/bench/gate/index.mjs [--seeds 100] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lookupContract } from '@zpbench/cli';
import { validateRunDir } from '@zpbench/core';
import { writeSyntheticFixtureRun } from '@zpbench/domain-synthetic/testing';
import { defineBenchmark, measureBenchmark } from '@zpbench/perf';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '100' }, json: { type: 'boolean' } },
});
const seedCount = Number(values.seeds) || 100;
const gate = fileURLToPath(
  new URL('../../../packages/cli/dist/benchmark-gate.js', import.meta.url),
);

const dir = mkdtempSync(join(tmpdir(), 'zpb-bench-gate-'));
try {
  const run = join(dir, 'run');
  writeSyntheticFixtureRun(run, { seeds: Array.from({ length: seedCount }, (_, i) => i) });
  // The warm-up iteration compiles the JSON Schemas once, as a long-lived process would.
  const inProcess = await measureBenchmark(
    defineBenchmark({
      name: 'gate.validate_run_dir',
      group: 'gate',
      description: `validateRunDir on ${seedCount} seeds, in-process`,
      items: seedCount,
      itemUnit: 'seeds',
      iterations: 7,
      run: () => validateRunDir(run, { domains: lookupContract }),
    }),
  );
  const wholeProcess = await measureBenchmark(
    defineBenchmark({
      name: 'gate.benchmark_gate_process',
      group: 'gate',
      description: `benchmark-gate --family scientific on ${seedCount} seeds, whole process`,
      items: seedCount,
      itemUnit: 'seeds',
      iterations: 5,
      warmup: 0,
      run: () =>
        execFileSync(process.execPath, [gate, '--family', 'scientific', run], { stdio: 'ignore' }),
    }),
  );
  const p50 = (b) => b.latency_ms.p50;
  const result = {
    seeds: seedCount,
    validate_run_dir_ms: p50(inProcess),
    validate_run_dir_ms_per_seed: p50(inProcess) / seedCount,
    gate_process_ms: p50(wholeProcess),
    gate_process_ms_per_seed: p50(wholeProcess) / seedCount,
    gate_process_ms_range: [wholeProcess.latency_ms.min, wholeProcess.latency_ms.max],
    gate_target_ms: 1000,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`run directory with ${seedCount} seeds (p50 of the harness)\n`);
    process.stdout.write(
      `validateRunDir (in-process):   ${result.validate_run_dir_ms.toFixed(1)} ms  (${result.validate_run_dir_ms_per_seed.toFixed(2)} ms/seed)\n`,
    );
    process.stdout.write(
      `benchmark-gate (whole process): ${result.gate_process_ms.toFixed(1)} ms  (${result.gate_process_ms_per_seed.toFixed(2)} ms/seed, range ${result.gate_process_ms_range.map((v) => v.toFixed(0)).join('–')} ms); target < 1000 ms → ${(result.gate_process_ms / 1000).toFixed(2)}× of budget\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
