import { describe, expect, it } from 'vitest';
import { IK_SMOKE_CONFIG } from './config.js';
import {
  addModelDiagnostics,
  bottomReliability,
  bottomScore,
  bucketStats,
  detjBin,
  detjEdges,
  workspaceCell,
  workspaceStats,
} from './diagnostics.js';
import type { IkPredictions } from './ik-model.js';

function pred(bottom: number[], qAbs: number[] | null = null): IkPredictions {
  const n = bottom.length;
  return {
    n,
    decoded: new Float64Array(2 * n),
    bottom: Uint8Array.from(bottom),
    fault: new Uint8Array(n),
    semantic: Uint8Array.from(bottom),
    gap: new Uint8Array(n),
    provenance: Uint8Array.from(bottom, (b) => (b ? 2 : 0)),
    qAbs: qAbs === null ? null : Float64Array.from(qAbs),
  };
}

describe('IK diagnostics', () => {
  it('put end-effector positions in row-major workspace cells, clamped to the grid', () => {
    expect(workspaceCell(-2, -2, 4, 2)).toBe(0);
    expect(workspaceCell(1.9, -2, 4, 2)).toBe(3);
    expect(workspaceCell(-2, 0.1, 4, 2)).toBe(8);
    expect(workspaceCell(2, 2, 4, 2)).toBe(15);
    expect(workspaceCell(5, -5, 4, 2)).toBe(3);
  });

  it('tally buckets and cells as sums that add over seeds', () => {
    const p = pred([1, 0, 0, 0]);
    const errors = Float64Array.from([Number.NaN, 2, 3, 4]);
    const b = bucketStats(p, errors, [0, 0, 4, 4]);
    expect(b[0]).toEqual({
      bucket: 'B0',
      n: 2,
      accepted: 1,
      bottom: 1,
      fault: 0,
      semantic: 1,
      gap: 0,
      sse: 2,
    });
    expect(b[4]).toMatchObject({ n: 2, accepted: 2, sse: 7 });
    const w = workspaceStats(p, errors, [-1.5, -1.5, 1.5, 0.5], [-1.5, -1.5, 1.5, 1.5], 2, 2);
    expect(w).toEqual({
      count: [2, 0, 0, 2],
      accepted: [1, 0, 0, 2],
      bottom: [1, 0, 0, 0],
      sse: [2, 0, 0, 7],
    });
    const one = { has_gate: true, buckets: b, workspace: w, reliability: null };
    const two = addModelDiagnostics(one, one);
    expect(two.buckets[4]).toMatchObject({ n: 4, accepted: 4, sse: 14 });
    expect(two.workspace.count).toEqual([4, 0, 0, 4]);
  });

  it('score the bottom decision σ((ln τ − ln|Q̂|)/T) and count it against |det J| at the pole', () => {
    expect(bottomScore(1e-6, 1e-6, 0.5)).toBe(0.5);
    expect(bottomScore(0, 1e-6, 0.5)).toBe(1);
    expect(bottomScore(Number.NaN, 1e-6, 0.5)).toBe(1);
    expect(bottomScore(1e-6 * Math.exp(0.5), 1e-6, 0.5)).toBeCloseTo(1 / (1 + Math.E), 15);
    const r = bottomReliability(
      pred([1, 1, 0, 0], [1e-9, 1e-9, 1e-3, 1e-9]),
      [0, 0.5, 1e-6, 0.5],
      IK_SMOKE_CONFIG,
    );
    expect(r?.decision).toEqual({
      bottom_pole: 1,
      bottom_regular: 1,
      accept_pole: 1,
      accept_regular: 1,
    });
    expect(r?.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(r?.bins.at(-1)).toMatchObject({ count: 3, positives: 1 });
    expect(bottomReliability(pred([0]), [0], IK_SMOKE_CONFIG)).toBeNull();
  });

  it('bin log10 |det J| from −16 to 0 with open end bins', () => {
    const edges = detjEdges(IK_SMOKE_CONFIG);
    expect(edges.length).toBe(19);
    expect([edges[0], edges.at(-1)]).toEqual([-16, 0]);
    expect([0, 1e-20, 1e-16, 1e-3, 0.9, 1].map((v) => detjBin(v, edges))).toEqual([
      0, 0, 0, 14, 17, 17,
    ]);
  });
});
