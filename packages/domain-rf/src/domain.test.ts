import {
  checkArtifact,
  configHash,
  findArtifactSpec,
  parseJsonText,
  runArtifactTable,
  type SeedOutput,
} from '@zpbench/core';
import { describe, expect, it } from 'vitest';
import { rfContract, SIGNAL_TRACES } from './contract.js';
import { rfDomain } from './domain.js';
import { frequencyResponseFigure, qualitativeFigure } from './figures.js';
import { generateDataset } from './generator.js';
import { peakGrid } from './grid.js';
import { resonatorDenominator } from './resonator.js';
import type { RfDetails } from './schemas/details.js';
import type { QualitativePackV1 } from './schemas/qualitative-pack.js';
import type { SignalTracesV1 } from './schemas/traces.js';

const tiny = rfDomain.testConfig;
if (!tiny) throw new Error('rf declares a test configuration');
const config = tiny('smoke', rfDomain.modes.smoke!.config);
const hash = configHash({ domain: 'rf', mode: 'smoke', config });
const output = rfDomain.runSeed({
  domain: 'rf',
  mode: 'smoke',
  seed: 3,
  config,
  configHash: hash,
  parent: null,
  progress: () => {},
}) as SeedOutput<RfDetails>;
const text = (path: string) => String(output.files.find((f) => f.path === path)?.content ?? '');
const traces = JSON.parse(text('rf_signal_traces.json')) as SignalTracesV1;
const pack = JSON.parse(text('rf_qualitative_figure_pack/manifest.json')) as QualitativePackV1;

describe('an RF seed (tiny configuration)', () => {
  it('stamps the generation contract into data_config and the split sizes', () => {
    const { result } = output;
    expect(result.schema).toBe('zeroproofml_benchmark_rf_seed_result');
    expect(result.data_config).toMatchObject({
      dataset_name: 'zpbench-rf-resonator',
      dataset_version: 1,
      q_max_train: 30,
      q_max_test: 200,
      split_contract: { extrapolation: { source: 'test', rule: 'Q > q_max_train (30)' } },
    });
    expect(String(result.data_config.dataset_generator)).toMatch(/^generateDataset: H\(s\)/);
    expect(result.split_sizes).toEqual({ train: 24 * 16, val: 8 * 16, test: 16 * 16 });
    const { in_band_filters, extrapolation_filters } = result.details.subsets;
    expect(in_band_filters + extrapolation_filters).toBe(16);
  });

  it('names its files from the artifact table, the figure the report draws included', () => {
    expect(output.result.artifact_naming).toEqual({
      per_seed_result: 'seed_3/per_seed_result.json',
      checkpoint_scm_transfer: 'seed_3/checkpoints/scm_transfer.json',
      checkpoint_scm_basic: 'seed_3/checkpoints/scm_basic.json',
      checkpoint_rational_eps: 'seed_3/checkpoints/rational_eps.json',
      checkpoint_mlp: 'seed_3/checkpoints/mlp.json',
      rf_signal_traces: 'seed_3/rf_signal_traces.json',
      rf_qualitative_manifest: 'seed_3/rf_qualitative_figure_pack/manifest.json',
      rf_qualitative_readme: 'seed_3/rf_qualitative_figure_pack/README.md',
      rf_frequency_response: 'seed_3/rf_frequency_response.svg',
    });
  });

  it('writes files that parse with their schemas, and checkpoints the result references', () => {
    const table = runArtifactTable(rfContract);
    for (const file of output.files) {
      const found = findArtifactSpec(table, `seed_3/${file.path}`);
      expect(found, file.path).not.toBeNull();
      if (found?.spec.schema)
        expect(
          checkArtifact(found.spec.schema, parseJsonText(String(file.content), file.path)).ok,
        ).toBe(true);
    }
    expect(checkArtifact(rfContract.seedResult, output.result).ok).toBe(true);
    expect(output.result.runs.analytic?.checkpoint).toBeNull();
    expect(output.result.runs.scm_transfer?.checkpoint?.path).toBe(
      'seed_3/checkpoints/scm_transfer.json',
    );
  });

  it('records the reference row exactly and the legacy keys beside the canonical ones', () => {
    const ref = output.result.runs.analytic?.metrics ?? {};
    expect(ref).toMatchObject({
      peak_retention_yield: 1,
      peak_retention_yield_in_band: 1,
      false_peak_hallucination_rate: 0,
      in_band_mse: 0,
      mse_valid_only: 0,
      coverage_rate: 1,
      phase_error_in_band_deg: 0,
      strict_trigger_rate: 0,
    });
    for (const run of Object.values(output.result.runs)) {
      expect(run.metrics.success_rate).toBe(run.metrics.coverage_rate);
      expect(run.metrics.peak_success_rate).toBe(run.metrics.peak_retention_yield);
    }
    expect(output.result.runs.mlp?.metrics.denominator_min_abs_overall).toBeNull();
    expect(output.result.details.matched_budget).toMatchObject({ steps: 30, batch_size: 64 });
  });

  it('gives test_peak_clipping axis diagnostics to models with Q(jω) only', () => {
    const clip = output.result.details.test_peak_clipping;
    expect(Object.keys(clip)).toEqual([
      'scm_transfer',
      'scm_basic',
      'rational_eps',
      'mlp',
      'analytic',
    ]);
    expect(clip.mlp?.axis).toBeNull();
    expect(clip.mlp?.exposes_denominator).toBe(false);
    // The true |Q(jω)| is smallest at ω0·√(1 − 1/(2Q²)): recompute the offsets on each grid.
    const { test } = generateDataset(config.data, 3).splits;
    const offsets = Array.from(test.w0, (w0, f) => {
      const { omega } = peakGrid(w0, test.q[f] as number, config.data, config.eval);
      let best = 0;
      omega.forEach((w, i) => {
        const q = (x: number) => Math.hypot(...resonatorDenominator(x, w0, test.q[f] as number));
        if (q(w) < q(omega[best] as number)) best = i;
      });
      return Math.abs(Math.log10((omega[best] as number) / w0));
    });
    const truth = clip.analytic?.axis?.overall;
    expect(truth?.n_filters).toBe(16);
    expect(truth?.min_on_edge_rate).toBe(0);
    expect(truth?.min_frequency_offset_decades.max_abs).toBe(
      Number(Math.max(...offsets).toPrecision(12)),
    );
  });

  it('saves representatives first, then the targeted failures, each with its analysis', () => {
    expect(traces.traces[0]?.selection).toEqual(['representative']);
    expect(traces.traces.filter((t) => t.selection.includes('representative')).length).toBe(2);
    expect(traces.models.map((m) => m.id)).toEqual([
      'scm_transfer',
      'scm_basic',
      'rational_eps',
      'mlp',
    ]);
    for (const example of pack.examples) {
      const t = traces.traces.find((x) => x.filter === example.filter);
      expect(t, `trace of filter ${example.filter}`).toBeDefined();
      for (const model of example.models) {
        const a = t?.predictions[model]?.analysis;
        if (example.kind === 'washout') expect(a?.retained).toBe(false);
        else expect(a?.invented_peaks.length).toBeGreaterThan(0);
        expect(t?.selection).toContain(`${example.kind}:${model}`);
      }
      expect(example.figure).toBe(`seed_3/rf_qualitative_figure_pack/${example.name}.svg`);
    }
    expect(text('rf_qualitative_figure_pack/README.md')).toMatch(
      /^# RF qualitative figure pack: seed 3\n/,
    );
  });

  it('draws the frequency response and every example from the traces alone', () => {
    const figure = frequencyResponseFigure(3, traces);
    expect(figure.path).toBe('seed_3/rf_frequency_response.svg');
    const panels = (figure.spec.hconcat as { vconcat: { layer: unknown[] }[] }[]) ?? [];
    expect(panels).toHaveLength(2);
    for (const panel of panels) {
      // Magnitude (bands, lines, denominator rules, peak dots) over phase (bands, lines, rules).
      expect(panel.vconcat.map((c) => c.layer.length)).toEqual([4, 3]);
    }
    const datasets = figure.spec.datasets as Record<string, { series: string }[]>;
    expect(new Set(datasets.trace0_lines?.map((r) => r.series))).toEqual(
      new Set(['analytic (truth)', ...traces.models.map((m) => m.label)]),
    );
    for (const example of pack.examples)
      expect(qualitativeFigure(3, traces, example)?.path).toBe(example.figure);
    expect(SIGNAL_TRACES.path).toBe('seed_{seed}/rf_signal_traces.json');
  });
});
