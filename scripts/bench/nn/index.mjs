#!/usr/bin/env node
/**
 * Training throughput of @zpbench/nn (forward + backward + Adam, batch 256, float64) against
 * numpy on the same MLP steps, measured side by side: every row runs one timed call in turn,
 * round after round (order reversed every other round), through the shared @zpbench/perf harness;
 * numpy serves its steps from numpy_ref.py so the same clock times it, with an untimed 200 ms pause
 * before each turn so idle BLAS threads have stopped spinning. Ratios are medians of the per-round
 * ratios with their range.
 *
 * Rows: node on 1 thread and on --threads threads (nn's setThreadCount; bit-identical results),
 * numpy with its default BLAS threads and with one, the SCM row (3→128→128→1, tanh, a Chebyshev
 * P/Q head), the JS kernel alone, and the matmul kernels (JS, WASM, WASM on threads,
 * @stdlib/blas-base-dgemm) at the layer shapes.
 *
 * `--compare-root <checkout>` adds rows for another built checkout's nn (e.g. the commit before a
 * change) on one thread and on --threads threads, loaded into the same process and interleaved
 * with this one.
 *
 * Usage (after `pnpm -s build`):
 *   node scripts/bench/nn/index.mjs [--json] [--quick] [--rounds 30] [--threads 2] [--no-numpy] [--no-kernels] [--compare-root DIR] [--steps N]
 *
 * `--steps N` times turns of N training steps instead of each net's default (16 or 40): long
 * turns measure a training run's steady state, the default ones include what a turn after the
 * 200 ms pause pays to start (helpers waking, cold caches).
 */
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as nn from '@zpbench/nn';
import {
  createMlpTrainStep,
  createStepData,
  defineBenchmark,
  headlineRatio,
  measureInterleaved,
  mlpStepFlops,
  ratioSpread,
  STEP_BATCH,
  STEP_SAMPLES,
} from '@zpbench/perf';
import { startLineProcess } from '../line-process.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    threads: { type: 'string' },
    'no-numpy': { type: 'boolean' },
    'no-kernels': { type: 'boolean' },
    'compare-root': { type: 'string' },
    steps: { type: 'string' },
  },
});
const compareNn = values['compare-root']
  ? await import(
      pathToFileURL(join(resolve(values['compare-root']), 'packages/nn/dist/index.js')).href
    )
  : null;
const ROUNDS = Number(values.rounds ?? (values.quick ? 8 : 30));
const THREADS = Number(values.threads ?? Math.min(2, availableParallelism()));
const SIZES = {
  mlp_4_64_64_2: [4, 64, 64, 2],
  mlp_3_128_128_2: [3, 128, 128, 2],
};
/** Training steps per timed call (a call is tens of milliseconds, far above the pipe's latency). */
const TURN = values.steps === undefined ? undefined : Number(values.steps);
if (TURN !== undefined && !(Number.isInteger(TURN) && TURN >= 1)) {
  console.error(`--steps ${values.steps}: expected a whole number of training steps ≥ 1`);
  process.exit(2);
}
const STEPS = {
  mlp_4_64_64_2: TURN ?? 40,
  mlp_3_128_128_2: TURN ?? 16,
  scm_rational_head: TURN ?? 16,
};

/** Runs `fn` with `lib`'s thread count and kernel choice set, restoring both (set per call). */
function on(threads, backend, fn, lib = nn) {
  const previousThreads = lib.setThreadCount(threads);
  const previousBackend = lib.setGemmBackend(backend);
  try {
    return fn();
  } finally {
    lib.setGemmBackend(previousBackend);
    lib.setThreadCount(previousThreads);
  }
}

/**
 * A node row: `steps` training steps per call on `threads` threads and `backend` kernels, of this
 * build's nn or another's (`lib`).
 */
function nodeRow(id, createStep, steps, { threads = 1, backend = 'auto', label, lib = nn } = {}) {
  return defineBenchmark({
    name: `node.${id}.${label ?? (backend === 'js' ? 'js_kernel' : `threads_${threads}`)}`,
    group: 'node',
    description: `${steps} training steps of ${id}, ${threads} thread(s), ${backend} kernels`,
    items: steps * STEP_BATCH,
    itemUnit: 'samples',
    iterations: ROUNDS,
    warmup: 2,
    setup: async () => {
      await lib.prepareThreads(threads);
      return { step: createStep(), calls: 0 };
    },
    run: (state) =>
      on(
        threads,
        backend,
        () => {
          for (let s = 0; s < steps; s++) state.step(state.calls++);
        },
        lib,
      ),
  });
}

/** A numpy row served by numpy_ref.py (`env` sets its BLAS threads). */
function numpyRow(id, steps, label, env) {
  return defineBenchmark({
    name: `numpy.${id}.${label}`,
    group: 'numpy',
    description: `${steps} training steps of ${id} in numpy, BLAS threads ${label}`,
    items: steps * STEP_BATCH,
    itemUnit: 'samples',
    iterations: ROUNDS,
    warmup: 2,
    setup: async () => ({
      server: await startLineProcess('python3', [join(HERE, 'numpy_ref.py')], {
        ...process.env,
        ...env,
      }),
    }),
    run: async ({ server }) => {
      const reply = await server.request(`${id} ${steps}`);
      if (reply !== 'ok') throw new Error(`numpy_ref.py answered ${reply}`);
    },
    cleanup: (state) => state?.server.close(),
  });
}

/** The SCM training step: MLP 3→128→128→1, tanh latent, Chebyshev degree-6 head with 2 outputs. */
function createScmStep() {
  const rng = nn.createRng('bench-scm');
  const { x, y } = createStepData(3, 2, rng.fork('data'));
  const backbone = nn.mlp([3, 128, 128, 1], 'relu', rng.fork('init'), { inputGrad: false });
  const head = new nn.RationalHead(rng.fork('head'), {
    degreeP: 6,
    degreeQ: 6,
    outputs: 2,
    denominatorPerOutput: true,
  });
  const latent = nn.createActivation('tanh');
  const params = [...backbone.parameters(), ...head.parameters()];
  const opt = nn.createAdam(params);
  const order = rng.fork('order').permutation(STEP_SAMPLES);
  const xb = nn.createMatrix(STEP_BATCH, 3);
  const yb = nn.createMatrix(STEP_BATCH, 2);
  const batches = STEP_SAMPLES / STEP_BATCH;
  return (s) => {
    const idx = order.subarray((s % batches) * STEP_BATCH, ((s % batches) + 1) * STEP_BATCH);
    nn.gatherRows(x, 3, idx, xb.data);
    nn.gatherRows(y, 2, idx, yb.data);
    nn.zeroGrad(params);
    const z = latent.forward(backbone.forward(xb, { train: true }));
    const { p, q } = head.forward(z);
    const { yn, yd } = nn.liftTargets(yb);
    const imp = nn.implicitLoss(p, q, yn, yd);
    const margin = nn.marginLoss(q, 1e-4);
    for (let i = 0; i < imp.dQ.data.length; i++) imp.dQ.data[i] += margin.dQ.data[i];
    backbone.backward(latent.backward(head.backward(imp.dP, imp.dQ)));
    opt.step();
  };
}
// Head: 7 basis terms; P and Q (2 outputs each) forward 2·7 FLOPs per output, backward ~3×.
const SCM_FLOPS = mlpStepFlops([3, 128, 128, 1]) + STEP_BATCH * (4 * 2 * 7) * 4;

/** The matmul kernels at one layer shape: JS, WASM, WASM on threads, @stdlib/blas-base-dgemm. */
function kernelRows([m, n, k]) {
  const dgemm = createRequire(join(HERE, '../../../packages/nn/package.json'))(
    '@stdlib/blas-base-dgemm',
  );
  const rng = nn.createRng(`kern-${m}-${n}-${k}`);
  const fill = (len) => Float64Array.from({ length: len }, () => rng.normal());
  const a = fill(m * k);
  const b = fill(k * n);
  const c = new Float64Array(m * n);
  const shape = `${m}x${n}x${k}`;
  const row = (label, run, threads = 1, backend = 'auto') =>
    defineBenchmark({
      name: `kernel.${shape}.${label}`,
      group: 'kernel',
      description: `C = A·B at ${shape}, ${label}`,
      items: 2 * m * n * k,
      itemUnit: 'flop',
      iterations: Math.max(5, Math.round(ROUNDS / 2)),
      batch: 20,
      setup: () => nn.prepareThreads(threads),
      run: () => on(threads, backend, run),
    });
  const own = () => nn.gemmNN(m, n, k, a, b, c);
  return [
    row('js', own, 1, 'js'),
    row('wasm', own, 1, 'wasm'),
    row(`wasm_${THREADS}_threads`, own, THREADS, 'wasm'),
    row('dgemm', () =>
      dgemm('row-major', 'no-transpose', 'no-transpose', m, n, k, 1, a, k, b, n, 0, c, n),
    ),
  ];
}

const samplesPerS = (b) => b.throughput.value;
const spread = (a, b) => {
  // Per-round ratios of b's throughput over a's (the same work per call): a's latency over b's.
  const r = ratioSpread(a.samples_ms, b.samples_ms);
  return { median: r.median, min: r.min, max: r.max, rounds: r.n };
};

let numpyVersion = null;
const numpyRows = [];
if (!values['no-numpy']) {
  try {
    const probe = await startLineProcess('python3', [join(HERE, 'numpy_ref.py')]);
    numpyVersion = probe.banner.replace(/^ready /, '');
    probe.close();
    for (const id of Object.keys(SIZES)) {
      numpyRows.push(numpyRow(id, STEPS[id], 'default', {}));
      numpyRows.push(
        numpyRow(id, STEPS[id], '1', {
          OPENBLAS_NUM_THREADS: '1',
          OMP_NUM_THREADS: '1',
          MKL_NUM_THREADS: '1',
        }),
      );
    }
  } catch (error) {
    if (!values.json) console.log(`numpy reference skipped: ${error.message.split('\n')[0]}`);
  }
}

const load = loadavg().map((v) => v.toFixed(2));
const mlpRows = Object.entries(SIZES).flatMap(([id, sizes]) => [
  nodeRow(id, () => createMlpTrainStep(sizes).step, STEPS[id]),
  nodeRow(id, () => createMlpTrainStep(sizes).step, STEPS[id], { threads: THREADS }),
  ...(compareNn
    ? [1, ...(THREADS > 1 ? [THREADS] : [])].map((threads) =>
        nodeRow(id, () => createMlpTrainStep(sizes, compareNn).step, STEPS[id], {
          threads,
          label: `compare_threads_${threads}`,
          lib: compareNn,
        }),
      )
    : []),
]);
const scmRows = [
  nodeRow('scm_rational_head', createScmStep, STEPS.scm_rational_head),
  nodeRow('scm_rational_head', createScmStep, STEPS.scm_rational_head, { threads: THREADS }),
];
// 200 ms between turns: OpenBLAS's idle threads spin for about 0.1 s after a call, and would
// otherwise take a core from the node row that follows (nn's helpers spin 0.3 ms).
const measured = await measureInterleaved([...mlpRows, ...scmRows, ...numpyRows], { pauseMs: 200 });
const byName = new Map(measured.map((b) => [b.name, b]));
const get = (name) => byName.get(name);

const rows = {};
for (const id of [...Object.keys(SIZES), 'scm_rational_head']) {
  const flops = id === 'scm_rational_head' ? SCM_FLOPS : mlpStepFlops(SIZES[id]);
  const one = get(`node.${id}.threads_1`);
  const many = get(`node.${id}.threads_${THREADS}`);
  const row = {
    node_1_thread_samples_per_s: Math.round(samplesPerS(one)),
    [`node_${THREADS}_threads_samples_per_s`]: Math.round(samplesPerS(many)),
    node_1_thread_gflops: Number(((samplesPerS(one) / STEP_BATCH) * flops * 1e-9).toFixed(2)),
    threads_speedup: spread(one, many),
  };
  const compare = get(`node.${id}.compare_threads_1`);
  if (compare) {
    row.compare_1_thread_samples_per_s = Math.round(samplesPerS(compare));
    row.this_1_thread_over_compare = spread(compare, one);
  }
  const compareMany = get(`node.${id}.compare_threads_${THREADS}`);
  if (compareMany && THREADS > 1) {
    row[`compare_${THREADS}_threads_samples_per_s`] = Math.round(samplesPerS(compareMany));
    row[`this_${THREADS}_threads_over_compare`] = spread(compareMany, many);
  }
  const npDefault = get(`numpy.${id}.default`);
  const npOne = get(`numpy.${id}.1`);
  if (npDefault && npOne) {
    row.numpy_default_samples_per_s = Math.round(samplesPerS(npDefault));
    row.numpy_1_thread_samples_per_s = Math.round(samplesPerS(npOne));
    // The headline: node in its best configuration (one thread, the default of a training
    // process, or THREADS, what the runner gives a seed on free cores) over numpy on its default
    // BLAS threads, round by round.
    const configurations = { '1 thread': one.samples_ms };
    if (THREADS > 1) configurations[`${THREADS} threads`] = many.samples_ms;
    const h = headlineRatio(npDefault.samples_ms, configurations);
    row.headline = {
      node_configuration: h.configuration,
      node_over_numpy_default: { median: h.median, min: h.min, max: h.max, rounds: h.rounds },
      per_round: h.perRound.map((r) => Number(r.toFixed(3))),
      by_configuration: h.configurations,
    };
    row.node_1_thread_over_numpy_1_thread = spread(npOne, one);
  }
  rows[id] = row;
}

const jsOnly = {};
for (const [id, sizes] of Object.entries(SIZES)) {
  const [js, auto] = await measureInterleaved([
    nodeRow(id, () => createMlpTrainStep(sizes).step, STEPS[id], { backend: 'js' }),
    nodeRow(id, () => createMlpTrainStep(sizes).step, STEPS[id]),
  ]);
  jsOnly[id] = {
    js_kernel_samples_per_s: Math.round(samplesPerS(js)),
    default_over_js: spread(js, auto),
  };
}

const kernels = {};
if (!values['no-kernels']) {
  for (const shape of [
    [256, 128, 128],
    [256, 64, 64],
    [256, 128, 3],
  ]) {
    for (const b of await measureInterleaved(kernelRows(shape)))
      kernels[b.name.replace(/^kernel\./, '')] = Number((b.throughput.value * 1e-9).toFixed(2));
  }
}

const result = {
  node: process.version,
  numpy: numpyVersion,
  threads: THREADS,
  rounds: ROUNDS,
  load_average: load.map(Number),
  rows,
  js_kernel: jsOnly,
  kernels_gflops: kernels,
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const fmt = (s) =>
    `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}, ${s.rounds} rounds]`;
  const num = (v) => (v === undefined ? '—' : v.toLocaleString('en-US'));
  console.log(
    `@zpbench/nn training throughput (batch ${STEP_BATCH}, float64, Adam), samples/s; ${ROUNDS} interleaved rounds${TURN === undefined ? '' : ` of ${TURN}-step turns`}; load average ${load.join(' ')}; node ${process.version}, numpy ${numpyVersion ?? '—'}`,
  );
  for (const [id, r] of Object.entries(rows)) {
    console.log(
      `  ${id.padEnd(18)} node 1 thread ${num(r.node_1_thread_samples_per_s)} (${r.node_1_thread_gflops} GFLOP/s), ${THREADS} threads ${num(r[`node_${THREADS}_threads_samples_per_s`])} (×${fmt(r.threads_speedup)})`,
    );
    if (r.this_1_thread_over_compare) {
      console.log(
        `  ${''.padEnd(18)} --compare-root build, 1 thread ${num(r.compare_1_thread_samples_per_s)}; this / compare = ${fmt(r.this_1_thread_over_compare)}`,
      );
    }
    const compareMany = r[`this_${THREADS}_threads_over_compare`];
    if (compareMany) {
      console.log(
        `  ${''.padEnd(18)} --compare-root build, ${THREADS} threads ${num(r[`compare_${THREADS}_threads_samples_per_s`])}; this / compare = ${fmt(compareMany)}`,
      );
    }
    if (r.numpy_default_samples_per_s !== undefined) {
      const others = Object.entries(r.headline.by_configuration)
        .filter(([name]) => name !== r.headline.node_configuration)
        .map(
          ([name, x]) =>
            `node ${name} ${fmt({ ...x, rounds: r.headline.node_over_numpy_default.rounds })}`,
        );
      console.log(
        `  ${''.padEnd(18)} numpy default threads ${num(r.numpy_default_samples_per_s)}, 1 thread ${num(r.numpy_1_thread_samples_per_s)}; node 1 / numpy 1 = ${fmt(r.node_1_thread_over_numpy_1_thread)}`,
      );
      console.log(
        `  ${''.padEnd(18)} HEADLINE node best (${r.headline.node_configuration}) / numpy default = ${fmt(r.headline.node_over_numpy_default)}${others.length ? `; ${others.join('; ')}` : ''}`,
      );
      console.log(
        `  ${''.padEnd(18)} per round: ${r.headline.per_round.map((x) => x.toFixed(2)).join(' ')}`,
      );
    }
  }
  console.log('the JS kernel alone (setGemmBackend("js")), one thread:');
  for (const [id, r] of Object.entries(jsOnly)) {
    console.log(
      `  ${id.padEnd(18)} ${num(r.js_kernel_samples_per_s)} samples/s; default / JS = ${fmt(r.default_over_js)}`,
    );
  }
  if (!values['no-kernels']) {
    console.log('matmul kernels, C = A·B, GFLOP/s (JS and WASM are bit-identical):');
    for (const [name, gflops] of Object.entries(kernels))
      console.log(`  ${name.padEnd(32)} ${gflops}`);
  }
}
