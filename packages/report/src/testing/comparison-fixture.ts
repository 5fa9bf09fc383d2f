import {
  type BaselineComparison,
  COMPARISON_SCHEMA,
  type ComparedRun,
  type ComparisonV1,
  type MetricDiff,
  parseArtifact,
} from '@zpbench/core';

/** A model id no report may pass through as markup: HTML, a Markdown link and a formula. */
export const HOSTILE_MODEL = '<img src=x onerror="window.__pwned=1">[x](javascript:alert(1))';

const run = (id: string, dir: string, commit: string | null): ComparedRun => ({
  run_id: id,
  run_dir: dir,
  manifest_sha256: id === 'run_a' ? 'a'.repeat(64) : 'b'.repeat(64),
  domain: 'fixture',
  mode: 'smoke',
  config_hash: 'c'.repeat(64),
  zpbench_version: '0.1.0',
  created_utc: id === 'run_a' ? '2026-01-01T00:00:00Z' : '2026-01-02T00:00:00Z',
  git_commit: commit,
  git_dirty: commit === null ? null : false,
  seeds: [0, 1, 2, 3, 4],
});

const diff = (
  model: string,
  metric: string,
  values: Partial<MetricDiff> & Pick<MetricDiff, 'delta' | 'status'>,
): MetricDiff => ({
  model,
  metric,
  series: null,
  step: null,
  direction: 'lower',
  unit: 'loss',
  baseline: { n: 5, mean: 0.1234, ci95: [0.1, 0.15] },
  candidate: { n: 5, mean: 0.2468, ci95: [0.2, 0.29] },
  n_pairs: 5,
  delta_ci95: [0.1, 0.15],
  p: 0.0625,
  test: 'paired-sign-flip',
  cohens_d: 7.59,
  sign_agreement: 1,
  note: null,
  ...values,
});

/**
 * A comparison in regression mode of two fixture runs: a regressed row, an unchanged one, a row
 * of a hostile model id, a differing treatment key, a new claim failure, provenance differences
 * and artifact drift with excluded references; parsed by the schema, so it is a valid artifact.
 */
export function createComparisonFixture(): ComparisonV1 {
  const pair: BaselineComparison = {
    baseline: run('run_a', 'results/benchmarks/fixture/run_a', null),
    candidate: run('run_b', '/home/someone/private/run_b', '0123456789abcdef0123'),
    status: 'compared',
    refusals: [],
    context: {
      domain: 'fixture',
      mode: 'smoke',
      schema_versions: { zeroproofml_benchmark_manifest: 5 },
      pairing: 'paired',
      test: 'paired-sign-flip',
      common_seeds: [0, 1, 2, 3, 4],
      dataset_fingerprints: 'match',
      config: 'treatment-only',
      allow_config_diff: false,
      config_differences: [
        {
          key: 'config.inject_regression',
          baseline: '"none"',
          candidate: '"local"',
          treatment: true,
        },
      ],
    },
    diffs: [
      diff('candidate', 'loss', { delta: 0.1234, status: 'regressed' }),
      diff('reference', 'loss', {
        delta: 0,
        delta_ci95: [0, 0],
        p: 1,
        cohens_d: null,
        sign_agreement: null,
        status: 'unchanged',
        candidate: { n: 5, mean: 0.1234, ci95: [0.1, 0.15] },
      }),
      diff(HOSTILE_MODEL, 'loss', {
        delta: null,
        delta_ci95: null,
        p: null,
        test: null,
        cohens_d: null,
        sign_agreement: null,
        n_pairs: 0,
        status: 'not-comparable',
        note: 'absent from the baseline',
      }),
    ],
    regression: {
      verdict: {
        verdict: 'FAIL',
        meta_p: 0.03125,
        severity: 12.5,
        method: 'exact',
        alpha: 0.05,
        n_perm: 4096,
        n_slots: 2,
        n_flagged: 1,
        flagged: ['candidate/loss'],
      },
      verdict_note: null,
      claim_failures: {
        new: [
          {
            id: 'candidate_lower_loss',
            metric: 'loss',
            required: true,
            reason: 'candidate − reference mean 0.1 ≥ 0; p 0.97 ≥ alpha 0.05',
          },
        ],
        removed: [],
        persisting: [],
      },
      metric_status_changes: [
        { model: HOSTILE_MODEL, metric: 'loss', baseline: 'absent', candidate: 'defined' },
      ],
      provenance_differences: [
        { field: 'git.commit', baseline: null, candidate: '0123456789abcdef0123' },
        { field: 'runtime.packages.zod', baseline: '4.6.6', candidate: '4.6.7' },
      ],
      artifact_drift: {
        compared: 12,
        changed: [
          {
            path: 'seed_0/per_seed_result.json',
            role: 'seed-result',
            baseline_sha256: 'd'.repeat(64),
            candidate_sha256: 'e'.repeat(64),
          },
        ],
        only_in_baseline: [],
        only_in_candidate: [{ path: 'aggregated/extra.json', role: 'aggregate' }],
        not_compared: 4,
        excluded: { count: 3, absolute: 1, outside_run: 0, checkpoint: 2, binary: 0 },
      },
    },
  };
  return parseArtifact(
    COMPARISON_SCHEMA,
    {
      schema: 'zpbench_comparison',
      schema_version: 1,
      mode: 'regression',
      zpbench_version: '0.1.0',
      alpha: 0.05,
      claim_boundary: 'Fixture claim boundary: review evidence only.',
      metric_semantics: 'Fixture semantics: delta = candidate − baseline.',
      baselines: [pair],
    },
    'comparison fixture',
  );
}
