import tCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import { describe, expect, it } from 'vitest';
import { tCdf } from './student-t.js';

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
