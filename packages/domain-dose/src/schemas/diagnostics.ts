import { markerField, seedSchema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of DOSE diagnostics (per seed and aggregated). */
export const DOSE_DIAGNOSTICS_MARKER = 'zeroproofml_benchmark_dose_diagnostics';
/** Current version of DOSE diagnostics. */
export const DOSE_DIAGNOSTICS_VERSION = 1;

const matrix = (description: string) => z.array(z.array(z.number().min(0))).meta({ description });

/** One point of a tau_infer sweep. */
export const tauSweepPointSchema = z
  .strictObject({
    tau: z.number().min(0).meta({ description: 'tau_infer threshold.' }),
    accept_rate: z.number().min(0).max(1).meta({ description: 'Fraction of inputs not bottomed.' }),
    bottom_rate: z.number().min(0).max(1).meta({ description: 'Fraction of inputs bottomed.' }),
    false_accept_rate_on_not_in_range: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: 'Accepted fraction of truly censored inputs.' }),
    false_reject_rate_on_in_range: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: 'Bottomed fraction of truly in-range inputs.' }),
    macro_f1: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: '3-way macro-F1 at this tau.' }),
    finite_mae: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: 'Finite MAE on accepted in-range inputs.' }),
  })
  .meta({ description: 'Operating characteristics at one tau_infer.' });

/** Diagnostics of one model. */
export const doseModelDiagnosticsSchema = z
  .strictObject({
    confusion_matrix: matrix('3×3 counts, rows true class, columns predicted, order label_order.'),
    tau_sweep: z
      .array(tauSweepPointSchema)
      .meta({ description: 'tau_infer sweep on held-out data; empty for models without |Q|.' }),
    q_abs_histogram: z
      .strictObject({
        edges: z.array(z.number()).meta({ description: 'Bin edges of log10 |Q| (length bins+1).' }),
        counts_in_range: z
          .array(z.number().int().min(0))
          .meta({ description: 'Counts of in-range inputs.' }),
        counts_censored: z
          .array(z.number().int().min(0))
          .meta({ description: 'Counts of censored inputs.' }),
      })
      .nullable()
      .meta({ description: 'Histogram of log10 |Q| by true class; null without a denominator.' }),
    borderline_examples: z
      .array(
        z.strictObject({
          sample_id: z.string().meta({ description: 'Test sample id (compound:dose index).' }),
          q_abs: z
            .number()
            .nullable()
            .meta({ description: '|Q| of the sample, if the model has one.' }),
          true_label: z.enum(['below', 'in_range', 'above']).meta({ description: 'True class.' }),
          predicted_label: z
            .enum(['below', 'in_range', 'above'])
            .meta({ description: 'Predicted class.' }),
          log10_dose: z.number().meta({ description: 'log10 of the dose.' }),
          response: z.number().meta({ description: 'Noisy measured response before censoring.' }),
        }),
      )
      .meta({ description: 'Mistakes nearest and farthest from the gate threshold.' }),
    direction: z
      .strictObject({
        confusion: matrix(
          '2×2 counts on censored inputs: rows true below/above, columns predicted.',
        ),
        macro_f1: z
          .number()
          .min(0)
          .max(1)
          .nullable()
          .meta({ description: 'Direction macro-F1 on censored.' }),
      })
      .nullable()
      .meta({ description: 'Censored-subset direction quality.' }),
  })
  .meta({ description: 'Diagnostics of one model.' });

/** `seed_<n>/dose_diagnostics.json` and `aggregated/dose_diagnostics.json`, version 1. */
export const doseDiagnosticsV1Schema = z
  .strictObject({
    schema: markerField(DOSE_DIAGNOSTICS_MARKER),
    schema_version: versionField(DOSE_DIAGNOSTICS_VERSION),
    scope: z.enum(['seed', 'aggregated']).meta({ description: 'One seed, or summed over seeds.' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds covered (one for scope seed).' }),
    label_order: z
      .tuple([z.literal('below'), z.literal('in_range'), z.literal('above')])
      .meta({ description: 'Class order of the confusion matrices.' }),
    tau_infer: z.number().meta({ description: 'Chosen tau_infer of the run.' }),
    models: z
      .record(z.string(), doseModelDiagnosticsSchema)
      .meta({ description: 'Model → diagnostics.' }),
  })
  .meta({
    title: 'zpbench DOSE diagnostics v1',
    description:
      'Confusion matrices, tau_infer sweeps, |Q| histograms, borderline examples and censored direction quality.',
  });
/** DOSE diagnostics, version 1. */
export type DoseDiagnosticsV1 = z.infer<typeof doseDiagnosticsV1Schema>;
