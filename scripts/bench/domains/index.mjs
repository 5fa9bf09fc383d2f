#!/usr/bin/env node
/**
 * Whole-run timings of a domain through the real CLI (after `pnpm -s build`): `zpbench <domain>
 * --mode smoke --html-report` and `--mode paper --html-report` as separate processes on the
 * default workers (`--domain`, default dose).
 * Prints each wall time against its budget (smoke 20 s, paper 10 min), the seed phase and the
 * rest (start-up, aggregation, claims, reports, manifest), and the share of seed time spent in training
 * (from provenance's per-seed `train_time_s`).
 * Usage: node scripts/bench/domains/index.mjs [--domain dose|rf] [--modes smoke,paper] [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const zpbench = fileURLToPath(new URL('../../../packages/cli/dist/zpbench.js', import.meta.url));
const { values } = parseArgs({
  options: {
    domain: { type: 'string', default: 'dose' },
    modes: { type: 'string', default: 'smoke,paper' },
    json: { type: 'boolean' },
  },
});
const BUDGET_S = { smoke: 20, paper: 600 };
const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-domains-'));

function measure(mode) {
  const out = join(temp, mode);
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [zpbench, values.domain, '--mode', mode, '--html-report', '--quiet', '--out-root', out],
    { encoding: 'utf8' },
  );
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0)
    throw new Error(`${values.domain} ${mode} exited ${run.status}: ${run.stderr}`);
  const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
  const timings = Object.values(provenance.seed_timings);
  const first = Math.min(...timings.map((t) => Date.parse(t.started_utc)));
  const last = Math.max(...timings.map((t) => Date.parse(t.finished_utc)));
  const seedWall = timings.reduce((acc, t) => acc + t.wall_time_s, 0);
  const train = timings.reduce(
    (acc, t) => acc + Object.values(t.train_time_s).reduce((a, b) => a + b, 0),
    0,
  );
  return {
    domain: values.domain,
    mode,
    seeds: timings.length,
    workers: provenance.invocation?.workers ?? null,
    wall_s: wallS,
    budget_s: BUDGET_S[mode] ?? null,
    seed_phase_s: (last - first) / 1000,
    outside_seeds_s: wallS - (last - first) / 1000,
    training_share_of_seed_time: train / seedWall,
  };
}

try {
  const results = values.modes.split(',').map(measure);
  if (values.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else {
    for (const r of results) {
      process.stdout.write(
        `${r.domain} ${r.mode.padEnd(5)} ${r.seeds} seeds: ${r.wall_s.toFixed(1)} s wall (budget ${r.budget_s} s → ${(r.wall_s / r.budget_s).toFixed(2)}× of budget); seed phase ${r.seed_phase_s.toFixed(1)} s, the rest (process start-up, aggregation, claims, reports, manifest) ${r.outside_seeds_s.toFixed(1)} s; training ${(100 * r.training_share_of_seed_time).toFixed(1)}% of seed time\n`,
      );
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
