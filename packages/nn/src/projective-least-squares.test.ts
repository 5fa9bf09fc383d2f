import { describe, expect, it } from 'vitest';
import { liftTargets } from './losses.js';
import { createMatrix, type Matrix } from './matrix.js';
import { PolynomialRationalHead } from './polynomial-rational.js';
import { fitProjectiveLeastSquares } from './projective-least-squares.js';
import { ProjectiveNormalize } from './projective-normalize.js';
import { createRng } from './rng.js';
import { strictDecode } from './strict-decode.js';

/** y = (1 + x·z) / (x − 0.3) on [−1, 1]², with a pole inside the data. */
function poleData(n: number, seed: string): { x: Matrix; y: Matrix } {
  const rng = createRng(seed);
  const x = createMatrix(n, 2);
  const y = createMatrix(n, 1);
  for (let i = 0; i < n; i++) {
    let a = rng.uniformRange(-1, 1);
    if (Math.abs(a - 0.3) < 1e-3) a += 0.01;
    const b = rng.uniformRange(-1, 1);
    x.data[2 * i] = a;
    x.data[2 * i + 1] = b;
    y.data[i] = (1 + a * b) / (a - 0.3);
  }
  return { x, y };
}

function unitLift(y: Matrix) {
  const { yn, yd } = liftTargets(y);
  for (let k = 0; k < yn.data.length; k++) {
    const r = Math.hypot(yn.data[k] as number, yd.data[k] as number);
    yn.data[k] = (yn.data[k] as number) / r;
    yd.data[k] = (yd.data[k] as number) / r;
  }
  return { yn, yd };
}

describe('fitProjectiveLeastSquares', () => {
  it('recovers an exactly rational function, its pole and a unit coefficient vector', () => {
    const { x, y } = poleData(200, 'fit');
    const head = new PolynomialRationalHead(createRng(0), { inputs: 2, degreeP: 2, degreeQ: 1 });
    const { yn, yd } = unitLift(y);
    const fit = fitProjectiveLeastSquares(head, x, yn, yd);
    expect(fit.coefficients).toBe(6 + 3);
    expect(fit.residual).toBeLessThan(1e-12); // eigenvalue rounding ≈ ε·‖M‖
    expect(fit.gap).toBeGreaterThan(1e-3);
    const c = [...head.pCoef.value, ...head.qCoef.value];
    expect(Math.hypot(...c)).toBeCloseTo(1, 14);
    // Monomials 1, x, z, x², xz, z²: P ∝ 1 + xz and Q ∝ x − 0.3, scaled by the same factor.
    const k = (head.pCoef.value[0] as number) / 1;
    expect((head.pCoef.value[4] as number) / k).toBeCloseTo(1, 10);
    expect((head.qCoef.value[0] as number) / k).toBeCloseTo(-0.3, 10);
    expect((head.qCoef.value[1] as number) / k).toBeCloseTo(1, 10);
    for (const idx of [1, 2, 3, 5])
      expect(Math.abs((head.pCoef.value[idx] as number) / k)).toBeLessThan(1e-10);
    const probe = createMatrix(2, 2, Float64Array.from([0.3, 0.5, -0.6, 0.2]));
    const tuple = new ProjectiveNormalize().forward(head.forward(probe));
    const d = strictDecode(tuple.p, tuple.q, { tauInfer: 1e-6 });
    expect(Array.from(d.bottom)).toEqual([1, 0]);
    expect(d.decoded.data[1]).toBeCloseTo((1 - 0.6 * 0.2) / (-0.6 - 0.3), 10);
  });

  it('returns the weighted residual at the solution and ignores rows of weight zero', () => {
    const { x, y } = poleData(120, 'weights');
    for (let i = 0; i < 10; i++) y.data[i] = 5; // corrupted rows …
    const w = Float64Array.from({ length: 120 }, (_, i) => (i < 10 ? 0 : 1)); // … given no weight
    const head = new PolynomialRationalHead(createRng(0), { inputs: 2, degreeP: 2, degreeQ: 1 });
    const { yn, yd } = unitLift(y);
    const fit = fitProjectiveLeastSquares(head, x, yn, yd, { weights: w });
    expect(fit.residual).toBeLessThan(1e-12); // eigenvalue rounding ≈ ε·‖M‖
    const { p, q } = head.forward(createMatrix(1, 2, Float64Array.from([0.8, -0.4])));
    expect((p.data[0] as number) / (q.data[0] as number)).toBeCloseTo((1 - 0.32) / 0.5, 10);
    // Unweighted, the corrupted rows leave a residual equal to Σ (P·Yd − Q·Yn)² at the fit.
    const noisy = fitProjectiveLeastSquares(head, x, yn, yd);
    const out = head.forward(x);
    let direct = 0;
    for (let i = 0; i < 120; i++) {
      const r =
        (out.p.data[i] as number) * (yd.data[i] as number) -
        (out.q.data[i] as number) * (yn.data[i] as number);
      direct += r * r;
    }
    expect(noisy.residual).toBeGreaterThan(1e-6);
    expect(noisy.residual).toBeCloseTo(direct, 12);
  });

  it('is deterministic in sign and refuses targets of the wrong shape', () => {
    const { x, y } = poleData(60, 'sign');
    const { yn, yd } = unitLift(y);
    const a = new PolynomialRationalHead(createRng(1), { inputs: 2, degreeP: 2, degreeQ: 1 });
    const b = new PolynomialRationalHead(createRng(2), { inputs: 2, degreeP: 2, degreeQ: 1 });
    fitProjectiveLeastSquares(a, x, yn, yd);
    fitProjectiveLeastSquares(b, x, yn, yd);
    expect(Array.from(a.pCoef.value)).toEqual(Array.from(b.pCoef.value));
    expect(() => fitProjectiveLeastSquares(a, x, createMatrix(59, 1), yd)).toThrow(
      /targets must be/,
    );
  });
});
