#!/usr/bin/env node
/**
 * Run-comparison benchmark (after `pnpm -s build`), every figure a whole `zpbench` process, the
 * way a user runs it:
 *  - `zpbench runs compare A B` of two 100-seed synthetic runs (B with the injected local
 *    regression, so rows differ), standard and `--mode regression`, Markdown and JSON; aim < 1 s;
 *  - `zpbench runs list` over 200 run directories (two real 5-seed runs, one made against the
 *    other so it carries a regression verdict, each copied 100 times); aim < 1 s.
 * Beside them, side by side in the same run: benchmark-gate on the 100-seed run (its aim is also
 * < 1 s) and an empty Node process; on a shared machine read the ratios to those.
 * Prints the median wall time of --repeats processes (default 5), the first (coldest) one, and
 * the median CPU time (user + system, from /usr/bin/time) beside `node -e ''`, the floor.
 *
 * With --against <checkout> every command is also timed through another built checkout's CLI
 * (say main's), alternating with this one's, for a before and after measured side by side.
 *
 *   node scripts/bench/compare/index.mjs [--repeats 5] [--against <checkout>] [--json]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defineBenchmark, measureInterleaved, summarizeLatencies } from '@zpbench/perf';

const ROOT = resolve(import.meta.dirname, '../../..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
if (!existsSync(ZPBENCH)) {
  console.error('packages/cli is not built; run `pnpm -s build` first');
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '5' },
    against: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const AGAINST = values.against ? resolve(values.against) : null;
if (AGAINST && !existsSync(join(AGAINST, 'packages/cli/dist/zpbench.js'))) {
  console.error(
    `--against ${values.against}: no built CLI there; run \`pnpm -s build\` in it first`,
  );
  process.exit(2);
}
const repeats = Math.max(1, Number(values.repeats) || 5);
const AIM_MS = 1000;

const TIME_BIN = '/usr/bin/time';
const haveTime = spawnSync(TIME_BIN, ['-f', '%U', 'true']).status === 0;

/**
 * Runs `node args` (under /usr/bin/time when it exists, for the process's CPU seconds: on a
 * shared machine the wall time waits for the cores, the CPU time much less); returns its CPU
 * milliseconds (the harness times the wall), failing unless the exit code is the expected one.
 */
function node(args, expectedExit = 0) {
  const r = spawnSync(
    haveTime ? TIME_BIN : process.execPath,
    haveTime ? ['-f', 'zpb_cpu_s=%U %S', process.execPath, ...args] : args,
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== expectedExit) {
    throw new Error(
      `node ${args.join(' ')} exited ${r.status}, expected ${expectedExit}: ${r.stderr}`,
    );
  }
  const cpu = /zpb_cpu_s=([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { cpu: cpu ? 1000 * (Number(cpu[1]) + Number(cpu[2])) : null };
}
const zpbench = (args, expectedExit = 0) => node([ZPBENCH, ...args], expectedExit);

/**
 * Times `program` (a CLI file of this checkout's packages/cli/dist, or none for bare node) with
 * `args`, `repeats` processes through the shared harness with no warm-up (the first is the
 * coldest); with --against, the same through that checkout's file, interleaved run by run.
 * Per checkout: the first and the median wall time, and the median CPU time.
 */
async function time(args, expectedExit = 0, program = 'zpbench.js') {
  const roots = AGAINST && program ? [ROOT, AGAINST] : [ROOT];
  const cpu = roots.map(() => []);
  const measured = await measureInterleaved(
    roots.map((root, i) =>
      defineBenchmark({
        name: `${root} ${args.join(' ')}`,
        group: 'compare',
        description: `node ${program ?? ''} ${args.join(' ')}, whole process`,
        iterations: repeats,
        warmup: 0,
        run: () => {
          const file = program ? [join(root, 'packages/cli/dist', program)] : [];
          const t = node([...file, ...args], expectedExit);
          if (t.cpu !== null) cpu[i].push(t.cpu);
        },
      }),
    ),
  );
  const [ours, theirs] = measured.map((m, i) => ({
    first_ms: m.samples_ms[0],
    median_ms: m.latency_ms.p50,
    median_cpu_ms: haveTime ? summarizeLatencies(cpu[i]).p50 : null,
  }));
  return { ...ours, ...(theirs ? { against: theirs } : {}) };
}

const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-compare-'));
try {
  const run = (out, ...extra) => runExpecting(0, out, ...extra);
  const runExpecting = (exit, out, ...extra) =>
    zpbench(
      ['synthetic', '--mode', 'smoke', '--out-root', out, '--quiet', '--workers', '1', ...extra],
      exit,
    );
  // Two 100-seed runs on the same data; the candidate with the synthetic domain's local regression.
  const seeds = ['--seeds', '0-99'];
  const a = join(temp, 'a');
  const b = join(temp, 'b');
  run(a, ...seeds);
  run(b, ...seeds, '--inject-regression', 'local');
  const compare = {
    markdown: await time(['runs', 'compare', a, b]),
    json: await time(['runs', 'compare', a, b, '--format', 'json']),
    regression: await time(['runs', 'compare', a, b, '--mode', 'regression'], 1),
  };
  // Side by side, the reference: benchmark-gate on the baseline run (its own aim is < 1 s too).
  const gate = await time(['--family', 'scientific', a], 0, 'benchmark-gate.js');

  // 200 run directories: two real runs, one against the other, each copied 100 times.
  const small = join(temp, 'small');
  run(join(small, 'base'));
  // A run against a baseline with a regression fails (exit 1, issue 18) but is written whole.
  runExpecting(
    1,
    join(small, 'local'),
    '--inject-regression',
    'local',
    '--baseline-run-dir',
    join(small, 'base'),
  );
  const root = join(temp, 'benchmarks');
  mkdirSync(join(root, 'synthetic'), { recursive: true });
  for (let i = 0; i < 100; i++) {
    for (const name of ['base', 'local']) {
      const id = String(i).padStart(3, '0');
      cpSync(join(small, name), join(root, 'synthetic', `run_${id}_${name}`), { recursive: true });
    }
  }
  const list = {
    table: await time(['runs', 'list', root]),
    json: await time(['runs', 'list', root, '--json']),
  };
  // The floor: a Node process that does nothing.
  const floor = await time(['-e', ''], 0, null);

  const result = {
    repeats,
    load_average: loadavg()[0],
    aim_ms: AIM_MS,
    against: AGAINST,
    compare_100_seeds: compare,
    runs_list_200_runs: list,
    benchmark_gate_100_seeds: gate,
    node_empty_process: floor,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const row = (label, t) =>
      process.stdout.write(
        `${label.padEnd(48)} wall median ${t.median_ms.toFixed(0).padStart(5)} ms (first ${t.first_ms.toFixed(0).padStart(5)} ms) → ${(t.median_ms / AIM_MS).toFixed(2)}× of the 1 s aim, ${(t.median_ms / gate.median_ms).toFixed(2)}× the gate's${t.median_cpu_ms === null ? '' : `;  CPU ${t.median_cpu_ms.toFixed(0).padStart(4)} ms, ${(t.median_cpu_ms / gate.median_cpu_ms).toFixed(2)}× the gate's`}\n`,
      );
    const line = (label, t) => {
      row(label, t);
      if (t.against) row(`  the same, ${basename(AGAINST)}`, t.against);
    };
    process.stdout.write(
      `whole processes, ${repeats} each; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores (wall times wait for a core when the load exceeds them)\n`,
    );
    line('runs compare, 2 × 100 seeds, markdown', compare.markdown);
    line('runs compare, 2 × 100 seeds, json', compare.json);
    line('runs compare, 2 × 100 seeds, --mode regression', compare.regression);
    line('runs list, 200 run directories, table', list.table);
    line('runs list, 200 run directories, --json', list.json);
    line('benchmark-gate on one of the 100-seed runs', gate);
    line("node -e '' (the floor of any process)", floor);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
