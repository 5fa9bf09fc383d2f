import { markerField, modeIdSchema, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';
import { splitSourceSchema } from './details.js';
import { pointMetricsSchema, sweepPointSchema } from './sweep-point.js';

/** Schema marker of `aggregated/dose_operating_points.json`. */
export const OPERATING_POINTS_MARKER = 'zpbench_dose_operating_points';
/** Current version of the operating-points artifact. */
export const OPERATING_POINTS_VERSION = 1;

const tau = z
  .number()
  .positive()
  .nullable()
  .meta({ description: 'tau_infer, or null for a baseline’s window threshold.' });

/** A candidate's test evaluation: mean over seeds and each seed's point. */
export const evaluationSchema = z
  .strictObject({
    mean: pointMetricsSchema,
    per_seed: z
      .array(
        z.strictObject({
          seed: seedSchema,
          point: sweepPointSchema
            .nullable()
            .meta({ description: 'The seed’s test point, if any.' }),
        }),
      )
      .meta({ description: 'Per-seed test points, in seed order.' }),
  })
  .meta({ description: 'Evaluation on the test split at the chosen model and tau.' });

/** `aggregated/dose_operating_points.json`: the evidence behind the named presets. */
export const operatingPointsV1Schema = z
  .strictObject({
    schema: markerField(OPERATING_POINTS_MARKER),
    schema_version: versionField(OPERATING_POINTS_VERSION),
    mode: modeIdSchema,
    config_hash: sha256Schema,
    seeds: z.array(seedSchema).meta({ description: 'Seeds the presets are chosen over.' }),
    tau_infer: z.number().positive().meta({ description: 'The run’s tau_infer.' }),
    tau_train: z.number().positive().meta({ description: 'The run’s tau_train.' }),
    tau_sweep: z.array(z.number().positive()).meta({ description: 'Swept tau_infer values.' }),
    selection: z
      .strictObject({
        chosen_on: z.string().meta({ description: 'Split presets are chosen on.' }),
        evaluated_on: z.string().meta({ description: 'Split presets are evaluated on.' }),
        tie_breaks: z.string().meta({ description: 'Deterministic tie-break order.' }),
        rules: z.record(z.string(), z.string()).meta({ description: 'Preset → selection rule.' }),
      })
      .meta({ description: 'How presets are chosen (fixed before any result).' }),
    presets: z
      .record(
        z.string(),
        z.strictObject({
          model: z.string().meta({ description: 'Chosen model.' }),
          tau,
          rule: z.string().meta({ description: 'Selection rule of the preset.' }),
          calibration: pointMetricsSchema,
          evaluation: evaluationSchema,
        }),
      )
      .meta({ description: 'safety_first, accuracy_first, direction_aware → the chosen point.' }),
    balanced: z
      .strictObject({
        promoted: z.boolean().meta({ description: 'Whether it joins the public presets.' }),
        reason: z.string().meta({ description: 'Why it is or is not promoted.' }),
        model: z.string().meta({ description: 'Balanced winner’s model.' }),
        tau,
        calibration: pointMetricsSchema,
        evaluation: evaluationSchema
          .nullable()
          .meta({ description: 'Test evaluation when promoted, else null.' }),
      })
      .nullable()
      .meta({ description: 'The balanced candidate, promoted only when distinct.' }),
    bottom_cost: z
      .strictObject({
        formula: z.string().meta({ description: 'The bottom-cost formula.' }),
        available: z.boolean().meta({ description: 'Whether fault/semantic splits exist.' }),
        used_as: z.string().meta({ description: 'How the cost enters the selection.' }),
      })
      .meta({ description: 'Provenance-weighted bottom cost.' }),
    candidates: z
      .array(
        z.strictObject({
          model: z.string().meta({ description: 'Model.' }),
          tau,
          calibration: pointMetricsSchema,
          evaluation: pointMetricsSchema,
        }),
      )
      .meta({ description: 'Every candidate: calibration and test means.' }),
    split_provenance: z
      .array(
        z.strictObject({
          seed: seedSchema,
          calibration: splitSourceSchema,
          evaluation: splitSourceSchema,
        }),
      )
      .meta({ description: 'Per-seed provenance of the calibration and evaluation splits.' }),
  })
  .meta({
    title: 'zpbench DOSE operating points v1',
    description:
      'Backing evidence for the safety_first, accuracy_first and direction_aware presets: chosen on calibration, evaluated on test.',
  });
/** `aggregated/dose_operating_points.json`. */
export type OperatingPointsV1 = z.infer<typeof operatingPointsV1Schema>;
