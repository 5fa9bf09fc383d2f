import { describe, expect, it } from 'vitest';
import { RepSimulator, readSimBaseline } from './_power-simulator.js';
import { createRandomStream } from './random-stream.js';
import type { SlotMatrix } from './slot-matrix.js';

const r0 = createRandomStream('sim-baseline');
const baseline: SlotMatrix = {
  metrics: ['acc', 'min:loss', 'f1'].map((metric, m) => ({
    metric,
    values: Array.from({ length: 60 }, () => {
      const offset = r0.normal(0, 0.02);
      return Array.from(
        { length: 12 },
        (_, t) => 0.5 + 0.1 * m + offset + r0.normal(0, 0.03 + 0.002 * t),
      );
    }),
  })),
};

describe('RepSimulator.restrict', () => {
  it('never changes a verdict inside its bracket (Monte Carlo and exact, with and without min_effect)', () => {
    const base = readSimBaseline(baseline);
    let pruned = 0;
    const total = 0;
    const outcomes = new Set<boolean>();
    for (const [n, nPerm, minEffect] of [
      [20, 200, null],
      [12, 300, 0.01],
      [7, 200, null],
    ] as const) {
      const sim = new RepSimulator(base, n, { alpha: 0.05, nPerm, minEffect }, 'restrict');
      for (let r = 0; r < 8; r++) {
        sim.prepare(r);
        const grid = Array.from({ length: 12 }, (_, i) => 0.002 * 1.35 ** i);
        const full = grid.map((c) => sim.failsAt(c));
        for (const f of full) outcomes.add(f);
        for (let i = 0; i + 2 < grid.length; i += 2) {
          sim.restrict(grid[i]!, grid[i + 2]!);
          pruned +=
            sim.patterns - Math.max(0, (sim as unknown as { activeCount: number }).activeCount);
          const inside = [i, i + 1, i + 2].map((j) => sim.failsAt(grid[j]!));
          expect({ n, r, i, inside }).toEqual({ n, r, i, inside: full.slice(i, i + 3) });
          sim.unrestrict();
        }
      }
    }
    // The grid spans PASS and FAIL, and the bound leaves most patterns out.
    expect([...outcomes].sort()).toEqual([false, true]);
    expect(pruned / total).toBeGreaterThan(0.5);
  });
});
