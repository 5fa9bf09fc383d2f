import { describe, expect, it } from 'vitest';
import { RF_SMOKE_CONFIG } from './config.js';
import { logGrid, peakGrid } from './grid.js';

const { data, eval: ev } = RF_SMOKE_CONFIG;

describe('the dense peak grid', () => {
  it('spans [w_min, w_max] in log steps with both ends exact', () => {
    const g = logGrid(0.1, 10, 512);
    expect(g.length).toBe(512);
    expect([g[0], g[511]]).toEqual([0.1, 10]);
    const ratio = (g[1] as number) / (g[0] as number);
    expect((g[300] as number) / (g[299] as number)).toBeCloseTo(ratio, 12);
    expect(ratio).toBeCloseTo(100 ** (1 / 511), 12);
  });

  it('adds ω0 itself and local points across ω0·(1 ± 4/Q), sorted, marking the log-grid points', () => {
    const { omega, onLogGrid } = peakGrid(1.7, 150, data, ev);
    expect(omega.length).toBe(512 + 65);
    expect(Array.from(omega)).toEqual([...omega].sort((a, b) => a - b));
    expect(omega.includes(1.7)).toBe(true);
    const local = Array.from(omega).filter((_, i) => onLogGrid[i] === 0);
    expect(local.length).toBe(65);
    for (const w of local) expect(Math.abs(w - 1.7)).toBeLessThanOrEqual((4 * 1.7) / 150 + 1e-12);
    // The resonance band |ω − ω0| ≤ 2ω0/Q holds about half the local points, the log grid ~2.
    const band = Array.from(omega).filter((w) => Math.abs(w - 1.7) <= (2 * 1.7) / 150);
    expect(band.length).toBeGreaterThanOrEqual(33);
  });

  it('drops local points outside the sweep', () => {
    // Q = 2 puts ω0·(1 ± 2) partly below 0.1 (negative).
    const { omega, onLogGrid } = peakGrid(0.5, 2, data, ev);
    expect(Math.min(...omega)).toBe(0.1);
    expect(Array.from(onLogGrid).filter((x) => x === 0).length).toBeLessThan(65);
  });
});
