import type { TrainLogEntry } from '@zpbench/core';
import { createAdam, type Param, type Rng, trainSteps } from '@zpbench/nn';
import type { IkTrainConfig } from './config.js';
import type { IkTrainInfo } from './ik-model.js';

/** Rounds a logged value to 12 significant digits (stable, readable logs). */
export function roundLog(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

/** The optimizer label recorded in a result. */
export function optimizerLabel(t: IkTrainConfig): string {
  return `adam(lr=${t.lr}, betas=(${t.beta1}, ${t.beta2}), eps=${t.adam_eps}), clip_grad_norm=${t.grad_clip_norm}`;
}

/**
 * Trains `params` for exactly `t.steps` Adam steps on minibatches of `t.batch_size` over
 * `nSamples` training rows (nn's `trainSteps`: a fresh seeded permutation per epoch, global
 * gradient-norm clipping before each step). `lossStep` runs forward and backward on the batch
 * rows and returns the loss components; the log keeps their epoch means.
 */
export function trainParams(
  params: readonly Param[],
  t: IkTrainConfig,
  nSamples: number,
  rng: Rng,
  lossStep: (batch: Int32Array) => Record<string, number>,
): { train: IkTrainInfo; log: TrainLogEntry[] } {
  const optimizer = createAdam(params, {
    lr: t.lr,
    beta1: t.beta1,
    beta2: t.beta2,
    eps: t.adam_eps,
  });
  const result = trainSteps({
    steps: t.steps,
    batchSize: t.batch_size,
    nSamples,
    rng,
    optimizer,
    clipGradNorm: t.grad_clip_norm,
    lossStep: (batch) => lossStep(batch),
    now: () => 0,
  });
  return {
    train: {
      optimizer: optimizerLabel(t),
      steps: result.steps,
      epochs: result.epochs,
      batch_size: t.batch_size,
    },
    log: result.log.map((e) => ({
      epoch: e.epoch,
      step: e.step,
      metrics: Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, roundLog(v)])),
    })),
  };
}
