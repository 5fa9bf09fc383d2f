// The MLP training step the nn bench times and the profiling script runs: seeded data, an MLP
// with ReLU hidden layers, MSE loss, Adam, batch 256 drawn in a fixed permutation.
import * as nn from '../../../packages/nn/dist/index.js';

export const BATCH = 256;
export const N_SAMPLES = 4096;

/** Seeded inputs in [-1, 1] and targets sin(x₀·(j+1)). */
export function makeData(inDim, outDim, rng) {
  const x = new Float64Array(N_SAMPLES * inDim);
  const y = new Float64Array(N_SAMPLES * outDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniformRange(-1, 1);
  for (let i = 0; i < N_SAMPLES; i++) {
    for (let j = 0; j < outDim; j++) y[i * outDim + j] = Math.sin(x[i * inDim] * (j + 1));
  }
  return { x, y };
}

/** A training step `step(s)` (forward + backward + Adam on batch s) of an MLP of `sizes`. */
export function createMlpStep(sizes) {
  const rng = nn.createRng('bench');
  const inDim = sizes[0];
  const outDim = sizes[sizes.length - 1];
  const { x, y } = makeData(inDim, outDim, rng.fork('data'));
  const net = nn.mlp(sizes, 'relu', rng.fork('init'), { inputGrad: false });
  const params = net.parameters();
  const opt = nn.createAdam(params);
  const order = rng.fork('order').permutation(N_SAMPLES);
  const xb = nn.createMatrix(BATCH, inDim);
  const yb = nn.createMatrix(BATCH, outDim);
  const batches = N_SAMPLES / BATCH;
  const step = (s) => {
    const idx = order.subarray((s % batches) * BATCH, (s % batches) * BATCH + BATCH);
    nn.gatherRows(x, inDim, idx, xb.data);
    nn.gatherRows(y, outDim, idx, yb.data);
    nn.zeroGrad(params);
    const { grad } = nn.mseLoss(net.forward(xb, { train: true }), yb);
    net.backward(grad);
    opt.step();
  };
  return { step, params };
}
