import { describe, expect, it } from 'vitest';
import { checkEquivalence, checkNonInferiority } from './non-inferiority.js';
import { createRandomStream } from './random-stream.js';

function simulate(trueRelDiff: number, label: string, reps = 4000, n = 12) {
  const r = createRandomStream(`ni/${label}`);
  let nonInferior = 0;
  let equivalent = 0;
  let covered = 0;
  for (let i = 0; i < reps; i++) {
    // Baseline mean exactly 1 so the relative margin equals the absolute one (0.02).
    const baseline = Array.from({ length: n }, (_, s) => (s % 2 ? 1.05 : 0.95));
    const current = baseline.map((x) => x + trueRelDiff + r.normal(0, 0.03));
    const ni = checkNonInferiority(baseline, current, { margin: 0.02 });
    const eq = checkEquivalence(baseline, current, { margin: 0.02 });
    if (ni.verdict === 'NON_INFERIOR') nonInferior++;
    if (eq.verdict === 'EQUIVALENT') equivalent++;
    if (ni.lowerBound <= trueRelDiff) covered++;
  }
  return {
    nonInferior: nonInferior / reps,
    equivalent: equivalent / reps,
    coverage: covered / reps,
  };
}

const mcError = (p: number, reps = 4000) => 4 * Math.sqrt((p * (1 - p)) / reps);

describe('non-inferiority and TOST', () => {
  it('holds alpha at the margin boundary and covers the one-sided bound at 95%', () => {
    const atBoundary = simulate(-0.02, 'boundary');
    expect(Math.abs(atBoundary.nonInferior - 0.05)).toBeLessThan(mcError(0.05));
    expect(Math.abs(atBoundary.coverage - 0.95)).toBeLessThan(mcError(0.05));
    expect(atBoundary.equivalent).toBeLessThanOrEqual(0.05 + mcError(0.05));
  });

  it('claims non-inferiority and equivalence when nothing changed', () => {
    // n = 30, sd 0.03: the NI t has non-centrality 0.02/(0.03/√30) = 3.65 vs t_crit 1.70,
    // so the normal-approximate power is Φ(1.95) ≈ 0.97 (TOST needs both sides: ≈ 0.95).
    const same = simulate(0, 'same', 4000, 30);
    expect(Math.abs(same.nonInferior - 0.97)).toBeLessThan(0.02);
    expect(same.equivalent).toBeGreaterThan(0.92);
  });

  it('uses the relative margin against |baseline goodness| and the min: direction', () => {
    const baseline = [0.2, 0.21, 0.19, 0.2, 0.2];
    const worse = baseline.map((x) => x + 0.01);
    const r = checkNonInferiority(baseline, worse, { margin: 0.1, metric: 'min:loss' });
    expect(r.marginAbs).toBeCloseTo(0.02, 15);
    expect(r.meanDiff).toBeCloseTo(-0.01, 15);
    expect(r.verdict).toBe('NON_INFERIOR');
    const tight = checkNonInferiority(baseline, worse, {
      margin: 0.01,
      marginKind: 'absolute',
      metric: 'min:loss',
    });
    expect([tight.marginAbs, tight.verdict]).toEqual([0.01, 'INCONCLUSIVE']);
  });
});
