import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileGemmWat,
  GENERATED_PATH,
  renderGeneratedModule,
} from '../../scripts/build-wasm.mjs';
import { createActivation } from '../activations.js';
import { mseLoss } from '../losses.js';
import {
  createMatrix,
  gemmNN,
  gemmNT,
  gemmTN,
  setGemmBackend,
  WASM_ELEMENTWISE_MIN,
  WASM_GEMM_MIN_WORK,
} from '../matrix.js';
import { zeroGrad } from '../module.js';
import { createAdam } from '../optimizer.js';
import { createRng, type Rng } from '../rng.js';
import { mlp } from '../sequential.js';
import { gatherRows } from '../train-steps.js';

type Gemm = typeof gemmNN;

afterEach(() => {
  setGemmBackend('auto');
});

/** Seeded values of mixed sign and magnitude (1e-150…1e150, so some products underflow), with zeros and -0. */
function mixed(rng: Rng, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const u = rng.uniform();
    if (u < 0.08) out[i] = 0;
    else if (u < 0.12) out[i] = -0;
    else if (u < 0.6) out[i] = rng.normal();
    else out[i] = rng.normal() * 10 ** Math.round(rng.uniformRange(-150, 150));
  }
  return out;
}

/** Run `gemm` on a copy of `c` with the given backend. */
function runWith(
  backend: 'js' | 'wasm',
  gemm: Gemm,
  shape: readonly [number, number, number],
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate: boolean,
): Float64Array {
  const out = c.slice();
  setGemmBackend(backend);
  gemm(shape[0], shape[1], shape[2], a, b, out, accumulate);
  return out;
}

/** Bitwise equality: same bytes, and Object.is per element (so a mismatch names the index). */
function expectIdentical(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const diff = [];
  for (let i = 0; i < actual.length && diff.length < 5; i++) {
    if (!Object.is(actual[i], expected[i]))
      diff.push({ i, actual: actual[i], expected: expected[i] });
  }
  expect(diff).toEqual([]);
  const bytes = (x: Float64Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  expect(Buffer.compare(bytes(actual), bytes(expected))).toBe(0);
}

const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 5, 7],
  [2, 2, 0],
  [0, 3, 4],
  [4, 4, 4],
  [5, 1, 9],
  [1, 64, 256],
  [7, 6, 5],
  [17, 33, 65],
  [64, 2, 128],
  [3, 128, 256],
  [256, 3, 128],
  [255, 129, 3],
  [256, 128, 128],
  [256, 64, 64],
  [130, 70, 1],
];

const VARIANTS: readonly (readonly [string, Gemm])[] = [
  ['A·B', gemmNN],
  ['A·Bᵀ', gemmNT],
  ['Aᵀ·B', gemmTN],
];

describe('WebAssembly SIMD gemm', () => {
  it('is built from the committed gemm.wat (run scripts/build-wasm.mjs after editing it)', async () => {
    const generated = renderGeneratedModule(await compileGemmWat());
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generated);
  });

  describe.each(VARIANTS)('%s', (_, gemm) => {
    it.each(SHAPES)('matches the JS kernel bit for bit at %i x %i x %i', (m, n, k) => {
      const rng = createRng(`gemm-${m}-${n}-${k}`);
      const a = mixed(rng, m * k);
      const b = mixed(rng, k * n);
      const c = mixed(rng, m * n);
      for (const accumulate of [false, true]) {
        const js = runWith('js', gemm, [m, n, k], a, b, c, accumulate);
        const wasm = runWith('wasm', gemm, [m, n, k], a, b, c, accumulate);
        expectIdentical(wasm, js);
      }
    });
  });

  it('matches on infinities, NaN and subnormals', () => {
    const rng = createRng('specials');
    const specials = [Infinity, -Infinity, Number.NaN, 5e-324, -5e-324, 1e308, -1e308];
    const a = mixed(rng, 9 * 11);
    const b = mixed(rng, 11 * 10);
    for (let i = 0; i < specials.length; i++) {
      a[i * 13] = specials[i] as number;
      b[i * 7 + 3] = specials[i] as number;
    }
    const c = mixed(rng, 9 * 10);
    for (const [, gemm] of VARIANTS) {
      for (const accumulate of [false, true]) {
        const js = runWith('js', gemm, [9, 10, 11], a, b, c, accumulate);
        const wasm = runWith('wasm', gemm, [9, 10, 11], a, b, c, accumulate);
        for (let i = 0; i < js.length; i++) expect(Object.is(wasm[i], js[i])).toBe(true);
      }
    }
  });

  it('reads views at an offset and leaves elements past m·n alone', () => {
    const rng = createRng('views');
    const [m, n, k] = [20, 12, 9];
    const a = mixed(rng, m * k + 50).subarray(7, 7 + m * k);
    const b = mixed(rng, k * n + 50).subarray(3);
    const c = mixed(rng, m * n + 10);
    for (const [, gemm] of VARIANTS) {
      const js = runWith('js', gemm, [m, n, k], a, b, c, true);
      const wasm = runWith('wasm', gemm, [m, n, k], a, b, c, true);
      expectIdentical(wasm, js);
    }
  });

  it.each([1, 2, 7, 256, 1001])(
    'runs ReLU forward and backward like the JS loops on %i elements with specials',
    (n) => {
      const rng = createRng(`relu-${n}`);
      const specials = [0, -0, Infinity, -Infinity, Number.NaN, 5e-324, -5e-324];
      const x = mixed(rng, n);
      const g = mixed(rng, n);
      for (let i = 0; i < specials.length && i < n; i++) {
        x[(i * 5) % n] = specials[i] as number;
        g[(i * 3 + 1) % n] = specials[i] as number;
      }
      const run = (backend: 'js' | 'wasm'): [Float64Array, Float64Array] => {
        setGemmBackend(backend);
        const act = createActivation('relu');
        const y = act.forward(createMatrix(1, n, x)).data.slice();
        const d = act.backward(createMatrix(1, n, g)).data.slice();
        return [y, d];
      };
      const [yJs, dJs] = run('js');
      const [yWasm, dWasm] = run('wasm');
      // Forward NaN bits depend on V8's tier for Math.max; Object.is compares everything else.
      for (let i = 0; i < n; i++) expect(Object.is(yWasm[i], yJs[i])).toBe(true);
      expectIdentical(dWasm, dJs);
    },
  );

  it('gives the x64 default NaN for a NaN ReLU input, as optimised Math.max does', () => {
    setGemmBackend('wasm');
    const x = new Float64Array(WASM_ELEMENTWISE_MIN);
    new BigUint64Array(x.buffer)[3] = 0x7ff8000000000123n;
    const y = createActivation('relu').forward(createMatrix(1, x.length, x)).data;
    expect(new BigUint64Array(y.buffer, y.byteOffset, y.length)[3]).toBe(0xfff8000000000000n);
  });

  it('gathers rows bit for bit, NaN payloads included', () => {
    const src = mixed(createRng('gather'), 40 * 3);
    new BigUint64Array(src.buffer)[7] = 0x7ff4000000000001n;
    const idx = Int32Array.from([2, 39, 0, 2, 17]);
    const expected = new Float64Array(idx.length * 3);
    for (const [i, r] of idx.entries()) expected.set(src.subarray(r * 3, r * 3 + 3), i * 3);
    expectIdentical(gatherRows(src, 3, idx), expected);
  });

  it("trains an MLP to the same bits on 'auto' as on 'js'", () => {
    const train = (backend: 'auto' | 'js'): Float64Array[] => {
      setGemmBackend(backend);
      const rng = createRng('train');
      const net = mlp([3, 48, 48, 2], 'relu', rng.fork('init'), { inputGrad: false });
      const params = net.parameters();
      const opt = createAdam(params);
      const x = createMatrix(
        64,
        3,
        mixed(rng.fork('x'), 64 * 3).map((v) => Math.tanh(v)),
      );
      const y = createMatrix(
        64,
        2,
        mixed(rng.fork('y'), 64 * 2).map((v) => Math.tanh(v)),
      );
      for (let step = 0; step < 20; step++) {
        zeroGrad(params);
        net.backward(mseLoss(net.forward(x, { train: true }), y).grad);
        opt.step();
      }
      return params.map((p) => p.value.slice());
    };
    // 64·48·3 is above the threshold, so 'auto' really runs the WASM kernel here.
    expect(64 * 48 * 3).toBeGreaterThanOrEqual(WASM_GEMM_MIN_WORK);
    const js = train('js');
    const auto = train('auto');
    for (const [i, values] of js.entries()) expectIdentical(auto[i] as Float64Array, values);
  });

  it('returns the previous backend', () => {
    expect(setGemmBackend('js')).toBe('auto');
    expect(setGemmBackend('wasm')).toBe('js');
  });
});
