// Training-throughput benchmark of @zpbench/nn (forward + backward + Adam step, batch 256).
// Usage: npx tsc -b packages/nn && node scripts/bench/nn/index.mjs [--json] [--quick]
// --json prints only {"mlp_4_64_64_2": {...}, "mlp_3_128_128_2": {...}, "scm_rational_head": {...}}.
// The JSON numbers use the default kernel choice ('auto': WASM SIMD above WASM_GEMM_MIN_WORK).
// Without --json it also reruns the training rows on the JS kernel alone, times the JS and WASM
// matmul kernels against @stdlib/blas-base-dgemm and, when python3 with numpy is available, runs
// numpy_ref.py on the same MLP steps and prints the ratio.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nn from '../../../packages/nn/dist/index.js';
import { BATCH, createMlpStep, makeData, N_SAMPLES } from './mlp-step.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const JSON_ONLY = args.has('--json');
const QUICK = args.has('--quick');
const MIN_MS = QUICK ? 300 : 1500;

/** Matmul FLOPs of one training step of an MLP: forward, dW, and dX of every layer but the first. */
function mlpFlops(sizes, batch) {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const mn = sizes[i] * sizes[i + 1];
    f += 2 * batch * mn * (i === 0 ? 2 : 3);
  }
  return f;
}

/** Run `step` repeatedly for at least MIN_MS after a warm-up; returns ms per step. */
function timeSteps(step) {
  for (let i = 0; i < 30; i++) step(i);
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < MIN_MS) {
    for (let i = 0; i < 20; i++) step(n++);
    t = performance.now();
  }
  return (t - t0) / n;
}

function benchMlp(sizes) {
  const { step } = createMlpStep(sizes);
  const msPerStep = timeSteps(step);
  const flops = mlpFlops(sizes, BATCH);
  return {
    samples_per_s: Math.round((BATCH / msPerStep) * 1000),
    gflops: Number(((flops / msPerStep) * 1e-6).toFixed(3)),
  };
}

function benchScm() {
  const rng = nn.createRng('bench-scm');
  const inDim = 3;
  const { x, y } = makeData(inDim, 2, rng.fork('data'));
  const backbone = nn.mlp([3, 128, 128, 1], 'relu', rng.fork('init'), { inputGrad: false });
  const head = new nn.RationalHead(rng.fork('head'), {
    degreeP: 6,
    degreeQ: 6,
    outputs: 2,
    denominatorPerOutput: true,
  });
  const latentAct = nn.createActivation('tanh');
  const params = [...backbone.parameters(), ...head.parameters()];
  const opt = nn.createAdam(params);
  const order = rng.fork('order').permutation(N_SAMPLES);
  const xb = nn.createMatrix(BATCH, inDim);
  const yb = nn.createMatrix(BATCH, 2);
  const batches = N_SAMPLES / BATCH;
  const msPerStep = timeSteps((s) => {
    const idx = order.subarray((s % batches) * BATCH, (s % batches) * BATCH + BATCH);
    nn.gatherRows(x, inDim, idx, xb.data);
    nn.gatherRows(y, 2, idx, yb.data);
    nn.zeroGrad(params);
    const z = latentAct.forward(backbone.forward(xb, { train: true }));
    const { p, q } = head.forward(z);
    const { yn, yd } = nn.liftTargets(yb);
    const imp = nn.implicitLoss(p, q, yn, yd);
    const margin = nn.marginLoss(q, 1e-4);
    for (let i = 0; i < imp.dQ.data.length; i++) imp.dQ.data[i] += margin.dQ.data[i];
    backbone.backward(latentAct.backward(head.backward(imp.dP, imp.dQ)));
    opt.step();
  });
  // Head: 7 basis terms; P and Q (2 outputs each) forward 2·7 FLOPs per output, backward ~3×.
  const headFlops = BATCH * (4 * 2 * 7) * 4;
  const flops = mlpFlops([3, 128, 128, 1], BATCH) + headFlops;
  return {
    samples_per_s: Math.round((BATCH / msPerStep) * 1000),
    gflops: Number(((flops / msPerStep) * 1e-6).toFixed(3)),
  };
}

/** Runs `bench` with the given gemm backend, restoring the previous one. */
function onBackend(backend, bench) {
  const previous = nn.setGemmBackend(backend);
  try {
    return bench();
  } finally {
    nn.setGemmBackend(previous);
  }
}

/** JS and WASM gemm kernels vs @stdlib/blas-base-dgemm on the shapes of the MLP layers. */
function benchKernels() {
  const require = createRequire(join(HERE, '../../../packages/nn/package.json'));
  const dgemm = require('@stdlib/blas-base-dgemm');
  const rng = nn.createRng('kern');
  const rows = [];
  for (const [m, n, k] of [
    [256, 128, 128],
    [256, 64, 64],
    [256, 128, 3],
  ]) {
    const a = Float64Array.from({ length: m * k }, () => rng.normal());
    const b = Float64Array.from({ length: k * n }, () => rng.normal());
    const at = Float64Array.from({ length: k * m }, () => rng.normal());
    const bt = Float64Array.from({ length: n * k }, () => rng.normal());
    const c = new Float64Array(m * n);
    const g = (ms) => (((2 * m * n * k) / ms) * 1e-6).toFixed(2);
    const variants = [
      [
        'A·B ',
        () => nn.gemmNN(m, n, k, a, b, c),
        () => dgemm('row-major', 'no-transpose', 'no-transpose', m, n, k, 1, a, k, b, n, 0, c, n),
      ],
      [
        'Aᵀ·B',
        () => nn.gemmTN(m, n, k, at, b, c),
        () => dgemm('row-major', 'transpose', 'no-transpose', m, n, k, 1, at, m, b, n, 0, c, n),
      ],
      [
        'A·Bᵀ',
        () => nn.gemmNT(m, n, k, a, bt, c),
        () => dgemm('row-major', 'no-transpose', 'transpose', m, n, k, 1, a, k, bt, k, 0, c, n),
      ],
    ];
    for (const [name, own, lib] of variants) {
      const js = onBackend('js', () => timeSteps(own));
      const wasm = onBackend('wasm', () => timeSteps(own));
      rows.push(
        `  ${`${m}x${n}x${k}`.padEnd(11)} ${name}  JS ${g(js).padStart(5)}  WASM ${g(wasm).padStart(5)}  ` +
          `dgemm ${g(timeSteps(lib)).padStart(5)} GFLOP/s  WASM/JS ${(js / wasm).toFixed(2)}`,
      );
    }
  }
  return rows;
}

function runNumpy() {
  try {
    const out = execFileSync('python3', [join(HERE, 'numpy_ref.py'), QUICK ? '--quick' : ''], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env },
    });
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}

const results = {
  mlp_4_64_64_2: benchMlp([4, 64, 64, 2]),
  mlp_3_128_128_2: benchMlp([3, 128, 128, 2]),
  scm_rational_head: benchScm(),
};

if (JSON_ONLY) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  console.log(`@zpbench/nn training throughput (batch ${BATCH}, float64, Adam, one thread)`);
  for (const [k, v] of Object.entries(results)) {
    console.log(
      `  ${k.padEnd(18)} ${String(v.samples_per_s).padStart(9)} samples/s  ${v.gflops} GFLOP/s`,
    );
  }
  const jsOnly = {
    mlp_4_64_64_2: onBackend('js', () => benchMlp([4, 64, 64, 2])),
    mlp_3_128_128_2: onBackend('js', () => benchMlp([3, 128, 128, 2])),
    scm_rational_head: onBackend('js', benchScm),
  };
  console.log('the same on the JS kernel only (setGemmBackend("js")):');
  for (const [k, v] of Object.entries(jsOnly)) {
    const speedup = results[k].samples_per_s / v.samples_per_s;
    console.log(
      `  ${k.padEnd(18)} ${String(v.samples_per_s).padStart(9)} samples/s  ${v.gflops} GFLOP/s  default/JS = ${speedup.toFixed(2)}`,
    );
  }
  console.log('matmul kernels, C = product (GFLOP/s; JS and WASM are bit-identical):');
  for (const r of benchKernels()) console.log(r);
  const ref = runNumpy();
  if (ref === undefined) {
    console.log('numpy reference: python3 with numpy not available, skipped');
  } else {
    console.log(`numpy reference (${ref.numpy_version}, BLAS threads as configured):`);
    for (const k of ['mlp_4_64_64_2', 'mlp_3_128_128_2']) {
      const r = ref[k];
      const ratio = results[k].samples_per_s / r.samples_per_s;
      console.log(
        `  ${k.padEnd(18)} ${String(r.samples_per_s).padStart(9)} samples/s  ${r.gflops} GFLOP/s  node/numpy = ${ratio.toFixed(2)}`,
      );
    }
  }
}
