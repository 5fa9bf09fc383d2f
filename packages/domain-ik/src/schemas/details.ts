import { sha256Schema } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

const counts = (description: string) =>
  z.array(z.number().int().min(0)).length(5).meta({ description });

/** `details` of an IK per-seed result. */
export const ikDetailsSchema = z
  .strictObject({
    tau_infer: z
      .number()
      .positive()
      .meta({ description: 'Strict-gate threshold on |Q̂| at inference.' }),
    tau_train: z
      .number()
      .positive()
      .meta({ description: 'Margin threshold; the gap band is [tau_infer, tau_train).' }),
    target_mode: z.enum(['inv', 'dls']).meta({ description: 'Target joint step of the dataset.' }),
    bucket_edges: z.array(z.number().min(0)).length(5).meta({
      description: 'Finite |det J| bucket edges; B0 = [e0, e1], Bk = (ek, ek+1], B4 = (e4, ∞).',
    }),
    bucket_counts: z
      .strictObject({
        train: counts('Training samples per bucket B0…B4.'),
        test: counts('Test samples per bucket B0…B4.'),
      })
      .meta({ description: 'Samples per |det J| bucket in each split.' }),
    augmented: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Samples appended by ensure_buckets_nonzero (0 when off).' }),
    split: z
      .strictObject({
        rule: z.string().meta({ description: 'How the split was made.' }),
        test_indices_sha256: sha256Schema.meta({
          description:
            'sha256 of the test indices (little-endian int32), listed in the diagnostics sidecar.',
        }),
      })
      .meta({ description: 'The train/test split, the same for every model (protocol v1).' }),
    rollout: z
      .strictObject({
        n_trajectories: z
          .number()
          .int()
          .min(0)
          .meta({ description: 'Trajectories rolled out per model.' }),
        steps: z.number().int().min(1).meta({ description: 'Control steps per trajectory.' }),
      })
      .meta({ description: 'Size of the closed-loop rollouts.' }),
  })
  .meta({ description: 'IK per-seed details.' });
/** `details` of an IK per-seed result. */
export type IkDetails = z.infer<typeof ikDetailsSchema>;
