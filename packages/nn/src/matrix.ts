import { NnError } from './errors.js';

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
  if (cache !== undefined && cache.data.buffer.byteLength >= need * 8) {
    return { rows, cols, data: new Float64Array(cache.data.buffer, 0, need) };
  }
  return createMatrix(rows, cols);
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new NnError('ZPB_NN_SHAPE', what);
}

/**
 * C = A·B (+ C when `accumulate`), with A m×k, B k×n, C m×n. i-k-j order with four rows of C
 * updated per pass over a row of B, so each B element is loaded once per four FMAs.
 */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p] as number;
      const x1 = a[a1 + p] as number;
      const x2 = a[a2 + p] as number;
      const x3 = a[a3 + p] as number;
      const bo = p * n;
      for (let j = 0; j < n; j++) {
        const w = b[bo + j] as number;
        c[c0 + j] = (c[c0 + j] as number) + x0 * w;
        c[c1 + j] = (c[c1 + j] as number) + x1 * w;
        c[c2 + j] = (c[c2 + j] as number) + x2 * w;
        c[c3 + j] = (c[c3 + j] as number) + x3 * w;
      }
    }
  }
  for (; i < m; i++) {
    const co = i * n;
    const ao = i * k;
    for (let p = 0; p < k; p++) {
      const x = a[ao + p] as number;
      const bo = p * n;
      for (let j = 0; j < n; j++) c[co + j] = (c[co + j] as number) + x * (b[bo + j] as number);
    }
  }
}

/**
 * C = A·Bᵀ (+ C when `accumulate`), with A m×k, B n×k, C m×n: contiguous dot products,
 * four columns of C at a time so each A element is loaded once per four FMAs.
 */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const ao = i * k;
    const co = i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ao + p] as number;
        s0 += x * (b[b0 + p] as number);
        s1 += x * (b[b1 + p] as number);
        s2 += x * (b[b2 + p] as number);
        s3 += x * (b[b3 + p] as number);
      }
      if (accumulate) {
        c[co + j] = (c[co + j] as number) + s0;
        c[co + j + 1] = (c[co + j + 1] as number) + s1;
        c[co + j + 2] = (c[co + j + 2] as number) + s2;
        c[co + j + 3] = (c[co + j + 3] as number) + s3;
      } else {
        c[co + j] = s0;
        c[co + j + 1] = s1;
        c[co + j + 2] = s2;
        c[co + j + 3] = s3;
      }
    }
    for (; j < n; j++) {
      const bo = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[ao + p] as number) * (b[bo + p] as number);
      c[co + j] = accumulate ? (c[co + j] as number) + s : s;
    }
  }
}

/**
 * C = Aᵀ·B (+ C when `accumulate`), with A k×m, B k×n, C m×n. Loops over the shared k
 * dimension outermost (rank-1 updates), four rows of C per pass.
 */
export function gemmTN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ao = p * m;
    const bo = p * n;
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const x0 = a[ao + i] as number;
      const x1 = a[ao + i + 1] as number;
      const x2 = a[ao + i + 2] as number;
      const x3 = a[ao + i + 3] as number;
      const c0 = i * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      for (let j = 0; j < n; j++) {
        const w = b[bo + j] as number;
        c[c0 + j] = (c[c0 + j] as number) + x0 * w;
        c[c1 + j] = (c[c1 + j] as number) + x1 * w;
        c[c2 + j] = (c[c2 + j] as number) + x2 * w;
        c[c3 + j] = (c[c3 + j] as number) + x3 * w;
      }
    }
    for (; i < m; i++) {
      const x = a[ao + i] as number;
      const co = i * n;
      for (let j = 0; j < n; j++) c[co + j] = (c[co + j] as number) + x * (b[bo + j] as number);
    }
  }
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
