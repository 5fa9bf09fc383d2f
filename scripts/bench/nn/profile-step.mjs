// Runs the bench's training step of one MLP in a loop for a CPU profile.
// Usage: node --cpu-prof --cpu-prof-dir=/tmp/nn-prof scripts/bench/nn/profile-step.mjs [4,64,64,2] [steps]
// then summarise with: node scripts/bench/nn/profile-summary.mjs /tmp/nn-prof/*.cpuprofile
import * as nn from '../../../packages/nn/dist/index.js';

const sizes = (process.argv[2] ?? '4,64,64,2').split(',').map(Number);
const steps = Number(process.argv[3] ?? 20000);
const BATCH = 256;
const N_SAMPLES = 4096;
const inDim = sizes[0];
const outDim = sizes[sizes.length - 1];
const rng = nn.createRng('bench');
const data = rng.fork('data');
const x = new Float64Array(N_SAMPLES * inDim);
const y = new Float64Array(N_SAMPLES * outDim);
for (let i = 0; i < x.length; i++) x[i] = data.uniformRange(-1, 1);
for (let i = 0; i < N_SAMPLES; i++) {
  for (let j = 0; j < outDim; j++) y[i * outDim + j] = Math.sin(x[i * inDim] * (j + 1));
}
const net = nn.mlp(sizes, 'relu', rng.fork('init'), { inputGrad: false });
const params = net.parameters();
const opt = nn.createAdam(params);
const order = rng.fork('order').permutation(N_SAMPLES);
const xb = nn.createMatrix(BATCH, inDim);
const yb = nn.createMatrix(BATCH, outDim);
const batches = N_SAMPLES / BATCH;
const t0 = performance.now();
for (let s = 0; s < steps; s++) {
  const idx = order.subarray((s % batches) * BATCH, (s % batches) * BATCH + BATCH);
  nn.gatherRows(x, inDim, idx, xb.data);
  nn.gatherRows(y, outDim, idx, yb.data);
  nn.zeroGrad(params);
  const { grad } = nn.mseLoss(net.forward(xb, { train: true }), yb);
  net.backward(grad);
  opt.step();
}
const ms = (performance.now() - t0) / steps;
let checksum = 0;
for (const p of params) for (const v of p.value) checksum += v;
process.stdout.write(
  `${sizes.join('→')}: ${ms.toFixed(4)} ms/step, ${Math.round((BATCH / ms) * 1000)} samples/s, checksum ${checksum}\n`,
);
