import { describe, expect, it } from 'vitest';
import { mseLoss } from './losses.js';
import { createMatrix } from './matrix.js';
import { createParam } from './module.js';
import { createAdamW } from './optimizer.js';
import { createRng } from './rng.js';
import { mlp } from './sequential.js';
import { cosineLearningRate, type EpochLog, gatherRows, trainSteps } from './train-steps.js';

function fakeClock(): () => number {
  let t = 0;
  return () => (t += 5);
}

/** Train a small SiLU MLP on y = x₀·x₁ and return its parameter values. */
function train(seed: number, steps: number): { values: number[][]; log: EpochLog[] } {
  const rng = createRng(seed);
  const n = 100;
  const data = rng.fork('data');
  const x = new Float64Array(n * 2).map(() => data.uniformRange(-1, 1));
  const y = new Float64Array(n).map((_, i) => x[2 * i]! * x[2 * i + 1]!);
  const net = mlp([2, 16, 16, 1], 'silu', rng.fork('init'));
  const xb = new Float64Array(32 * 2);
  const yb = new Float64Array(32);
  const { log } = trainSteps({
    steps,
    batchSize: 32,
    nSamples: n,
    rng: rng.fork('batches'),
    optimizer: createAdamW(net.parameters(), { lr: 1e-2 }),
    clipGradNorm: 5,
    now: fakeClock(),
    lossStep: (batch) => {
      const b = batch.length;
      const xm = createMatrix(b, 2, gatherRows(x, 2, batch, xb).subarray(0, 2 * b));
      const ym = createMatrix(b, 1, gatherRows(y, 1, batch, yb).subarray(0, b));
      const { value, grad } = mseLoss(net.forward(xm, { train: true }), ym);
      net.backward(grad);
      return { loss: value };
    },
  });
  return { values: net.parameters().map((p) => Array.from(p.value)), log };
}

describe('trainSteps', () => {
  it('takes exactly the step budget, with partial batches and a partial last epoch', () => {
    const seen: number[] = [];
    const entries: EpochLog[] = [];
    let applied = 0;
    const res = trainSteps({
      steps: 10,
      batchSize: 8,
      nSamples: 25,
      rng: createRng(0),
      optimizer: { params: [], stepCount: 0, step: () => void applied++ },
      now: fakeClock(),
      onEpoch: (e) => entries.push(e),
      lossStep: (batch, info) => {
        seen.push(batch.length);
        return { loss: info.step, half: info.epoch / 2 };
      },
    });
    expect(res.steps).toBe(10);
    expect(applied).toBe(10);
    expect(res.epochs).toBe(3);
    expect(seen).toEqual([8, 8, 8, 1, 8, 8, 8, 1, 8, 8]);
    expect(entries).toEqual(res.log);
    expect(res.log.map((e) => [e.epoch, e.step, e.batches, e.partial])).toEqual([
      [0, 4, 4, false],
      [1, 8, 4, false],
      [2, 10, 2, true],
    ]);
    expect(res.log[0]!.metrics).toEqual({ loss: 1.5, half: 0 });
    expect(res.log[2]!.metrics).toEqual({ loss: 8.5, half: 1 });
    expect(res.log[0]!.wallMs).toBe(5);
  });

  it('sets a learning-rate schedule before every step; cosine decays from lr towards 0', () => {
    const rates: number[] = [];
    trainSteps({
      steps: 4,
      batchSize: 5,
      nSamples: 10,
      rng: createRng(1),
      optimizer: {
        params: [],
        stepCount: 0,
        step: () => {},
        setLearningRate: (lr) => rates.push(lr),
      },
      learningRate: cosineLearningRate(0.2, 4),
      lossStep: () => ({}),
    });
    // 0.2·½(1 + cos(π·k/4)) for k = 0…3.
    const expected = [0.2, 0.1 * (1 + Math.SQRT1_2), 0.1, 0.1 * (1 - Math.SQRT1_2)];
    expect(rates).toHaveLength(4);
    rates.forEach((r, k) => {
      expect(r).toBeCloseTo(expected[k] as number, 15);
    });
    expect(() =>
      trainSteps({
        steps: 1,
        batchSize: 1,
        nSamples: 1,
        rng: createRng(1),
        optimizer: { params: [], stepCount: 0, step: () => {} },
        learningRate: () => 1,
        lossStep: () => ({}),
      }),
    ).toThrow(/setLearningRate/);
  });

  it('AdamW steps with the scheduled rate', () => {
    const run = (lr: number | undefined) => {
      const p = createParam('w', [1], Float64Array.from([1]));
      trainSteps({
        steps: 1,
        batchSize: 1,
        nSamples: 1,
        rng: createRng(1),
        optimizer: createAdamW([p], { lr: 0.5, weightDecay: 0 }),
        learningRate: lr === undefined ? undefined : () => lr,
        lossStep: () => {
          p.grad[0] = 1;
          return {};
        },
      });
      return p.value[0];
    };
    // The first Adam step moves by lr·g/(|g| + ε).
    expect(run(undefined)).toBeCloseTo(1 - 0.5, 7);
    expect(run(0.125)).toBeCloseTo(1 - 0.125, 7);
  });

  it('drops the last incomplete batch when asked, and visits a permutation per epoch', () => {
    const visited: number[][] = [[], []];
    trainSteps({
      steps: 6,
      batchSize: 4,
      nSamples: 14,
      dropLast: true,
      rng: createRng(1),
      optimizer: { params: [], stepCount: 0, step: () => {} },
      lossStep: (batch, info) => {
        visited[info.epoch]!.push(...batch);
        return {};
      },
    });
    expect(visited[0]!.length).toBe(12);
    expect(new Set(visited[0]).size).toBe(12);
    expect(visited[1]!.length).toBe(12);
    expect(visited[0]).not.toEqual(visited[1]);
  });

  it('gives bit-identical trained parameters for the same seed, different ones for another', () => {
    const a = train(11, 40);
    const b = train(11, 40);
    const c = train(12, 40);
    expect(b.values).toEqual(a.values);
    expect(b.log.map((e) => e.metrics)).toEqual(a.log.map((e) => e.metrics));
    expect(c.values).not.toEqual(a.values);
    expect(a.log[a.log.length - 1]!.metrics.loss!).toBeLessThan(a.log[0]!.metrics.loss!);
  });

  it('rejects a configuration that yields no batch', () => {
    expect(() =>
      trainSteps({
        steps: 1,
        batchSize: 8,
        nSamples: 4,
        dropLast: true,
        rng: createRng(0),
        optimizer: { params: [], stepCount: 0, step: () => {} },
        lossStep: () => ({}),
      }),
    ).toThrow(/give no batch/);
  });
});
