import { NnError } from './errors.js';
import { threadCount } from './threads.js';
import {
  createResidentArray,
  type GemmEpilogue,
  type GemmExtras,
  loadWasmGemm,
  loadWasmKernels,
  residentView,
  type WasmElementwise,
  type WasmKernels,
} from './wasm/gemm-wasm.js';

/** A dense row-major float64 matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Create a `rows × cols` matrix, zero-filled or wrapping `data` (no copy).
 *
 * @example
 * const x = createMatrix(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
 */
export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new NnError(
      'ZPB_NN_SHAPE',
      `createMatrix: data has ${data.length} elements, expected rows*cols = ${rows * cols}`,
    );
  }
  return { rows, cols, data };
}

/** Build a matrix from nested row arrays (copies). */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0] as readonly number[]).length;
  const m = createMatrix(r, c);
  for (let i = 0; i < r; i++) m.data.set(rows[i] as readonly number[], i * c);
  return m;
}

/**
 * Return `cache` when it already has the requested shape, else a matrix of that shape that
 * reuses `cache`'s buffer when it is large enough (a view), else a fresh one.
 */
export function ensureMatrix(cache: Matrix | undefined, rows: number, cols: number): Matrix {
  if (cache !== undefined && cache.rows === rows && cache.cols === cols) return cache;
  const need = rows * cols;
  if (cache !== undefined) {
    const resident = residentView(cache.data, need);
    if (resident !== undefined) return { rows, cols, data: resident };
    const buffer = cache.data.buffer;
    if (!(buffer instanceof SharedArrayBuffer) && buffer.byteLength >= need * 8) {
      return { rows, cols, data: new Float64Array(buffer, 0, need) };
    }
  }
  return { rows, cols, data: createBuffer(need) };
}

/**
 * The wasm Adam kernel for resident arrays (see WasmKernels.adam), or undefined when the JS loop
 * runs (backend `js`, or no wasm SIMD). Both give the same bits.
 */
export function wasmAdam(): WasmKernels['adam'] | undefined {
  return backend === 'js' ? undefined : loadWasmKernels()?.adam;
}

/**
 * A zero-filled buffer of `n` elements that a module owns (a layer's parameters, gradients and
 * outputs): from WASM_ELEMENTWISE_MIN elements on, resident in the wasm kernels' shared memory
 * when it has room, so kernel calls use it in place instead of copying it in and out. Either
 * way it is a Float64Array with the same values.
 */
export function createBuffer(n: number): Float64Array {
  if (backend === 'js' || n < WASM_ELEMENTWISE_MIN) return new Float64Array(n);
  return createResidentArray(n) ?? new Float64Array(n);
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new NnError('ZPB_NN_SHAPE', what);
}

/** Scalar dot products for the rows/columns left over by the 4×4 tiles. */
function gemmEdge(
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  n: number,
  k: number,
  a: Float64Array,
  ais: number,
  aps: number,
  b: Float64Array,
  bps: number,
  bjs: number,
  c: Float64Array,
  accumulate: boolean,
): void {
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let s = 0;
      let ap = i * ais;
      let bp = j * bjs;
      for (let p = 0; p < k; p++, ap += aps, bp += bps) s += (a[ap] as number) * (b[bp] as number);
      const o = i * n + j;
      c[o] = accumulate ? (c[o] as number) + s : s;
    }
  }
}

/**
 * The JS matmul kernel and the reference for the WASM one: C (m×n, row-major) =
 * Σₚ A(i,p)·B(p,j) (+ C when `accumulate`) with A(i,p) = a[i·ais + p·aps] and
 * B(p,j) = b[p·bps + j·bjs], so the three layouts differ only in strides. Every element is
 * s = 0, s += A(i,p)·B(p,j) for p = 0…k−1, then s + C: the order wasm/gemm.wat reproduces.
 * Each 4×4 block of C is held in 16 local accumulators over the whole k loop
 * (8 loads per 16 multiply-adds, one store per element): about 3× the throughput of the
 * textbook i-k-j loop in V8, and 3–6× @stdlib/blas-base-dgemm at our sizes (see
 * scripts/bench/nn).
 */
function gemmStridedJs(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ais: number,
  aps: number,
  b: Float64Array,
  bps: number,
  bjs: number,
  c: Float64Array,
  accumulate: boolean,
): void {
  const ais2 = 2 * ais;
  const ais3 = 3 * ais;
  const bjs2 = 2 * bjs;
  const bjs3 = 3 * bjs;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      let ap = i * ais;
      let bp = j * bjs;
      for (let p = 0; p < k; p++, ap += aps, bp += bps) {
        const b0 = b[bp] as number;
        const b1 = b[bp + bjs] as number;
        const b2 = b[bp + bjs2] as number;
        const b3 = b[bp + bjs3] as number;
        const x0 = a[ap] as number;
        const x1 = a[ap + ais] as number;
        const x2 = a[ap + ais2] as number;
        const x3 = a[ap + ais3] as number;
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        c20 += x2 * b0;
        c21 += x2 * b1;
        c22 += x2 * b2;
        c23 += x2 * b3;
        c30 += x3 * b0;
        c31 += x3 * b1;
        c32 += x3 * b2;
        c33 += x3 * b3;
      }
      const o0 = i * n + j;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      if (accumulate) {
        c00 += c[o0] as number;
        c01 += c[o0 + 1] as number;
        c02 += c[o0 + 2] as number;
        c03 += c[o0 + 3] as number;
        c10 += c[o1] as number;
        c11 += c[o1 + 1] as number;
        c12 += c[o1 + 2] as number;
        c13 += c[o1 + 3] as number;
        c20 += c[o2] as number;
        c21 += c[o2 + 1] as number;
        c22 += c[o2 + 2] as number;
        c23 += c[o2 + 3] as number;
        c30 += c[o3] as number;
        c31 += c[o3 + 1] as number;
        c32 += c[o3 + 2] as number;
        c33 += c[o3 + 3] as number;
      }
      c[o0] = c00;
      c[o0 + 1] = c01;
      c[o0 + 2] = c02;
      c[o0 + 3] = c03;
      c[o1] = c10;
      c[o1 + 1] = c11;
      c[o1 + 2] = c12;
      c[o1 + 3] = c13;
      c[o2] = c20;
      c[o2 + 1] = c21;
      c[o2 + 2] = c22;
      c[o2 + 3] = c23;
      c[o3] = c30;
      c[o3 + 1] = c31;
      c[o3 + 2] = c32;
      c[o3 + 3] = c33;
    }
  }
  if (n4 < n) gemmEdge(0, m4, n4, n, n, k, a, ais, aps, b, bps, bjs, c, accumulate);
  if (m4 < m) gemmEdge(m4, m, 0, n, n, k, a, ais, aps, b, bps, bjs, c, accumulate);
}

/** Which kernels the gemm functions and ReLU layers run: `auto` picks WASM SIMD above measured sizes. */
export type GemmBackend = 'auto' | 'js' | 'wasm';

/**
 * Below this m·n·k the JS kernel wins: copying the operands into wasm memory and packing them
 * costs more than the SIMD saves (measured in scripts/bench/nn, see docs/nn.md).
 */
export const WASM_GEMM_MIN_WORK = 2048;

let backend: GemmBackend = 'auto';

/**
 * Choose the gemm and ReLU kernels for this thread and return the previous choice. Both give
 * bit-identical results, so this only changes speed; `wasm` throws when the runtime has no
 * WebAssembly SIMD.
 *
 * @example
 * const previous = setGemmBackend('js');
 * try { runBenchmark(); } finally { setGemmBackend(previous); }
 */
export function setGemmBackend(next: GemmBackend): GemmBackend {
  if (next === 'wasm' && loadWasmGemm() === undefined) {
    throw new NnError(
      'ZPB_NN_ARGUMENT',
      "setGemmBackend: this runtime cannot instantiate the WebAssembly SIMD kernel; use 'auto' or 'js'",
    );
  }
  const previous = backend;
  backend = next;
  return previous;
}

/**
 * Below this many elements the element-wise ReLU layers stay in JS under `auto`: the copies in
 * and out of wasm memory cost more than the mispredicted branches they avoid.
 */
export const WASM_ELEMENTWISE_MIN = 256;

/**
 * Below this m·n·k a product stays on one thread under {@link setThreadCount}: handing half of it
 * to a helper costs a few microseconds, more than it saves (measured in scripts/bench/nn).
 */
export const PARALLEL_GEMM_MIN_WORK = 65536;

/** Below this many elements an element-wise layer stays on one thread (see PARALLEL_GEMM_MIN_WORK). */
export const PARALLEL_ELEMENTWISE_MIN = 2048;

/** The number of threads a pass of `work` units may use: 1 below `minWork`, else the setting. */
export function parallelThreads(work: number, minWork: number): number {
  return work < minWork ? 1 : threadCount();
}

/**
 * The branch-free wasm ReLU kernels for an `n`-element pass, or undefined when the JS loop
 * should run (backend `js`, a small pass under `auto`, or no wasm SIMD). Both give the same bits.
 */
export function wasmElementwise(n: number): WasmElementwise | undefined {
  if (backend === 'js' || (backend === 'auto' && n < WASM_ELEMENTWISE_MIN)) return undefined;
  return loadWasmKernels()?.elementwise;
}

/**
 * out[i] = Math.tanh(x[i]) for i < n, split across threads above PARALLEL_ELEMENTWISE_MIN
 * elements (every thread calls the same Math.tanh, so the bits do not depend on the split).
 */
export function tanhInto(x: Float64Array, out: Float64Array, n: number): void {
  const threads = backend === 'js' ? 1 : parallelThreads(n, PARALLEL_ELEMENTWISE_MIN);
  const kernels = threads > 1 ? loadWasmKernels() : undefined;
  if (kernels !== undefined) kernels.elementwise.tanh(x, out, n, threads);
  else for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i] as number);
}

/** The JS reference of the gemm extras: bias rows added after the sum, column sums of B. */
function gemmStridedJsExtras(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ais: number,
  aps: number,
  b: Float64Array,
  bps: number,
  bjs: number,
  c: Float64Array,
  accumulate: boolean,
  extras: GemmExtras,
): void {
  const { bias, bSums, then } = extras;
  if (bias) for (let i = 0; i < m; i++) c.set(bias.subarray(0, n), i * n);
  gemmStridedJs(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate || bias !== undefined);
  if (bSums) {
    for (let p = 0; p < k; p++) {
      const o = p * bps;
      for (let j = 0; j < n; j++) bSums[j] = (bSums[j] as number) + (b[o + j * bjs] as number);
    }
  }
  if (then?.kind === 'relu') reluInto(c, then.out, m * n);
  else if (then?.kind === 'reluBackward') reluBackwardInto(then.x, c, then.out, m * n);
}

/** out = ReLU(x) over n elements: the wasm kernels when the pass is large enough, else JS. */
export function reluInto(x: Float64Array, out: Float64Array, n: number, threads = 1): void {
  const wasm = wasmElementwise(n);
  if (wasm !== undefined) wasm.relu(x, out, n, threads);
  else
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      out[i] = Math.max(v, 0);
    }
}

/** out[i] = x[i] > 0 ? g[i] : 0 over n elements (a ReLU's backward), as {@link reluInto}. */
export function reluBackwardInto(
  x: Float64Array,
  g: Float64Array,
  out: Float64Array,
  n: number,
  threads = 1,
): void {
  const wasm = wasmElementwise(n);
  if (wasm !== undefined) wasm.reluBackward(x, g, out, n, threads);
  else for (let i = 0; i < n; i++) out[i] = (x[i] as number) > 0 ? (g[i] as number) : 0;
}

function gemmStrided(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ais: number,
  aps: number,
  b: Float64Array,
  bps: number,
  bjs: number,
  c: Float64Array,
  accumulate: boolean,
  extras?: GemmExtras,
): void {
  const work = m * n * k;
  if (backend === 'wasm' || (backend === 'auto' && work >= WASM_GEMM_MIN_WORK)) {
    const wasm = loadWasmGemm();
    if (wasm !== undefined && (extras?.bSums === undefined || bjs === 1)) {
      const threads = parallelThreads(work, PARALLEL_GEMM_MIN_WORK);
      wasm(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, threads, extras);
      return;
    }
  }
  if (extras !== undefined)
    gemmStridedJsExtras(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, extras);
  else gemmStridedJs(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate);
}

/** C = A·B (+ C when `accumulate`), with A m×k, B k×n, C m×n, all row-major. */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, accumulate);
}

/** C = A·Bᵀ (+ C when `accumulate`), with A m×k, B n×k, C m×n. */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
  then?: GemmEpilogue,
): void {
  gemmStrided(m, n, k, a, k, 1, b, 1, k, c, accumulate, then && { then });
}

/** C = Aᵀ·B (+ C when `accumulate`), with A k×m, B k×n, C m×n. */
export function gemmTN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  gemmStrided(m, n, k, a, 1, m, b, n, 1, c, accumulate);
}

/**
 * C = A·B + bias on every row, with A m×k, B k×n and `bias` n long: a Dense layer's forward.
 * The same bits as filling C with the bias rows and accumulating A·B into it (s + bias[j]).
 */
export function gemmNNBias(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  bias: Float64Array,
  c: Float64Array,
  then?: GemmEpilogue,
): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, false, { bias, then });
}

/**
 * C = Aᵀ·B (+ C when `accumulate`) and sums[j] += B(0,j) + … + B(k−1,j) in that order, with
 * A k×m, B k×n: a Dense layer's weight and bias gradients from one copy of B. With `beside`
 * (another kernel call that reads none of these outputs: a Dense layer's dX) it runs that too,
 * on a second thread when the setting allows and that measured faster for this shape: the
 * product whole on a helper, `beside` here. Each result is computed whole by one thread, so the
 * bits are those of running the two one after the other.
 */
export function gemmTNColSums(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate: boolean,
  sums: Float64Array,
  beside?: () => void,
): void {
  const work = m * n * k;
  if (beside && (backend === 'wasm' || (backend === 'auto' && work >= WASM_GEMM_MIN_WORK))) {
    const threads = parallelThreads(work, PARALLEL_GEMM_MIN_WORK);
    const kernels = threads > 1 ? loadWasmKernels() : undefined;
    if (kernels !== undefined) {
      kernels.gemmBeside(beside, m, n, k, a, 1, m, b, n, 1, c, accumulate, threads, {
        bSums: sums,
      });
      return;
    }
  }
  gemmStrided(m, n, k, a, 1, m, b, n, 1, c, accumulate, { bSums: sums });
  beside?.();
}

/** out = A·B. `out` is reused when given (must be a.rows × b.cols). */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  check(a.cols === b.rows, `matmul: A is ${a.rows}x${a.cols}, B is ${b.rows}x${b.cols}`);
  const c = out ?? createMatrix(a.rows, b.cols);
  check(c.rows === a.rows && c.cols === b.cols, 'matmul: output has the wrong shape');
  gemmNN(a.rows, b.cols, a.cols, a.data, b.data, c.data);
  return c;
}

/** out = A·Bᵀ. `out` is reused when given (must be a.rows × b.rows). */
export function matmulTransB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  check(a.cols === b.cols, `matmulTransB: A is ${a.rows}x${a.cols}, B is ${b.rows}x${b.cols}`);
  const c = out ?? createMatrix(a.rows, b.rows);
  check(c.rows === a.rows && c.cols === b.rows, 'matmulTransB: output has the wrong shape');
  gemmNT(a.rows, b.rows, a.cols, a.data, b.data, c.data);
  return c;
}

/** out = Aᵀ·B. `out` is reused when given (must be a.cols × b.cols). */
export function matmulTransA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  check(a.rows === b.rows, `matmulTransA: A is ${a.rows}x${a.cols}, B is ${b.rows}x${b.cols}`);
  const c = out ?? createMatrix(a.cols, b.cols);
  check(c.rows === a.cols && c.cols === b.cols, 'matmulTransA: output has the wrong shape');
  gemmTN(a.cols, b.cols, a.rows, a.data, b.data, c.data);
  return c;
}
