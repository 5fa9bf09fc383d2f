import type { TrainLogEntry } from '@zpbench/core';
import type { DoseSplit } from './generator.js';
import type { DosePredictions } from './metrics.js';

/** Predictions of a model on a split, with |Q| where the model has a denominator. */
export interface ModelPredictions extends DosePredictions {
  /** Normalised |Q| per sample; null for models without a projective denominator. */
  readonly qAbs: Float64Array | null;
}

/** Training budget actually spent. */
export interface TrainInfo {
  readonly optimizer: string;
  readonly steps: number;
  readonly epochs: number;
  readonly batch_size: number;
}

/** A trained DOSE model. */
export interface TrainedDoseModel {
  readonly id: string;
  readonly family: string;
  readonly architecture: string;
  readonly nParams: number;
  readonly train: TrainInfo;
  readonly trainLog: readonly TrainLogEntry[];
  /** Whether the model has a strict |Q| gate (tau sweeps apply). */
  readonly hasQ: boolean;
  /** Decoded predictions; `tau` is the strict-gate threshold (ignored by models without Q). */
  predict(split: DoseSplit, tau: number): ModelPredictions;
  /** The parameters and everything needed to rebuild the model, as plain JSON. */
  checkpoint(): Record<string, unknown>;
}
