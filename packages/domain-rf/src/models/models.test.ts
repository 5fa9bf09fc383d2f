import { ComplexRationalHead, createMatrix, createRng, hashCheckpoint } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { RF_SMOKE_CONFIG, type RfConfig } from '../config.js';
import { generateDataset } from '../generator.js';
import { resonatorResponse } from '../resonator.js';
import { analyticResonator } from './analytic.js';
import { trainMlp } from './mlp-model.js';
import { trainRationalTransfer } from './rational-transfer.js';
import { filterInputs, predictInBatches, sliceInputs, splitInputs } from './rf-model.js';
import { trainScmBasic } from './scm-basic.js';
import { conditioningFeatures, trainScmTransfer } from './scm-transfer.js';

const config: RfConfig = {
  ...RF_SMOKE_CONFIG,
  data: {
    ...RF_SMOKE_CONFIG.data,
    n_filters_train: 24,
    n_filters_val: 6,
    n_filters_test: 8,
    points_per_filter: 16,
  },
  models: { ...RF_SMOKE_CONFIG.models, hidden: 8 },
  train: { ...RF_SMOKE_CONFIG.train, steps: 40, batch_size: 32 },
};
const data = generateDataset(config.data, 5);
const TRAINERS = [
  ['mlp', trainMlp],
  ['rational_eps', trainRationalTransfer],
  ['scm_basic', trainScmBasic],
  ['scm_transfer', trainScmTransfer],
] as const;

describe('RF models', () => {
  it.each(TRAINERS)('%s trains deterministically for exactly the step budget', (_id, train) => {
    const a = train(config, data, createRng('m'));
    const b = train(config, data, createRng('m'));
    const c = train(config, data, createRng('n'));
    expect(hashCheckpoint(a.checkpoint()!)).toBe(hashCheckpoint(b.checkpoint()!));
    expect(hashCheckpoint(c.checkpoint()!)).not.toBe(hashCheckpoint(a.checkpoint()!));
    expect(a.train).toMatchObject({ steps: 40, batch_size: 32 });
    // 24 filters × 16 points = 384 rows, 12 steps per epoch: epochs 0…3, the last partial.
    expect(a.trainLog.map((e) => e.step)).toEqual([12, 24, 36, 40]);
    for (const entry of a.trainLog) {
      expect(Number.isFinite(entry.metrics.train_mse)).toBe(true);
      expect(Number.isFinite(entry.metrics.val_mse)).toBe(true);
    }
  });

  it('have the parameter counts of their architectures (matched within a few percent)', () => {
    const h = 8;
    const counts = Object.fromEntries(
      TRAINERS.map(([id, train]) => [id, train(config, data, createRng('p')).nParams]),
    );
    expect(counts).toEqual({
      mlp: 3 * h + h + h * h + h + 2 * h + 2, // 3 → h → h → 2
      rational_eps: 3 * h + h + h * h + h + 5 * h + 5, // 3 → h → h → 5 coefficients
      // 3 → h → h → 1 latent, two heads of 7 numerator and 7 denominator coefficients each.
      scm_basic: 3 * h + h + h * h + h + h + 1 + 2 * 7 + 2 * 7,
      scm_transfer: 2 * h + h + h * h + h + 5 * h + 5, // 2 → h → h → 5 coefficients
    });
    // At the paper width 128 the four lie within 3% of each other.
    const at = (w: number) => [
      w * w + 7 * w + 2,
      w * w + 10 * w + 5,
      w * w + 6 * w + 29,
      w * w + 9 * w + 5,
    ];
    const paper = at(128);
    expect((Math.max(...paper) - Math.min(...paper)) / Math.min(...paper)).toBeLessThan(0.03);
  });

  it.each(TRAINERS)('%s predicts the same bits in any batch size', (_id, train) => {
    const model = train(config, data, createRng('b'));
    const inputs = splitInputs(data.splits.test);
    const whole = model.predict(inputs);
    const byOne = predictInBatches(inputs, 1, (chunk) => model.predict(chunk), whole.qAbs !== null);
    expect(Array.from(byOne.re)).toEqual(Array.from(whole.re));
    expect(Array.from(byOne.im)).toEqual(Array.from(whole.im));
    expect(Array.from(byOne.bottom)).toEqual(Array.from(whole.bottom));
    expect(Array.from(byOne.qAbs ?? [])).toEqual(Array.from(whole.qAbs ?? []));
    const part = model.predict(sliceInputs(inputs, 3, 9));
    expect(Array.from(part.re)).toEqual(Array.from(whole.re.subarray(3, 9)));
  });

  it('SCM-Transfer is a rational function of jω whose coefficients depend on (ω0, Q) only', () => {
    const model = trainScmTransfer(config, data, createRng('t'));
    const omega = Float64Array.from([0.2, 0.9, 3.1, 7.5]);
    const p = model.predict(filterInputs(omega, 1.4, 60));
    // Recover the five coefficients from the response at five frequencies and predict a sixth:
    // fit P and monic Q through H(jω)·Q(jω) = P(jω), then compare at ω = 2.2.
    const five = Float64Array.from([0.3, 0.7, 1.2, 2.0, 4.0]);
    const at = model.predict(filterInputs(five, 1.4, 60));
    // Solve the linear system in [a0, a1, a2, b0, b1]: a0 + a1 s + a2 s² − H·(b0 + b1 s) = H·s².
    const rows: number[][] = [];
    const rhs: number[] = [];
    five.forEach((w, k) => {
      const h = [at.re[k] as number, at.im[k] as number];
      // Re and Im parts of each term for s = jw.
      const s2 = -w * w;
      rows.push([1, 0, s2, -h[0]!, w * h[1]!]);
      rhs.push(h[0]! * s2);
      rows.push([0, w, 0, -h[1]!, -w * h[0]!]);
      rhs.push(h[1]! * s2);
    });
    const x = leastSquares(rows, rhs);
    const head = new ComplexRationalHead({ degreeP: 2, degreeQ: 2 });
    const check = head.forward(createMatrix(1, 5, Float64Array.from(x)), Float64Array.from([0.9]));
    expect(check.h.data[0]).toBeCloseTo(p.re[1] as number, 6);
    expect(check.h.data[1]).toBeCloseTo(p.im[1] as number, 6);
    // The fitted denominator coefficients are positive (softplus), the poles stable.
    expect(x[3]).toBeGreaterThan(0);
    expect(x[4]).toBeGreaterThan(0);
  });

  it('conditioning features follow §5.2', () => {
    expect(conditioningFeatures('logw0_logq', 10, 100)).toEqual([1, 2]);
    expect(conditioningFeatures('logw0_invq', 10, 4)).toEqual([1, 0.25]);
    expect(conditioningFeatures('w0_invq', 2, 4)).toEqual([2, 0.25]);
    expect(conditioningFeatures('logw0_damping', 10, 4)).toEqual([1, 2.5]);
    expect(conditioningFeatures('w0_damping', 2, 4)).toEqual([2, 0.5]);
  });

  it('the analytic reference is the exact resonator and its true |Q(jω)|', () => {
    const omega = Float64Array.from([0.5, 1.7]);
    const p = analyticResonator().predict(filterInputs(omega, 1.7, 12));
    expect(p.re[1]).toBeCloseTo(0, 12);
    expect(p.im[1]).toBeCloseTo(-12, 10);
    expect([p.re[0], p.im[0]]).toEqual(resonatorResponse(0.5, 1.7, 12));
    expect(p.qAbs?.[1]).toBeCloseTo((1.7 * 1.7) / 12, 12);
    expect(analyticResonator().checkpoint()).toBeNull();
  });
});

/** Least squares by the normal equations and Gaussian elimination (small, well-posed systems). */
function leastSquares(a: number[][], b: number[]): number[] {
  const n = a[0]!.length;
  const m = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) =>
      a.reduce((s, row, k) => s + row[i]! * (j < n ? row[j]! : b[k]!), 0),
    ),
  );
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j] = m[r]![j]! - f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
