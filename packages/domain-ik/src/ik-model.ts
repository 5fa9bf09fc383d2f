import type { TrainLogEntry } from '@zpbench/core';
import type { IkQueries } from './features.js';

/** Decoded joint steps of a model on a batch, with the masks of domains.md §1.1–§1.2. */
export interface IkPredictions {
  readonly n: number;
  /** n × 2 row-major [dθ1, dθ2]; NaN on bottomed rows. */
  readonly decoded: Float64Array;
  readonly bottom: Uint8Array;
  readonly fault: Uint8Array;
  readonly semantic: Uint8Array;
  readonly gap: Uint8Array;
  /** 0 none, 1 fault only, 2 semantic only, 3 both. */
  readonly provenance: Uint8Array;
  /** |Q̂| of the normalised tuple for models with a strict gate; null otherwise. */
  readonly qAbs: Float64Array | null;
}

/** Training budget actually spent (protocol v1 counts optimizer steps). */
export interface IkTrainInfo {
  readonly optimizer: string;
  readonly steps: number;
  readonly epochs: number;
  readonly batch_size: number;
}

/** A parameter tensor as a checkpoint keeps it (nn's bit-exact base64 little-endian float64). */
export interface IkCheckpointParam {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float64';
  readonly data: string;
}

/** A trained (or analytic) IK model. */
export interface IkModel {
  readonly id: string;
  readonly family: string;
  readonly architecture: string;
  readonly nParams: number;
  /** Whether the model has a strict gate (bottoms are routed to the analytic solver). */
  readonly hasGate: boolean;
  readonly train: IkTrainInfo;
  readonly trainLog: readonly TrainLogEntry[];
  predict(queries: IkQueries): IkPredictions;
  /** The parameters, or null for an analytic model. */
  checkpoint(): IkCheckpointParam[] | null;
}

/**
 * Masks of a model without a denominator: a row is bottom (a fault, provenance 1) when either
 * output is non-finite, and then decodes to NaN; there are no semantic bottoms and no gap band.
 */
export function ungatedPredictions(raw: Float64Array, n: number): IkPredictions {
  const decoded = new Float64Array(n * 2);
  const bottom = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = raw[2 * i] as number;
    const b = raw[2 * i + 1] as number;
    const ok = Number.isFinite(a) && Number.isFinite(b);
    bottom[i] = ok ? 0 : 1;
    decoded[2 * i] = ok ? a : Number.NaN;
    decoded[2 * i + 1] = ok ? b : Number.NaN;
  }
  return {
    n,
    decoded,
    bottom,
    fault: bottom.slice(),
    semantic: new Uint8Array(n),
    gap: new Uint8Array(n),
    provenance: bottom.slice(),
    qAbs: null,
  };
}
