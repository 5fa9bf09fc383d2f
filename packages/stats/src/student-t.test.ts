import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import tCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { tCdf, tQuantile } from './student-t.js';
import { T_QUANTILE_P05 } from './t-quantile-table.generated.js';

describe('tQuantile', () => {
  it('reads stdlib’s quantile at p = 0.05 bit for bit from its table, df 1…200', () => {
    expect(T_QUANTILE_P05).toHaveLength(200);
    const differing = [];
    for (let df = 1; df <= 200; df++) {
      const want = tQuantileStdlib(0.05, df);
      if (!Object.is(tQuantile(0.05, df), want) || !Object.is(T_QUANTILE_P05[df - 1], want))
        differing.push(df);
    }
    expect(differing).toEqual([]);
    // The table's scipy values at two df (t.ppf(0.05, 11), t.ppf(0.05, 29)).
    expect(tQuantile(0.05, 11)).toBeCloseTo(-1.795884818704044, 14);
    expect(tQuantile(0.05, 29)).toBeCloseTo(-1.6991270265334977, 14);
  });

  it('falls back to stdlib off the table (other p, fractional or large df)', () => {
    for (const [p, df] of [
      [0.05, 201],
      [0.05, 7.5],
      [0.01, 11],
      [0.975, 4],
    ] as const) {
      expect(Object.is(tQuantile(p, df), tQuantileStdlib(p, df))).toBe(true);
    }
  });

  it('is what build-t-table.mjs writes (the committed table is not stale)', () => {
    const script = fileURLToPath(new URL('../scripts/build-t-table.mjs', import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});

describe('tCdf', () => {
  it('agrees with 40-digit mpmath values to 1e-13 relative', () => {
    // mpmath: betainc(ν/2, ½, 0, ν/(ν+t²), regularized=True)/2 for t < 0 (one minus it above).
    for (const [nu, t, exact] of [
      [1, -40.0, 0.007956089912025814],
      [1, -0.5, 0.35241638234956674],
      [2, -12.0, 0.00343646683857923],
      [3, -2.5, 0.04385332350403277],
      [4, -0.1, 0.4625779204697266],
      [5, -2.0, 0.05096973941492918],
      [9, -1.8331129326562376, 0.04999999999999996],
      [9, -30.0, 1.2418523520791312e-10],
      [11, -3.0, 0.006039919735960683],
      [11, 2.5, 0.9852468129563179],
      [29, -1.6991270265334977, 0.05000000000000001],
      [29, -9.0, 3.404952312873089e-10],
      [40, -0.7, 0.24398938938030082],
      [60, -8.5, 3.454066608256585e-12],
      [100, -1.2, 0.11648728360912085],
      [150, -5.0, 7.905907952881083e-7],
      [180, -1.711, 0.04440189723316702],
      [200, -25.0, 9.269548053746262e-64],
      [7, 0.0, 0.5],
      [19, 7.9, 0.9999998990396074],
    ] as const) {
      expect({ nu, t, ok: Math.abs(tCdf(t, nu) / exact - 1) < 1e-13 }).toEqual({ nu, t, ok: true });
    }
  });

  it('agrees with stdlib on a dense grid of df 1–200 and t from −60 to 20, and at the edges', () => {
    let worst = 0;
    for (let nu = 1; nu <= 200; nu += nu < 40 ? 1 : 7) {
      for (let t = -60; t <= 20; t += t < -10 || t > 10 ? 0.37 : 0.031) {
        const want = tCdfStdlib(t, nu);
        if (want > 1e-290) worst = Math.max(worst, Math.abs(tCdf(t, nu) / want - 1));
      }
    }
    expect(worst).toBeLessThan(2e-13);
    expect([tCdf(-Infinity, 5), tCdf(Infinity, 5), tCdf(0, 5), tCdf(Number.NaN, 5)]).toEqual([
      0,
      1,
      0.5,
      Number.NaN,
    ]);
    // Non-integer or large df: stdlib's general routine.
    expect(tCdf(-2, 4.5)).toBe(tCdfStdlib(-2, 4.5));
    expect(tCdf(-2, 1000)).toBe(tCdfStdlib(-2, 1000));
  });
});
