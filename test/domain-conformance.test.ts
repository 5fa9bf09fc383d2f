/**
 * The shared conformance suite every domain plugin must pass: determinism for a fixed seed,
 * per-seed results that parse with the domain's schema and the core envelope, declared models
 * and metrics present, metric values finite (or null) and inside their unit's range.
 */
import { describe, expect, it } from 'vitest';
import { DOMAINS } from '../packages/cli/dist/index.js';
import {
  createSeedResultSchema,
  type DomainPlugin,
  formatArtifactJson,
  resolveConfigForTest,
} from './support/domains.js';

for (const { plugin } of DOMAINS as readonly { plugin: DomainPlugin<unknown> }[]) {
  describe(`domain ${plugin.id} conformance`, () => {
    const mode = 'smoke';
    const { config, configHash } = resolveConfigForTest(plugin, mode);
    const run = async (seed: number) =>
      plugin.runSeed({
        domain: plugin.id,
        mode,
        seed,
        config,
        configHash,
        runDir: '/nonexistent',
        progress: () => {},
      });

    it('declares smoke and paper modes, models, metrics and a claimed model', () => {
      expect(Object.keys(plugin.modes)).toEqual(expect.arrayContaining(['smoke', 'paper']));
      expect(plugin.modes.smoke?.seeds.length).toBeGreaterThanOrEqual(5);
      expect(plugin.models.filter((m) => m.role === 'claimed')).toHaveLength(1);
      expect(new Set(plugin.metrics.map((m) => m.key)).size).toBe(plugin.metrics.length);
      for (const claim of plugin.claims) {
        expect(plugin.metrics.map((m) => m.key)).toContain(claim.metric);
        expect(plugin.models.map((m) => m.id)).toContain(claim.claimedModel);
        if (claim.baselineModel)
          expect(plugin.models.map((m) => m.id)).toContain(claim.baselineModel);
      }
    });

    it('gives byte-identical results and files for the same seed, different ones for another seed', async () => {
      const a = await run(1);
      const b = await run(1);
      expect(formatArtifactJson(b.result)).toBe(formatArtifactJson(a.result));
      expect(b.files.map((f) => [f.path, Buffer.from(f.content).toString('base64')])).toEqual(
        a.files.map((f) => [f.path, Buffer.from(f.content).toString('base64')]),
      );
      const c = await run(2);
      expect(c.result.dataset_fingerprint).not.toBe(a.result.dataset_fingerprint);
    });

    it('returns a result that parses with its schema and the core envelope, with sane metrics', async () => {
      const { result, files } = await run(0);
      expect(plugin.seedResultSchema.safeParse(result).success).toBe(true);
      expect(createSeedResultSchema(plugin.id).safeParse(result).success).toBe(true);
      expect(result.seed).toBe(0);
      expect(result.config_hash).toBe(configHash);
      for (const file of files) expect(file.path).not.toMatch(/^\/|(^|\/)\.\.(\/|$)/);
      const trained = plugin.models.filter((m) => !m.modes || m.modes.includes(mode));
      expect(Object.keys(result.runs).sort()).toEqual(trained.map((m) => m.id).sort());
      for (const model of trained) {
        const metrics = result.runs[model.id]?.metrics;
        expect(metrics, model.id).toBeDefined();
        for (const def of plugin.metrics) {
          const value = metrics?.[def.key];
          expect(
            value === null || (typeof value === 'number' && Number.isFinite(value)),
            `${model.id}/${def.key}=${value}`,
          ).toBe(true);
          if (typeof value === 'number' && def.unit === 'fraction') {
            expect(value, `${model.id}/${def.key}`).toBeGreaterThanOrEqual(0);
            expect(value, `${model.id}/${def.key}`).toBeLessThanOrEqual(1);
          }
        }
      }
    });
  });
}
