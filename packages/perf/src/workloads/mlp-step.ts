import type { Param, Rng } from '@zpbench/nn';
import * as nnPackage from '@zpbench/nn';

/** The nn entry points the workloads use (another build's nn can stand in, for before/after). */
export type NnModule = Pick<
  typeof nnPackage,
  'createAdam' | 'createMatrix' | 'createRng' | 'gatherRows' | 'mlp' | 'mseLoss' | 'zeroGrad'
>;

/** Minibatch size of the training-step workloads. */
export const STEP_BATCH = 256;
/** Samples of the seeded data set the batches are drawn from. */
export const STEP_SAMPLES = 4096;

/** Seeded inputs in [-1, 1] (n × inDim) and targets sin(x₀·(j+1)) (n × outDim). */
export function createStepData(
  inDim: number,
  outDim: number,
  rng: Pick<Rng, 'uniformRange'>,
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(STEP_SAMPLES * inDim);
  const y = new Float64Array(STEP_SAMPLES * outDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniformRange(-1, 1);
  for (let i = 0; i < STEP_SAMPLES; i++) {
    for (let j = 0; j < outDim; j++)
      y[i * outDim + j] = Math.sin((x[i * inDim] as number) * (j + 1));
  }
  return { x, y };
}

/** One training step and the parameters it updates. */
export interface TrainStep {
  /** Forward + backward + Adam on batch `s` of a fixed permutation. */
  readonly step: (s: number) => void;
  readonly params: readonly Param[];
}

/**
 * The MLP training step of the nn benchmarks (ReLU hidden layers, MSE, Adam, batch 256, no dX
 * for the first layer), the same steps as scripts/bench/nn/numpy_ref.py runs; `nn` may be
 * another build of the package, to time a before/after pair in one process.
 *
 * @example
 * const { step } = createMlpTrainStep([4, 64, 64, 2]);
 * for (let s = 0; s < 100; s++) step(s);
 */
export function createMlpTrainStep(sizes: readonly number[], nn: NnModule = nnPackage): TrainStep {
  const { createAdam, createMatrix, gatherRows, mlp, mseLoss, zeroGrad } = nn;
  const rng = nn.createRng('bench');
  const inDim = sizes[0] as number;
  const outDim = sizes[sizes.length - 1] as number;
  const { x, y } = createStepData(inDim, outDim, rng.fork('data'));
  const net = mlp([...sizes], 'relu', rng.fork('init'), { inputGrad: false });
  const params = net.parameters();
  const opt = createAdam(params);
  const order = rng.fork('order').permutation(STEP_SAMPLES);
  const xb = createMatrix(STEP_BATCH, inDim);
  const yb = createMatrix(STEP_BATCH, outDim);
  const batches = STEP_SAMPLES / STEP_BATCH;
  const step = (s: number): void => {
    const idx = order.subarray((s % batches) * STEP_BATCH, (s % batches) * STEP_BATCH + STEP_BATCH);
    gatherRows(x, inDim, idx, xb.data);
    gatherRows(y, outDim, idx, yb.data);
    zeroGrad(params);
    const { grad } = mseLoss(net.forward(xb, { train: true }), yb);
    net.backward(grad);
    opt.step();
  };
  return { step, params };
}

/** Matmul FLOPs of one training step: forward, dW, and dX of every layer but the first. */
export function mlpStepFlops(sizes: readonly number[], batch = STEP_BATCH): number {
  let flops = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    flops += 2 * batch * (sizes[i] as number) * (sizes[i + 1] as number) * (i === 0 ? 2 : 3);
  }
  return flops;
}
