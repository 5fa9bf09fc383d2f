import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  finiteTargetMask,
  implicitLoss,
  liftTargets,
  marginLoss,
  mseLoss,
  rejectionLoss,
  softmaxCrossEntropy,
} from './losses.js';
import { createMatrix, matrixFromRows } from './matrix.js';
import { fillPattern, gradientError } from './testing/grad-check.js';

describe('losses', () => {
  it('MSE: value, masked value and gradient check', () => {
    const pred = matrixFromRows([
      [1, 2],
      [3, 5],
    ]);
    const target = matrixFromRows([
      [1, 0],
      [3, 4],
    ]);
    expect(mseLoss(pred, target).value).toBe((4 + 1) / 4);
    expect(mseLoss(pred, target, Float64Array.from([0, 1])).value).toBe(1 / 2);
    const p = createMatrix(4, 3, fillPattern(new Float64Array(12)));
    const t = createMatrix(4, 3, fillPattern(new Float64Array(12), 1, 1));
    const w = Float64Array.from([1, 0, 1, 0.5]);
    const g = Float64Array.from(mseLoss(p, t, w).grad.data);
    expect(gradientError(() => mseLoss(p, t, w).value, p.data, g)).toBeLessThan(1e-6);
  });

  it('softmax cross-entropy: value of uniform logits and gradient check', () => {
    expect(softmaxCrossEntropy(createMatrix(2, 3), [0, 2]).value).toBeCloseTo(Math.log(3), 15);
    const logits = createMatrix(5, 3, fillPattern(new Float64Array(15), 3));
    const labels = Int32Array.from([0, 2, 1, 1, 0]);
    const w = Float64Array.from([1, 1, 0, 2, 1]);
    const g = Float64Array.from(softmaxCrossEntropy(logits, labels, w).grad.data);
    expect(
      gradientError(() => softmaxCrossEntropy(logits, labels, w).value, logits.data, g),
    ).toBeLessThan(1e-6);
    expect(() => softmaxCrossEntropy(logits, [0, 0, 0, 0, 3])).toThrow(/label 3 out of range/);
  });

  it('binary cross-entropy with logits: value and gradient check', () => {
    expect(
      binaryCrossEntropyWithLogits(createMatrix(1, 1), Float64Array.from([1])).value,
    ).toBeCloseTo(Math.LN2, 15);
    const logits = createMatrix(6, 1, fillPattern(new Float64Array(6), 4));
    const t = Float64Array.from([0, 1, 1, 0, 0.3, 1]);
    const g = Float64Array.from(binaryCrossEntropyWithLogits(logits, t).grad.data);
    expect(
      gradientError(() => binaryCrossEntropyWithLogits(logits, t).value, logits.data, g),
    ).toBeLessThan(1e-6);
  });

  it('lifts finite, ±∞ and NaN targets to projective pairs', () => {
    const y = matrixFromRows([
      [2.5],
      [Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY],
      [Number.NaN],
      [-0.5],
    ]);
    const { yn, yd } = liftTargets(y);
    expect(Array.from(yn.data)).toEqual([2.5, 1, -1, 1, -0.5]);
    expect(Array.from(yd.data)).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(finiteTargetMask(y))).toEqual([1, 0, 0, 0, 1]);
  });

  it('implicit loss: zero on exact tuples, scale invariant, with value and gradients', () => {
    const y = matrixFromRows([[2], [Number.POSITIVE_INFINITY]]);
    const { yn, yd } = liftTargets(y);
    // (P, Q) = (4, 2) represents 2; (3, 0) represents +∞.
    const exact = implicitLoss(matrixFromRows([[4], [3]]), matrixFromRows([[2], [0]]), yn, yd);
    expect(exact.value).toBe(0);
    const a = implicitLoss(matrixFromRows([[1], [3]]), matrixFromRows([[2], [1]]), yn, yd, {
      gamma: 0,
    });
    const b = implicitLoss(matrixFromRows([[10], [30]]), matrixFromRows([[20], [10]]), yn, yd, {
      gamma: 0,
    });
    expect(a.value).toBeCloseTo(b.value, 14);
    // Row 0: r = 1·1 − 2·2 = −3, S = 4 + 4 = 8; row 1: r = 3·0 − 1·1 = −1, S = 0 + 9 = 9.
    expect(a.value).toBeCloseTo((9 / 8 + 1 / 9) / 2, 15);
  });

  it.each([1, 2])(
    'implicit loss passes the gradient check with Q of %i column(s), with and without the stop-gradient',
    (qc) => {
      const y = matrixFromRows([
        [1.5, Number.POSITIVE_INFINITY],
        [-2, 0.5],
        [Number.NaN, 3],
        [0.2, Number.NEGATIVE_INFINITY],
      ]);
      const { yn, yd } = liftTargets(y);
      const p = createMatrix(4, 2, fillPattern(new Float64Array(8), 1.5));
      const q = createMatrix(4, qc, fillPattern(new Float64Array(4 * qc), 1, 2));
      // Full gradient: differentiate through the denominator.
      const full = implicitLoss(p, q, yn, yd, { stopGradient: false });
      const fullFn = () => implicitLoss(p, q, yn, yd, { stopGradient: false }).value;
      expect(gradientError(fullFn, p.data, Float64Array.from(full.dP.data))).toBeLessThan(1e-6);
      expect(gradientError(fullFn, q.data, Float64Array.from(full.dQ.data))).toBeLessThan(1e-6);
      // Stop-gradient: the analytic gradient is the derivative with the denominators frozen.
      const sg = implicitLoss(p, q, yn, yd);
      const frozen = new Float64Array(8);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 2; j++) {
          const k = i * 2 + j;
          const qv = q.data[qc === 1 ? i : k]!;
          frozen[k] = qv * qv * yd.data[k]! ** 2 + p.data[k]! ** 2 * yn.data[k]! ** 2 + 1e-9;
        }
      const frozenFn = () => {
        let s = 0;
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 2; j++) {
            const k = i * 2 + j;
            const r = p.data[k]! * yd.data[k]! - q.data[qc === 1 ? i : k]! * yn.data[k]!;
            s += (r * r) / frozen[k]!;
          }
        return s / 8;
      };
      expect(frozenFn()).toBeCloseTo(sg.value, 14);
      expect(gradientError(frozenFn, p.data, Float64Array.from(sg.dP.data))).toBeLessThan(1e-6);
      expect(gradientError(frozenFn, q.data, Float64Array.from(sg.dQ.data))).toBeLessThan(1e-6);
    },
  );

  it('margin loss: value, finite-target mask and gradient check', () => {
    const q = matrixFromRows([[0.5e-4], [-0.2e-4], [2e-4], [0.1e-4]]);
    const v = marginLoss(q, 1e-4);
    expect(v.value).toBeCloseTo((0.25e-8 + 0.64e-8 + 0 + 0.81e-8) / 4, 20);
    const masked = marginLoss(q, 1e-4, Float64Array.from([1, 1, 1, 0]));
    expect(masked.value).toBeCloseTo((0.25e-8 + 0.64e-8) / 4, 20);
    const qq = createMatrix(5, 1, Float64Array.from([0.3, -0.2, 0.7, -0.05, 1.2]));
    const mask = Float64Array.from([1, 1, 1, 0, 1]);
    const g = Float64Array.from(marginLoss(qq, 0.5, mask).dQ.data);
    expect(gradientError(() => marginLoss(qq, 0.5, mask).value, qq.data, g)).toBeLessThan(1e-6);
  });

  it('rejection loss: hard coverage, smooth surrogate and gradient check', () => {
    const q = createMatrix(6, 1, Float64Array.from([1e-3, -2e-6, 5e-7, 0, Number.NaN, 3e-6]));
    const r = rejectionLoss(q, { tauInfer: 1e-6, targetCoverage: 0.95 });
    expect(r.coverage).toBeCloseTo(3 / 6, 15);
    expect(r.smoothCoverage).toBeGreaterThan(0);
    expect(r.smoothCoverage).toBeLessThan(1);
    expect(r.value).toBeCloseTo((0.95 - r.smoothCoverage) ** 2, 15);
    const g = Float64Array.from(r.dQ.data);
    const fn = () => rejectionLoss(q, { tauInfer: 1e-6, targetCoverage: 0.95 }).value;
    // Step relative to the scale of Q (1e-6), skipping the exact zero and the NaN.
    const sub = Float64Array.from([q.data[0]!, q.data[1]!, q.data[2]!, q.data[5]!]);
    const idx = [0, 1, 2, 5];
    const sync = () => {
      for (let j = 0; j < idx.length; j++) q.data[idx[j]!] = sub[j]!;
    };
    const fnSub = () => {
      sync();
      return fn();
    };
    const err = gradientError(fnSub, sub, Float64Array.from(idx.map((k) => g[k]!)), 1e-11);
    expect(err).toBeLessThan(1e-6);
    expect(rejectionLoss(createMatrix(2, 1, Float64Array.from([1, 1]))).value).toBe(0);
  });
});
