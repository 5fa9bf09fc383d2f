// Times zpbench's severity sign-flip test and, when python3 with numpy+scipy is available,
// pybench's vectorised numpy algorithm (pybench_ref.py) on the same deterministic inputs, side
// by side in interleaved rounds of the shared @zpbench/perf harness.
// Usage: npx tsc -b packages/stats && node scripts/bench/stats/index.mjs [--json] [--no-python]
//        [--pybench <checkout>]: also time pybench's own compare() in process, served by
//        ../regress/pybench_compare.py and timed in the same interleaved rounds (the numpy port
//        above is a re-implementation, several times slower than pybench itself).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchmark, measureInterleaved, ratioSpread } from '@zpbench/perf';
import { checkRegression, createRandomStream } from '@zpbench/stats';
import { startLineProcess } from '../line-process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');

/** Loss-curve-like data; `drop` lowers goodness on the last `dropSteps` steps of metric 0. */
function makeSlots(label, nSeeds, nMetrics, nSteps, drop, dropSteps) {
  const r = createRandomStream(`bench/${label}`);
  const slots = [];
  for (let m = 0; m < nMetrics; m++) {
    const metric = m % 2 ? `acc_${m}` : `min:loss_${m}`;
    const offsets = Array.from({ length: nSeeds }, () => r.normal(0, 0.02));
    for (let t = 0; t < nSteps; t++) {
      const mu = Math.exp(-t / 30) + 0.1;
      const baseline = offsets.map((o) => mu + o + r.normal(0, 0.05));
      const shift = m === 0 && t >= nSteps - dropSteps ? drop : 0;
      const current = offsets.map((o) => mu + o + r.normal(0, 0.05) + (m % 2 ? -shift : shift));
      slots.push({ metric, step: t, baseline, current });
    }
  }
  return slots;
}

const cases = [
  { name: 'a-null', nSeeds: 12, nMetrics: 3, nSteps: 200, nPerm: 4096, drop: 0, dropSteps: 0 },
  {
    name: 'a-regressed',
    nSeeds: 12,
    nMetrics: 3,
    nSteps: 200,
    nPerm: 4096,
    drop: 0.15,
    dropSteps: 5,
  },
  { name: 'b-null', nSeeds: 30, nMetrics: 5, nSteps: 200, nPerm: 4096, drop: 0, dropSteps: 0 },
  {
    name: 'b-regressed',
    nSeeds: 30,
    nMetrics: 5,
    nSteps: 200,
    nPerm: 4096,
    drop: 0.05,
    dropSteps: 3,
  },
].map((c) => ({
  ...c,
  alpha: 0.05,
  slots: makeSlots(c.name, c.nSeeds, c.nMetrics, c.nSteps, c.drop, c.dropSteps),
}));

/** zpbench's severity test on one case, through the shared harness. */
function oursBench(c) {
  return defineBenchmark({
    name: `stats.${c.name.replace('-', '_')}`,
    group: 'stats',
    description: `checkRegression, ${c.nSeeds} seeds × ${c.slots.length} slots`,
    iterations: 7,
    warmup: 2,
    run: () => checkRegression({ slots: c.slots }, { alpha: c.alpha, nPerm: c.nPerm, seed: 1 }),
  });
}

/** The numpy reference on the same case, served by pybench_ref.py and timed per request. */
function referenceBench(c, server) {
  return defineBenchmark({
    name: `numpy.${c.name.replace('-', '_')}`,
    group: 'numpy',
    description: `pybench_ref.py compare(), ${c.name}`,
    iterations: 7,
    warmup: 1,
    run: async () => {
      server.last = JSON.parse(await server.request(c.name));
    },
  });
}

/** Grid form {metric: [[seed0 step0, …], …]} of one side of a case's slots. */
const asMatrix = (slots, side) => {
  const out = {};
  for (const s of slots) {
    out[s.metric] ??= [];
    s[side].forEach((v, seed) => {
      out[s.metric][seed] ??= [];
      out[s.metric][seed][s.step] = v;
    });
  }
  return out;
};

/** pybench's own compare() on the same case, served from a checkout, timed per request. */
function pybenchBench(c, pybench) {
  return defineBenchmark({
    name: `pybench.${c.name.replace('-', '_')}`,
    group: 'pybench',
    description: `pybench compare() in process, ${c.name}`,
    iterations: 7,
    warmup: 1,
    run: async () => {
      pybench.last = JSON.parse(await pybench.request(c.name));
    },
  });
}

let server = null;
let pybench = null;
let dir = null;
const pybenchAt = process.argv.indexOf('--pybench');
if (pybenchAt >= 0) {
  dir = mkdtempSync(join(tmpdir(), 'zpb-stats-bench-'));
  const file = join(dir, 'cases.json');
  writeFileSync(
    file,
    JSON.stringify(
      cases.map((c) => ({
        name: c.name,
        alpha: c.alpha,
        n_perm: c.nPerm,
        baseline: asMatrix(c.slots, 'baseline'),
        current: asMatrix(c.slots, 'current'),
      })),
    ),
  );
  const script = join(here, '../regress/pybench_compare.py');
  try {
    pybench = await startLineProcess('python3', [script, process.argv[pybenchAt + 1], file]);
  } catch (error) {
    if (!asJson) console.log(`(pybench compare() skipped: ${error.message.split('\n').at(-1)})`);
  }
}
if (!args.has('--no-python')) {
  dir ??= mkdtempSync(join(tmpdir(), 'zpb-stats-bench-'));
  const file = join(dir, 'inputs.json');
  writeFileSync(
    file,
    JSON.stringify(
      cases.map(({ name, alpha, nPerm, slots }) => ({ name, alpha, n_perm: nPerm, slots })),
    ),
  );
  try {
    server = await startLineProcess('python3', [join(here, 'pybench_ref.py'), file]);
  } catch (error) {
    if (!asJson) console.log(`(python reference skipped: ${error.message.split('\n').at(-1)})`);
  }
}

const results = {};
const reference = {};
const realPybench = {};
try {
  for (const c of cases) {
    const benches = [
      oursBench(c),
      ...(server ? [referenceBench(c, server)] : []),
      ...(pybench ? [pybenchBench(c, pybench)] : []),
    ];
    const [ours, ...others] = await measureInterleaved(benches);
    const ref = server ? others[0] : undefined;
    const real = pybench ? others.at(-1) : undefined;
    const result = checkRegression({ slots: c.slots }, { alpha: c.alpha, nPerm: c.nPerm, seed: 1 });
    results[c.name] = {
      ms: ours.latency_ms.p50,
      verdict: result.verdict,
      metaP: result.metaP,
      method: result.method,
      permGe: result.permGe,
      permTotal: result.permTotal,
      flagged: result.slots.filter((s) => s.flagged).length,
      slots: result.slots.length,
      severity: result.severity,
    };
    if (real) {
      realPybench[c.name] = {
        ms: real.latency_ms.p50,
        meta_p: pybench.last.meta_p,
        ratio: ratioSpread(real.samples_ms, ours.samples_ms),
      };
    }
    if (ref) {
      reference[c.name] = {
        ...server.last,
        ms: ref.latency_ms.p50,
        ratio: ratioSpread(ref.samples_ms, ours.samples_ms),
      };
    }
  }
} finally {
  server?.close();
  pybench?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

const rows = cases.map((c) => {
  const ours = results[c.name];
  const ref = reference[c.name];
  const row = { case: c.name, seeds: c.nSeeds, slots: ours.slots, ...ours };
  const real = realPybench[c.name];
  if (real) {
    row.pybenchMs = real.ms;
    row.pybenchSpeedup = real.ratio.median;
    row.pybenchMetaP = real.meta_p;
  }
  if (ref) {
    row.refMs = ref.ms;
    row.refVerdict = ref.verdict;
    row.refMetaP = ref.meta_p;
    row.refPermGe = ref.perm_ge;
    row.speedup = ref.ratio.median;
    row.speedupRange = [ref.ratio.min, ref.ratio.max];
    const p = ref.meta_p;
    row.sameVerdict = ref.verdict === ours.verdict;
    row.metaPAgrees =
      ours.method === 'exact'
        ? ours.permGe === ref.perm_ge
        : Math.abs(ours.metaP - p) <= 4 * Math.sqrt((p * (1 - p)) / c.nPerm) + 2 / (c.nPerm + 1);
  }
  return row;
});

if (asJson) {
  console.log(JSON.stringify({ node: process.version, rows }, null, 2));
} else {
  for (const r of rows) {
    let line = `${r.case.padEnd(12)} ${r.seeds} seeds × ${r.slots} slots  ${r.method.padEnd(11)} ${r.ms.toFixed(2).padStart(8)} ms/call  ${r.verdict} meta-p=${r.metaP.toFixed(4)} (${r.flagged} flagged)`;
    if (r.refMs !== undefined) {
      line += `  | numpy ${r.refMs.toFixed(1)} ms  ${r.speedup.toFixed(1)}× [${r.speedupRange.map((v) => v.toFixed(1)).join('–')}]  verdict ${r.sameVerdict ? 'same' : 'DIFFERENT'}  meta-p ${r.metaPAgrees ? 'agrees' : 'DIFFERS'} (ref ${r.refMetaP.toFixed(4)})`;
    }
    if (r.pybenchMs !== undefined) {
      line += `  | pybench compare() ${r.pybenchMs.toFixed(1)} ms  ${r.pybenchSpeedup.toFixed(1)}×  (meta-p ${r.pybenchMetaP.toFixed(4)})`;
    }
    console.log(line);
  }
}
