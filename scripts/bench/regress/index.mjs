// `zpbench regress` as a user runs it against pybench's own compare(), on the same inputs, in one
// run (issue 16 item 5). zpbench: the whole process (`node zpbench.js regress --json`) minus the
// same process on a tiny input in the same round, i.e. everything but start-up. pybench: its
// compare() in a Python process serving requests (pybench_compare.py), from a checkout of its
// public repository (never copied here). Every figure is timed and summarised by the shared
// @zpbench/perf harness: one interleaved round = each zpbench process and each compare() once.
// io-floor.mjs, timed the same way in the same rounds, bounds what any Node program can reach:
// it only reads the inputs and prints a verdict of zpbench's shape (net of its own tiny run).
// Usage: npx -y pnpm@10.34.8 -s build && node scripts/bench/regress/index.mjs <pybench checkout>
//        [--rounds 2] [--repeats 5] [--zpbench <other checkout>] [--against <checkout>] [--json]
// --against times a second built checkout (e.g. main) in the same interleaved rounds, so a
// before/after is measured side by side on a shared machine.
// Without a checkout (or without python3 + numpy + scipy) it prints why and exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defineBenchmark,
  measureInterleaved,
  ratioSpread,
  summarizeLatencies,
} from '@zpbench/perf';
import { createRandomStream } from '@zpbench/stats';
import { startLineProcess } from '../line-process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const asJson = argv.includes('--json');
// --zpbench <checkout>: time another checkout's built CLI (e.g. main, for a before/after).
const cliOf = (dir) => join(resolve(dir), 'packages/cli/dist/zpbench.js');
const clis = [{ label: 'zpbench', path: cliOf(flag('--zpbench', root)) }];
const against = flag('--against');
if (against) clis.push({ label: 'against', path: cliOf(against) });
const rounds = Number(flag('--rounds', 2));
const repeats = Number(flag('--repeats', 5));
const checkout = argv.find(
  (a, i) =>
    !a.startsWith('--') &&
    !['--rounds', '--repeats', '--zpbench', '--against'].includes(argv[i - 1]),
);

function skip(reason) {
  console.log(asJson ? JSON.stringify({ skipped: reason }) : `skipped: ${reason}`);
  process.exit(0);
}
if (!checkout)
  skip('no pybench checkout given (fetch github:AnthonyBeeblebrox/pybench and pass its path)');
if (!existsSync(join(checkout, 'src/pybench/stats.py')))
  skip(`${checkout} has no src/pybench/stats.py`);
const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
if (probe.status !== 0)
  skip(
    `python3 with numpy and scipy is needed (${(probe.stderr || String(probe.error)).trim().split('\n').at(-1)})`,
  );

/** Loss-curve-like slot matrices; `drop` lowers goodness on the last `dropSteps` steps of metric 0. */
function makeCase(name, nSeeds, nMetrics, nSteps, drop, dropSteps) {
  const r = createRandomStream(`bench/regress/${name}`);
  const baseline = {};
  const current = {};
  for (let m = 0; m < nMetrics; m++) {
    const metric = m % 2 ? `acc_${m}` : `min:loss_${m}`;
    const offsets = Array.from({ length: nSeeds }, () => r.normal(0, 0.02));
    const b = offsets.map(() => new Array(nSteps));
    const c = offsets.map(() => new Array(nSteps));
    for (let t = 0; t < nSteps; t++) {
      const mu = Math.exp(-t / 30) + 0.1;
      const shift = m === 0 && t >= nSteps - dropSteps ? drop : 0;
      offsets.forEach((o, s) => {
        b[s][t] = mu + o + r.normal(0, 0.05);
        c[s][t] = mu + o + r.normal(0, 0.05) + (m % 2 ? -shift : shift);
      });
    }
    baseline[metric] = b;
    current[metric] = c;
  }
  return { name, nSeeds, slots: nMetrics * nSteps, alpha: 0.05, n_perm: 4096, baseline, current };
}

const cases = [
  makeCase('exact-null', 12, 3, 200, 0, 0),
  makeCase('exact-regressed', 12, 3, 200, 0.15, 5),
  makeCase('mc-null', 30, 5, 200, 0, 0),
  makeCase('mc-regressed', 30, 5, 200, 0.05, 3),
];
const tiny = makeCase('tiny', 5, 1, 1, 0, 0);

// Each zpbench and floor process reports its own CPU time (user + system, start-up included) and
// minor page faults at exit: on a shared machine both are steadier than its wall time.
const cpuHook = join(here, 'cpu-at-exit.cjs');
const floorScript = join(here, 'io-floor.mjs');
const median = (xs) => summarizeLatencies(xs).p50;

const dir = mkdtempSync(join(tmpdir(), 'zpb-regress-bench-'));
let server = null;
try {
  const files = {};
  for (const c of [...cases, tiny]) {
    files[c.name] = [join(dir, `${c.name}.base.json`), join(dir, `${c.name}.cur.json`)];
    writeFileSync(files[c.name][0], JSON.stringify(c.baseline));
    writeFileSync(files[c.name][1], JSON.stringify(c.current));
  }
  const casesFile = join(dir, 'cases.json');
  writeFileSync(casesFile, JSON.stringify(cases));
  server = await startLineProcess('python3', [
    join(here, 'pybench_compare.py'),
    checkout,
    casesFile,
  ]);

  /** One whole `zpbench regress` process: its CPU ms and JSON verdict. */
  const zpbench = (name, cli) => {
    const cpuFile = join(dir, 'cpu.json');
    const args = ['--require', cpuHook, cli, 'regress', '--baseline', files[name][0]];
    args.push('--current', files[name][1], '--seed', '1', '--json');
    const run = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, ZPB_BENCH_CPU_FILE: cpuFile },
    });
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`zpbench regress ${name}: ${run.stderr}`);
    const usage = JSON.parse(readFileSync(cpuFile, 'utf8'));
    return { cpu: usage.ms, faults: usage.faults, out: JSON.parse(run.stdout) };
  };
  /**
   * The harness benchmark of one zpbench case, with what its calls report beside their wall
   * time: each measured call's CPU ms (the warm-up call's is dropped) and the last verdict.
   */
  const zpbenchBench = (c, cli) => {
    const seen = { cpu: [], faults: [], out: null, calls: 0 };
    const bench = defineBenchmark({
      name: `${cli.label}.${c.name}`,
      group: cli.label,
      description: `zpbench regress --json (${cli.path}), whole process, ${c.nSeeds} seeds × ${c.slots} slots`,
      iterations: repeats,
      warmup: 1,
      run: () => {
        const r = zpbench(c.name, cli.path);
        if (seen.calls++ > 0) {
          seen.cpu.push(r.cpu);
          seen.faults.push(r.faults);
        }
        seen.out = r.out;
      },
    });
    return { bench, seen };
  };
  /** The I/O floor (io-floor.mjs) on one case's files: the same whole-process measure. */
  const floorBench = (c) => {
    const seen = { faults: [], calls: 0 };
    const bench = defineBenchmark({
      name: `floor.${c.name}`,
      group: 'floor',
      description: `io-floor.mjs: read, parse and print a verdict of zpbench's shape, ${c.nSeeds} seeds × ${c.slots} slots`,
      iterations: repeats,
      warmup: 1,
      run: () => {
        const usageFile = join(dir, 'floor-usage.json');
        const run = spawnSync(
          process.execPath,
          ['--require', cpuHook, floorScript, ...files[c.name]],
          { maxBuffer: 1 << 26, env: { ...process.env, ZPB_BENCH_CPU_FILE: usageFile } },
        );
        if (run.status !== 0) throw new Error(`io-floor.mjs ${c.name}: ${run.stderr}`);
        const { faults } = JSON.parse(readFileSync(usageFile, 'utf8'));
        if (seen.calls++ > 0) seen.faults.push(faults);
      },
    });
    return { bench, seen };
  };
  const pybenchBench = (c) => {
    const seen = { cpu: [], calls: 0 };
    const bench = defineBenchmark({
      name: `pybench.${c.name}`,
      group: 'pybench',
      description: `pybench compare() in process, ${c.nSeeds} seeds × ${c.slots} slots`,
      iterations: repeats,
      warmup: 1,
      run: async () => {
        const reply = JSON.parse(await server.request(c.name));
        if (seen.calls++ > 0) seen.cpu.push(reply.cpu_ms);
      },
    });
    return { bench, seen };
  };

  const loadBefore = loadavg()[0];
  const roundsOut = [];
  const reference = {};
  for (const c of cases) reference[c.name] = JSON.parse(await server.request(`${c.name} full`));
  for (let round = 0; round < rounds; round++) {
    const entries = [
      ...clis.flatMap((cli) => [tiny, ...cases].map((c) => zpbenchBench(c, cli))),
      ...cases.map(pybenchBench),
      ...[tiny, ...cases].map(floorBench),
    ];
    const measured = await measureInterleaved(entries.map((e) => e.bench));
    const byName = Object.fromEntries(measured.map((m) => [m.name, m]));
    const stateOf = Object.fromEntries(entries.map((e) => [e.bench.name, e.seen]));
    for (const cli of clis) {
      const startup = byName[`${cli.label}.tiny`];
      const startupCpu = stateOf[`${cli.label}.tiny`].cpu;
      roundsOut.push({
        round: round + 1,
        zpbench: cli.label,
        cli: cli.path,
        startupMs: startup.latency_ms,
        startupCpuMs: summarizeLatencies(startupCpu),
        rows: cases.map((c) => {
          const mine = byName[`${cli.label}.${c.name}`];
          const py = byName[`pybench.${c.name}`];
          const ours = stateOf[`${cli.label}.${c.name}`].out;
          const theirs = reference[c.name];
          // Net = the case's process minus the tiny-input process of the same round.
          const net = mine.samples_ms.map((ms, i) => ms - startup.samples_ms[i]);
          const cpu = stateOf[`${cli.label}.${c.name}`].cpu;
          const netCpu = cpu.map((ms, i) => ms - startupCpu[i]);
          // Fastest case minus fastest start-up: the least disturbed run of each (the headline).
          const bestNet = mine.latency_ms.min - startup.latency_ms.min;
          const bestNetCpu = summarizeLatencies(cpu).min - summarizeLatencies(startupCpu).min;
          const pyCpu = stateOf[`pybench.${c.name}`].cpu;
          // Minor page faults, median case minus median tiny input: the fresh memory the case
          // touches beyond start-up, a count that barely moves between runs of the same build.
          const netFaults =
            median(stateOf[`${cli.label}.${c.name}`].faults) -
            median(stateOf[`${cli.label}.tiny`].faults);
          const floorFaults =
            median(stateOf[`floor.${c.name}`].faults) - median(stateOf['floor.tiny'].faults);
          const floorNet =
            byName[`floor.${c.name}`].latency_ms.min - byName['floor.tiny'].latency_ms.min;
          const p = theirs.meta_p;
          const agrees =
            ours.method === 'exact'
              ? ours.meta_p === p
              : Math.abs(ours.meta_p - p) <=
                4 * Math.sqrt((p * (1 - p)) / c.n_perm) + 2 / (c.n_perm + 1);
          const byKey = new Map(
            theirs.p_values.map(([step, metric, pv]) => [`${step}/${metric}`, pv]),
          );
          let worstP = 0;
          for (const s of ours.slots) {
            const want = byKey.get(`${s.step}/${s.metric}`);
            const err = want === s.p ? 0 : Math.abs(s.p - want) / Math.max(Math.abs(want), 1e-300);
            worstP = Math.max(worstP, err);
          }
          return {
            case: c.name,
            seeds: c.nSeeds,
            slots: c.slots,
            method: ours.method,
            zpbenchWholeMs: mine.latency_ms,
            zpbenchNetMs: summarizeLatencies(net),
            zpbenchNetCpuMs: summarizeLatencies(netCpu),
            pybenchMs: py.latency_ms,
            pybenchCpuMs: summarizeLatencies(pyCpu),
            // Fastest against fastest (the headline), and the per-repeat ratios pybench /
            // zpbench net of the same round: median and range.
            zpbenchBestNetMs: bestNet,
            zpbenchBestNetCpuMs: bestNetCpu,
            bestRatio: py.latency_ms.min / bestNet,
            bestCpuRatio: summarizeLatencies(pyCpu).min / bestNetCpu,
            zpbenchNetPageFaults: netFaults,
            floorNetPageFaults: floorFaults,
            // The I/O floor's net (fastest minus fastest) and pybench over it: the most any Node
            // implementation printing this verdict could reach.
            floorNetMs: floorNet,
            floorRatio: py.latency_ms.min / floorNet,
            ratio: ratioSpread(py.samples_ms, net),
            cpuRatio: ratioSpread(pyCpu, netCpu),
            verdict: ours.severity_verdict,
            sameVerdict: (ours.severity_verdict === 'PASS') === theirs.passed,
            metaP: ours.meta_p,
            pybenchMetaP: p,
            metaPAgrees: agrees,
            sameFlagged: ours.slots.filter((s) => s.flagged).length === theirs.n_flagged,
            worstSlotPRelErr: worstP,
          };
        }),
      });
    }
  }
  const range = (r) => `${r.median.toFixed(1)}× [${r.min.toFixed(1)}–${r.max.toFixed(1)}]`;
  const load = { before: loadBefore, after: loadavg()[0] };
  if (asJson)
    console.log(JSON.stringify({ node: process.version, load, rounds: roundsOut }, null, 2));
  else {
    console.log(
      `load average (1 min) ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, on ${availableParallelism()} cores`,
    );
    for (const r of roundsOut) {
      console.log(
        `round ${r.round}: ${r.zpbench === 'zpbench' ? 'zpbench' : `against ${r.cli}`} start-up (tiny input) min ${r.startupMs.min.toFixed(0)} / p50 ${r.startupMs.p50.toFixed(0)} ms wall, min ${r.startupCpuMs.min.toFixed(0)} ms CPU; ${repeats} interleaved repeats; ratio = fastest pybench / (fastest case − fastest tiny), then per repeat: median [min–max]`,
      );
      for (const x of r.rows) {
        console.log(
          `  ${x.case.padEnd(16)} ${x.seeds}×${x.slots} ${x.method.padEnd(11)} zpbench net ${x.zpbenchBestNetMs.toFixed(0).padStart(4)} ms wall / ${x.zpbenchBestNetCpuMs.toFixed(0).padStart(4)} ms CPU   pybench compare() ${x.pybenchMs.min.toFixed(0).padStart(5)} / ${x.pybenchCpuMs.min.toFixed(0).padStart(5)}   ratio ${x.bestRatio.toFixed(1)}× wall (${range(x.ratio)}), ${x.bestCpuRatio.toFixed(1)}× CPU (${range(x.cpuRatio)})`,
        );
        console.log(
          `  ${''.padEnd(16)} ${x.verdict} ${x.sameVerdict ? 'same verdict' : 'DIFFERENT VERDICT'}, meta-p ${x.metaP.toFixed(4)} vs ${x.pybenchMetaP.toFixed(4)} ${x.metaPAgrees ? (x.method === 'exact' ? 'identical' : 'within MC bound') : 'DISAGREES'}, flagged ${x.sameFlagged ? 'same' : 'DIFFERENT'}, slot p within ${x.worstSlotPRelErr.toExponential(1)} relative`,
        );
        console.log(
          `  ${''.padEnd(16)} I/O floor (io-floor.mjs: read, parse, print this shape, no test) net ${x.floorNetMs.toFixed(0)} ms wall: pybench / floor ${x.floorRatio.toFixed(1)}×, the bound on any Node implementation; fresh pages touched beyond the tiny input (median minor page faults): zpbench ${x.zpbenchNetPageFaults.toFixed(0)}, floor ${x.floorNetPageFaults.toFixed(0)}`,
        );
      }
    }
  }
} finally {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
