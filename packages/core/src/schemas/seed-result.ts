import {
  markerField,
  metricValueSchema,
  modeIdSchema,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Current version of every per-seed result schema (2: typed domain details, no gate fields in the envelope). */
export const SEED_RESULT_VERSION = 2;

/** The per-seed schema marker of a domain: `zeroproofml_benchmark_<domain>_seed_result`. */
export function seedResultMarker<const D extends string>(
  domain: D,
): `zeroproofml_benchmark_${D}_seed_result` {
  return `zeroproofml_benchmark_${domain}_seed_result`;
}

/** One epoch of a model's training log. */
export const trainLogEntrySchema = z
  .strictObject({
    epoch: z.number().int().min(0).meta({ description: 'Epoch index, from 0.' }),
    step: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Optimizer steps taken by the end of the epoch.' }),
    metrics: z
      .record(z.string(), z.number())
      .meta({ description: 'Loss components and training metrics at the end of the epoch.' }),
  })
  .meta({ description: 'One training-log entry (no wall time: results stay deterministic).' });
/** One epoch of a model's training log. */
export type TrainLogEntry = z.infer<typeof trainLogEntrySchema>;

/** Result of one model on one seed. */
export const modelRunSchema = z
  .strictObject({
    metrics: z
      .record(z.string(), metricValueSchema)
      .meta({ description: 'Metric key → value on the test split.' }),
    model_meta: z
      .strictObject({
        family: z
          .string()
          .meta({ description: 'Model family (mlp, rational-eps, scm, analytic, …).' }),
        n_params: z.number().int().min(0).meta({ description: 'Trainable parameter count.' }),
        architecture: z.string().meta({ description: 'Short architecture description.' }),
      })
      .meta({ description: 'What the model is.' }),
    train: z
      .strictObject({
        optimizer: z.string().meta({ description: 'Optimizer and its settings.' }),
        steps: z
          .number()
          .int()
          .min(0)
          .meta({ description: 'Optimizer steps (the primary budget).' }),
        epochs: z.number().int().min(0).meta({ description: 'Epochs.' }),
        batch_size: z.number().int().min(0).meta({ description: 'Minibatch size.' }),
      })
      .meta({
        description: 'Training budget actually spent (protocol v1 counts optimizer steps).',
      }),
    train_log: z.array(trainLogEntrySchema).meta({ description: 'Per-epoch training log.' }),
    checkpoint: z
      .strictObject({ path: relativePathSchema, sha256: sha256Schema })
      .nullable()
      .meta({ description: 'Saved checkpoint relative to the run root, or null.' }),
  })
  .meta({ description: 'One model’s result on one seed.' });
/** Result of one model on one seed. */
export type ModelRun = z.infer<typeof modelRunSchema>;

/**
 * Builds the per-seed result schema of a domain: the shared envelope with the domain's marker,
 * around the domain's own `details` schema. Wall times never appear here (they live in
 * provenance), so a seed's result is byte-identical on every machine and worker count.
 */
export function createSeedResultSchema<const D extends string, T>(
  domain: D,
  details: z.ZodType<T>,
) {
  return z
    .strictObject({
      schema: markerField(seedResultMarker(domain)),
      schema_version: versionField(SEED_RESULT_VERSION),
      domain: z.literal(domain).meta({ description: `Domain id; always "${domain}".` }),
      mode: modeIdSchema,
      seed: seedSchema,
      protocol: z
        .strictObject({
          protocol_version: z.literal('v1').meta({ description: 'Experiment protocol version.' }),
          invalid_output_policy: z
            .string()
            .meta({ description: 'How invalid outputs (NaN, Inf, bottom) enter the metrics.' }),
        })
        .meta({ description: 'Experiment protocol of the result.' }),
      config_hash: sha256Schema,
      dataset_fingerprint: sha256Schema.meta({
        description: 'sha256 of the canonical generated dataset of this seed.',
      }),
      data_config: z.record(z.string(), z.unknown()).meta({
        description: 'Data-generation contract (dataset name, version, generator, constants).',
      }),
      train_config: z
        .record(z.string(), z.unknown())
        .meta({ description: 'Training configuration shared by the models.' }),
      split_sizes: z.record(z.string(), z.number().int().min(0)).meta({
        description: 'Split name → number of samples (train, val, test, calibration, …).',
      }),
      runs: z.record(z.string(), modelRunSchema).meta({ description: 'Model id → result.' }),
      artifact_naming: z.record(z.string(), relativePathSchema).meta({
        description:
          'Logical name → path relative to the run root of the seed’s result, sidecars and checkpoints (derived from the domain’s artifact table).',
      }),
      details: details.meta({
        description: `Domain-specific per-seed payload of ${domain}, typed by the domain's schema.`,
      }),
    })
    .meta({
      title: `zpbench ${domain} per-seed result v${SEED_RESULT_VERSION}`,
      description: `Canonical raw per-seed result of the ${domain} domain. Deterministic: no wall times (they are in provenance.json), so the same seed and config give the same bytes on any machine.`,
    });
}

const anySeedResultSchema = createSeedResultSchema('any', z.unknown());

/** A per-seed result of any domain, with its domain's details type. */
export type SeedResult<T = unknown> = Omit<
  z.infer<typeof anySeedResultSchema>,
  'schema' | 'domain' | 'details'
> & {
  readonly schema: string;
  readonly domain: string;
  readonly details: T;
};

export { seedSchema };
