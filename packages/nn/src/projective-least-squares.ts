import { EigenvalueDecomposition } from 'ml-matrix';
import { NnError } from './errors.js';
import { gemmTN, type Matrix } from './matrix.js';
import type { PolynomialRationalHead } from './polynomial-rational.js';

/** Options of {@link fitProjectiveLeastSquares}. */
export interface ProjectiveLeastSquaresOptions {
  /** Weight of each residual (n × outputs, row-major); 1 when omitted. */
  weights?: Float64Array;
}

/** What {@link fitProjectiveLeastSquares} found. */
export interface ProjectiveLeastSquaresResult {
  /** The weighted residual Σ w·(Pⱼ·Ydⱼ − Q·Ynⱼ)² at the solution (the smallest eigenvalue). */
  residual: number;
  /** The second-smallest eigenvalue: the solution is well determined when it is far above `residual`. */
  gap: number;
  /** Number of coefficients solved for. */
  coefficients: number;
}

/**
 * Fits a {@link PolynomialRationalHead} exactly to projective targets (Yn, Yd) (n × outputs each)
 * by linearised least squares: the coefficients c = (a₁…a_d, b) minimise
 * Σᵢⱼ wᵢⱼ·(Pⱼ(xᵢ)·Ydᵢⱼ − Q(xᵢ)·Ynᵢⱼ)² subject to ‖c‖ = 1. P and Q are linear in c, so this is the
 * smallest eigenvector of the normal matrix Σ wᵢⱼ·rᵢⱼ rᵢⱼᵀ (ml-matrix's symmetric eigensolver). It
 * is the implicit loss of domains.md §1.3 with its stop-gradient denominator frozen into the
 * weights: with unit-normalised lifted targets and w = 1 it is the loss's numerator, and
 * reweighting by 1/(S + γ) from a previous fit is one iteratively-reweighted step. For data that
 * are exactly rational in the head's basis the residual is 0 up to rounding. The eigenvector's
 * sign is fixed so that its largest-magnitude entry is positive (a deterministic result).
 *
 * @example
 * const { yn, yd } = liftTargets(y);
 * const fit = fitProjectiveLeastSquares(head, x, yn, yd); // head's coefficients are overwritten
 */
export function fitProjectiveLeastSquares(
  head: PolynomialRationalHead,
  x: Matrix,
  yn: Matrix,
  yd: Matrix,
  options: ProjectiveLeastSquaresOptions = {},
): ProjectiveLeastSquaresResult {
  const n = x.rows;
  const d = head.outputs;
  if (yn.rows !== n || yd.rows !== n || yn.cols !== d || yd.cols !== d) {
    throw new NnError(
      'ZPB_NN_SHAPE',
      `fitProjectiveLeastSquares: targets must be ${n} x ${d} like the head's outputs`,
    );
  }
  const w = options.weights;
  if (w !== undefined && w.length !== n * d) {
    throw new NnError('ZPB_NN_SHAPE', 'fitProjectiveLeastSquares: one weight per target element');
  }
  const mP = head.monomialsP;
  const mQ = head.monomialsQ;
  const rows = head.qRows;
  const size = d * mP + rows * mQ;
  const t = head.monomials(x);
  const width = t.cols;
  // Scaled monomial blocks per output: A = T_P·(w·Yd), B = T_Q·(w·Yn), so that
  // M[a_j, a_j] = T_Pᵀ diag(w Yd²) T_P = Aᵀ·(T_P·Yd) etc.; built with gemmTN on n-row panels.
  const tp = new Float64Array(n * mP);
  const tq = new Float64Array(n * mQ);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < mP; k++) tp[i * mP + k] = t.data[i * width + k] as number;
    for (let k = 0; k < mQ; k++) tq[i * mQ + k] = t.data[i * width + k] as number;
  }
  const m = new Float64Array(size * size);
  const add = (r0: number, c0: number, rN: number, cN: number, block: Float64Array) => {
    for (let r = 0; r < rN; r++)
      for (let c = 0; c < cN; c++)
        m[(r0 + r) * size + c0 + c] =
          (m[(r0 + r) * size + c0 + c] as number) + (block[r * cN + c] as number);
  };
  const ap = new Float64Array(n * mP);
  const bp = new Float64Array(n * mP);
  const aq = new Float64Array(n * mQ);
  const bq = new Float64Array(n * mQ);
  const pp = new Float64Array(mP * mP);
  const pq = new Float64Array(mP * mQ);
  const qq = new Float64Array(mQ * mQ);
  for (let j = 0; j < d; j++) {
    const r = rows === 1 ? 0 : j;
    for (let i = 0; i < n; i++) {
      const weight = w === undefined ? 1 : (w[i * d + j] as number);
      const a = yd.data[i * d + j] as number;
      const b = yn.data[i * d + j] as number;
      for (let k = 0; k < mP; k++) {
        const v = tp[i * mP + k] as number;
        ap[i * mP + k] = weight * a * v;
        bp[i * mP + k] = a * v;
      }
      for (let k = 0; k < mQ; k++) {
        const v = tq[i * mQ + k] as number;
        aq[i * mQ + k] = weight * b * v;
        bq[i * mQ + k] = b * v;
      }
    }
    const aj = j * mP;
    const bj = d * mP + r * mQ;
    gemmTN(mP, mP, n, ap, bp, pp);
    add(aj, aj, mP, mP, pp);
    // Cross terms carry the minus sign of the residual Pⱼ·Yd − Q·Yn.
    gemmTN(mP, mQ, n, ap, bq, pq);
    for (let k = 0; k < pq.length; k++) pq[k] = -(pq[k] as number);
    add(aj, bj, mP, mQ, pq);
    const qp = new Float64Array(mQ * mP);
    for (let a = 0; a < mP; a++)
      for (let b = 0; b < mQ; b++) qp[b * mP + a] = pq[a * mQ + b] as number;
    add(bj, aj, mQ, mP, qp);
    gemmTN(mQ, mQ, n, aq, bq, qq);
    add(bj, bj, mQ, mQ, qq);
  }
  // Symmetrise against rounding in the blocks built from different products.
  for (let r = 0; r < size; r++)
    for (let c = r + 1; c < size; c++) {
      const v = ((m[r * size + c] as number) + (m[c * size + r] as number)) / 2;
      m[r * size + c] = v;
      m[c * size + r] = v;
    }
  const rowsOf = Array.from({ length: size }, (_, r) =>
    Array.from(m.subarray(r * size, (r + 1) * size)),
  );
  const evd = new EigenvalueDecomposition(rowsOf, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const best = (order[0] as readonly [number, number])[1];
  const vectors = evd.eigenvectorMatrix;
  const c = Array.from({ length: size }, (_, k) => vectors.get(k, best));
  let big = 0;
  for (let k = 1; k < size; k++) if (Math.abs(c[k] as number) > Math.abs(c[big] as number)) big = k;
  const sign = (c[big] as number) < 0 ? -1 : 1;
  head.pCoef.value.set(c.slice(0, d * mP).map((v) => sign * v));
  head.qCoef.value.set(c.slice(d * mP).map((v) => sign * v));
  return {
    residual: Math.max((order[0] as readonly [number, number])[0], 0),
    gap: (order[1] as readonly [number, number] | undefined)?.[0] ?? Number.POSITIVE_INFINITY,
    coefficients: size,
  };
}
