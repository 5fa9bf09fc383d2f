import { createMatrix, gatherRows, type Matrix } from '@zpbench/nn';
import { encodeFeatures, N_FEATURES, queriesOf, targetsOf } from './features.js';
import type { IkDataset } from './generator.js';

/** The training rows every learned model sees: features, targets and the singular flags. */
export interface TrainingSet {
  readonly n: number;
  /** n × N_FEATURES features (`encodeFeatures`). */
  readonly x: Float64Array;
  /** n × 2 targets [dθ1, dθ2]. */
  readonly y: Float64Array;
  /** is_singular (|det J| < t) per row. */
  readonly singular: Uint8Array;
}

/** The training set of a dataset (its `train` indices, in order). */
export function createTrainingSet(data: IkDataset, displacementScale: number): TrainingSet {
  const idx = data.train;
  return {
    n: idx.length,
    x: encodeFeatures(queriesOf(data.samples, idx), displacementScale).data,
    y: targetsOf(data.samples, idx),
    singular: Uint8Array.from(idx, (i) => data.samples.isSingular[i] as number),
  };
}

/** Gathers minibatches of a training set into buffers reused while the batch size stays the same. */
export class BatchGatherer {
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);

  constructor(private readonly data: TrainingSet) {}

  /** The batch rows' features (b × N_FEATURES) and targets (b × 2); valid until the next call. */
  gather(batch: Int32Array): { x: Matrix; y: Matrix } {
    const b = batch.length;
    this.x = gatherRows(
      this.data.x,
      N_FEATURES,
      batch,
      this.x.length === b * N_FEATURES ? this.x : undefined,
    );
    this.y = gatherRows(this.data.y, 2, batch, this.y.length === b * 2 ? this.y : undefined);
    return { x: createMatrix(b, N_FEATURES, this.x), y: createMatrix(b, 2, this.y) };
  }
}
