import { domainIdSchema, markerField, seedSchema, versionField } from './common.js';
import * as z from './zod.js';

/** Schema marker of each `aggregated/benchmark_metrics.jsonl` record. */
export const METRIC_LOG_MARKER = 'zeroproofml.metric_log';
/** Current version of the metric-log record. */
export const METRIC_LOG_VERSION = 1;

/** Phases of the benchmark metric log. */
export const metricLogPhaseSchema = z
  .enum(['benchmark_seed', 'benchmark_summary', 'benchmark_delta', 'train'])
  .meta({
    description:
      'benchmark_seed: one record per seed and model; benchmark_summary: one per model with means; benchmark_delta: one per model with baseline mean deltas; train: training-log records.',
  });

/** One line of a versioned JSONL metric log. */
export const metricLogRecordV1Schema = z
  .strictObject({
    schema: markerField(METRIC_LOG_MARKER),
    schema_version: versionField(METRIC_LOG_VERSION),
    phase: metricLogPhaseSchema,
    record_type: metricLogPhaseSchema.meta({ description: 'Record type; equals the phase.' }),
    step: z.number().int().min(0).meta({ description: 'Step index (seed position, epoch, or 0).' }),
    metrics: z
      .record(z.string(), z.number())
      .meta({ description: 'Metric → finite numeric value.' }),
    context: z
      .strictObject({
        domain: domainIdSchema,
        model: z.string().meta({ description: 'Model id.' }),
        seed: seedSchema
          .optional()
          .meta({ description: 'Seed, for per-seed and training records.' }),
        epoch: z
          .number()
          .int()
          .min(0)
          .optional()
          .meta({ description: 'Epoch, for training records.' }),
      })
      .meta({ description: 'Where the record comes from.' }),
  })
  .meta({
    title: 'zpbench metric log record v1',
    description: 'One JSON object per line of a metric log.',
  });
/** One line of a metric log. */
export type MetricLogRecordV1 = z.infer<typeof metricLogRecordV1Schema>;
