import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  artifactPath,
  checkArtifact,
  checkRunDir,
  type DomainPlugin,
  type FileRecord,
  findArtifactSpec,
  formatArtifactJson,
  isArtifactRequired,
  type MetricDefinition,
  parseJsonText,
  runArtifactTable,
  type SeedOutput,
} from '@zpbench/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReportOutput, runBenchmark } from '../run-benchmark.js';
import { resolveConfig } from '../run-config.js';

/** Options of {@link describeDomainConformance}. */
export interface ConformanceOptions {
  /** Modes to run end to end; every mode of the domain by default. */
  readonly modes?: readonly string[];
  /** Renders the reports (the report package's renderer), so report-made files are checked too. */
  readonly renderReport?: (
    plugin: DomainPlugin<unknown>,
    runDir: string,
    files: Readonly<Record<string, FileRecord>>,
  ) => Promise<ReportOutput>;
}

/** Why a metric value is out of range for its unit, or null. */
export function metricRangeProblem(
  def: MetricDefinition,
  value: number | null | undefined,
): string | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `${value} is not a finite number or null`;
  if (def.unit === 'fraction' && (value < 0 || value > 1)) return `${value} is outside [0, 1]`;
  if (def.unit === 'count' && (value < 0 || !Number.isInteger(value)))
    return `${value} is not a count`;
  if (def.unit === 'degrees' && Math.abs(value) > 360)
    return `${value} degrees is outside [-360, 360]`;
  return null;
}

function contentOf(file: SeedOutput['files'][number]): string {
  return Buffer.from(file.content).toString('base64');
}

/**
 * The one conformance suite every domain plugin passes, on its tiny configuration
 * (`plugin.testConfig`): models, metrics and claims declared consistently; byte-identical results
 * and files for the same seed, other data for another; every file a seed writes declared and
 * valid against its schema; metrics finite and in range for their unit; and, per mode, a whole
 * run (seeds inline, aggregation, claims, reports) whose directory has every required file and
 * passes the structural gate.
 * @example
 * for (const domain of await loadDomains()) describeDomainConformance(domain.plugin, { renderReport });
 */
export function describeDomainConformance(
  plugin: DomainPlugin<unknown>,
  options: ConformanceOptions = {},
): void {
  const modes = options.modes ?? Object.keys(plugin.modes);
  const tiny = (mode: string) => {
    const base = plugin.modes[mode]?.config;
    return plugin.testConfig ? plugin.testConfig(mode, base) : base;
  };
  const table = runArtifactTable(plugin.contract);
  const temp = mkdtempSync(join(tmpdir(), `zpb-conformance-${plugin.id}-`));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  describe(`domain ${plugin.id} conformance`, () => {
    it('declares smoke and paper modes, one claimed model, unique metrics and consistent claims', () => {
      expect(plugin.id).toBe(plugin.contract.id);
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
      expect(plugin.testConfig, 'a tiny test configuration (testConfig)').toBeDefined();
    });

    for (const mode of modes) {
      describe(`mode ${mode}`, () => {
        const resolved = resolveConfig(plugin, mode, { config: tiny(mode) });
        const seedOf = (seed: number) =>
          plugin.runSeed({
            domain: plugin.id,
            mode,
            seed,
            config: resolved.config,
            configHash: resolved.configHash,
            parent: null,
            progress: () => {},
          });

        it('gives byte-identical results and files for the same seed, other data for another', async () => {
          const a = await seedOf(1);
          const b = await seedOf(1);
          expect(formatArtifactJson(b.result)).toBe(formatArtifactJson(a.result));
          expect(b.files.map((f) => [f.path, contentOf(f)])).toEqual(
            a.files.map((f) => [f.path, contentOf(f)]),
          );
          const c = await seedOf(2);
          expect(c.result.dataset_fingerprint).not.toBe(a.result.dataset_fingerprint);
        });

        it('writes only declared files, valid against their schemas, and metrics in range for their unit', async () => {
          const { result, files } = await seedOf(0);
          expect(checkArtifact(plugin.contract.seedResult, result).ok).toBe(true);
          expect(result.seed).toBe(0);
          expect(result.config_hash).toBe(resolved.configHash);
          for (const file of files) {
            const found = findArtifactSpec(table, `seed_0/${file.path}`);
            expect(found, `seed_0/${file.path} is declared`).not.toBeNull();
            const schema = found?.spec.schema;
            if (schema) {
              const parsed = checkArtifact(
                schema,
                parseJsonText(Buffer.from(file.content).toString('utf8'), file.path),
              );
              expect(parsed.ok, `${file.path} parses with ${schema.marker}`).toBe(true);
            }
          }
          const trained = plugin.models.filter((m) => !m.modes || m.modes.includes(mode));
          expect(Object.keys(result.runs).sort()).toEqual(trained.map((m) => m.id).sort());
          for (const model of trained) {
            const metrics = result.runs[model.id]?.metrics ?? {};
            for (const def of plugin.metrics) {
              expect(def.key in metrics, `${model.id} reports ${def.key}`).toBe(true);
              expect(
                metricRangeProblem(def, metrics[def.key]),
                `${model.id}/${def.key}`,
              ).toBeNull();
            }
          }
        });

        it('runs end to end into a directory with every required file, which passes the structural gate', async () => {
          const outRoot = join(temp, mode);
          const render = options.renderReport;
          const run = await runBenchmark({
            plugin,
            module: { moduleUrl: 'inline', exportName: 'inline' },
            mode,
            config: tiny(mode),
            seeds: [0, 1, 2, 3, 4].slice(
              0,
              Math.max(2, Math.min(5, plugin.modes[mode]?.seeds.length ?? 2)),
            ),
            outRoot,
            workers: 0,
            argv: [plugin.id, '--mode', mode],
            zpbenchVersion: 'conformance',
            renderReport: render ? (dir, files) => render(plugin, dir, files) : undefined,
          });
          expect(run.seedsFailed).toEqual([]);
          const check = await checkRunDir(outRoot, {
            domains: (id) => (id === plugin.id ? plugin.contract : undefined),
          });
          const reportMade = new Set(['report', 'figure']);
          const problems = check.violations.filter(
            // Without a renderer the report-made files are absent; every other file must hold.
            (v) => render || !reportMade.has(findArtifactSpec(table, v.file)?.spec.role ?? ''),
          );
          expect(problems).toEqual([]);
          for (const spec of plugin.contract.artifacts.filter((s) => isArtifactRequired(s, mode))) {
            const paths = spec.path.includes('{seed}')
              ? run.seedsCompleted.map((seed) => artifactPath(spec, { seed }))
              : [spec.path];
            for (const path of paths)
              expect(run.manifest.artifacts[path], `${path} required in ${mode}`).toBeDefined();
          }
          expect(
            JSON.parse(readFileSync(join(outRoot, 'aggregated/summary.json'), 'utf8')).n_seeds,
          ).toBe(run.seedsCompleted.length);
        });
      });
    }
  });
}
