import * as z from './zod.js';

/** A lowercase hex sha256 digest. */
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ description: 'Lowercase hexadecimal sha256 digest (64 characters).' });

/** A path relative to the run root: forward slashes, no `..` segment, not absolute. */
export const relativePathSchema = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?![A-Za-z]:)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\\0]+$/)
  .meta({
    description:
      'Path relative to the run root, with forward slashes; never absolute and never containing a `..` segment.',
  });

/** Benchmark domain ids. */
export const domainIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/)
  .meta({ description: 'Domain id, kebab-case, as its plugin declares it.' });

/** Mode ids (smoke, paper, domain-specific ones). */
export const modeIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/)
  .meta({ description: 'Mode id, kebab-case (smoke, paper, or a mode of the domain’s own).' });

/** A seed number. */
export const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .meta({ description: 'Seed number, a non-negative 32-bit integer.' });

/** An ISO-8601 UTC timestamp. */
export const utcTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/)
  .meta({ description: 'UTC timestamp in ISO-8601 form, ending in Z.' });

/** A metric value: a finite number, or null when the metric is undefined for that model. */
export const metricValueSchema = z.number().nullable().meta({
  description:
    'Metric value: a finite number, or null when the metric is not defined for this model or subset (e.g. denominator statistics of a model without a denominator).',
});

/** Direction of a metric. */
export const directionSchema = z.enum(['higher', 'lower', 'none']).meta({
  description:
    'Which way is better: higher, lower, or none (a descriptive quantity with no better direction).',
});

/** Numeric summary of one metric over seeds. */
export const distributionSchema = z
  .strictObject({
    n: z.number().int().min(0).meta({ description: 'Number of seeds with a finite value.' }),
    mean: z.number().nullable().meta({ description: 'Arithmetic mean over seeds.' }),
    std: z.number().nullable().meta({
      description: 'Sample standard deviation over seeds (divisor n−1); null when n < 2.',
    }),
    median: z.number().nullable().meta({ description: 'Median over seeds.' }),
    min: z.number().nullable().meta({ description: 'Smallest value over seeds.' }),
    max: z.number().nullable().meta({ description: 'Largest value over seeds.' }),
    ci95: z.tuple([z.number(), z.number()]).nullable().meta({
      description:
        '95% interval of the mean over seeds, [low, high], by `ci95_method`; null when n < 2.',
    }),
    ci95_method: z.enum(['student-t', 'student-t-in-range']).optional().meta({
      description:
        'How `ci95` was computed: student-t is mean ± t(0.975, n−1)·sd/√n; student-t-in-range is that interval intersected with the metric’s range [0, 1] (metrics whose unit is a fraction), which covers exactly as often and never leaves the range. Absent in summaries written before this field (student-t) and when ci95 is null.',
    }),
    values: z
      .array(z.number().nullable())
      .meta({ description: 'Per-seed values in seed order (null where undefined).' }),
  })
  .meta({ description: 'Distribution of one metric over seeds.' });
/** Distribution of one metric over seeds. */
export type Distribution = z.infer<typeof distributionSchema>;

/** Builds the `schema` marker field. */
export function markerField<const M extends string>(marker: M) {
  return z.literal(marker).meta({ description: `Schema marker; always "${marker}".` });
}

/** Builds the `schema_version` field. */
export function versionField<const V extends number>(version: V) {
  return z
    .literal(version)
    .meta({ description: `Schema version; always ${version} for this schema.` });
}
