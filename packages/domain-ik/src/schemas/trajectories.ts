import { markerField, seedSchema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/ik_trajectories.json`. */
export const TRAJECTORIES_MARKER = 'zpbench_ik_trajectory_summaries';
/** Current version of the trajectory summaries. */
export const TRAJECTORIES_VERSION = 1;

const series = (description: string) => z.array(z.number()).meta({ description });

/** `seed_<n>/ik_trajectories.json`: the planned paths and each model's rollout along them. */
export const ikTrajectoriesV1Schema = z
  .strictObject({
    schema: markerField(TRAJECTORIES_MARKER),
    schema_version: versionField(TRAJECTORIES_VERSION),
    seed: seedSchema,
    steps: z.number().int().min(1).meta({ description: 'Control steps per trajectory.' }),
    failure_tolerance: z
      .number()
      .positive()
      .meta({ description: 'Tracking-error bound of a successful rollout.' }),
    trajectories: z
      .array(
        z
          .strictObject({
            index: z.number().int().min(0).meta({ description: 'Trajectory index.' }),
            theta0: z
              .tuple([z.number(), z.number()])
              .meta({ description: 'Start configuration [θ1, θ2].' }),
            theta2_closest: z
              .number()
              .positive()
              .meta({ description: 'Closest elbow angle θ2* of the path.' }),
            r_start: z.number().min(0).meta({ description: 'Start radius.' }),
            r_peak: z.number().min(0).meta({ description: 'Peak radius, the reach at θ2*.' }),
            sweep: z.number().meta({ description: 'Polar angle swept (radians).' }),
          })
          .meta({ description: 'One planned trajectory.' }),
      )
      .meta({ description: 'The planned trajectories.' }),
    models: z
      .record(
        z.string(),
        z
          .strictObject({
            summaries: z
              .array(
                z
                  .strictObject({
                    index: z.number().int().min(0).meta({ description: 'Trajectory index.' }),
                    mean_error: z
                      .number()
                      .nullable()
                      .meta({ description: 'Mean tracking error (null if non-finite).' }),
                    max_error: z
                      .number()
                      .nullable()
                      .meta({ description: 'Largest tracking error (null if non-finite).' }),
                    max_joint_step: z
                      .number()
                      .min(0)
                      .meta({ description: 'Largest applied joint step ‖Δθ‖.' }),
                    fallback_steps: z
                      .number()
                      .int()
                      .min(0)
                      .meta({ description: 'Steps routed to the analytic solver.' }),
                    failed: z.boolean().meta({ description: 'Whether the rollout failed.' }),
                  })
                  .meta({ description: 'One rollout.' }),
              )
              .meta({ description: 'Every trajectory, summarised.' }),
            timelines: z
              .array(
                z
                  .strictObject({
                    index: z.number().int().min(0).meta({ description: 'Trajectory index.' }),
                    det_j: series('|det J| before each step (6 significant digits).'),
                    tracking_error: series(
                      'Tracking error after each step (6 significant digits).',
                    ),
                    joint_step: series('Applied joint step ‖Δθ‖ (6 significant digits).'),
                    fallback: z
                      .array(z.union([z.literal(0), z.literal(1)]))
                      .meta({ description: '1 where the step was routed to the analytic solver.' }),
                  })
                  .meta({ description: 'One rollout, step by step.' }),
              )
              .meta({ description: 'The first timeline_trajectories rollouts, step by step.' }),
          })
          .meta({ description: 'One model’s rollouts.' }),
      )
      .meta({ description: 'Model id → rollouts.' }),
  })
  .meta({
    title: 'zpbench IK trajectory summaries v1',
    description:
      'Closed-loop rollouts near full extension: the paths and each model’s tracking along them.',
  });
/** IK trajectory summaries. */
export type IkTrajectoriesV1 = z.infer<typeof ikTrajectoriesV1Schema>;
