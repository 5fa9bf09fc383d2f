import { budgetFileRefSchema, budgetVerdictV1Schema } from './budget.js';
import {
  directionSchema,
  domainIdSchema,
  markerField,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './common.js';
import { provenanceEnvelopeV2Schema } from './envelope.js';
import { regressionVerdictSchema } from './paired-stats.js';
import * as z from './zod.js';

/** Schema marker of a comparison of preserved runs (`zpbench runs compare`). */
export const COMPARISON_MARKER = 'zpbench_comparison';
/** Current version of the comparison. */
export const COMPARISON_VERSION = 1;

const interval = z
  .tuple([z.number(), z.number()])
  .nullable()
  .meta({ description: '95% interval [low, high]; null when fewer than 2 values.' });

/** One compared run, as the comparison identifies it. */
export const comparedRunSchema = z
  .strictObject({
    run_id: z.string().min(1).meta({ description: 'Run id from the manifest.' }),
    run_dir: z.string().min(1).meta({
      description: 'The run directory as the caller named it (a path, relative or absolute).',
    }),
    manifest_sha256: sha256Schema.meta({
      description: 'sha256 of the run’s manifest.json: the identity of every file it lists.',
    }),
    domain: domainIdSchema,
    mode: modeIdSchema,
    config_hash: sha256Schema.meta({ description: 'The run’s config hash (manifest).' }),
    zpbench_version: z.string().meta({ description: 'zpbench version that wrote the run.' }),
    created_utc: utcTimestampSchema.meta({ description: 'When the run directory was created.' }),
    git_commit: z
      .string()
      .nullable()
      .meta({ description: 'Commit the run was made at, or null outside a git checkout.' }),
    git_dirty: z.boolean().nullable().meta({
      description:
        'Whether the worktree had uncommitted changes when the run began (null: unknown).',
    }),
    seeds: z.array(seedSchema).meta({ description: 'Completed seeds, ascending.' }),
  })
  .meta({ description: 'A run directory taking part in the comparison.' });
/** One compared run. */
export type ComparedRun = z.infer<typeof comparedRunSchema>;

/** Why a pair of runs was not compared. */
export const comparisonRefusalSchema = z
  .strictObject({
    check: z
      .enum(['domain', 'mode', 'dataset-fingerprint', 'config', 'seeds'])
      .meta({ description: 'The part of the shared context that differs.' }),
    baseline: z.string().meta({ description: 'The baseline’s value, as text.' }),
    candidate: z.string().meta({ description: 'The candidate’s value, as text.' }),
    reason: z
      .string()
      .meta({ description: 'One sentence: what differs, why it forbids a comparison, the fix.' }),
  })
  .meta({ description: 'A refusal: the runs do not share this part of their context.' });
/** A refusal. */
export type ComparisonRefusal = z.infer<typeof comparisonRefusalSchema>;

/** One configuration key whose value differs between the runs. */
export const configDifferenceSchema = z
  .strictObject({
    key: z.string().meta({ description: 'Dotted path of the key in the resolved config.' }),
    baseline: z
      .string()
      .nullable()
      .meta({ description: 'The baseline’s value as canonical JSON; null when absent.' }),
    candidate: z
      .string()
      .nullable()
      .meta({ description: 'The candidate’s value as canonical JSON; null when absent.' }),
    treatment: z.boolean().meta({
      description:
        'True for a key the domain declares as a treatment (compared freely); false for a setup key, which needs --allow-config-diff.',
    }),
  })
  .meta({ description: 'A configuration key that differs between baseline and candidate.' });
/** A differing configuration key. */
export type ConfigDifference = z.infer<typeof configDifferenceSchema>;

/** What the two runs share (or fail to share). */
export const comparisonContextSchema = z
  .strictObject({
    domain: z.string().meta({ description: 'Domain of the runs (the baseline’s when refused).' }),
    mode: z.string().meta({ description: 'Mode of the runs (the baseline’s when refused).' }),
    schema_versions: z.record(z.string(), z.number().int()).meta({
      description:
        'Artifact marker → schema version both runs were read at (the run reader refuses any other version).',
    }),
    pairing: z.enum(['paired', 'unpaired', 'partial']).meta({
      description:
        'paired: the same seeds (differences per seed); unpaired: no seed in common (two independent samples); partial: some seeds in common but not all (two samples, a shared seed in both: the unpaired test is then conservative).',
    }),
    test: z.enum(['paired-sign-flip', 'unpaired-permutation']).nullable().meta({
      description:
        'The test behind every row’s p and the regression verdict: the paired sign-flip permutation test (paired), or the unpaired two-sample permutation test (unpaired and partial); null when refused.',
    }),
    common_seeds: z
      .array(seedSchema)
      .meta({ description: 'Seeds completed in both runs, ascending.' }),
    dataset_fingerprints: z.enum(['match', 'differ', 'no-common-seed']).meta({
      description:
        'Whether every common seed generated the same dataset (sha256 fingerprints); no-common-seed when the runs share no seed.',
    }),
    config: z.enum(['identical', 'treatment-only', 'differs']).meta({
      description:
        'identical config hashes; treatment-only: only treatment keys differ; differs: setup keys differ (refused without --allow-config-diff).',
    }),
    allow_config_diff: z
      .boolean()
      .meta({ description: 'Whether --allow-config-diff admitted differing setup keys.' }),
    config_differences: z
      .array(configDifferenceSchema)
      .meta({ description: 'Every configuration key whose value differs, treatment or setup.' }),
  })
  .meta({ description: 'The shared comparison context of a baseline and a candidate.' });
/** The shared comparison context. */
export type ComparisonContext = z.infer<typeof comparisonContextSchema>;

const sideSchema = z
  .strictObject({
    n: z.number().int().min(0).meta({ description: 'Seeds with a finite value.' }),
    mean: z.number().nullable().meta({ description: 'Mean over those seeds; null when none.' }),
    ci95: interval,
  })
  .meta({ description: 'One run’s seed distribution of the metric.' });

/** One row: a model's metric in the baseline and the candidate. */
export const metricDiffSchema = z
  .strictObject({
    model: z.string().meta({ description: 'Model id.' }),
    metric: z.string().meta({ description: 'Metric key.' }),
    series: z.string().nullable().meta({
      description: 'The series the metric is a step of (MetricDefinition.series), else null.',
    }),
    step: z.number().int().nullable().meta({ description: 'Its step in that series, else null.' }),
    direction: directionSchema,
    unit: z.string().meta({ description: 'Unit of the metric.' }),
    baseline: sideSchema.meta({ description: 'The baseline’s distribution.' }),
    candidate: sideSchema.meta({ description: 'The candidate’s distribution.' }),
    n_pairs: z.number().int().min(0).meta({
      description: 'Seeds with a finite value in both runs (paired); 0 when the runs do not pair.',
    }),
    delta: z.number().nullable().meta({
      description:
        'Candidate − baseline: the mean paired difference (paired), or the difference of means (unpaired).',
    }),
    delta_ci95: interval.meta({
      description:
        '95% t-interval of the delta (paired differences; Welch for unpaired); null when undefined.',
    }),
    p: z.number().nullable().meta({
      description:
        'Two-sided p that the delta is zero, from `test` (paired: sign-flip over the per-seed differences; unpaired: permutation of the seeds between the runs, exact up to 2^20 splits); null when the delta is undefined.',
    }),
    test: z
      .enum(['paired-sign-flip', 'unpaired-permutation'])
      .nullable()
      .meta({ description: 'The test behind `p`.' }),
    cohens_d: z.number().nullable().meta({
      description:
        "Cohen's d: d_z (mean difference / sd of differences) when paired, pooled-sd d when unpaired; null when the sd is undefined or zero to rounding (differences constant across seeds).",
    }),
    sign_agreement: z.number().nullable().meta({
      description:
        'Share of paired seeds whose difference has the sign of the mean difference; null when unpaired, undefined or the mean difference is zero.',
    }),
    status: z.enum(['improved', 'regressed', 'unchanged', 'no-direction', 'not-comparable']).meta({
      description:
        'By the metric’s direction: improved / regressed when the 95% interval of the delta lies wholly on the better / worse side of zero, else unchanged; no-direction for a descriptive metric; not-comparable when the delta or its interval is undefined.',
    }),
    note: z
      .string()
      .nullable()
      .meta({ description: 'Why a row is not comparable (values undefined, too few seeds).' }),
  })
  .meta({ description: 'One model × metric row of the comparison.' });
/** One row of the comparison. */
export type MetricDiff = z.infer<typeof metricDiffSchema>;

const claimRefSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Claim id.' }),
    metric: z.string().meta({ description: 'Metric the claim is about.' }),
    required: z
      .boolean()
      .meta({ description: 'Whether the gate requires the claim in this mode.' }),
    reason: z.string().meta({ description: 'The audit’s reason for the claim’s verdict.' }),
  })
  .meta({ description: 'A claim of the claim audit.' });

const metricStatusSchema = z.enum(['defined', 'partial', 'undefined', 'absent']).meta({
  description:
    'defined: finite on every seed; partial: on some seeds only; undefined: on none; absent: the model or metric is not in the run.',
});

/** What regression mode adds to a comparison. */
export const comparisonRegressionSchema = z
  .strictObject({
    verdict: regressionVerdictSchema.nullable().meta({
      description:
        'pybench’s severity sign-flip test of the candidate against the baseline over every (model, metric, step) slot (the unpaired severity permutation test when the seeds do not pair, see context.test); null when no verdict is possible (see verdict_note).',
    }),
    verdict_note: z
      .string()
      .nullable()
      .meta({ description: 'Why there is no verdict (too few seeds, no slot); else null.' }),
    claim_failures: z
      .strictObject({
        new: z
          .array(claimRefSchema)
          .meta({ description: 'Claims that FAIL in the candidate and did not in the baseline.' }),
        removed: z
          .array(claimRefSchema)
          .meta({ description: 'Claims that FAILed in the baseline and do not in the candidate.' }),
        persisting: z.array(claimRefSchema).meta({ description: 'Claims that FAIL in both.' }),
      })
      .meta({ description: 'Claim failures of the candidate against the baseline’s.' }),
    metric_status_changes: z
      .array(
        z.strictObject({
          model: z.string().meta({ description: 'Model id.' }),
          metric: z.string().meta({ description: 'Metric key.' }),
          baseline: metricStatusSchema,
          candidate: metricStatusSchema,
        }),
      )
      .meta({ description: 'Model × metric pairs whose availability over seeds changed.' }),
    provenance_differences: z
      .array(
        z.strictObject({
          field: z.string().meta({
            description:
              'Provenance field (zpbench_version, runtime.node, runtime.packages.<name>, git.commit, git.dirty, system.<field>, …).',
          }),
          baseline: z
            .string()
            .nullable()
            .meta({ description: 'The baseline’s value as text; null when absent.' }),
          candidate: z
            .string()
            .nullable()
            .meta({ description: 'The candidate’s value as text; null when absent.' }),
        }),
      )
      .meta({ description: 'Versions, git state and machine that differ between the runs.' }),
    artifact_drift: z
      .strictObject({
        compared: z.number().int().min(0).meta({
          description:
            'Safe artifacts compared by sha256 (per-seed results, sidecars, aggregates, audits, figures, bundle manifests).',
        }),
        changed: z
          .array(
            z.strictObject({
              path: z.string().meta({ description: 'Path relative to the run directory.' }),
              role: z.string().meta({ description: 'The artifact’s declared role.' }),
              baseline_sha256: sha256Schema,
              candidate_sha256: sha256Schema,
            }),
          )
          .meta({ description: 'Safe artifacts present in both runs whose hash changed.' }),
        only_in_baseline: z
          .array(
            z.strictObject({
              path: z.string().meta({ description: 'Path relative to the run directory.' }),
              role: z.string().meta({ description: 'The artifact’s declared role.' }),
            }),
          )
          .meta({ description: 'Safe artifacts the candidate no longer has.' }),
        only_in_candidate: z
          .array(
            z.strictObject({
              path: z.string().meta({ description: 'Path relative to the run directory.' }),
              role: z.string().meta({ description: 'The artifact’s declared role.' }),
            }),
          )
          .meta({ description: 'Safe artifacts new in the candidate.' }),
        not_compared: z.number().int().min(0).meta({
          description:
            'Journal and report files, which hold run ids and timestamps and so always differ.',
        }),
        excluded: z
          .strictObject({
            count: z.number().int().min(0).meta({
              description:
                'Unsafe references, counted and never rendered: absolute paths, paths that leave the run directory, checkpoints and model weights, binary files.',
            }),
            absolute: z.number().int().min(0).meta({ description: 'Absolute paths.' }),
            outside_run: z
              .number()
              .int()
              .min(0)
              .meta({ description: 'Paths with a `..` segment or a backslash.' }),
            checkpoint: z
              .number()
              .int()
              .min(0)
              .meta({ description: 'Checkpoints, bundle weights and checkpoint suffixes.' }),
            binary: z.number().int().min(0).meta({ description: 'Binary files.' }),
          })
          .meta({ description: 'Unsafe references of both runs, by reason.' }),
      })
      .meta({ description: 'Hash changes of the runs’ safe artifacts.' }),
  })
  .meta({
    description: 'What regression mode adds: verdict, failures, status, provenance, drift.',
  });
/** What regression mode adds. */
export type ComparisonRegression = z.infer<typeof comparisonRegressionSchema>;

/** The status of one budget threshold in one run of a comparison. */
const budgetStatusSchema = z.enum(['pass', 'fail', 'absent']).meta({
  description: 'pass or fail: the threshold was evaluated on the run; absent: it was not.',
});

/** A budget file evaluated on both runs of a pair (`runs compare --budget-file`). */
export const comparisonBudgetSchema = z
  .strictObject({
    budget_file: budgetFileRefSchema,
    baseline: budgetVerdictV1Schema.meta({ description: 'The budget verdict of the baseline.' }),
    candidate: budgetVerdictV1Schema.meta({ description: 'The budget verdict of the candidate.' }),
    status_changes: z
      .array(
        z.strictObject({
          budget: z.number().int().min(0).meta({ description: 'Index of the budget in the file.' }),
          selector: z.string().meta({ description: 'The budget’s selector.' }),
          subject: z.string().meta({ description: 'What was measured (`model/metric`, …).' }),
          threshold_name: z.string().meta({ description: 'Threshold key.' }),
          baseline: budgetStatusSchema,
          candidate: budgetStatusSchema,
          baseline_observed: z
            .union([z.number(), z.string()])
            .nullable()
            .meta({ description: 'Observed value in the baseline, or null.' }),
          candidate_observed: z
            .union([z.number(), z.string()])
            .nullable()
            .meta({ description: 'Observed value in the candidate, or null.' }),
        }),
      )
      .meta({
        description: 'Thresholds whose status differs between the runs (pass ↔ fail, new, gone).',
      }),
  })
  .meta({ description: 'Budget status of both runs and its changes.' });
/** A budget file evaluated on both runs of a pair. */
export type ComparisonBudget = z.infer<typeof comparisonBudgetSchema>;

/** One baseline–candidate pair of a comparison. */
export const baselineComparisonSchema = z
  .strictObject({
    baseline: comparedRunSchema.meta({ description: 'The preserved baseline run.' }),
    candidate: comparedRunSchema.meta({ description: 'The candidate run.' }),
    status: z
      .enum(['compared', 'refused'])
      .meta({ description: 'refused when any part of the shared context differs.' }),
    refusals: z
      .array(comparisonRefusalSchema)
      .meta({ description: 'Why the pair was refused; empty when compared.' }),
    context: comparisonContextSchema,
    diffs: z.array(metricDiffSchema).meta({
      description: 'One row per model × metric, in the domain’s order; empty when refused.',
    }),
    regression: comparisonRegressionSchema
      .nullable()
      .meta({ description: 'Regression mode’s additions; null in standard mode or when refused.' }),
    budget: comparisonBudgetSchema.optional().meta({
      description: 'With --budget-file: the budget verdict of both runs and the status changes.',
    }),
  })
  .meta({ description: 'The comparison of one candidate with one baseline.' });
/** One baseline–candidate pair. */
export type BaselineComparison = z.infer<typeof baselineComparisonSchema>;

/** A comparison of preserved runs, version 1. Deterministic: no timestamps of its own. */
export const comparisonV1Schema = z
  .strictObject({
    schema: markerField(COMPARISON_MARKER),
    schema_version: versionField(COMPARISON_VERSION),
    mode: z.enum(['standard', 'regression']).meta({
      description:
        'standard: rows of deltas; regression: the first run is the preserved baseline, and the verdict, claim failures, metric status, provenance and artifact drift are added.',
    }),
    zpbench_version: z.string().meta({ description: 'Version of zpbench that compared.' }),
    alpha: z.number().meta({ description: 'Level of the regression verdict.' }),
    claim_boundary: z
      .string()
      .meta({ description: 'What the comparison supports and what it does not.' }),
    metric_semantics: z
      .string()
      .meta({ description: 'How deltas, intervals, p-values and statuses are defined.' }),
    baselines: z.array(baselineComparisonSchema).meta({
      description:
        'One entry per baseline–candidate pair: a run against each baseline (library), or each candidate against the baseline (command line).',
    }),
    envelope: provenanceEnvelopeV2Schema.optional().meta({
      description:
        'The provenance envelope of the comparison (kind comparison): the compared runs’ digests, the budget file, claim boundary and metric semantics.',
    }),
  })
  .meta({
    title: 'zpbench comparison v1',
    description:
      'Paired comparison of preserved run directories of one domain, mode and dataset: shared context, refusals, per-metric deltas and, in regression mode, the regression evidence.',
  });
/** A comparison of preserved runs, version 1. */
export type ComparisonV1 = z.infer<typeof comparisonV1Schema>;
