import {
  directionSchema,
  distributionSchema,
  domainIdSchema,
  markerField,
  metricValueSchema,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Schema marker of `aggregated/summary.json`. */
export const SUMMARY_MARKER = 'zeroproofml_benchmark_summary';
/** Current version of `aggregated/summary.json`. */
export const SUMMARY_VERSION = 1;

/** Definition of one metric, as declared by its domain. */
export const metricDefinitionSchema = z
  .strictObject({
    description: z.string().meta({ description: 'What the metric measures, in one sentence.' }),
    direction: directionSchema,
    unit: z.string().meta({ description: 'Unit, e.g. "fraction", "response units", "rad²".' }),
    subset: z.string().meta({
      description: 'Subset of the test data the metric is computed on (e.g. "censored").',
    }),
  })
  .meta({ description: 'Definition of one metric.' });
/** Definition of one metric. */
export type MetricDefinitionEntry = z.infer<typeof metricDefinitionSchema>;

/** Description of one model of the domain. */
export const modelEntrySchema = z
  .strictObject({
    id: z.string().min(1).meta({ description: 'Model id as used in per-seed results.' }),
    label: z.string().meta({ description: 'Human-readable name.' }),
    role: z.enum(['claimed', 'baseline', 'reference']).meta({
      description:
        'claimed: the model of the claim; baseline: compared against; reference: not learned.',
    }),
  })
  .meta({ description: 'One model of the benchmark.' });

/** `aggregated/summary.json`, version 1. Deterministic: no timestamps, no run id. */
export const summaryV1Schema = z
  .strictObject({
    schema: markerField(SUMMARY_MARKER),
    schema_version: versionField(SUMMARY_VERSION),
    domain: domainIdSchema,
    mode: modeIdSchema,
    config_hash: sha256Schema,
    n_seeds: z.number().int().min(0).meta({ description: 'Number of completed seeds aggregated.' }),
    seeds: z.array(seedSchema).meta({ description: 'Aggregated seeds in ascending order.' }),
    models: z
      .array(modelEntrySchema)
      .meta({ description: 'Models in the domain’s declared order.' }),
    metric_definitions: z
      .record(z.string(), metricDefinitionSchema)
      .meta({ description: 'Metric key → definition.' }),
    metrics: z
      .record(z.string(), z.record(z.string(), distributionSchema))
      .meta({ description: 'Model → metric → distribution over seeds.' }),
    per_seed: z
      .array(
        z.strictObject({
          seed: seedSchema,
          model: z.string().meta({ description: 'Model id.' }),
          metrics: z
            .record(z.string(), metricValueSchema)
            .meta({ description: 'Metric → value for this seed and model.' }),
        }),
      )
      .meta({ description: 'Per-seed metric table, ordered by seed then model.' }),
  })
  .meta({
    title: 'zpbench benchmark summary v1',
    description:
      'Cross-seed metrics, metric definitions, per-seed metric table and model summaries.',
  });
/** `aggregated/summary.json`, version 1. */
export type SummaryV1 = z.infer<typeof summaryV1Schema>;
