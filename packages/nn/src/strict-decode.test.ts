import { describe, expect, it } from 'vitest';
import { createMatrix, matrixFromRows } from './matrix.js';
import { PROVENANCE, type StrictDecodeResult, strictDecode } from './strict-decode.js';

const TAU = 1e-6;
const TRAIN = 1e-4;

function expectInvariants(r: StrictDecodeResult): void {
  for (let i = 0; i < r.bottom.length; i++) {
    expect(r.bottom[i]).toBe(r.fault[i]! | r.semantic[i]!);
    expect(r.bottom[i]).toBe(r.provenance[i] !== 0 ? 1 : 0);
    expect(r.bottom[i]! & r.gap[i]!).toBe(0);
  }
  for (const v of r.decoded.data) expect(Number.isFinite(v) || Number.isNaN(v)).toBe(true);
}

/** The masks and provenance a row should get. */
type Expected = { bottom: number; fault: number; semantic: number; gap: number; prov: number };
const REGULAR: Expected = { bottom: 0, fault: 0, semantic: 0, gap: 0, prov: PROVENANCE.NONE };
const GAP: Expected = { bottom: 0, fault: 0, semantic: 0, gap: 1, prov: PROVENANCE.NONE };
const FAULT: Expected = { bottom: 1, fault: 1, semantic: 0, gap: 0, prov: PROVENANCE.FAULT };
const SEMANTIC: Expected = { bottom: 1, fault: 0, semantic: 1, gap: 0, prov: PROVENANCE.SEMANTIC };
const BOTH: Expected = { bottom: 1, fault: 1, semantic: 1, gap: 0, prov: PROVENANCE.BOTH };

describe('strictDecode', () => {
  // One row per branch; P has two trailing dims.
  const rows: [string, number, number, number, Expected][] = [
    ['regular', 2, 4, 0.5, REGULAR],
    ['NaN in the first P dim', Number.NaN, 1, 1, FAULT],
    ['NaN in the last P dim', 1, Number.NaN, 1, FAULT],
    ['+Inf P', Number.POSITIVE_INFINITY, 1, 1, FAULT],
    ['-Inf P', 1, Number.NEGATIVE_INFINITY, 1, FAULT],
    ['NaN Q', 1, 1, Number.NaN, FAULT],
    ['+Inf Q', 1, 1, Number.POSITIVE_INFINITY, FAULT],
    ['-Inf Q', 1, 1, Number.NEGATIVE_INFINITY, FAULT],
    ['Q = 0', 1, 2, 0, SEMANTIC],
    ['Q = -0', 1, 2, -0, SEMANTIC],
    ['|Q| just below τ', 1, 2, -0.999999e-6, SEMANTIC],
    ['|Q| exactly τ (not bottom, in gap)', 1, 2, TAU, GAP],
    ['Q = -τ', 1, 2, -TAU, GAP],
    ['|Q| just below τ_train', 1, 2, 0.99e-4, GAP],
    ['|Q| exactly τ_train (not gap)', 1, 2, TRAIN, REGULAR],
    ['NaN P and Q = 0 (both)', Number.NaN, 1, 0, BOTH],
    ['Inf P and |Q| in gap', Number.POSITIVE_INFINITY, 1, 5e-5, FAULT],
    ['overflowing division', 1e304, 1, 1e-5, FAULT],
  ];
  const p = matrixFromRows(rows.map((r) => [r[1], r[2]]));
  const q = Float64Array.from(rows.map((r) => r[3]));
  const res = strictDecode(p, q, { tauInfer: TAU, tauTrain: TRAIN });

  it.each(rows.map((r, i) => [r[0], i] as const))('%s', (_name, i) => {
    const want = rows[i]![4];
    expect({
      bottom: res.bottom[i],
      fault: res.fault[i],
      semantic: res.semantic[i],
      gap: res.gap[i],
      prov: res.provenance[i],
    }).toEqual(want);
    const d0 = res.decoded.data[2 * i]!;
    const d1 = res.decoded.data[2 * i + 1]!;
    if (want.bottom) {
      expect(Number.isNaN(d0) && Number.isNaN(d1)).toBe(true);
    } else {
      expect(d0).toBe(rows[i]![1] / rows[i]![3]);
      expect(d1).toBe(rows[i]![2] / rows[i]![3]);
    }
  });

  it('keeps the invariants and never produces an infinity', () => {
    expectInvariants(res);
  });

  it('uses the default τ_infer = 1e-6 and reports no gap without τ_train', () => {
    const r = strictDecode(matrixFromRows([[1], [1], [1]]), Float64Array.from([9e-7, 1e-6, 5e-5]));
    expect(Array.from(r.bottom)).toEqual([1, 0, 0]);
    expect(Array.from(r.gap)).toEqual([0, 0, 0]);
    expectInvariants(r);
  });

  it('reports no gap when τ_train ≤ τ_infer', () => {
    const pp = matrixFromRows([[1], [1]]);
    const qq = Float64Array.from([2e-6, 5e-7]);
    for (const tauTrain of [1e-6, 5e-7]) {
      const r = strictDecode(pp, qq, { tauInfer: 1e-6, tauTrain });
      expect(Array.from(r.gap)).toEqual([0, 0]);
      expect(Array.from(r.bottom)).toEqual([0, 1]);
    }
  });

  it('accepts Q as an n x 1 matrix and rejects a wrong length', () => {
    const r = strictDecode(matrixFromRows([[3]]), createMatrix(1, 1, Float64Array.from([2])));
    expect(r.decoded.data[0]).toBe(1.5);
    expect(() => strictDecode(matrixFromRows([[3]]), Float64Array.from([1, 2]))).toThrow(
      /one value per sample/,
    );
  });

  it('mask-denominator variant: masks from the separate tensor, payload division still guarded', () => {
    const pp = matrixFromRows([[2], [2], [2], [2], [2]]);
    const own = Float64Array.from([4, 4, 1e-9, Number.NaN, 4]);
    const mask = Float64Array.from([1, 1e-7, 1, 1, 5e-5]);
    const r = strictDecode(pp, own, { tauInfer: TAU, tauTrain: TRAIN, maskDenominator: mask });
    expect(Array.from(r.bottom)).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from(r.semantic)).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from(r.gap)).toEqual([0, 0, 0, 0, 1]);
    // Row 0 and 4: P / own Q; rows 2 and 3: own Q rejected, safe denominator 1.
    expect(Array.from(r.decoded.data)).toEqual([0.5, Number.NaN, 2, 2, 0.5]);
    expectInvariants(r);
    const nanMask = strictDecode(pp, own, {
      maskDenominator: Float64Array.from([Number.NaN, 1, 1, 1, 1]),
    });
    expect(nanMask.provenance[0]).toBe(PROVENANCE.FAULT);
  });
});
