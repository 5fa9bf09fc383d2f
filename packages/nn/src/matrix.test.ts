import { describe, expect, it } from 'vitest';
import {
  createMatrix,
  ensureMatrix,
  type Matrix,
  matmul,
  matmulTransA,
  matmulTransB,
  matrixFromRows,
} from './matrix.js';
import { fillPattern } from './testing/grad-check.js';

function naive(a: Matrix, b: Matrix, ta: boolean, tb: boolean): Float64Array {
  const m = ta ? a.cols : a.rows;
  const k = ta ? a.rows : a.cols;
  const n = tb ? b.rows : b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = ta ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
        const bv = tb ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
        s += (av as number) * (bv as number);
      }
      out[i * n + j] = s;
    }
  return out;
}

function expectClose(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 12);
}

describe('matmul', () => {
  it('multiplies a hand-computed 2x2 case', () => {
    const a = matrixFromRows([
      [1, 2],
      [3, 4],
    ]);
    const b = matrixFromRows([
      [5, 6],
      [7, 8],
    ]);
    expect(Array.from(matmul(a, b).data)).toEqual([19, 22, 43, 50]);
    expect(Array.from(matmulTransB(a, b).data)).toEqual([17, 23, 39, 53]);
    expect(Array.from(matmulTransA(a, b).data)).toEqual([26, 30, 38, 44]);
  });

  it.each([
    [1, 1, 1],
    [5, 7, 3],
    [9, 4, 6],
    [16, 13, 11],
  ])('matches the naive product for %i x %i x %i in all three variants', (m, k, n) => {
    const a = createMatrix(m, k, fillPattern(new Float64Array(m * k)));
    const b = createMatrix(k, n, fillPattern(new Float64Array(k * n), 1, 1));
    const bt = createMatrix(n, k, fillPattern(new Float64Array(n * k), 1, 2));
    const at = createMatrix(k, m, fillPattern(new Float64Array(k * m), 1, 3));
    expectClose(matmul(a, b).data, naive(a, b, false, false));
    expectClose(matmulTransB(a, bt).data, naive(a, bt, false, true));
    expectClose(matmulTransA(at, b).data, naive(at, b, true, false));
    // Reused outputs are overwritten, not accumulated.
    const out = createMatrix(m, n, new Float64Array(m * n).fill(9));
    expectClose(matmul(a, b, out).data, naive(a, b, false, false));
  });

  it('rejects mismatched shapes', () => {
    expect(() => matmul(createMatrix(2, 3), createMatrix(2, 3))).toThrow(/matmul: A is 2x3/);
  });

  it('reuses a cache buffer for a smaller batch', () => {
    const big = createMatrix(8, 4);
    const small = ensureMatrix(big, 3, 4);
    expect(small.data.buffer).toBe(big.data.buffer);
    expect(small.data.length).toBe(12);
    expect(ensureMatrix(big, 8, 4)).toBe(big);
    expect(ensureMatrix(big, 9, 4).data.length).toBe(36);
  });
});
