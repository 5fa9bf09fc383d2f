import { markerField, relativePathSchema, seedSchema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/rf_qualitative_figure_pack/manifest.json`. */
export const QUALITATIVE_MARKER = 'zpbench_rf_qualitative_figure_pack';
/** Current version of the qualitative pack manifest. */
export const QUALITATIVE_VERSION = 1;

const d = (description: string) => ({ description });

/** One targeted failure example. */
export const qualitativeExampleSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
      .meta(d('File stem of the example’s figure.')),
    kind: z
      .enum(['washout', 'invented_peak'])
      .meta(d('washout: the peak is not retained; invented_peak: a peak the resonator lacks.')),
    models: z
      .array(z.string())
      .min(1)
      .meta(d('The learned models that fail this way on this filter, in report order.')),
    filter: z.number().int().min(0).meta(d('Test filter id.')),
    subset: z.enum(['in_band', 'extrapolation']).meta(d('Test subset of the filter.')),
    w0: z.number().positive().meta(d('ω0 of the filter.')),
    q: z.number().positive().meta(d('Q of the filter.')),
    figure: relativePathSchema.meta(d('The example’s SVG, relative to the run root.')),
    evidence: z
      .array(z.string())
      .meta(d('What the saved analysis shows, one sentence per failing model.')),
    claimed_model_retained: z
      .boolean()
      .nullable()
      .meta(d('Whether the claimed model retains the peak on this filter (null for in-band).')),
  })
  .meta(d('A targeted failure example.'));
/** One targeted failure example. */
export type QualitativeExample = z.infer<typeof qualitativeExampleSchema>;

/** `seed_<n>/rf_qualitative_figure_pack/manifest.json`. */
export const qualitativePackV1Schema = z
  .strictObject({
    schema: markerField(QUALITATIVE_MARKER),
    schema_version: versionField(QUALITATIVE_VERSION),
    seed: seedSchema,
    source: relativePathSchema.meta(d('The trace sidecar the examples are drawn from.')),
    selection_rule: z.string().meta(d('How the examples were chosen.')),
    examples: z.array(qualitativeExampleSchema).meta(d('The examples, one figure each.')),
    missing: z
      .array(
        z.strictObject({
          model: z.string().meta(d('Model id.')),
          kind: z.enum(['washout', 'invented_peak']).meta(d('Failure kind.')),
          reason: z.string().meta(d('Why there is no example.')),
        }),
      )
      .meta(d('Model and kind pairs without an example (the model never fails that way here).')),
  })
  .meta({
    title: 'zpbench RF qualitative figure pack v1',
    description:
      'The targeted washout and invented-peak examples of a seed, selected from its saved traces; each names the figure the report renders from rf_signal_traces.json.',
  });
/** The qualitative pack manifest. */
export type QualitativePackV1 = z.infer<typeof qualitativePackV1Schema>;
