import { markerField, modeIdSchema, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `aggregated/dose_pareto_front.json`. */
export const PARETO_MARKER = 'zpbench_dose_pareto_front';
/** Current version of the Pareto-front artifact. */
export const PARETO_VERSION = 1;

/** `aggregated/dose_pareto_front.json`: nondominated models for each DOSE trade-off. */
export const paretoFrontV1Schema = z
  .strictObject({
    schema: markerField(PARETO_MARKER),
    schema_version: versionField(PARETO_VERSION),
    mode: modeIdSchema,
    config_hash: sha256Schema,
    seeds: z.array(seedSchema).meta({ description: 'Seeds averaged over.' }),
    tau_infer: z.number().positive().meta({ description: 'The run’s tau_infer.' }),
    evaluated_on: z.string().meta({ description: 'Split and statistic of the points.' }),
    points: z
      .array(
        z.strictObject({
          model: z.string().meta({ description: 'Model.' }),
          metrics: z
            .record(z.string(), z.number().nullable())
            .meta({ description: 'Metric → mean over seeds.' }),
        }),
      )
      .meta({ description: 'One point per model.' }),
    fronts: z
      .record(
        z.string(),
        z.strictObject({
          objectives: z
            .array(
              z.strictObject({
                metric: z.string().meta({ description: 'Metric key.' }),
                direction: z.enum(['higher', 'lower']).meta({ description: 'Better direction.' }),
              }),
            )
            .meta({ description: 'The two objectives.' }),
          nondominated: z.array(z.string()).meta({ description: 'Models on the front.' }),
        }),
      )
      .meta({ description: 'Trade-off → objectives and its nondominated models.' }),
  })
  .meta({
    title: 'zpbench DOSE Pareto fronts v1',
    description: 'Safety-vs-coverage, safety-vs-accuracy and direction-vs-regression fronts.',
  });
/** `aggregated/dose_pareto_front.json`. */
export type ParetoFrontV1 = z.infer<typeof paretoFrontV1Schema>;
