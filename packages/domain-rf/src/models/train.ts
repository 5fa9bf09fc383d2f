import type { TrainLogEntry } from '@zpbench/core';
import {
  cosineLearningRate,
  countParameters,
  createAdamW,
  type Param,
  type Rng,
  saveCheckpoint,
  trainSteps,
} from '@zpbench/nn';
import type { RfConfig, RfTrainConfig } from '../config.js';
import type { RfDataset } from '../generator.js';
import { validationLoss } from './common.js';
import {
  predictInBatches,
  type RfInputs,
  type RfPredictions,
  splitInputs,
  type TrainedRfModel,
} from './rf-model.js';

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

/** What a learned model declares; {@link trainLearnedModel} trains it and adds the rest. */
export interface LearnedModelSpec
  extends Pick<
    TrainedRfModel,
    'id' | 'family' | 'description' | 'architecture' | 'exposesDenominator'
  > {
  readonly params: readonly Param[];
  /** The decoded outputs of one batch of rows (with |Q| when the model exposes a denominator). */
  readonly run: (inputs: RfInputs) => RfPredictions;
  /** Forward + backward on the training rows `batch`; returns the loss components. */
  readonly lossStep: TrainSpec['lossStep'];
}

/**
 * Trains a learned model with {@link trainModel} on the seed's training split (validated on its
 * validation split, batches from `rng.fork('batches')`) and returns it as a `TrainedRfModel` that
 * predicts in `config.eval.predict_batch` rows and checkpoints its parameters bit for bit.
 */
export function trainLearnedModel(
  config: RfConfig,
  data: RfDataset,
  rng: Rng,
  spec: LearnedModelSpec,
): TrainedRfModel {
  const { params, exposesDenominator } = spec;
  const predict = (inputs: RfInputs) =>
    predictInBatches(inputs, config.eval.predict_batch, spec.run, exposesDenominator);
  const val = splitInputs(data.splits.val);
  const trained = trainModel(
    {
      params,
      nSamples: data.splits.train.n,
      lossStep: spec.lossStep,
      validate: () => validationLoss(predict, val, data.splits.val),
    },
    config.train,
    rng.fork('batches'),
  );
  return {
    id: spec.id,
    family: spec.family,
    description: spec.description,
    architecture: spec.architecture,
    nParams: countParameters(params),
    exposesDenominator,
    ...trained,
    predict,
    checkpoint: () => saveCheckpoint(params),
  };
}
