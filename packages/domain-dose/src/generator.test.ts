import { describe, expect, it } from 'vitest';
import { DOSE_SMOKE_CONFIG } from './config.js';
import {
  ABOVE,
  BELOW,
  fourPl,
  generateDataset,
  IN_RANGE,
  labelOf,
  SPLITS,
  scaleResponse,
  unscaleResponse,
} from './generator.js';

const g = DOSE_SMOKE_CONFIG.generator;

describe('DOSE generator', () => {
  it('4PL: E(EC50) is the midpoint; agonists rise and inhibitors fall', () => {
    const c = { log10Ec50: -7, hill: 1.5, bottom: 4, top: 100 };
    expect(fourPl(-7, c)).toBe(52);
    expect(fourPl(-7, { ...c, inhibitor: true })).toBe(52);
    expect(fourPl(-3, c)).toBeGreaterThan(99.9);
    expect(fourPl(-3, { ...c, inhibitor: true })).toBeLessThan(4.1);
  });

  it('labels against the window and scales it to [−1, 1]', () => {
    expect([labelOf(9.99, g), labelOf(10, g), labelOf(90, g), labelOf(90.01, g)]).toEqual([
      BELOW,
      IN_RANGE,
      IN_RANGE,
      ABOVE,
    ]);
    expect([scaleResponse(10, g), scaleResponse(50, g), scaleResponse(90, g)]).toEqual([-1, 0, 1]);
    expect(unscaleResponse(scaleResponse(37.5, g), g)).toBeCloseTo(37.5, 12);
  });

  it('is deterministic, splits by compound with no leakage, and has all three classes', () => {
    const a = generateDataset(g, 7);
    const b = generateDataset(g, 7);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(generateDataset(g, 8).fingerprint).not.toBe(a.fingerprint);
    const seen = new Map<number, string>();
    for (const s of SPLITS) {
      for (const id of a.splits[s].compound) {
        expect(seen.get(id) ?? s).toBe(s);
        seen.set(id, s);
      }
    }
    expect(seen.size).toBe(g.n_compounds);
    const counts = [0, 0, 0];
    for (const l of a.splits.train.label) counts[l] = (counts[l] ?? 0) + 1;
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(a.splits.train.n).toBe(Math.round(0.6 * g.n_compounds) * g.doses_per_compound);
    expect(a.compounds.some((c) => c.inhibitor) && a.compounds.some((c) => !c.inhibitor)).toBe(
      true,
    );
  });
});
