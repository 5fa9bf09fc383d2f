import { join } from 'node:path';
import {
  CLAIM_AUDIT_SCHEMA,
  type ClaimAuditV2,
  type ClaimVerdict,
  type Distribution,
  defineDomainContract,
  formatArtifactJson,
  PAIRED_STATS_SCHEMA,
  type PairedComparison,
  type PairedStatsV1,
  RUN_FILES,
  type RunManifestV6,
  readArtifact,
  refreshManifest,
  SUMMARY_SCHEMA,
  type SummaryV1,
  sha256Hex,
  writeRunFile,
} from '@zpbench/core';
import {
  fixtureDistribution as distribution,
  FIXTURE_CONTRACT,
  writeFixtureRunDir,
} from '@zpbench/core/testing';

/**
 * The fixture domain as report tests see it: core's test-only contract plus a declared figure pack
 * (`figures/test_figure_pack/<name>.svg` and its spec), so a test can render domain figures.
 */
export const REPORT_FIXTURE_CONTRACT = defineDomainContract({
  id: FIXTURE_CONTRACT.id,
  title: FIXTURE_CONTRACT.title,
  claimBoundary: 'Fixture domain for tests: measures nothing about any real model.',
  metricSemantics: 'Per-seed values aggregated over seeds as mean, sd and a 95% t-interval.',
  seedDetails: FIXTURE_CONTRACT.seedDetails,
  artifacts: [
    {
      id: 'test_figure',
      path: 'figures/test_figure_pack/{name}.svg',
      kind: 'svg',
      role: 'figure',
      description: 'A figure of the test figure pack.',
      required: false,
    },
    {
      id: 'test_figure_spec',
      path: 'figures/test_figure_pack/{name}.vl.json',
      kind: 'json',
      role: 'figure',
      description: 'Its vega-lite spec.',
      required: false,
    },
  ],
});

/** Options of {@link writeReportFixtureRunDir}. */
export interface ReportFixtureOptions {
  readonly seeds?: readonly number[];
  /** Id of the third model; tests pass hostile names such as `<script>alert(1)</script>`. */
  readonly thirdModel?: string;
  /** Add current-minus-baseline deltas (default true). */
  readonly baseline?: boolean;
}

/** A deterministic pseudo-noise in [-1, 1) from integers (no Math.random in fixtures). */
function wobble(seed: number, salt: number): number {
  const x = Math.sin(seed * 12.9898 + salt * 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

const round = (value: number) => Number(value.toFixed(6));

function comparison(
  metric: string,
  direction: 'higher' | 'lower' | 'none',
  model: string,
  reference: string,
  seeds: readonly number[],
  deltas: readonly number[],
): PairedComparison {
  const d = distribution(deltas);
  const better = (x: number) => (direction === 'lower' ? x < 0 : x > 0);
  const wins = deltas.filter(better).length;
  const ties = deltas.filter((x) => x === 0).length;
  return {
    metric,
    direction,
    model,
    reference,
    n: deltas.length,
    seeds: [...seeds],
    deltas: [...deltas],
    mean_delta: d.mean,
    std_delta: d.std,
    ci95: d.ci95,
    sign_flip_p: round(
      2 / 2 ** Math.min(deltas.length, 10) + 0.0004 * Math.abs(wobble(deltas.length, 7)),
    ),
    wilcoxon_p: 0.0625,
    sign_test_p: 0.0625,
    wins,
    losses: deltas.length - wins - ties,
    ties,
    cohens_dz: d.mean !== null && d.std ? d.mean / d.std : null,
    sign_agreement: wins / Math.max(deltas.length, 1),
  };
}

/**
 * Writes a valid run directory of the fixture domain (`FIXTURE_CONTRACT` of `@zpbench/core/testing`)
 * richer than core's fixture, for report tests and benchmarks: three models, five metrics (one
 * undefined for a model), 95% intervals, within-run comparisons, baseline-run deltas with a
 * regression verdict and claims. All values are deterministic; the manifest records the
 * rewritten files so the gate passes.
 */
export async function writeReportFixtureRunDir(
  dir: string,
  options: ReportFixtureOptions = {},
): Promise<RunManifestV6> {
  const seeds = [...(options.seeds ?? [0, 1, 2, 3, 4])];
  writeFixtureRunDir(dir, {
    seeds,
    models: [
      { id: 'scm', label: 'SCM', role: 'claimed' },
      { id: 'mlp', label: 'MLP', role: 'baseline' },
    ],
    // Five epochs of 20 steps, an exponential decay per model with a seed-dependent floor.
    trainLog: (seed, model) =>
      [0, 1, 2, 3, 4].map((epoch) => ({
        epoch,
        step: 20 * (epoch + 1),
        metrics: {
          loss: round((model === 'scm' ? 0.1 : 0.2) + 0.01 * seed + 0.8 * 0.5 ** (epoch + 1)),
        },
      })),
  });
  const base = readArtifact(join(dir, RUN_FILES.summary), SUMMARY_SCHEMA);
  const third = options.thirdModel ?? 'rational';
  const models = ['scm', 'mlp', third];
  const definitions: SummaryV1['metric_definitions'] = {
    loss: { description: 'Test loss.', direction: 'lower', unit: 'loss', subset: 'all' },
    macro_f1: {
      description: '3-way macro-F1 of the output class.',
      direction: 'higher',
      unit: 'fraction',
      subset: 'all',
    },
    fault_rate: {
      description: 'Bottoms caused by a hard fault.',
      direction: 'lower',
      unit: 'fraction',
      subset: 'all',
    },
    semantic_bottom_rate: {
      description: 'Bottoms that are semantically correct refusals.',
      direction: 'none',
      unit: 'fraction',
      subset: 'censored',
    },
    denominator_min_abs: {
      description: 'Smallest |Q| on the test grid.',
      direction: 'none',
      unit: 'response units',
      subset: 'extrapolation',
    },
  };
  const value = (model: string, metric: string, seed: number): number | null => {
    const m = models.indexOf(model);
    const w = wobble(seed, m * 10 + Object.keys(definitions).indexOf(metric));
    switch (metric) {
      case 'loss':
        return round([0.1, 0.2, 0.16][m]! + 0.012 * w);
      case 'macro_f1':
        return round([0.91, 0.84, 0.87][m]! + 0.02 * w);
      case 'fault_rate':
        return round(Math.max(0, [0.01, 0.06, 0.03][m]! + 0.008 * w));
      case 'semantic_bottom_rate':
        return round(Math.max(0, [0.07, 0.0, 0.04][m]! + 0.01 * w));
      default:
        return model === 'mlp' ? null : round(0.002 + 0.001 * (w + 1));
    }
  };
  const metrics: SummaryV1['metrics'] = {};
  for (const model of models) {
    metrics[model] = {};
    for (const metric of Object.keys(definitions))
      (metrics[model] as Record<string, Distribution>)[metric] = distribution(
        seeds.map((s) => value(model, metric, s)),
      );
  }
  const summary: SummaryV1 = {
    ...base,
    models: [
      { id: 'scm', label: 'SCM', role: 'claimed' },
      { id: 'mlp', label: 'MLP', role: 'baseline' },
      { id: third, label: third === 'rational' ? 'Rational ε' : third, role: 'baseline' },
    ],
    metric_definitions: definitions,
    metrics,
    per_seed: seeds.flatMap((seed) =>
      models.map((model) => ({
        seed,
        model,
        metrics: Object.fromEntries(
          Object.keys(definitions).map((metric) => [metric, value(model, metric, seed)]),
        ),
      })),
    ),
  };
  const direction = (metric: string) => definitions[metric]?.direction ?? 'none';
  const diff = (a: string, b: string, metric: string) =>
    seeds.map((seed) => round((value(a, metric, seed) ?? 0) - (value(b, metric, seed) ?? 0)));
  const comparisons = ['mlp', third].flatMap((ref) =>
    ['loss', 'macro_f1'].map((metric) =>
      comparison(metric, direction(metric), 'scm', ref, seeds, diff('scm', ref, metric)),
    ),
  );
  const deltas = models.flatMap((model) =>
    ['loss', 'macro_f1'].map((metric, k) =>
      comparison(
        metric,
        direction(metric),
        model,
        `baseline-run:${model}`,
        seeds,
        seeds.map((seed) =>
          round((model === 'mlp' && k === 0 ? 0.02 : 0.001) + 0.004 * wobble(seed, 40 + k)),
        ),
      ),
    ),
  );
  const paired: PairedStatsV1 = {
    ...readArtifact(join(dir, RUN_FILES.pairedStats), PAIRED_STATS_SCHEMA),
    distributions: metrics,
    comparisons,
    baseline_run:
      options.baseline === false
        ? null
        : {
            run_id: 'run_20251201_000000_nogit',
            config_hash: base.config_hash,
            manifest_sha256: sha256Hex('baseline manifest'),
            deltas,
            regression: {
              verdict: 'FAIL',
              meta_p: 0.03125,
              severity: 2.5,
              method: 'exact',
              alpha: 0.05,
              n_perm: 2 ** seeds.length,
              n_slots: deltas.length,
              n_flagged: 1,
              flagged: ['mlp/loss'],
              // The one-sided slot p the verdict flags a slot by: below alpha only for mlp/loss.
              slots: deltas.map((d, i) => {
                const slot = `${d.model}/${d.metric}`;
                const flagged = slot === 'mlp/loss';
                return {
                  slot,
                  p: flagged ? 0.000412 : 0.21 + 0.1 * i,
                  zero_variance: false,
                  flagged,
                };
              }),
            },
          },
  };
  const audit = readArtifact(join(dir, RUN_FILES.claimAuditJson), CLAIM_AUDIT_SCHEMA);
  const claim = (
    id: string,
    ref: string,
    metric: string,
    required: boolean,
    verdict: ClaimVerdict,
    reason: string,
  ) => ({
    id,
    description: `SCM beats ${ref} on ${metric}`,
    kind: 'superiority' as const,
    metric,
    claimed_model: 'scm',
    baseline_model: ref,
    direction: direction(metric) === 'higher' ? ('higher' as const) : ('lower' as const),
    threshold: null,
    statistic: 'one-sided paired sign-flip p of the mean difference',
    observed:
      comparisons.find((c) => c.reference === ref && c.metric === metric)?.mean_delta ?? null,
    p_value: 0.03125,
    p_holm: 0.03125,
    alpha: 0.01,
    per_seed: {
      seeds,
      claimed: seeds.map((s) => value('scm', metric, s)),
      baseline: seeds.map((s) => value(ref, metric, s)),
    },
    required,
    verdict,
    reason,
  });
  const scmLoss = seeds.map((s) => value('scm', 'loss', s));
  const scmLossMean = scmLoss.reduce((a: number, b) => a + (b ?? 0), 0) / scmLoss.length;
  const evidence = [
    writeRunFile(dir, RUN_FILES.summary, formatArtifactJson(summary)),
    writeRunFile(dir, RUN_FILES.pairedStats, formatArtifactJson(paired)),
  ];
  const claimAudit: ClaimAuditV2 = {
    ...audit,
    // The audit names the files it judged by hash, so the evidence is the summary just written.
    evidence: evidence.map(({ path, sha256 }) => ({ path, sha256 })),
    claims: [
      // A floor claim (no test, so no p): the required claim that passes.
      {
        ...claim('scm_loss_floor', 'mlp', 'loss', true, 'PASS', ''),
        description: 'SCM mean loss is at most 0.5',
        kind: 'floor' as const,
        baseline_model: null,
        threshold: 0.5,
        statistic: 'mean of scm over seeds',
        observed: scmLossMean,
        p_value: null,
        p_holm: null,
        per_seed: { seeds, claimed: scmLoss, baseline: seeds.map(() => null) },
        reason: `mean ${scmLossMean.toPrecision(4)} ≤ 0.5`,
      },
      // The one tested claim: 5 paired seeds give a smallest exact p of 1/32 = 0.03125, which
      // is not below the mode's alpha 0.01, so no outcome could pass it.
      claim(
        `scm_beats_${third}_f1`,
        third,
        'macro_f1',
        false,
        'INCONCLUSIVE',
        `Holm p 0.0313 ≥ alpha 0.01 against ${third}; with 5 paired seeds and 1 tested claim the smallest attainable Holm p is 0.0313 ≥ alpha 0.01, so no outcome could pass (underpowered): run at least 7 seeds.`,
      ),
    ],
  };
  const records = [
    ...evidence,
    writeRunFile(dir, RUN_FILES.claimAuditJson, formatArtifactJson(claimAudit)),
  ];
  return refreshManifest(dir, REPORT_FIXTURE_CONTRACT, records);
}
