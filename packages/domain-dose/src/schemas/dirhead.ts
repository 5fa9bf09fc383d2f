import { markerField, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';
import { dirheadBaseSchema } from './details.js';
import { doseModelDiagnosticsSchema } from './diagnostics.js';

/** Schema marker of `seed_<n>/dirhead_only_results.json`. */
export const DIRHEAD_RESULTS_MARKER = 'zpbench_dose_dirhead_only_results';
/** Schema marker of `aggregated/dirhead_only_summary.json`. */
export const DIRHEAD_SUMMARY_MARKER = 'zpbench_dose_dirhead_only_summary';
/** Current version of both frozen-dirhead artifacts. */
export const DIRHEAD_VERSION = 1;

const variants = <T extends z.ZodType>(value: T, description: string) =>
  z
    .strictObject({
      base_scm: value.meta({ description: `${description} of the frozen base SCM.` }),
      frozen_dirhead: value.meta({ description: `${description} of the SCM with the new head.` }),
    })
    .meta({ description });

/** `seed_<n>/dirhead_only_results.json`: the frozen-dirhead follow-up of one seed. */
export const dirheadResultsV1Schema = z
  .strictObject({
    schema: markerField(DIRHEAD_RESULTS_MARKER),
    schema_version: versionField(DIRHEAD_VERSION),
    seed: seedSchema,
    config_hash: sha256Schema,
    base: dirheadBaseSchema,
    direction_head: z
      .strictObject({
        sizes: z.array(z.number().int().min(1)).meta({ description: 'Head layer widths.' }),
        steps: z.number().int().min(1).meta({ description: 'Optimizer steps of the head.' }),
        n_train_censored: z
          .number()
          .int()
          .min(0)
          .meta({ description: 'Censored training samples the head learns from.' }),
        n_params: z.number().int().min(0).meta({ description: 'Trainable head parameters.' }),
      })
      .meta({ description: 'The freshly trained direction head.' }),
    metrics: variants(z.record(z.string(), z.number().nullable()), 'Test metrics'),
    direction_confusion: variants(
      doseModelDiagnosticsSchema.shape.direction,
      'Censored direction confusion',
    ),
  })
  .meta({
    title: 'zpbench DOSE frozen-dirhead results v1',
    description: 'Base SCM and frozen-feature direction head on one seed.',
  });
/** `seed_<n>/dirhead_only_results.json`. */
export type DirheadResultsV1 = z.infer<typeof dirheadResultsV1Schema>;

const statSchema = z
  .strictObject({
    n: z.number().int().min(0).meta({ description: 'Seeds with a value.' }),
    mean: z.number().nullable().meta({ description: 'Mean over seeds.' }),
    std: z.number().nullable().meta({ description: 'Sample sd over seeds (n−1).' }),
    values: z.array(z.number()).meta({ description: 'Per-seed values in seed order.' }),
  })
  .meta({ description: 'One metric over seeds.' });

/** `aggregated/dirhead_only_summary.json`: the frozen-dirhead follow-up over seeds. */
export const dirheadSummaryV1Schema = z
  .strictObject({
    schema: markerField(DIRHEAD_SUMMARY_MARKER),
    schema_version: versionField(DIRHEAD_VERSION),
    config_hash: sha256Schema,
    base_source: z.enum(['parent-run', 'trained-in-run']).meta({
      description: 'Where the frozen base SCMs come from.',
    }),
    parent_run_id: z.string().nullable().meta({ description: 'Parent run id, if any.' }),
    parent_manifest_sha256: sha256Schema
      .nullable()
      .meta({ description: 'sha256 of the parent manifest, if any.' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds summarised.' }),
    metrics: variants(z.record(z.string(), statSchema), 'Metric → distribution over seeds'),
  })
  .meta({
    title: 'zpbench DOSE frozen-dirhead summary v1',
    description: 'Base SCM vs the frozen-feature direction head, over seeds.',
  });
/** `aggregated/dirhead_only_summary.json`. */
export type DirheadSummaryV1 = z.infer<typeof dirheadSummaryV1Schema>;
