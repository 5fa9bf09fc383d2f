import { availableParallelism } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActivation } from './activations.js';
import { Dense } from './dense.js';
import { mseLoss } from './losses.js';
import {
  createBuffer,
  createMatrix,
  gemmNN,
  gemmNNBias,
  gemmNT,
  gemmTN,
  gemmTNColSums,
  PARALLEL_ELEMENTWISE_MIN,
  PARALLEL_GEMM_MIN_WORK,
  reluBackwardInto,
  reluInto,
  setGemmBackend,
} from './matrix.js';
import { createParam, zeroGrad } from './module.js';
import { createAdam } from './optimizer.js';
import { createRng, type Rng } from './rng.js';
import { mlp } from './sequential.js';
import { prepareThreads, setThreadCount, threadCount } from './threads.js';
import { JOB_COUNTS } from './wasm/helpers.js';
import { SPLIT_POLICY } from './wasm/split-chooser.js';

/** Seeded values of mixed sign and magnitude, with zeros, −0, infinities and NaN. */
function mixed(rng: Rng, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const u = rng.uniform();
    if (u < 0.05) out[i] = 0;
    else if (u < 0.08) out[i] = -0;
    else if (u < 0.6) out[i] = rng.normal();
    else out[i] = rng.normal() * 10 ** Math.round(rng.uniformRange(-150, 150));
  }
  return out;
}

function expectIdentical(actual: Float64Array, expected: Float64Array): void {
  const bytes = (x: Float64Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(bytes(actual), bytes(expected))).toBe(0);
}

/** Runs `fn` on the given backend and thread count, restoring both. */
function on<T>(backend: 'js' | 'auto', threads: number, fn: () => T): T {
  const previousBackend = setGemmBackend(backend);
  const previousThreads = setThreadCount(threads);
  try {
    return fn();
  } finally {
    setGemmBackend(previousBackend);
    setThreadCount(previousThreads);
  }
}

const TWO_CORES = availableParallelism() >= 2;

afterEach(() => {
  setThreadCount(1);
  setGemmBackend('auto');
});

describe('setThreadCount', () => {
  it('returns the previous setting and reads a shared cell at each call', () => {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cell, 0, 1);
    expect(setThreadCount(cell)).toBe(1);
    expect(threadCount()).toBe(1);
    Atomics.store(cell, 0, 64);
    expect(threadCount()).toBe(availableParallelism());
    Atomics.store(cell, 0, 0);
    expect(threadCount()).toBe(1);
    expect(setThreadCount(1)).toBe(cell);
  });

  it('rejects counts below one and fractions', () => {
    expect(() => setThreadCount(0)).toThrow(/whole number ≥ 1/);
    expect(() => setThreadCount(1.5)).toThrow(/whole number ≥ 1/);
    expect(() => setThreadCount(new Int32Array(0))).toThrow(/non-empty Int32Array/);
  });
});

describe.runIf(TWO_CORES)('two threads', () => {
  beforeAll(async () => {
    setThreadCount(2);
    expect(await prepareThreads(2)).toBe(2);
    setThreadCount(1);
    // Split every call that can be split, also where one thread measures faster: these tests
    // check the split path's bits.
    SPLIT_POLICY.always = true;
  });
  afterAll(() => {
    SPLIT_POLICY.always = false;
  });

  const SHAPES: readonly (readonly [number, number, number])[] = [
    [256, 64, 64],
    [64, 256, 16],
    [130, 70, 9],
    [255, 129, 3],
    [7, 1024, 12],
  ];

  it.each(SHAPES)('computes %i x %i x %i bit for bit like the JS kernel', (m, n, k) => {
    expect(m * n * k).toBeGreaterThanOrEqual(PARALLEL_GEMM_MIN_WORK);
    const rng = createRng(`threads-${m}-${n}-${k}`);
    const a = mixed(rng, m * k);
    const b = mixed(rng, k * n);
    const c = mixed(rng, m * n);
    const bias = mixed(rng, n);
    const sums = mixed(rng, n);
    const posted = JOB_COUNTS.posted;
    for (const gemm of [gemmNN, gemmNT, gemmTN]) {
      for (const accumulate of [false, true]) {
        const js = on('js', 1, () => {
          const out = c.slice();
          gemm(m, n, k, a, b, out, accumulate);
          return out;
        });
        const two = on('auto', 2, () => {
          const out = c.slice();
          gemm(m, n, k, a, b, out, accumulate);
          return out;
        });
        expectIdentical(two, js);
      }
    }
    const fused = (backend: 'js' | 'auto', threads: number) =>
      on(backend, threads, () => {
        const withBias = c.slice();
        gemmNNBias(m, n, k, a, b, bias, withBias);
        const grad = c.slice();
        const colSums = sums.slice();
        gemmTNColSums(m, n, k, a, b, grad, true, colSums);
        return [withBias, grad, colSums];
      });
    const [jsBias, jsGrad, jsSums] = fused('js', 1);
    const [twoBias, twoGrad, twoSums] = fused('auto', 2);
    expectIdentical(twoBias as Float64Array, jsBias as Float64Array);
    expectIdentical(twoGrad as Float64Array, jsGrad as Float64Array);
    expectIdentical(twoSums as Float64Array, jsSums as Float64Array);
    // The products really were split: jobs went to the helper.
    expect(JOB_COUNTS.posted).toBeGreaterThan(posted);
  });

  it.each(['relu', 'tanh'] as const)('runs %s forward and backward like one thread', (kind) => {
    const n = 3 * PARALLEL_ELEMENTWISE_MIN + 5;
    const rng = createRng(`threads-${kind}`);
    const x = mixed(rng, n).map((v) => (Number.isFinite(v) ? v : 0.5));
    x[17] = Number.NaN;
    x[n - 1] = Number.POSITIVE_INFINITY;
    const g = mixed(rng, n);
    const run = (backend: 'js' | 'auto', threads: number) =>
      on(backend, threads, () => {
        const act = createActivation(kind);
        const y = act.forward(createMatrix(1, n, x)).data.slice();
        const d = act.backward(createMatrix(1, n, g)).data.slice();
        return [y, d] as const;
      });
    const [yOne, dOne] = run('auto', 1);
    const [yTwo, dTwo] = run('auto', 2);
    expectIdentical(yTwo, yOne);
    expectIdentical(dTwo, dOne);
  });

  it.each(['relu', 'tanh'] as const)(
    'trains a %s MLP to the same bits on two threads as on the JS kernel',
    (activation) => {
      const train = (backend: 'js' | 'auto', threads: number): Float64Array[] =>
        on(backend, threads, () => {
          const rng = createRng('threads-train');
          const net = mlp([5, 96, 64, 3], activation, rng.fork('init'), { inputGrad: false });
          const params = net.parameters();
          const opt = createAdam(params);
          const x = createMatrix(256, 5, mixed(rng.fork('x'), 256 * 5).map(Math.tanh));
          const y = createMatrix(256, 3, mixed(rng.fork('y'), 256 * 3).map(Math.tanh));
          for (let step = 0; step < 8; step++) {
            zeroGrad(params);
            net.backward(mseLoss(net.forward(x, { train: true }), y).grad);
            opt.step();
          }
          return params.map((p) => p.value.slice());
        });
      const js = train('js', 1);
      const two = train('auto', 2);
      for (const [i, values] of js.entries()) expectIdentical(two[i] as Float64Array, values);
      // Splitting only the shapes measured to gain (the default) gives the same bits too.
      SPLIT_POLICY.always = false;
      try {
        const measured = train('auto', 2);
        for (const [i, values] of js.entries())
          expectIdentical(measured[i] as Float64Array, values);
      } finally {
        SPLIT_POLICY.always = true;
      }
    },
  );

  it.each([
    [256, 128, 9, true],
    [64, 256, 16, true],
    [255, 129, 3, true],
    [256, 128, 9, false],
  ] as const)(
    'fuses ReLU into %i x %i x %i products (resident %s) with the bits of a separate pass',
    (m, n, k, resident) => {
      const rng = createRng(`epilogue-${m}-${n}-${k}`);
      const place = (values: Float64Array): Float64Array => {
        if (!resident) return values.slice();
        const out = createBuffer(values.length);
        out.set(values);
        return out;
      };
      const a = place(mixed(rng, m * k));
      const b = place(mixed(rng, k * n));
      const bias = place(mixed(rng, n));
      const mask = place(mixed(rng, m * n));
      const posted = JOB_COUNTS.posted;
      const run = (backend: 'js' | 'auto', threads: number, fused: boolean) =>
        on(backend, threads, () => {
          const z = place(new Float64Array(m * n));
          const y = place(new Float64Array(m * n));
          const g = place(new Float64Array(m * n));
          const d = place(new Float64Array(m * n));
          if (fused) {
            gemmNNBias(m, n, k, a, b, bias, z, { kind: 'relu', out: y });
            gemmNT(m, n, k, a, b, g, false, { kind: 'reluBackward', x: mask, out: d });
          } else {
            gemmNNBias(m, n, k, a, b, bias, z);
            reluInto(z, y, m * n);
            gemmNT(m, n, k, a, b, g);
            reluBackwardInto(mask, g, d, m * n);
          }
          return [z, y, g, d];
        });
      const reference = run('js', 1, false);
      for (const [backend, threads] of [
        ['js', 1],
        ['auto', 1],
        ['auto', 2],
      ] as const) {
        const got = run(backend, threads, true);
        for (const [i, values] of reference.entries())
          expectIdentical(got[i] as Float64Array, values);
      }
      expect(reference[1]?.some((v) => v > 0)).toBe(true);
      expect(reference[3]?.some((v) => v === 0) && reference[3]?.some((v) => v !== 0)).toBe(true);
      expect(JOB_COUNTS.posted).toBeGreaterThan(posted);
    },
  );

  it('splits Adam by parameter range with the bits of one thread', () => {
    const run = (backend: 'js' | 'auto', threads: number): Float64Array[] =>
      on(backend, threads, () => {
        const rng = createRng('adam-split');
        const params = [4097, 7, 1000].map((n, i) => {
          const p = createParam(`p${i}`, [n]);
          p.value.set(mixed(rng.fork(`x${i}`), n).map(Math.tanh));
          return p;
        });
        const opt = createAdam(params, { weightDecay: 0.01 });
        for (const [i, p] of params.entries()) p.grad.set(mixed(rng.fork(`g${i}`), p.grad.length));
        // Back-to-back steps, so the helper is awake for most of them.
        for (let step = 0; step < 20; step++) opt.step();
        return params.map((p) => p.value.slice());
      });
    const posted = JOB_COUNTS.posted;
    const js = run('js', 1);
    const two = run('auto', 2);
    for (const [i, values] of js.entries()) expectIdentical(two[i] as Float64Array, values);
    expect(JOB_COUNTS.posted).toBeGreaterThan(posted);
  });

  it('computes a Dense backward dW on a helper beside dX with the bits of one thread', () => {
    const run = (backend: 'js' | 'auto', threads: number) =>
      on(backend, threads, () => {
        const rng = createRng('dense-beside');
        const layer = new Dense(96, 64, rng.fork('w'), { init: 'he' });
        layer.weight.grad.set(mixed(rng.fork('gw'), 96 * 64));
        layer.bias.grad.set(mixed(rng.fork('gb'), 64));
        layer.forward(createMatrix(256, 96, mixed(rng.fork('x'), 256 * 96)));
        const dx = layer.backward(createMatrix(256, 64, mixed(rng.fork('g'), 256 * 64)));
        return [dx.data.slice(), layer.weight.grad.slice(), layer.bias.grad.slice()];
      });
    const js = run('js', 1);
    const posted = JOB_COUNTS.posted;
    const two = run('auto', 2);
    expect(JOB_COUNTS.posted).toBeGreaterThan(posted);
    for (const [i, values] of js.entries()) expectIdentical(two[i] as Float64Array, values);
  });

  it('fuses the bias into a Dense forward with the bits of fill-then-accumulate', () => {
    const rng = createRng('dense-bias');
    const layer = new Dense(64, 48, rng.fork('w'), { init: 'he' });
    layer.bias.value.set(mixed(rng.fork('b'), 48));
    const x = createMatrix(256, 64, mixed(rng.fork('x'), 256 * 64));
    const expected = new Float64Array(256 * 48);
    for (let i = 0; i < 256; i++) expected.set(layer.bias.value, i * 48);
    on('js', 1, () => gemmNN(256, 48, 64, x.data, layer.weight.value, expected, true));
    expectIdentical(
      on('auto', 2, () => layer.forward(x).data.slice()),
      expected,
    );
  });
});
