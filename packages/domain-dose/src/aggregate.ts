import {
  type AggregateContext,
  escapeMarkdown,
  formatArtifactJson,
  formatNumber,
  heading,
  joinBlocks,
  MISSING,
  markdownCode,
  markdownTable,
  type RunFile,
} from '@zpbench/core';
import type { DoseConfig } from './config.js';
import {
  AGGREGATED_DIAGNOSTICS,
  DIRHEAD_RESULTS,
  DIRHEAD_SUMMARY,
  OPERATING_POINTS,
  OPERATING_POINTS_MD,
  PARETO_FRONT,
  PARETO_FRONT_MD,
  SEED_DIAGNOSTICS,
} from './contract.js';
import { aggregateDiagnostics } from './diagnostics.js';
import {
  type Candidate,
  candidatesFrom,
  meanPoint,
  POINT_KEYS,
  PRESET_RULES,
  selectPreset,
} from './operating-points.js';
import { nondominated, PARETO_FRONTS, type ParetoPoint } from './pareto.js';
import type { DoseDetails } from './schemas/details.js';
import type { DoseDiagnosticsV1 } from './schemas/diagnostics.js';
import {
  DIRHEAD_SUMMARY_MARKER,
  DIRHEAD_VERSION,
  type DirheadResultsV1,
  type DirheadSummaryV1,
} from './schemas/dirhead.js';
import {
  OPERATING_POINTS_MARKER,
  OPERATING_POINTS_VERSION,
  type OperatingPointsV1,
} from './schemas/operating-points.js';
import { PARETO_MARKER, PARETO_VERSION, type ParetoFrontV1 } from './schemas/pareto-front.js';
import type { SweepPoint } from './schemas/sweep-point.js';

type Ctx = AggregateContext<DoseConfig, DoseDetails>;

function details(ctx: Ctx, seed: number): DoseDetails | null {
  return ctx.seedResults.get(seed)?.details ?? null;
}

function perModel(ctx: Ctx, split: 'calibration' | 'test'): Record<string, SweepPoint[][]> {
  const out: Record<string, SweepPoint[][]> = {};
  for (const seed of ctx.seeds) {
    for (const [model, s] of Object.entries(details(ctx, seed)?.sweeps ?? {})) {
      out[model] = [...(out[model] ?? []), s[split]];
    }
  }
  return out;
}

function evaluationOf(ctx: Ctx, c: Candidate): OperatingPointsV1['presets'][string]['evaluation'] {
  const perSeed = ctx.seeds.map((seed) => ({
    seed,
    point: details(ctx, seed)?.sweeps[c.model]?.test.find((p) => p.tau === c.tau) ?? null,
  }));
  return {
    mean: meanPoint(perSeed.flatMap((s) => (s.point ? [s.point] : []))),
    per_seed: perSeed,
  };
}

/** Builds `aggregated/dose_operating_points.json`: presets chosen on calibration (mean over seeds), evaluated on test. */
export function buildOperatingPoints(ctx: Ctx): OperatingPointsV1 {
  const candidates = candidatesFrom(perModel(ctx, 'calibration'));
  const presets: OperatingPointsV1['presets'] = {};
  const chosen: Candidate[] = [];
  for (const name of ['safety_first', 'accuracy_first', 'direction_aware'] as const) {
    const c = selectPreset(candidates, name);
    if (!c) continue;
    chosen.push(c);
    presets[name] = {
      model: c.model,
      tau: c.tau,
      rule: PRESET_RULES[name].description,
      calibration: c.metrics,
      evaluation: evaluationOf(ctx, c),
    };
  }
  const balanced = selectPreset(candidates, 'balanced');
  const distinct =
    balanced !== null && !chosen.some((c) => c.model === balanced.model && c.tau === balanced.tau);
  return {
    schema: OPERATING_POINTS_MARKER,
    schema_version: OPERATING_POINTS_VERSION,
    mode: ctx.mode,
    config_hash: ctx.configHash,
    seeds: [...ctx.seeds],
    tau_infer: ctx.config.tau_infer,
    tau_train: ctx.config.tau_train,
    tau_sweep: [...ctx.config.tau_sweep],
    selection: {
      chosen_on: 'calibration split (per-seed sweeps averaged over seeds)',
      evaluated_on: 'test split (same model and tau, per seed and mean)',
      tie_breaks: 'bottom_cost ascending, then model id, then tau',
      rules: Object.fromEntries(Object.entries(PRESET_RULES).map(([k, r]) => [k, r.description])),
    },
    presets,
    balanced: balanced
      ? {
          promoted: distinct,
          reason: distinct
            ? 'the balanced winner differs from every canonical preset'
            : 'the balanced winner coincides with a canonical preset; the three canonical presets stay the public set',
          model: balanced.model,
          tau: balanced.tau,
          calibration: balanced.metrics,
          evaluation: distinct ? evaluationOf(ctx, balanced) : null,
        }
      : null,
    bottom_cost: {
      formula: 'fault_rate + 0.5 * semantic_bottom_rate',
      available: candidates.some((c) => c.metrics.bottom_cost !== null),
      used_as:
        'first tie-break between candidates of equal preset cost; reported for every candidate',
    },
    candidates: candidates.map((c) => ({
      model: c.model,
      tau: c.tau,
      calibration: c.metrics,
      evaluation: evaluationOf(ctx, c).mean,
    })),
    split_provenance: ctx.seeds.flatMap((seed) => {
      const d = details(ctx, seed);
      return d ? [{ seed, ...d.split_provenance }] : [];
    }),
  };
}

const rate = (x: number | null | undefined) => formatNumber(x ?? null, 3);
const tauText = (tau: number | null) => (tau === null ? 'window' : formatNumber(tau));

/** `aggregated/dose_operating_points.md`. */
export function renderOperatingPoints(doc: OperatingPointsV1): string {
  return joinBlocks([
    heading(1, 'DOSE operating points'),
    `Mode ${markdownCode(doc.mode)}, seeds ${doc.seeds.join(', ')}; run tau_infer ${formatNumber(doc.tau_infer)}, tau_train ${formatNumber(doc.tau_train)}. Presets are chosen on the calibration split (sweeps averaged over seeds) and evaluated on the test split.`,
    markdownTable(
      [
        'preset',
        'model',
        'tau',
        'FP_cens',
        'FN_in',
        'direction F1',
        'macro F1',
        'accept',
        'finite MAE',
        'bottom cost',
      ],
      Object.entries(doc.presets).map(([name, p]) => {
        const m = p.evaluation.mean;
        return [
          markdownCode(name),
          markdownCode(p.model),
          tauText(p.tau),
          rate(m.false_in_range_rate_on_censored),
          rate(m.false_censored_rate_on_in_range),
          rate(m.direction_only_macro_f1_on_censored),
          rate(m.macro_f1),
          rate(m.accept_rate),
          formatNumber(m.finite_mae, 3),
          rate(m.bottom_cost),
        ];
      }),
      'llrrrrrrrr',
    ),
    doc.balanced
      ? `Balanced candidate: ${markdownCode(doc.balanced.model)} at tau ${tauText(doc.balanced.tau)}: ${doc.balanced.promoted ? 'promoted' : 'not promoted'} (${escapeMarkdown(doc.balanced.reason)}).`
      : 'No balanced candidate.',
    `Bottom cost ${markdownCode(doc.bottom_cost.formula.replaceAll(' ', ''))}: ${doc.bottom_cost.available ? 'available' : 'not available'}; ${escapeMarkdown(doc.bottom_cost.used_as)}.`,
    heading(2, 'Rules'),
    Object.entries(doc.selection.rules)
      .map(([k, r]) => `- ${markdownCode(k)}: ${escapeMarkdown(r)}`)
      .join('\n'),
    heading(2, 'Candidates (calibration → test)'),
    markdownTable(
      [
        'model',
        'tau',
        'cal FP_cens',
        'cal FN_in',
        'cal macro F1',
        'test FP_cens',
        'test FN_in',
        'test macro F1',
      ],
      doc.candidates.map((c) => [
        markdownCode(c.model),
        tauText(c.tau),
        rate(c.calibration.false_in_range_rate_on_censored),
        rate(c.calibration.false_censored_rate_on_in_range),
        rate(c.calibration.macro_f1),
        rate(c.evaluation.false_in_range_rate_on_censored),
        rate(c.evaluation.false_censored_rate_on_in_range),
        rate(c.evaluation.macro_f1),
      ]),
      'lrrrrrrr',
    ),
    heading(2, 'Split provenance'),
    markdownTable(
      ['seed', 'calibration', 'evaluation', 'split / generator seed', 'sample ids'],
      doc.split_provenance.map((p) => [
        String(p.seed),
        `calibration (${p.calibration.n_samples})`,
        `test (${p.evaluation.n_samples})`,
        String(p.seed),
        markdownCode(p.calibration.sample_id_ref),
      ]),
    ),
  ]);
}

/** Builds `aggregated/dose_pareto_front.json` from the models' test metrics at the run's tau_infer. */
export function buildParetoFront(ctx: Ctx): ParetoFrontV1 {
  const models = [
    ...new Set(ctx.seeds.flatMap((s) => Object.keys(ctx.seedResults.get(s)?.runs ?? {}))),
  ];
  const points: ParetoPoint[] = models.map((model) => {
    const metrics: Record<string, number | null> = {};
    for (const key of [...POINT_KEYS, 'direction_only_macro_f1_on_censored']) {
      const values = ctx.seeds
        .map((s) => ctx.seedResults.get(s)?.runs[model]?.metrics[key])
        .filter((v): v is number => typeof v === 'number');
      metrics[key] =
        values.length === 0
          ? null
          : Number((values.reduce((a, b) => a + b, 0) / values.length).toPrecision(12));
    }
    return { model, metrics };
  });
  return {
    schema: PARETO_MARKER,
    schema_version: PARETO_VERSION,
    mode: ctx.mode,
    config_hash: ctx.configHash,
    seeds: [...ctx.seeds],
    tau_infer: ctx.config.tau_infer,
    evaluated_on: 'test split, metric means over seeds at the run tau_infer',
    points: points.map((p) => ({ model: p.model, metrics: { ...p.metrics } })),
    fronts: Object.fromEntries(
      Object.entries(PARETO_FRONTS).map(([name, objectives]) => [
        name,
        { objectives: [...objectives], nondominated: nondominated(points, objectives) },
      ]),
    ),
  };
}

/** `aggregated/dose_pareto_front.md`. */
export function renderPareto(doc: ParetoFrontV1): string {
  return joinBlocks([
    heading(1, 'DOSE Pareto fronts'),
    `Mode ${markdownCode(doc.mode)}, seeds ${doc.seeds.join(', ')}; ${escapeMarkdown(doc.evaluated_on)}.`,
    ...Object.entries(doc.fronts).flatMap(([name, front]) => {
      const [a, b] = front.objectives;
      const keyA = a?.metric ?? '';
      const keyB = b?.metric ?? '';
      return [
        heading(2, markdownCode(name)),
        `Objectives: ${markdownCode(keyA)} (${a?.direction ?? MISSING}), ${markdownCode(keyB)} (${b?.direction ?? MISSING}).`,
        markdownTable(
          ['model', markdownCode(keyA), markdownCode(keyB), 'nondominated'],
          doc.points.map((p) => [
            markdownCode(p.model),
            rate(p.metrics[keyA]),
            rate(p.metrics[keyB]),
            front.nondominated.includes(p.model) ? 'yes' : 'no',
          ]),
          'lrrl',
        ),
      ];
    }),
  ]);
}

const DIRHEAD_KEYS = [
  'direction_only_macro_f1_on_censored',
  'macro_f1',
  'false_in_range_rate_on_censored',
  'false_censored_rate_on_in_range',
] as const;

/** Builds `aggregated/dirhead_only_summary.json` from the seeds' `dirhead_only_results.json`. */
export function buildDirheadSummary(ctx: Ctx): DirheadSummaryV1 {
  const perSeed = ctx.seeds
    .map((seed) => ctx.read(DIRHEAD_RESULTS, { seed }))
    .filter((x): x is DirheadResultsV1 => x !== null);
  const stat = (variant: 'base_scm' | 'frozen_dirhead', key: string) => {
    const v = perSeed
      .map((s) => s.metrics[variant][key])
      .filter((x): x is number => typeof x === 'number');
    if (v.length === 0) return { n: 0, mean: null, std: null, values: [] };
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std =
      v.length < 2 ? null : Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    return {
      n: v.length,
      mean: Number(mean.toPrecision(12)),
      std: std === null ? null : Number(std.toPrecision(12)),
      values: v,
    };
  };
  const first = perSeed[0]?.base;
  return {
    schema: DIRHEAD_SUMMARY_MARKER,
    schema_version: DIRHEAD_VERSION,
    config_hash: ctx.configHash,
    base_source: ctx.parent ? 'parent-run' : 'trained-in-run',
    parent_run_id: ctx.parent?.run_id ?? first?.run_id ?? null,
    parent_manifest_sha256: ctx.parent?.manifest_sha256 ?? first?.manifest_sha256 ?? null,
    seeds: perSeed.map((s) => s.seed),
    metrics: {
      base_scm: Object.fromEntries(DIRHEAD_KEYS.map((k) => [k, stat('base_scm', k)])),
      frozen_dirhead: Object.fromEntries(DIRHEAD_KEYS.map((k) => [k, stat('frozen_dirhead', k)])),
    },
  };
}

/** The DOSE aggregation hook: diagnostics, operating points, Pareto fronts (and the frozen-dirhead summary). */
export function aggregateDose(ctx: Ctx): RunFile[] {
  const docs = ctx.seeds
    .map((seed) => ctx.read(SEED_DIAGNOSTICS, { seed }))
    .filter((d): d is DoseDiagnosticsV1 => d !== null);
  const ops = buildOperatingPoints(ctx);
  const pareto = buildParetoFront(ctx);
  const files: RunFile[] = [
    {
      path: AGGREGATED_DIAGNOSTICS.path,
      content: formatArtifactJson(
        aggregateDiagnostics(docs, ctx.seeds, ctx.config.tau_infer, ctx.config.borderline_k),
      ),
    },
    { path: OPERATING_POINTS.path, content: formatArtifactJson(ops) },
    { path: OPERATING_POINTS_MD.path, content: renderOperatingPoints(ops) },
    { path: PARETO_FRONT.path, content: formatArtifactJson(pareto) },
    { path: PARETO_FRONT_MD.path, content: renderPareto(pareto) },
  ];
  if (ctx.mode === 'frozen-dirhead')
    files.push({
      path: DIRHEAD_SUMMARY.path,
      content: formatArtifactJson(buildDirheadSummary(ctx)),
    });
  return files;
}
