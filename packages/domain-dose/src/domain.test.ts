import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configHash,
  doseDiagnosticsV1Schema,
  type SeedContext,
  type SeedOutput,
  type SummaryV1,
} from '@zpbench/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundle, predict } from './bundle.js';
import { DOSE_SMOKE_CONFIG, type DoseConfig, doseConfigSchema } from './config.js';
import { domain } from './domain.js';
import { generateDataset } from './generator.js';

// A tiny configuration so the conformance suite stays fast; the code paths are the smoke ones.
const TINY: DoseConfig = {
  ...DOSE_SMOKE_CONFIG,
  generator: { ...DOSE_SMOKE_CONFIG.generator, n_compounds: 40 },
  models: { ...DOSE_SMOKE_CONFIG.models, hidden: 8, ensemble_hidden: 4 },
  train: {
    ...DOSE_SMOKE_CONFIG.train,
    steps: 60,
    batch_size: 16,
    log_every: 20,
    dirhead_steps: 40,
  },
};

function context(seed: number, config: DoseConfig, mode = 'smoke'): SeedContext<DoseConfig> {
  return {
    domain: 'dose',
    mode,
    seed,
    config,
    configHash: configHash(config),
    runDir: '/nonexistent',
    progress: () => {},
  };
}

function snapshot(out: SeedOutput): string {
  return JSON.stringify({
    result: out.result,
    files: out.files.map((f) => [f.path, f.role, f.model ?? null, String(f.content)]),
  });
}

const RATE_KEYS = [
  'macro_f1',
  'false_in_range_rate_on_censored',
  'false_censored_rate_on_in_range',
  'direction_only_macro_f1_on_censored',
  'accept_rate',
  'bottom_rate',
  'fault_rate',
  'semantic_bottom_rate',
  'gap_rate',
];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dose domain conformance', () => {
  const first = domain.runSeed(context(3, TINY)) as SeedOutput;

  it('is deterministic: the same seed twice gives byte-identical results and sidecars', () => {
    const second = domain.runSeed(context(3, TINY)) as SeedOutput;
    expect(snapshot(second)).toBe(snapshot(first));
  });

  it('returns a result that parses with the dose seed schema, with every model and finite in-range metrics', () => {
    const result = domain.seedResultSchema.parse(first.result);
    expect(Object.keys(result.runs)).toEqual(['scm', 'rational_eps', 'eps_ensemble', 'mlp']);
    for (const run of Object.values(result.runs)) {
      for (const key of RATE_KEYS) {
        const v = run.metrics[key];
        if (v === null || v === undefined) continue;
        expect(Number.isFinite(v) && v >= 0 && v <= 1, `${key} = ${v}`).toBe(true);
      }
      const mae = run.metrics.finite_mae;
      if (mae !== null && mae !== undefined) expect(mae).toBeGreaterThanOrEqual(0);
      expect(run.metrics.accept_rate! + run.metrics.bottom_rate!).toBeCloseTo(1, 12);
      expect(run.train.steps).toBe(TINY.train.steps);
    }
    expect(result.runs.scm?.metrics.gap_rate).not.toBeNull();
    expect(result.runs.mlp?.metrics.gap_rate).toBeNull();
    expect(doseConfigSchema.parse(TINY)).toEqual(TINY);
  });

  it('writes diagnostics that validate, checkpoints whose hashes the result records, and a loadable SCM bundle', () => {
    const diag = first.files.find((f) => f.path === 'dose_diagnostics.json');
    const parsed = doseDiagnosticsV1Schema.parse(JSON.parse(String(diag?.content)));
    expect(Object.keys(parsed.models)).toEqual(['scm', 'rational_eps', 'eps_ensemble', 'mlp']);
    expect(parsed.models.scm?.tau_sweep).toHaveLength(TINY.tau_sweep.length);
    expect(first.result.runs.scm?.checkpoint?.path).toBe('seed_3/checkpoints/scm.json');

    const dir = mkdtempSync(join(tmpdir(), 'dose-bundle-'));
    dirs.push(dir);
    for (const f of first.files.filter((x) => x.path.startsWith('bundles/scm/'))) {
      writeFileSync(join(dir, f.path.slice('bundles/scm/'.length)), f.content);
    }
    const bundle = loadBundle(dir);
    const data = generateDataset(TINY.generator, 3);
    const test = data.splits.test;
    const inputs = Array.from({ length: test.n }, (_, i) => ({
      descriptors: data.compounds[test.compound[i] as number]?.descriptors ?? [],
      log10Dose: test.log10Dose[i] as number,
    }));
    const out = predict(bundle, inputs);
    const accepted = out.bottom_mask.filter((b) => !b).length / test.n;
    expect(accepted).toBeCloseTo(first.result.runs.scm?.metrics.accept_rate as number, 10);
    expect(
      out.label.every((l, i) => (out.bottom_mask[i] ? l !== 'in_range' : l === 'in_range')),
    ).toBe(true);
    writeFileSync(join(dir, 'params.json'), '{"sizes":[],"params":[]}\n');
    expect(() => loadBundle(dir)).toThrow(/does not match bundle.json/);
  });

  it('aggregates into diagnostics, operating points and Pareto fronts', () => {
    const second = domain.runSeed(context(4, TINY)) as SeedOutput;
    const outputs = new Map([
      [3, first],
      [4, second],
    ]);
    const files = domain.aggregate?.({
      mode: 'smoke',
      config: TINY,
      configHash: configHash(TINY),
      seeds: [3, 4],
      seedResults: new Map([...outputs].map(([s, o]) => [s, o.result])),
      readSeedFile: (seed, path) => {
        const f = outputs.get(seed)?.files.find((x) => x.path === path);
        return f ? String(f.content) : null;
      },
    });
    expect(files?.map((f) => f.path)).toEqual([
      'aggregated/dose_diagnostics.json',
      'aggregated/dose_operating_points.json',
      'aggregated/dose_operating_points.md',
      'aggregated/dose_pareto_front.json',
      'aggregated/dose_pareto_front.md',
    ]);
    const agg = doseDiagnosticsV1Schema.parse(JSON.parse(files?.[0]?.content ?? '{}'));
    expect(agg.scope).toBe('aggregated');
    const ops = JSON.parse(files?.[1]?.content ?? '{}');
    expect(Object.keys(ops.presets)).toEqual(['safety_first', 'accuracy_first', 'direction_aware']);
    expect(ops.split_provenance.map((p: { seed: number }) => p.seed)).toEqual([3, 4]);
    const pareto = JSON.parse(files?.[3]?.content ?? '{}');
    expect(Object.keys(pareto.fronts)).toEqual([
      'safety_vs_coverage',
      'safety_vs_accuracy',
      'direction_vs_regression',
    ]);

    const runFiles = new Map(files?.map((f) => [f.path, f.content]));
    const perSeed = [...outputs].flatMap(([seed, o]) =>
      Object.entries(o.result.runs).map(([model, run]) => ({ seed, model, metrics: run.metrics })),
    );
    const figures = domain.figurePack?.({
      summary: { per_seed: perSeed } as unknown as SummaryV1,
      seeds: [3, 4],
      readRunFile: (path) => runFiles.get(path) ?? null,
    });
    expect(figures?.map((f) => f.path.replace('figures/dose_figure_pack/', ''))).toEqual([
      'threshold_sweeps.svg',
      'censored_direction_confusion.svg',
      'assay_limit_edge_cases.svg',
      'q_abs_histogram.svg',
      'macro_f1_vs_finite_mae.svg',
      'provenance_split_bottoms.svg',
    ]);
    const sweep = figures?.[0]?.spec as { data: { values: unknown[] } };
    expect(sweep.data.values.length).toBeGreaterThan(0);
  });

  it('frozen-dirhead reuses the parent checkpoint, trains only the direction head and writes dirhead_only_results.json', () => {
    const parent = mkdtempSync(join(tmpdir(), 'dose-parent-'));
    dirs.push(parent);
    mkdirSync(join(parent, 'seed_3', 'checkpoints'), { recursive: true });
    writeFileSync(join(parent, 'seed_3', 'per_seed_result.json'), JSON.stringify(first.result));
    for (const f of first.files.filter((x) => x.role === 'checkpoint'))
      writeFileSync(join(parent, 'seed_3', f.path), f.content);
    const config = domain.cliOptions?.[0]?.apply(TINY, parent) as DoseConfig;
    const out = domain.runSeed(context(3, config, 'frozen-dirhead')) as SeedOutput;
    const result = domain.seedResultSchema.parse(out.result);
    expect(Object.keys(result.runs)).toEqual(['scm', 'scm_frozen_dirhead']);
    // The gate is the parent's: identical accept decisions.
    expect(result.runs.scm?.metrics).toEqual(first.result.runs.scm?.metrics);
    expect(result.runs.scm_frozen_dirhead?.metrics.accept_rate).toBe(
      first.result.runs.scm?.metrics.accept_rate,
    );
    const sidecar = JSON.parse(
      String(out.files.find((f) => f.path === 'dirhead_only_results.json')?.content),
    );
    expect(sidecar.parent.checkpoint).toEqual(first.result.runs.scm?.checkpoint);
    expect(sidecar.direction_head.steps).toBe(TINY.train.dirhead_steps);
  });
});
