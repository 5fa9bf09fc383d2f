#!/usr/bin/env node
/**
 * Whole-run domain timings through the real CLI (after `pnpm -s build`): `zpbench <domain> --mode
 * smoke --html-report` and `--mode paper --html-report` as separate processes on the default
 * workers, for each domain of `--domains` (default: every seeded domain), timed by the shared
 * @zpbench/perf harness. The 1-minute load average at the start is printed beside each line: on a
 * shared machine a wall time means little without it. Prints each wall time against its budget (smoke
 * 20 s, paper 10 min), the seed phase and the rest (start-up, aggregation, claims, reports,
 * manifest), and the share of seed time spent in training (from provenance's per-seed
 * `train_time_s`).
 *
 * `--compare-root <checkout>` runs the same commands of another built checkout (e.g. the commit
 * before a change) interleaved with this one, run for run (A B, B A, …), and prints the ratio
 * of wall times per pair: a before/after figure measured side by side under the same load.
 *
 * Usage: node scripts/bench/domains/index.mjs [--domains dose,rf,ik] [--modes smoke,paper] [--repeats 1] [--compare-root DIR] [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defineBenchmark, measureInterleaved, ratioSpread } from '@zpbench/perf';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const { values } = parseArgs({
  options: {
    domains: { type: 'string', default: 'dose,rf,ik' },
    modes: { type: 'string', default: 'smoke,paper' },
    repeats: { type: 'string', default: '1' },
    'compare-root': { type: 'string' },
    json: { type: 'boolean' },
  },
});
const BUDGET_S = { smoke: 20, paper: 600 };
const repeats = Math.max(1, Number(values.repeats) || 1);
const roots = [
  { label: 'this', root: ROOT },
  ...(values['compare-root'] ? [{ label: 'compare', root: resolve(values['compare-root']) }] : []),
];
const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-domains-'));

/** Seed phase (first seed start to last seed end), its wall sum and training time, from provenance. */
function readSeedPhase(out) {
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
    seeds: timings.length,
    workers: provenance.invocation?.workers ?? null,
    seed_phase_s: (last - first) / 1000,
    training_share: train / seedWall,
  };
}

function runBenchmark(domain, mode, { label, root }) {
  const zpbench = join(root, 'packages/cli/dist/zpbench.js');
  const phases = [];
  return {
    phases,
    definition: defineBenchmark({
      name: `${domain}.${mode}.${label}`,
      group: domain,
      description: `zpbench ${domain} --mode ${mode} --html-report (${root}), whole process`,
      itemUnit: 'runs',
      iterations: repeats,
      warmup: 0,
      run: (_, call) => {
        const out = join(temp, `${domain}-${mode}-${label}-${call}`);
        const run = spawnSync(
          process.execPath,
          [zpbench, domain, '--mode', mode, '--html-report', '--quiet', '--out-root', out],
          { encoding: 'utf8' },
        );
        if (run.status !== 0)
          throw new Error(`${domain} ${mode} (${root}) exited ${run.status}: ${run.stderr}`);
        phases.push(readSeedPhase(out));
        rmSync(out, { recursive: true, force: true });
      },
    }),
  };
}

try {
  const results = [];
  for (const [domain, mode] of values.domains
    .split(',')
    .flatMap((d) => values.modes.split(',').map((m) => [d, m]))) {
    const load = loadavg()[0];
    const runs = roots.map((r) => runBenchmark(domain, mode, r));
    const measured = await measureInterleaved(runs.map((r) => r.definition));
    const perRoot = measured.map((b, i) => {
      const phases = runs[i].phases;
      const walls = b.samples_ms.map((ms) => ms / 1000);
      return {
        root: roots[i].root,
        label: roots[i].label,
        seeds: phases[0].seeds,
        workers: phases[0].workers,
        wall_s: walls,
        wall_p50_s: b.latency_ms.p50 / 1000,
        seed_phase_s: phases.map((p) => p.seed_phase_s),
        outside_seeds_s: walls.map((w, k) => w - phases[k].seed_phase_s),
        training_share_of_seed_time: phases.map((p) => p.training_share),
      };
    });
    const result = {
      domain,
      mode,
      load_average_1m: load,
      budget_s: BUDGET_S[mode] ?? null,
      runs: perRoot,
    };
    if (measured.length === 2) {
      result.wall_ratio_this_over_compare = ratioSpread(
        measured[0].samples_ms,
        measured[1].samples_ms,
      );
      result.seed_phase_ratio_this_over_compare = ratioSpread(
        perRoot[0].seed_phase_s,
        perRoot[1].seed_phase_s,
      );
    }
    results.push(result);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else {
    const list = (xs, d = 1) => xs.map((x) => x.toFixed(d)).join(', ');
    for (const r of results) {
      for (const run of r.runs) {
        process.stdout.write(
          `${r.domain} ${r.mode.padEnd(5)} [${run.label}] (load ${r.load_average_1m.toFixed(1)}) ${run.seeds} seeds on ${run.workers ?? 'default'} workers: wall ${list(run.wall_s)} s (p50 ${run.wall_p50_s.toFixed(1)} s; budget ${r.budget_s} s → ${(run.wall_p50_s / r.budget_s).toFixed(2)}×); seed phase ${list(run.seed_phase_s)} s; the rest (start-up, aggregation, claims, reports, manifest) ${list(run.outside_seeds_s)} s; training ${list(
            run.training_share_of_seed_time.map((s) => 100 * s),
            1,
          )}% of seed time\n`,
        );
      }
      if (r.wall_ratio_this_over_compare) {
        const w = r.wall_ratio_this_over_compare;
        const p = r.seed_phase_ratio_this_over_compare;
        process.stdout.write(
          `${r.domain} ${r.mode.padEnd(5)} this / compare: wall ${w.median.toFixed(3)} [${w.min.toFixed(3)}–${w.max.toFixed(3)}], seed phase ${p.median.toFixed(3)} [${p.min.toFixed(3)}–${p.max.toFixed(3)}] over ${w.n} interleaved pairs\n`,
        );
      }
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
