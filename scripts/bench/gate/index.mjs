#!/usr/bin/env node
/**
 * Gate benchmark: builds a valid run directory with 100 seeds, times validateRunDir in-process and
 * benchmark-gate as a whole process, and prints milliseconds (total and per seed).
 * Usage: node scripts/bench/gate/index.mjs [--seeds 100] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { lookupContract } from '@zpbench/cli';
import { validateRunDir } from '@zpbench/core';
import { writeSyntheticFixtureRun } from '@zpbench/domain-synthetic/testing';

const args = process.argv.slice(2);
const seedCount = Number(args[args.indexOf('--seeds') + 1] ?? 100) || 100;
const json = args.includes('--json');
const gate = fileURLToPath(
  new URL('../../../packages/cli/dist/benchmark-gate.js', import.meta.url),
);

const dir = mkdtempSync(join(tmpdir(), 'zpb-bench-gate-'));
try {
  const run = join(dir, 'run');
  writeSyntheticFixtureRun(run, { seeds: Array.from({ length: seedCount }, (_, i) => i) });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  await validateRunDir(run, { domains: lookupContract }); // warm-up: compiles the JSON Schemas once
  const inProcess = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await validateRunDir(run, { domains: lookupContract });
    inProcess.push(performance.now() - t);
  }
  const wholeProcess = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [gate, '--family', 'scientific', run], { stdio: 'ignore' });
    wholeProcess.push(performance.now() - t);
  }
  const result = {
    seeds: seedCount,
    validate_run_dir_ms: median(inProcess),
    validate_run_dir_ms_per_seed: median(inProcess) / seedCount,
    gate_process_ms: median(wholeProcess),
    gate_process_ms_per_seed: median(wholeProcess) / seedCount,
    gate_target_ms: 1000,
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`run directory with ${seedCount} seeds\n`);
    process.stdout.write(
      `validateRunDir (in-process):   ${result.validate_run_dir_ms.toFixed(1)} ms  (${result.validate_run_dir_ms_per_seed.toFixed(2)} ms/seed)\n`,
    );
    process.stdout.write(
      `benchmark-gate (whole process): ${result.gate_process_ms.toFixed(1)} ms  (${result.gate_process_ms_per_seed.toFixed(2)} ms/seed); target < 1000 ms → ${(result.gate_process_ms / 1000).toFixed(2)}× of budget\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
