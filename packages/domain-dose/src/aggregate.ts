import {
  type AggregateContext,
  type DoseDiagnosticsV1,
  doseDiagnosticsV1Schema,
  type RunFile,
} from '@zpbench/core';
import type { DoseConfig } from './config.js';
import { aggregateDiagnostics } from './diagnostics.js';
import {
  type Candidate,
  candidatesFrom,
  meanPoint,
  POINT_KEYS,
  type PointMetrics,
  PRESET_RULES,
  type PresetName,
  selectPreset,
} from './operating-points.js';
import { nondominated, PARETO_FRONTS, type ParetoPoint } from './pareto.js';
import type { SweepPoint } from './sweep.js';

/** Schema marker of `aggregated/dose_operating_points.json`. */
export const OPERATING_POINTS_MARKER = 'zpbench_dose_operating_points';
/** Schema marker of `aggregated/dose_pareto_front.json`. */
export const PARETO_MARKER = 'zpbench_dose_pareto_front';
/** Schema marker of `aggregated/dirhead_only_summary.json`. */
export const DIRHEAD_SUMMARY_MARKER = 'zpbench_dose_dirhead_only_summary';

type Sweeps = Record<string, { calibration: SweepPoint[]; test: SweepPoint[] }>;

function seedSweeps(ctx: AggregateContext<DoseConfig>, seed: number): Sweeps {
  const details = ctx.seedResults.get(seed)?.details as { sweeps?: Sweeps } | undefined;
  return details?.sweeps ?? {};
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? '—' : x.toFixed(digits);
}

function perModel(
  ctx: AggregateContext<DoseConfig>,
  split: 'calibration' | 'test',
): Record<string, SweepPoint[][]> {
  const out: Record<string, SweepPoint[][]> = {};
  for (const seed of ctx.seeds) {
    for (const [model, s] of Object.entries(seedSweeps(ctx, seed))) {
      const list = out[model] ?? [];
      list.push(s[split]);
      out[model] = list;
    }
  }
  return out;
}

function evaluationOf(ctx: AggregateContext<DoseConfig>, c: Candidate) {
  const perSeed = ctx.seeds.map((seed) => {
    const point = seedSweeps(ctx, seed)[c.model]?.test.find((p) => p.tau === c.tau) ?? null;
    return { seed, point };
  });
  const points = perSeed.map((s) => s.point).filter((p): p is SweepPoint => p !== null);
  return {
    mean: meanPoint(points),
    per_seed: perSeed.map((s) => ({ seed: s.seed, ...(s.point ?? {}) })),
  };
}

/** Builds `aggregated/dose_operating_points.json`: presets chosen on calibration (mean over seeds), evaluated on test. */
export function buildOperatingPoints(ctx: AggregateContext<DoseConfig>) {
  const candidates = candidatesFrom(perModel(ctx, 'calibration'));
  const presets: Record<string, unknown> = {};
  const chosen: Partial<Record<PresetName, Candidate>> = {};
  for (const name of ['safety_first', 'accuracy_first', 'direction_aware'] as const) {
    const c = selectPreset(candidates, name);
    if (!c) continue;
    chosen[name] = c;
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
    balanced !== null &&
    !Object.values(chosen).some((c) => c && c.model === balanced.model && c.tau === balanced.tau);
  const provenance = ctx.seeds.map((seed) => {
    const d = ctx.seedResults.get(seed)?.details as { split_provenance?: unknown } | undefined;
    return { seed, ...((d?.split_provenance as object | undefined) ?? {}) };
  });
  const bottomCostAvailable = candidates.some((c) => c.metrics.bottom_cost !== null);
  return {
    schema: OPERATING_POINTS_MARKER,
    schema_version: 1,
    mode: ctx.mode,
    config_hash: ctx.configHash,
    seeds: [...ctx.seeds],
    tau_infer: ctx.config.tau_infer,
    tau_train: ctx.config.tau_train,
    tau_sweep: ctx.config.tau_sweep,
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
          ...(distinct ? { evaluation: evaluationOf(ctx, balanced) } : {}),
        }
      : null,
    bottom_cost: {
      formula: 'fault_rate + 0.5 * semantic_bottom_rate',
      available: bottomCostAvailable,
      used_as:
        'first tie-break between candidates of equal preset cost; reported for every candidate',
    },
    candidates: candidates.map((c) => ({
      model: c.model,
      tau: c.tau,
      calibration: c.metrics,
      evaluation: evaluationOf(ctx, c).mean,
    })),
    split_provenance: provenance,
  };
}

function renderOperatingPoints(doc: ReturnType<typeof buildOperatingPoints>): string {
  const rows = Object.entries(doc.presets).map(([name, p]) => {
    const v = p as {
      model: string;
      tau: number | null;
      rule: string;
      evaluation: { mean: PointMetrics };
    };
    const m = v.evaluation.mean;
    return `| ${name} | ${v.model} | ${v.tau ?? 'window'} | ${fmt(m.false_in_range_rate_on_censored)} | ${fmt(m.false_censored_rate_on_in_range)} | ${fmt(m.direction_only_macro_f1_on_censored)} | ${fmt(m.macro_f1)} | ${fmt(m.accept_rate)} | ${fmt(m.finite_mae, 2)} | ${fmt(m.bottom_cost)} |`;
  });
  const cand = doc.candidates.map(
    (c) =>
      `| ${c.model} | ${c.tau ?? 'window'} | ${fmt(c.calibration.false_in_range_rate_on_censored)} | ${fmt(c.calibration.false_censored_rate_on_in_range)} | ${fmt(c.calibration.macro_f1)} | ${fmt(c.evaluation.false_in_range_rate_on_censored)} | ${fmt(c.evaluation.false_censored_rate_on_in_range)} | ${fmt(c.evaluation.macro_f1)} |`,
  );
  const prov = doc.split_provenance.map((p) => {
    const v = p as {
      seed: number;
      calibration?: { n_samples: number; sample_id_ref: string };
      evaluation?: { n_samples: number };
    };
    return `| ${v.seed} | calibration (${v.calibration?.n_samples ?? '—'}) | test (${v.evaluation?.n_samples ?? '—'}) | ${v.seed} | \`${v.calibration?.sample_id_ref ?? '—'}\` |`;
  });
  return [
    '# DOSE operating points',
    '',
    `Mode \`${doc.mode}\`, seeds ${doc.seeds.join(', ')}; run tau_infer ${doc.tau_infer}, tau_train ${doc.tau_train}. Presets are chosen on the calibration split (sweeps averaged over seeds) and evaluated on the test split.`,
    '',
    '| preset | model | tau | FP_cens | FN_in | direction F1 | macro F1 | accept | finite MAE | bottom cost |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    doc.balanced
      ? `Balanced candidate: ${doc.balanced.model} at tau ${doc.balanced.tau ?? 'window'}: ${doc.balanced.promoted ? 'promoted' : 'not promoted'} (${doc.balanced.reason}).`
      : 'No balanced candidate.',
    '',
    `Bottom cost \`${doc.bottom_cost.formula}\`: ${doc.bottom_cost.available ? 'available' : 'not available'}; ${doc.bottom_cost.used_as}.`,
    '',
    '## Rules',
    '',
    ...Object.entries(doc.selection.rules).map(([k, r]) => `- **${k}**: ${r}`),
    '',
    '## Candidates (calibration → test)',
    '',
    '| model | tau | cal FP_cens | cal FN_in | cal macro F1 | test FP_cens | test FN_in | test macro F1 |',
    '|---|---|---|---|---|---|---|---|',
    ...cand,
    '',
    '## Split provenance',
    '',
    '| seed | calibration | evaluation | split / generator seed | sample ids |',
    '|---|---|---|---|---|',
    ...prov,
    '',
  ].join('\n');
}

/** Builds `aggregated/dose_pareto_front.json` from the models' test metrics at the run's tau_infer. */
export function buildParetoFront(ctx: AggregateContext<DoseConfig>) {
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
  const fronts = Object.fromEntries(
    Object.entries(PARETO_FRONTS).map(([name, objectives]) => [
      name,
      { objectives, nondominated: nondominated(points, objectives) },
    ]),
  );
  return {
    schema: PARETO_MARKER,
    schema_version: 1,
    mode: ctx.mode,
    config_hash: ctx.configHash,
    seeds: [...ctx.seeds],
    tau_infer: ctx.config.tau_infer,
    evaluated_on: 'test split, metric means over seeds at the run tau_infer',
    points,
    fronts,
  };
}

function renderPareto(doc: ReturnType<typeof buildParetoFront>): string {
  const out = [
    '# DOSE Pareto fronts',
    '',
    `Mode \`${doc.mode}\`, seeds ${doc.seeds.join(', ')}; ${doc.evaluated_on}.`,
    '',
  ];
  for (const [name, front] of Object.entries(doc.fronts)) {
    const [a, b] = front.objectives;
    out.push(
      `## ${name}`,
      '',
      `Objectives: ${a?.metric} (${a?.direction}), ${b?.metric} (${b?.direction}).`,
      '',
    );
    out.push(`| model | ${a?.metric} | ${b?.metric} | nondominated |`, '|---|---|---|---|');
    for (const p of doc.points) {
      out.push(
        `| ${p.model} | ${fmt(p.metrics[a?.metric ?? ''])} | ${fmt(p.metrics[b?.metric ?? ''])} | ${front.nondominated.includes(p.model) ? 'yes' : 'no'} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** Builds `aggregated/dirhead_only_summary.json` from the seeds' `dirhead_only_results.json`. */
export function buildDirheadSummary(ctx: AggregateContext<DoseConfig>) {
  const perSeed = ctx.seeds
    .map((seed) => {
      const text = ctx.readSeedFile(seed, 'dirhead_only_results.json');
      return text
        ? (JSON.parse(text) as {
            seed: number;
            metrics: Record<string, Record<string, number | null>>;
          })
        : null;
    })
    .filter((x) => x !== null);
  const keys = [
    'direction_only_macro_f1_on_censored',
    'macro_f1',
    'false_in_range_rate_on_censored',
    'false_censored_rate_on_in_range',
  ];
  const stat = (variant: string, key: string) => {
    const v = perSeed
      .map((s) => s.metrics[variant]?.[key])
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
  return {
    schema: DIRHEAD_SUMMARY_MARKER,
    schema_version: 1,
    config_hash: ctx.configHash,
    parent_run_dir: ctx.config.parent_run_dir,
    parent_manifest_sha256: ctx.config.parent_manifest_sha256,
    seeds: perSeed.map((s) => s.seed),
    metrics: Object.fromEntries(
      ['parent_scm', 'frozen_dirhead'].map((variant) => [
        variant,
        Object.fromEntries(keys.map((k) => [k, stat(variant, k)])),
      ]),
    ),
  };
}

/** The DOSE aggregation hook: diagnostics, operating points, Pareto fronts (and the frozen-dirhead summary). */
export function aggregateDose(ctx: AggregateContext<DoseConfig>): RunFile[] {
  const docs: DoseDiagnosticsV1[] = [];
  for (const seed of ctx.seeds) {
    const text = ctx.readSeedFile(seed, 'dose_diagnostics.json');
    if (text) docs.push(doseDiagnosticsV1Schema.parse(JSON.parse(text)));
  }
  const ops = buildOperatingPoints(ctx);
  const pareto = buildParetoFront(ctx);
  const files: RunFile[] = [
    {
      path: 'aggregated/dose_diagnostics.json',
      content: json(
        aggregateDiagnostics(docs, ctx.seeds, ctx.config.tau_infer, ctx.config.borderline_k),
      ),
      kind: 'json',
    },
    { path: 'aggregated/dose_operating_points.json', content: json(ops), kind: 'json' },
    {
      path: 'aggregated/dose_operating_points.md',
      content: renderOperatingPoints(ops),
      kind: 'markdown',
    },
    { path: 'aggregated/dose_pareto_front.json', content: json(pareto), kind: 'json' },
    { path: 'aggregated/dose_pareto_front.md', content: renderPareto(pareto), kind: 'markdown' },
  ];
  if (ctx.mode === 'frozen-dirhead') {
    files.push({
      path: 'aggregated/dirhead_only_summary.json',
      content: json(buildDirheadSummary(ctx)),
      kind: 'json',
    });
  }
  return files;
}
