import type { TrainLogEntry } from '@zpbench/core';
import type { Checkpoint } from '@zpbench/nn';
import type { RfSplit } from '../generator.js';

/** Model inputs, one row per frequency point. */
export interface RfInputs {
  readonly n: number;
  /** n × 3 features [log10 ω, log10 ω0, log10 Q]. */
  readonly x: Float64Array;
  readonly omega: Float64Array;
  /** ω0 and Q of each point's filter. */
  readonly w0: Float64Array;
  readonly q: Float64Array;
}

/** A model's decoded outputs. */
export interface RfPredictions {
  /** Re Ĥ, Im Ĥ; NaN (SCM) or 0 (RationalTransfer) where bottom. */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** 1 where the output has no finite value (fault or the model's gate). */
  readonly bottom: Uint8Array;
  /** 1 where the model's gate fired on a small |Q| (the strict trigger; 0 for the MLP). */
  readonly trigger: Uint8Array;
  /** |Q(jω)| of models with a denominator, else null. */
  readonly qAbs: Float64Array | null;
}

/** Architecture of a saved model, enough to rebuild it. */
export interface RfArchitecture {
  readonly layers: readonly number[];
  readonly activation: 'silu' | 'relu' | 'none';
  readonly head: string;
}

/** A model the seed trained (or the analytic reference). */
export interface TrainedRfModel {
  readonly id: string;
  readonly family: string;
  readonly description: string;
  readonly architecture: RfArchitecture;
  readonly nParams: number;
  readonly exposesDenominator: boolean;
  readonly train: {
    readonly optimizer: string;
    readonly steps: number;
    readonly epochs: number;
    readonly batch_size: number;
  };
  readonly trainLog: readonly TrainLogEntry[];
  predict(inputs: RfInputs): RfPredictions;
  /** The bit-exact parameters, or null for the reference. */
  checkpoint(): Checkpoint | null;
}

/** The inputs of every point of a split. */
export function splitInputs(split: RfSplit): RfInputs {
  const ppf = split.pointsPerFilter;
  const w0 = new Float64Array(split.n);
  const q = new Float64Array(split.n);
  for (let i = 0; i < split.n; i++) {
    w0[i] = split.w0[Math.floor(i / ppf)] as number;
    q[i] = split.q[Math.floor(i / ppf)] as number;
  }
  return { n: split.n, x: split.x, omega: split.omega, w0, q };
}

/** The inputs of one filter on the frequencies `omega`. */
export function filterInputs(omega: Float64Array, w0: number, q: number): RfInputs {
  const n = omega.length;
  const x = new Float64Array(n * 3);
  const lw0 = Math.log10(w0);
  const lq = Math.log10(q);
  for (let i = 0; i < n; i++) {
    x[3 * i] = Math.log10(omega[i] as number);
    x[3 * i + 1] = lw0;
    x[3 * i + 2] = lq;
  }
  return { n, x, omega, w0: new Float64Array(n).fill(w0), q: new Float64Array(n).fill(q) };
}

/** Rows lo..hi of the inputs (views, no copy). */
export function sliceInputs(inputs: RfInputs, lo: number, hi: number): RfInputs {
  return {
    n: hi - lo,
    x: inputs.x.subarray(3 * lo, 3 * hi),
    omega: inputs.omega.subarray(lo, hi),
    w0: inputs.w0.subarray(lo, hi),
    q: inputs.q.subarray(lo, hi),
  };
}

/** Rows `rows` of the inputs, copied. */
export function gatherInputs(inputs: RfInputs, rows: ArrayLike<number>): RfInputs {
  const n = rows.length;
  const x = new Float64Array(3 * n);
  const omega = new Float64Array(n);
  const w0 = new Float64Array(n);
  const q = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows[k] as number;
    x[3 * k] = inputs.x[3 * i] as number;
    x[3 * k + 1] = inputs.x[3 * i + 1] as number;
    x[3 * k + 2] = inputs.x[3 * i + 2] as number;
    omega[k] = inputs.omega[i] as number;
    w0[k] = inputs.w0[i] as number;
    q[k] = inputs.q[i] as number;
  }
  return { n, x, omega, w0, q };
}

/**
 * Predicts in batches of `batch` rows (memory is bounded; every row's value depends on that row
 * alone, so the batch size never changes a result) and concatenates the outputs.
 */
export function predictInBatches(
  inputs: RfInputs,
  batch: number,
  predict: (chunk: RfInputs) => RfPredictions,
  withQ: boolean,
): RfPredictions {
  const n = inputs.n;
  const out = {
    re: new Float64Array(n),
    im: new Float64Array(n),
    bottom: new Uint8Array(n),
    trigger: new Uint8Array(n),
    qAbs: withQ ? new Float64Array(n) : null,
  };
  for (let lo = 0; lo < n; lo += batch) {
    const hi = Math.min(n, lo + batch);
    const p = predict(sliceInputs(inputs, lo, hi));
    out.re.set(p.re, lo);
    out.im.set(p.im, lo);
    out.bottom.set(p.bottom, lo);
    out.trigger.set(p.trigger, lo);
    if (out.qAbs && p.qAbs) out.qAbs.set(p.qAbs, lo);
  }
  return out;
}
