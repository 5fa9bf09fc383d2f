import type { TrainLogEntry } from '@zpbench/core';
import { cosineLearningRate, createAdamW, type Param, type Rng, trainSteps } from '@zpbench/nn';
import type { RfTrainConfig } from '../config.js';
import type { TrainedRfModel } from './rf-model.js';

/** Rounds a logged float to 12 significant digits (short, stable JSON). */
export function roundLog(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

/** What {@link trainModel} needs from a model. */
export interface TrainSpec {
  readonly params: readonly Param[];
  readonly nSamples: number;
  /** Forward + backward on the training rows `batch`; returns the loss components. */
  readonly lossStep: (batch: Int32Array) => Record<string, number>;
  /** The validation loss after an epoch (deterministic). */
  readonly validate: () => Record<string, number>;
}

/**
 * Trains for exactly `cfg.steps` AdamW steps (protocol v1: every learned model gets the same
 * optimizer-step budget, batch size and learning-rate schedule) with one seeded shuffle per
 * epoch and the global gradient norm clipped; logs each epoch's mean loss components and the validation loss. The
 * log holds no wall time, so it is part of the deterministic result.
 */
export function trainModel(
  spec: TrainSpec,
  cfg: RfTrainConfig,
  rng: Rng,
): Pick<TrainedRfModel, 'train' | 'trainLog'> {
  const optimizer = createAdamW(spec.params, {
    lr: cfg.lr,
    beta1: cfg.beta1,
    beta2: cfg.beta2,
    eps: cfg.adam_eps,
    weightDecay: cfg.weight_decay,
  });
  const trainLog: TrainLogEntry[] = [];
  const result = trainSteps({
    steps: cfg.steps,
    batchSize: cfg.batch_size,
    nSamples: spec.nSamples,
    rng,
    optimizer,
    clipGradNorm: cfg.grad_clip_norm,
    learningRate: cfg.lr_schedule === 'cosine' ? cosineLearningRate(cfg.lr, cfg.steps) : undefined,
    lossStep: (batch) => spec.lossStep(batch),
    onEpoch: (entry) => {
      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(entry.metrics)) metrics[`train_${k}`] = roundLog(v);
      for (const [k, v] of Object.entries(spec.validate())) metrics[`val_${k}`] = roundLog(v);
      trainLog.push({ epoch: entry.epoch, step: entry.step, metrics });
    },
    now: () => 0,
  });
  return {
    train: {
      optimizer: `adamw(lr=${cfg.lr} ${cfg.lr_schedule}, betas=(${cfg.beta1}, ${cfg.beta2}), eps=${cfg.adam_eps}, weight_decay=${cfg.weight_decay}), clip_grad_norm=${cfg.grad_clip_norm}`,
      steps: result.steps,
      epochs: result.epochs,
      batch_size: cfg.batch_size,
    },
    trainLog,
  };
}
