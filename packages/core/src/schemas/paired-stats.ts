import {
  directionSchema,
  distributionSchema,
  domainIdSchema,
  markerField,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Schema marker of `aggregated/paired_stats.json`. */
export const PAIRED_STATS_MARKER = 'zeroproofml_paired_stats';
/** Current version of `aggregated/paired_stats.json`. */
export const PAIRED_STATS_VERSION = 1;

/** A paired comparison of two value series, paired by seed. */
export const pairedComparisonSchema = z
  .strictObject({
    metric: z.string().meta({ description: 'Metric key.' }),
    direction: directionSchema,
    model: z
      .string()
      .meta({ description: 'Model whose values are the minuend (current / claimed).' }),
    reference: z
      .string()
      .meta({ description: 'Model (or "baseline-run:<model>") whose values are subtracted.' }),
    n: z.number().int().min(0).meta({ description: 'Number of seed pairs with finite values.' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds of the pairs, ascending.' }),
    deltas: z.array(z.number()).meta({ description: 'Per-seed differences model − reference.' }),
    mean_delta: z.number().nullable().meta({ description: 'Mean of the differences.' }),
    std_delta: z.number().nullable().meta({ description: 'Sample sd of the differences.' }),
    ci95: z
      .tuple([z.number(), z.number()])
      .nullable()
      .meta({ description: '95% t-interval of the mean difference.' }),
    sign_flip_p: z
      .number()
      .nullable()
      .meta({ description: 'Two-sided sign-flip permutation p of the mean difference.' }),
    wilcoxon_p: z.number().nullable().meta({ description: 'Two-sided Wilcoxon signed-rank p.' }),
    sign_test_p: z.number().nullable().meta({ description: 'Two-sided exact sign-test p.' }),
    wins: z
      .number()
      .int()
      .meta({ description: 'Seeds where the model is better than the reference (by direction).' }),
    losses: z.number().int().meta({ description: 'Seeds where the model is worse.' }),
    ties: z.number().int().meta({ description: 'Seeds with equal values.' }),
    cohens_dz: z
      .number()
      .nullable()
      .meta({ description: "Cohen's d_z: mean difference / sd of differences." }),
    sign_agreement: z.number().nullable().meta({
      description: 'Share of seeds whose difference has the sign of the mean difference.',
    }),
  })
  .meta({ description: 'Paired comparison of one metric between two models, paired by seed.' });
/** A paired comparison. */
export type PairedComparison = z.infer<typeof pairedComparisonSchema>;

/** The regression verdict of the severity sign-flip test against a baseline run. */
export const regressionVerdictSchema = z
  .strictObject({
    verdict: z.enum(['PASS', 'FAIL']).meta({ description: 'FAIL iff meta_p < alpha.' }),
    meta_p: z.number().meta({ description: 'Sign-flip meta p-value of the severity statistic.' }),
    severity: z.number().nullable().meta({
      description:
        'Observed severity T; null when a slot with zero-variance differences regressed (its t is −∞ and T unbounded).',
    }),
    method: z
      .enum(['exact', 'monte-carlo'])
      .meta({ description: 'Enumeration or seeded Monte Carlo.' }),
    alpha: z.number().meta({ description: 'Significance level.' }),
    n_perm: z.number().int().meta({ description: 'Permutation budget.' }),
    n_slots: z.number().int().meta({ description: 'Number of (model, metric) slots tested.' }),
    n_flagged: z.number().int().meta({ description: 'Slots flagged as regressed.' }),
    flagged: z.array(z.string()).meta({ description: 'Flagged slots as "model/metric".' }),
    slots: z
      .array(
        z.strictObject({
          slot: z.string().meta({ description: 'The slot as "model/metric".' }),
          p: z.number().meta({
            description:
              'One-sided "regressed" p of the slot, the one the verdict flags it by (flagged iff p < alpha); 0 or 1 on zero variance.',
          }),
          zero_variance: z
            .boolean()
            .meta({ description: 'The paired differences are constant: no t, p is 0 or 1.' }),
          flagged: z.boolean().meta({ description: 'The verdict flags this slot.' }),
        }),
      )
      .optional()
      .meta({ description: 'Every tested slot in the test’s order (absent in older runs).' }),
  })
  .meta({ description: 'Severity sign-flip verdict of current against baseline.' });

/** `aggregated/paired_stats.json`, version 1. */
export const pairedStatsV1Schema = z
  .strictObject({
    schema: markerField(PAIRED_STATS_MARKER),
    schema_version: versionField(PAIRED_STATS_VERSION),
    domain: domainIdSchema,
    mode: modeIdSchema,
    config_hash: sha256Schema,
    claimed_model: z.string().nullable().meta({ description: 'The claimed model of the domain.' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds of this run, ascending.' }),
    distributions: z
      .record(z.string(), z.record(z.string(), distributionSchema))
      .meta({ description: 'Model → metric → seed distribution.' }),
    comparisons: z
      .array(pairedComparisonSchema)
      .meta({ description: 'Claimed model against each baseline, per metric.' }),
    baseline_run: z
      .strictObject({
        run_id: z.string().meta({ description: 'Run id of the baseline run.' }),
        config_hash: sha256Schema,
        manifest_sha256: sha256Schema.meta({
          description: 'sha256 of the baseline run’s manifest.json.',
        }),
        deltas: z
          .array(pairedComparisonSchema)
          .meta({ description: 'Current minus baseline, per model and metric, paired by seed.' }),
        regression: regressionVerdictSchema.nullable().meta({
          description:
            'Severity sign-flip regression verdict over every paired slot, or null when no slot pairs.',
        }),
      })
      .nullable()
      .meta({ description: 'Current-minus-baseline comparison when a baseline run was given.' }),
  })
  .meta({
    title: 'zpbench paired stats v1',
    description:
      'Per-model seed distributions and paired comparisons, optionally against a baseline run.',
  });
/** `aggregated/paired_stats.json`, version 1. */
export type PairedStatsV1 = z.infer<typeof pairedStatsV1Schema>;
