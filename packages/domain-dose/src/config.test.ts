import { configHash } from '@zpbench/core';
import { describe, expect, it } from 'vitest';
import { doseConfigSchema } from './config.js';
import { doseDomain as domain } from './domain.js';

describe('DOSE config', () => {
  it('every mode config parses, splits sum to one, and the modes hash differently', () => {
    const hashes = new Set<string>();
    for (const mode of Object.values(domain.modes)) {
      const config = doseConfigSchema.parse(mode.config);
      const f = config.generator.split_fractions;
      expect(f.train + f.val + f.calibration + f.test).toBeCloseTo(1, 12);
      expect(
        config.generator.mixing.every((row) => row.length === config.generator.n_descriptors),
      ).toBe(true);
      expect(config.tau_sweep).toContain(config.tau_infer);
      expect(config.tau_train).toBeGreaterThan(config.tau_infer);
      hashes.add(configHash({ mode: mode.id, config }));
    }
    expect(hashes.size).toBe(3);
    expect(domain.modes.smoke?.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(domain.modes.paper?.seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects unknown keys, so every constant is declared (and hashed)', () => {
    const smoke = domain.modes.smoke?.config;
    expect(doseConfigSchema.safeParse({ ...smoke, extra: 1 }).success).toBe(false);
  });
});
