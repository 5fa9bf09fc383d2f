import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AggregateContext,
  configHash,
  createRunReader,
  type FileRecord,
  isZpbenchError,
  type ParentRun,
  perSeedResultPath,
  type RunView,
  type SeedContext,
  type SeedOutput,
  type SummaryV1,
  seedDir,
  writeRunFile,
} from '@zpbench/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundle, predict } from './bundle.js';
import { DOSE_FROZEN_DIRHEAD_CONFIG, DOSE_SMOKE_CONFIG, type DoseConfig } from './config.js';
import { DIRHEAD_RESULTS, doseContract } from './contract.js';
import { doseDomain } from './domain.js';
import { generateDataset } from './generator.js';
import { bottomBreakdownSection } from './report-sections.js';
import type { DoseDetails } from './schemas/details.js';
import { doseDiagnosticsV1Schema } from './schemas/diagnostics.js';
import { operatingPointsV1Schema } from './schemas/operating-points.js';
import { paretoFrontV1Schema } from './schemas/pareto-front.js';

const TINY = doseDomain.testConfig?.('smoke', DOSE_SMOKE_CONFIG) as DoseConfig;
const TINY_DIRHEAD = doseDomain.testConfig?.(
  'frozen-dirhead',
  DOSE_FROZEN_DIRHEAD_CONFIG,
) as DoseConfig;

function context(
  seed: number,
  config: DoseConfig,
  mode = 'smoke',
  parent: ParentRun | null = null,
): SeedContext<DoseConfig> {
  return {
    domain: 'dose',
    mode,
    seed,
    config,
    configHash: configHash(config),
    parent,
    progress: () => {},
  };
}

const run = (ctx: SeedContext<DoseConfig>) => doseDomain.runSeed(ctx) as SeedOutput<DoseDetails>;

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Writes a seed's output into a run directory as the runner would; returns the file records. */
function writeSeed(dir: string, seed: number, out: SeedOutput): FileRecord[] {
  return [
    ...out.files.map((f) => writeRunFile(dir, `${seedDir(seed)}/${f.path}`, f.content)),
    writeRunFile(dir, perSeedResultPath(seed), `${JSON.stringify(out.result, null, 2)}\n`),
  ];
}

const filesOf = (records: readonly FileRecord[]) =>
  Object.fromEntries(records.map((r) => [r.path, r]));

describe('dose seeds', () => {
  const first = run(context(3, TINY));

  it('writes diagnostics that validate, checkpoints whose hashes the result records, and a loadable SCM bundle', () => {
    const diag = first.files.find((f) => f.path === 'dose_diagnostics.json');
    const parsed = doseDiagnosticsV1Schema.parse(JSON.parse(String(diag?.content)));
    expect(Object.keys(parsed.models)).toEqual(['scm', 'rational_eps', 'eps_ensemble', 'mlp']);
    expect(parsed.models.scm?.tau_sweep).toHaveLength(TINY.tau_sweep.length);
    expect(first.result.runs.scm?.checkpoint?.path).toBe('seed_3/checkpoints/scm.json');
    expect(first.result.details.tau_infer).toBe(TINY.tau_infer);
    expect(first.result.artifact_naming).toEqual({
      per_seed_result: 'seed_3/per_seed_result.json',
      checkpoint_scm: 'seed_3/checkpoints/scm.json',
      checkpoint_rational_eps: 'seed_3/checkpoints/rational_eps.json',
      checkpoint_eps_ensemble: 'seed_3/checkpoints/eps_ensemble.json',
      checkpoint_mlp: 'seed_3/checkpoints/mlp.json',
      dose_diagnostics: 'seed_3/dose_diagnostics.json',
      bundle_params_scm: 'seed_3/bundles/scm/params.json',
      bundle_scm: 'seed_3/bundles/scm/bundle.json',
    });

    const dir = tempDir('dose-bundle-');
    for (const f of first.files.filter((x) => x.path.startsWith('bundles/scm/')))
      writeFileSync(join(dir, f.path.slice('bundles/scm/'.length)), f.content);
    const bundle = loadBundle(dir);
    const data = generateDataset(TINY.generator, 3);
    const test = data.splits.test;
    const inputs = Array.from({ length: test.n }, (_, i) => ({
      descriptors: data.compounds[test.compound[i] as number]?.descriptors ?? [],
      log10Dose: test.log10Dose[i] as number,
    }));
    const out = predict(bundle, inputs);
    // The plugin's bundle loader (the bundle perf suite's entry): seeded inputs inside the input
    // contract, the same stream giving the same inputs, predict as loadBundle + predict.
    const predictor = doseDomain.bundle?.load?.(dir);
    const sampled = predictor?.sampleInputs(64, 'perf') as {
      descriptors: number[];
      log10Dose: number;
    }[];
    expect(sampled).toHaveLength(64);
    expect(predictor?.sampleInputs(64, 'perf')).toEqual(sampled);
    expect(predictor?.sampleInputs(64, 'other')).not.toEqual(sampled);
    const ic = bundle.manifest.input_contract;
    for (const x of sampled) {
      expect(x.descriptors).toHaveLength(ic.features.length - 1);
      expect(Math.abs(x.log10Dose - ic.log10_dose_center)).toBeLessThanOrEqual(
        ic.log10_dose_halfwidth,
      );
    }
    expect(predictor?.predict(sampled)).toEqual(predict(bundle, sampled));
    const accepted = out.bottom_mask.filter((b) => !b).length / test.n;
    expect(accepted).toBeCloseTo(first.result.runs.scm?.metrics.accept_rate as number, 10);
    expect(
      out.label.every((l, i) => (out.bottom_mask[i] ? l !== 'in_range' : l === 'in_range')),
    ).toBe(true);
    expect(doseContract.bundle?.files(bundle.manifest)).toEqual([
      { path: 'params.json', sha256: bundle.manifest.parameters.sha256 },
    ]);
    writeFileSync(
      join(dir, 'params.json'),
      '{"schema":"zpbench_dose_bundle_params","schema_version":1,"sizes":[],"params":[]}\n',
    );
    expect(() => loadBundle(dir)).toThrow(/does not match bundle.json/);
  });

  it('aggregates, through the declared artifacts, into diagnostics, operating points and Pareto fronts, and builds the figure pack from them', () => {
    const second = run(context(4, TINY));
    const dir = tempDir('dose-agg-');
    const records = [...writeSeed(dir, 3, first), ...writeSeed(dir, 4, second)];
    const ctx: AggregateContext<DoseConfig, DoseDetails> = {
      mode: 'smoke',
      config: TINY,
      configHash: configHash(TINY),
      seeds: [3, 4],
      seedResults: new Map([
        [3, first.result],
        [4, second.result],
      ]),
      parent: null,
      read: createRunReader(dir, filesOf(records)),
    };
    const files = doseDomain.aggregate?.(ctx) ?? [];
    expect(files.map((f) => f.path)).toEqual([
      'aggregated/dose_diagnostics.json',
      'aggregated/dose_operating_points.json',
      'aggregated/dose_operating_points.md',
      'aggregated/dose_pareto_front.json',
      'aggregated/dose_pareto_front.md',
    ]);
    const content = (i: number) => JSON.parse(files[i]?.content ?? '{}');
    expect(doseDiagnosticsV1Schema.parse(content(0)).scope).toBe('aggregated');
    const ops = operatingPointsV1Schema.parse(content(1));
    expect(Object.keys(ops.presets)).toEqual(['safety_first', 'accuracy_first', 'direction_aware']);
    expect(ops.split_provenance.map((p) => p.seed)).toEqual([3, 4]);
    expect(Object.keys(paretoFrontV1Schema.parse(content(3)).fronts)).toEqual([
      'safety_vs_coverage',
      'safety_vs_accuracy',
      'direction_vs_regression',
    ]);
    const aggregated = files.map((f) => writeRunFile(dir, f.path, f.content));
    const perSeed = [3, 4].flatMap((seed) =>
      Object.entries((seed === 3 ? first : second).result.runs).map(([model, r]) => ({
        seed,
        model,
        metrics: r.metrics,
      })),
    );
    const view: RunView<DoseDetails> = {
      mode: 'smoke',
      seeds: [3, 4],
      summary: { per_seed: perSeed } as unknown as SummaryV1,
      pairedStats: null,
      seedResult: () => null,
      read: createRunReader(dir, filesOf([...records, ...aggregated])),
    };
    const figures = doseDomain.figurePack?.(view) ?? [];
    expect(figures.map((f) => f.path.replace('figures/dose_figure_pack/', ''))).toEqual([
      'threshold_sweeps.svg',
      'censored_direction_confusion.svg',
      'assay_limit_edge_cases.svg',
      'q_abs_histogram.svg',
      'macro_f1_vs_finite_mae.svg',
      'provenance_split_bottoms.svg',
    ]);
    const sweep = figures[0]?.spec as { data: { values: unknown[] } } | undefined;
    expect(sweep?.data.values.length).toBeGreaterThan(0);
  });

  it('frozen-dirhead with a parent run freezes the parent checkpoint (read through its hashes) and trains only the head', () => {
    const parentDir = tempDir('dose-parent-');
    const parent: ParentRun = {
      run_id: 'run_parent',
      mode: 'smoke',
      manifest_sha256: 'c'.repeat(64),
      seeds: [3],
      runDir: parentDir,
      files: Object.fromEntries(writeSeed(parentDir, 3, first).map((r) => [r.path, r.sha256])),
    };
    const out = run(context(3, TINY_DIRHEAD, 'frozen-dirhead', parent));
    expect(doseContract.seedResult.schema.safeParse(out.result).success).toBe(true);
    expect(Object.keys(out.result.runs)).toEqual(['scm', 'scm_frozen_dirhead']);
    // The gate is the parent's: identical accept decisions, and no base checkpoint of its own.
    expect(out.result.runs.scm?.metrics).toEqual(first.result.runs.scm?.metrics);
    expect(out.result.runs.scm?.checkpoint).toBeNull();
    expect(out.result.runs.scm_frozen_dirhead?.metrics.accept_rate).toBe(
      first.result.runs.scm?.metrics.accept_rate,
    );
    expect(out.result.details.base).toMatchObject({
      source: 'parent-run',
      run_id: 'run_parent',
      checkpoint: first.result.runs.scm?.checkpoint,
    });
    const sidecar = DIRHEAD_RESULTS.schema?.schema.parse(
      JSON.parse(String(out.files.find((f) => f.path === 'dirhead_only_results.json')?.content)),
    );
    expect(sidecar?.direction_head.steps).toBe(TINY_DIRHEAD.train.dirhead_steps);
    expect(out.files.map((f) => f.path)).toEqual([
      'checkpoints/scm_frozen_dirhead.json',
      'dose_diagnostics.json',
      'dirhead_only_results.json',
    ]);

    writeFileSync(join(parentDir, 'seed_3/checkpoints/scm.json'), '{}\n');
    let error: unknown;
    try {
      run(context(3, TINY_DIRHEAD, 'frozen-dirhead', parent));
    } catch (e) {
      error = e;
    }
    expect(isZpbenchError(error) && error.code).toBe('ZPB_RUN_CHANGED');
  });

  it('frozen-dirhead without a parent trains the strict-SCM base first and keeps its checkpoint in the run', () => {
    const out = run(context(3, TINY_DIRHEAD, 'frozen-dirhead'));
    expect(Object.keys(out.result.runs)).toEqual(['scm', 'scm_frozen_dirhead']);
    expect(out.result.runs.scm?.checkpoint?.path).toBe('seed_3/checkpoints/scm.json');
    expect(out.result.details.base).toMatchObject({
      source: 'trained-in-run',
      run_id: null,
      checkpoint: out.result.runs.scm?.checkpoint,
    });
    expect(out.files.map((f) => f.path)).toEqual([
      'checkpoints/scm.json',
      'checkpoints/scm_frozen_dirhead.json',
      'dose_diagnostics.json',
      'dirhead_only_results.json',
    ]);
    // The base trained here is the standard SCM of the same config and seed.
    const standard = run(context(3, TINY_DIRHEAD, 'paper'));
    expect(out.result.runs.scm?.metrics).toEqual(standard.result.runs.scm?.metrics);
  });
});

describe('dose report sections', () => {
  it('splits bottoms into faults and semantic bottoms with DOSE’s cost f + 0.5·s', () => {
    const dist = (mean: number) => ({
      n: 2,
      mean,
      std: 0.01,
      median: mean,
      min: mean,
      max: mean,
      ci95: [mean - 0.01, mean + 0.01] as [number, number],
      values: [mean, mean],
    });
    const summary = {
      models: [
        { id: 'scm', label: 'SCM', role: 'claimed' },
        { id: 'mlp', label: 'MLP', role: 'baseline' },
      ],
      metrics: {
        scm: { fault_rate: dist(0.02), semantic_bottom_rate: dist(0.1) },
        mlp: { macro_f1: dist(0.9) },
      },
    } as unknown as SummaryV1;
    const section = bottomBreakdownSection(summary);
    const table = section?.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows).toEqual([
      [
        'scm',
        '0.02 [0.01, 0.03]',
        '0.1 [0.09, 0.11]',
        0.12000000000000001,
        0.16666666666666666,
        0.07,
      ],
    ]);
    expect(
      bottomBreakdownSection({
        ...summary,
        models: [summary.models[1]],
        metrics: { mlp: {} },
      } as unknown as SummaryV1),
    ).toBeNull();
  });
});
