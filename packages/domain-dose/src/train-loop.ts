import type { TrainLogEntry } from '@zpbench/core';
import type { Rng } from '@zpbench/nn';
import { clipGradNorm } from '@zpbench/nn';
import type { DoseTrainConfig } from './config.js';
import type { DoseSplit } from './generator.js';
import type { Mlp } from './mlp.js';

/** Loss components and the output gradient of one network on a batch. */
export interface LossResult {
  readonly components: Record<string, number>;
  /** d loss / d output, n × out (already divided by the batch size). */
  readonly dOut: Float64Array;
}

/** One network trained by {@link trainNetworks}. */
export interface Trainable {
  readonly name: string;
  readonly net: Mlp;
  /** Loss components and output gradient for a batch (`rows` index into `split`). */
  readonly lossGrad: (output: Float64Array, rows: Int32Array, split: DoseSplit) => LossResult;
  /** Inputs for `rows` of `split`; the split's own features by default. */
  readonly inputs?: (rows: Int32Array, split: DoseSplit) => Float64Array;
}

/** Rows of the split's feature matrix. */
export function gatherRows(split: DoseSplit, rows: Int32Array): Float64Array {
  const f = split.nFeatures;
  const out = new Float64Array(rows.length * f);
  for (let i = 0; i < rows.length; i++) {
    out.set(split.x.subarray((rows[i] as number) * f, ((rows[i] as number) + 1) * f), i * f);
  }
  return out;
}

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * Trains networks side by side for `steps` optimizer steps on minibatches drawn with replacement
 * (one draw shared by all networks per step), logging summed loss components every `log_every` steps
 * as the training-batch mean and the full validation loss.
 */
export function trainNetworks(
  nets: readonly Trainable[],
  train: DoseSplit,
  val: DoseSplit,
  cfg: Pick<
    DoseTrainConfig,
    'lr' | 'beta1' | 'beta2' | 'adam_eps' | 'batch_size' | 'log_every' | 'grad_clip_norm'
  >,
  steps: number,
  rng: Rng,
  eligible?: Int32Array,
): { log: TrainLogEntry[]; epochs: number } {
  const pool = eligible ?? allRows(train.n);
  const opts = nets.map((t) =>
    t.net.adam({ lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.adam_eps }),
  );
  const log: TrainLogEntry[] = [];
  const running: Record<string, number> = {};
  let since = 0;
  const valRows = allRows(val.n);
  const batch = new Int32Array(cfg.batch_size);
  for (let step = 1; step <= steps; step++) {
    for (let i = 0; i < batch.length; i++) batch[i] = pool[rng.int(pool.length)] as number;
    const x = gatherRows(train, batch);
    nets.forEach((t, k) => {
      const input = t.inputs ? t.inputs(batch, train) : x;
      const cache = t.net.forward(input, batch.length);
      const res = t.lossGrad(cache.output, batch, train);
      for (const [key, v] of Object.entries(res.components)) {
        const name = nets.length > 1 ? `${t.name}.${key}` : key;
        running[name] = (running[name] ?? 0) + v;
      }
      t.net.zeroGrad();
      t.net.backward(cache, res.dOut);
      clipGradNorm(t.net.paramList, cfg.grad_clip_norm);
      opts[k]?.step();
    });
    since++;
    if (step % cfg.log_every === 0 || step === steps) {
      const metrics: Record<string, number> = {};
      for (const [key, v] of Object.entries(running)) metrics[`train_${key}`] = round(v / since);
      for (const t of nets) {
        const input = t.inputs ? t.inputs(valRows, val) : val.x;
        const out = t.net.forward(input, val.n).output;
        for (const [key, v] of Object.entries(t.lossGrad(out, valRows, val).components)) {
          const name = nets.length > 1 ? `val_${t.name}.${key}` : `val_${key}`;
          metrics[name] = round(v);
        }
      }
      log.push({ epoch: log.length, step, metrics });
      for (const key of Object.keys(running)) delete running[key];
      since = 0;
    }
  }
  return { log, epochs: Math.floor((steps * cfg.batch_size) / pool.length) };
}

/** Rounds to 12 significant digits for logs (stable, readable). */
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}
