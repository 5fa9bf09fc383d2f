import { describe, expect, it } from 'vitest';
import { calibrateTests, PYBENCH_PART2_RATES, sampleLossCurves } from './calibrate.js';
import { createRandomStream } from './random-stream.js';

describe('sampleLossCurves', () => {
  it('draws the step noise first and the seed offset last, only when seed_sigma ≠ 0', () => {
    const plain = sampleLossCurves(createRandomStream('s'), 2, 3, 0);
    const offset = sampleLossCurves(createRandomStream('s'), 2, 3, 0.05);
    // Same noise draws; the second adds one N(0, 0.05) per seed drawn after all the noise.
    const r = createRandomStream('s');
    for (let i = 0; i < 6; i++) r.normal(0, 0.05);
    const o = [r.normal(0, 0.05), r.normal(0, 0.05)];
    expect(offset.map((row, s) => row.map((x, t) => x - plain[s]![t]!))).toEqual(
      o.map((v) => [0, 1, 2].map(() => expect.closeTo(v, 15))),
    );
    // Mean curve exp(−t/30) + 0.10 at t = 0 is 1.10.
    expect(Math.abs(plain[0]![0]! - 1.1)).toBeLessThan(0.3);
  });
});

describe('calibrateTests', () => {
  it("agrees with pybench's documented rates within Monte-Carlo error (60 replications)", () => {
    const reps = 60;
    const report = calibrateTests({ replications: reps });
    for (const [test, byCase] of Object.entries(PYBENCH_PART2_RATES)) {
      for (const [c, ref] of Object.entries(byCase)) {
        const got = report.rates[test]![c]!.rate;
        // Both are binomial estimates of the same rate: 4 standard errors of ours, plus
        // pybench's own (200 replications), plus one replication's worth for rates at 0 or 1.
        const bound = 4 * Math.sqrt((ref * (1 - ref)) / reps + (ref * (1 - ref)) / 200) + 1 / reps;
        expect({ test, c, got, ok: Math.abs(got - ref) <= bound }).toEqual({
          test,
          c,
          got,
          ok: true,
        });
      }
    }
    // zpbench's unpaired test on the same data: calibrated, and it keeps the magnitude.
    const unpaired = report.rates['unpaired-severity']!;
    expect(unpaired['null-correlated']!.rate).toBeLessThanOrEqual(
      0.05 + 3 * Math.sqrt(0.0475 / reps),
    );
    expect(unpaired.global!.rate).toBeGreaterThan(0.85);
    expect(unpaired.local!.rate).toBeGreaterThan(0.85);
    const again = calibrateTests({ replications: reps, cases: ['local'] });
    expect(again.rates.severity!.local).toEqual(report.rates.severity!.local);
  });
});
