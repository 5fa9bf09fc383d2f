import { describe, expect, it } from 'vitest';
import { BUCKET_EDGES, bucketLabel, bucketOf } from './buckets.js';
import {
  clipStep,
  conditionNumber,
  distanceToSingularity,
  dlsStep,
  forwardKinematics,
  invStep,
  jacobian,
  jacobianDeterminant,
  type Links,
  type Mat2,
} from './kinematics.js';

const UNIT: Links = { l1: 1, l2: 1 };
const UNEVEN: Links = { l1: 1.3, l2: 0.7 };
const CONFIGS: [number, number][] = [
  [0.3, 1.1],
  [-2.0, 0.4],
  [2.9, -2.7],
  [-0.7, -1.6],
  [1.2, 3.0],
];

function matVec(j: Mat2, v: readonly [number, number]): [number, number] {
  return [j[0] * v[0] + j[1] * v[1], j[2] * v[0] + j[3] * v[1]];
}

describe('forward kinematics', () => {
  it('matches hand values', () => {
    const cases: [Links, number, number, [number, number]][] = [
      [UNIT, 0, 0, [2, 0]],
      [UNIT, Math.PI / 2, 0, [0, 2]],
      [UNIT, 0, Math.PI / 2, [1, 1]],
      [UNIT, Math.PI / 2, -Math.PI / 2, [1, 1]],
      [UNIT, 0, Math.PI, [0, 0]],
      [{ l1: 2, l2: 1 }, Math.PI, Math.PI, [-1, 0]],
      [UNEVEN, Math.PI / 3, Math.PI / 6, [1.3 * 0.5, 1.3 * (Math.sqrt(3) / 2) + 0.7]],
    ];
    for (const [links, a, b, [x, y]] of cases) {
      const [fx, fy] = forwardKinematics(links, a, b);
      expect(fx).toBeCloseTo(x, 14);
      expect(fy).toBeCloseTo(y, 14);
    }
  });
});

describe('the Jacobian', () => {
  it('equals central differences of FK', () => {
    const h = 1e-6;
    for (const links of [UNIT, UNEVEN]) {
      for (const [a, b] of CONFIGS) {
        const j = jacobian(links, a, b);
        const [xa1, ya1] = forwardKinematics(links, a + h, b);
        const [xa0, ya0] = forwardKinematics(links, a - h, b);
        const [xb1, yb1] = forwardKinematics(links, a, b + h);
        const [xb0, yb0] = forwardKinematics(links, a, b - h);
        const fd = [
          (xa1 - xa0) / (2 * h),
          (xb1 - xb0) / (2 * h),
          (ya1 - ya0) / (2 * h),
          (yb1 - yb0) / (2 * h),
        ];
        for (let k = 0; k < 4; k++)
          expect(Math.abs((j[k] as number) - (fd[k] as number))).toBeLessThan(1e-9);
      }
    }
  });

  it('has det J = L1·L2·sin θ2, the determinant of its entries, zero at θ2 = 0 and ±π', () => {
    for (const links of [UNIT, UNEVEN]) {
      for (const [a, b] of CONFIGS) {
        const j = jacobian(links, a, b);
        const det = jacobianDeterminant(links, b);
        expect(det).toBeCloseTo(links.l1 * links.l2 * Math.sin(b), 15);
        expect(j[0] * j[3] - j[1] * j[2]).toBeCloseTo(det, 14);
      }
    }
    expect(jacobianDeterminant(UNIT, 0)).toBe(0);
    expect(Math.abs(jacobianDeterminant(UNIT, Math.PI))).toBeLessThan(2e-16);
    expect(jacobianDeterminant(UNEVEN, Math.PI / 2)).toBeCloseTo(0.91, 15);
  });

  it('has condition number σ_max/σ_min from the singular values, +∞ at a singularity', () => {
    // At θ1 = 0, θ2 = π/2 (unit links): J = [[−1, −1], [1, 0]], JᵀJ = [[2, 1], [1, 1]],
    // eigenvalues (3 ± √5)/2, so cond = √((3 + √5)/(3 − √5)) = (3 + √5)/2.
    const j = jacobian(UNIT, 0, Math.PI / 2);
    expect(j[0]).toBeCloseTo(-1, 15);
    expect(conditionNumber(j, jacobianDeterminant(UNIT, Math.PI / 2))).toBeCloseTo(
      (3 + Math.sqrt(5)) / 2,
      12,
    );
    expect(conditionNumber(jacobian(UNIT, 0.4, 0), 0)).toBe(Number.POSITIVE_INFINITY);
    // Near a singularity it grows like σ_max²/|det| with σ_max² → ‖J‖²_F = 5 at θ2 = 0.
    const tiny = Math.asin(1e-9);
    expect(conditionNumber(jacobian(UNIT, 0.4, tiny), jacobianDeterminant(UNIT, tiny))).toBeCloseTo(
      5e9,
      -3,
    );
  });

  it('has distance to singularity min(|θ2|, |θ2 − π|, |θ2 + π|)', () => {
    expect(distanceToSingularity(0.25)).toBe(0.25);
    expect(distanceToSingularity(-0.25)).toBe(0.25);
    expect(distanceToSingularity(3)).toBeCloseTo(Math.PI - 3, 15);
    expect(distanceToSingularity(-3)).toBeCloseTo(Math.PI - 3, 15);
    expect(distanceToSingularity(Math.PI / 2)).toBeCloseTo(Math.PI / 2, 15);
    expect(distanceToSingularity(Math.PI)).toBe(0);
  });
});

describe('the target steps', () => {
  it('DLS solves the normal equations (JᵀJ + λ²I)Δθ = Jᵀd', () => {
    for (const lambda of [0.01, 0.3]) {
      for (const [a, b] of [
        ...CONFIGS,
        [0.5, 0] as [number, number],
        [0.5, 1e-7] as [number, number],
      ]) {
        const j = jacobian(UNEVEN, a, b);
        const d: [number, number] = [0.07, -0.04];
        const step = dlsStep(j, d[0], d[1], lambda);
        const jtj = [
          j[0] * j[0] + j[2] * j[2],
          j[0] * j[1] + j[2] * j[3],
          j[1] * j[1] + j[3] * j[3],
        ];
        const lhs = [
          (jtj[0] as number) * step[0] + (jtj[1] as number) * step[1] + lambda * lambda * step[0],
          (jtj[1] as number) * step[0] + (jtj[2] as number) * step[1] + lambda * lambda * step[1],
        ];
        const rhs = [j[0] * d[0] + j[2] * d[1], j[1] * d[0] + j[3] * d[1]];
        // The closed-form inverse cancels digits near a singularity, where det(JJᵀ + λ²I) ≈
        // λ²‖J‖²_F = 5e-4 against entries of about 5: a residual of 1e-11 on |Jᵀd| ≈ 0.1.
        const scale = 1e-11;
        expect(Math.abs((lhs[0] as number) - (rhs[0] as number))).toBeLessThan(scale);
        expect(Math.abs((lhs[1] as number) - (rhs[1] as number))).toBeLessThan(scale);
      }
    }
  });

  it('DLS tends to the exact inverse away from singularities and stays bounded by |d|/(2λ) at one', () => {
    const j = jacobian(UNIT, 0.3, 1.1);
    const [ex, ey] = matVec(j, dlsStep(j, 0.05, 0.02, 1e-6));
    expect(ex).toBeCloseTo(0.05, 10);
    expect(ey).toBeCloseTo(0.02, 10);
    const js = jacobian(UNIT, 0.3, 0);
    const s = dlsStep(js, 0, 0.1, 0.01);
    expect(Math.hypot(s[0], s[1])).toBeLessThanOrEqual(0.1 / (2 * 0.01) + 1e-12);
  });

  it('inv inverts J exactly away from singularities', () => {
    for (const [a, b] of CONFIGS) {
      const j = jacobian(UNEVEN, a, b);
      const step = invStep(j, jacobianDeterminant(UNEVEN, b), 0.07, -0.04, 1e-8);
      const [ex, ey] = matVec(j, step);
      expect(ex).toBeCloseTo(0.07, 13);
      expect(ey).toBeCloseTo(-0.04, 13);
    }
  });

  it('inv floors |det| at max(inv_det_min, 1e-15), keeps its sign and takes sign(0) = +', () => {
    const j = jacobian(UNIT, 0.3, 0);
    // adj(J)·d at θ2 = 0: J = [[−2 s1, −s1], [2 c1, c1]], adj = [[c1, s1], [−2c1, −2s1]].
    const c1 = Math.cos(0.3);
    const s1 = Math.sin(0.3);
    const at0 = invStep(j, 0, 0.1, 0.2, 1e-8);
    expect(at0[0]).toBeCloseTo((c1 * 0.1 + s1 * 0.2) / 1e-8, 3);
    expect(at0[1]).toBeCloseTo((-2 * c1 * 0.1 - 2 * s1 * 0.2) / 1e-8, 3);
    const negative = invStep(j, -1e-12, 0.1, 0.2, 1e-8);
    expect(negative[0]).toBeCloseTo(-at0[0], 3);
    const floorOnly = invStep(j, 0, 0.1, 0.2, 1e-30);
    expect(floorOnly[0]).toBeCloseTo((c1 * 0.1 + s1 * 0.2) / 1e-15, -4);
  });

  it('clips a step to a norm bound and leaves shorter steps alone', () => {
    const [a, b] = clipStep([3, 4], 1);
    expect(a).toBeCloseTo(0.6, 15);
    expect(b).toBeCloseTo(0.8, 15);
    expect(clipStep([0.3, 0.4], 1)).toEqual([0.3, 0.4]);
  });
});

describe('the |det J| buckets', () => {
  it('are [0, 1e-5], (1e-5, 1e-4], (1e-4, 1e-3], (1e-3, 1e-2], (1e-2, ∞)', () => {
    const up = (x: number) => x * (1 + Number.EPSILON);
    expect(BUCKET_EDGES).toEqual([0, 1e-5, 1e-4, 1e-3, 1e-2]);
    expect(
      [0, 1e-5, up(1e-5), 1e-4, up(1e-4), 1e-3, up(1e-3), 1e-2, up(1e-2), 1].map((x) =>
        bucketOf(x),
      ),
    ).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(bucketOf(Number.POSITIVE_INFINITY)).toBe(4);
    expect(bucketOf(Number.NaN)).toBe(-1);
    expect([0, 1, 4].map((k) => bucketLabel(k))).toEqual([
      '[0, 0.00001]',
      '(0.00001, 0.0001]',
      '(0.01, ∞)',
    ]);
  });
});
