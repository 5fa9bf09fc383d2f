import { createMatrix, gatherRows, type Matrix, type Sequential } from '@zpbench/nn';
import type { RfSplit } from '../generator.js';
import type { RfInputs, RfPredictions } from './rf-model.js';

/** Mean over accepted points of ‖ŷ − y‖²/2 (the §5.3 MSE), or null when none is accepted. */
export function acceptedMse(
  pred: RfPredictions,
  y: Float64Array,
  rows?: ArrayLike<number>,
): number | null {
  let s = 0;
  let n = 0;
  const count = rows ? rows.length : pred.re.length;
  for (let k = 0; k < count; k++) {
    const i = rows ? (rows[k] as number) : k;
    if (pred.bottom[i] === 1) continue;
    const dr = (pred.re[i] as number) - (y[2 * i] as number);
    const di = (pred.im[i] as number) - (y[2 * i + 1] as number);
    s += (dr * dr + di * di) / 2;
    n++;
  }
  return n === 0 ? null : s / n;
}

/** The validation loss of a model: its §5.3 MSE on the validation split. */
export function validationLoss(
  predict: (inputs: RfInputs) => RfPredictions,
  val: RfInputs,
  split: RfSplit,
): Record<string, number> {
  const mse = acceptedMse(predict(val), split.y);
  return { mse: mse ?? Number.NaN };
}

/** The feature rows of a training batch as a matrix. */
export function batchMatrix(src: Float64Array, cols: number, batch: Int32Array): Matrix {
  return createMatrix(batch.length, cols, gatherRows(src, cols, batch));
}

/** Sets the bias of a Sequential's last Dense layer. */
export function setLastBias(net: Sequential, values: readonly number[]): void {
  const params = net.parameters();
  const bias = params[params.length - 1];
  if (!bias || bias.value.length !== values.length)
    throw new Error(`last bias has ${bias?.value.length} entries, expected ${values.length}`);
  bias.value.set(values);
}

/** A forward pass at inference, one row per input row. */
export function inferenceForward(
  net: Sequential,
  x: Float64Array,
  n: number,
  cols: number,
): Matrix {
  return net.forward(createMatrix(n, cols, x), { train: false });
}
