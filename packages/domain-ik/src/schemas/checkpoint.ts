import { markerField, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT_MARKER = 'zpbench_ik_checkpoint';
/** Current version of IK checkpoints. */
export const CHECKPOINT_VERSION = 1;

/** A learned IK model's parameters, bit-exact (nn's checkpoint tensors). */
export const ikCheckpointV1Schema = z
  .strictObject({
    schema: markerField(CHECKPOINT_MARKER),
    schema_version: versionField(CHECKPOINT_VERSION),
    model: z.string().meta({ description: 'Model id.' }),
    seed: seedSchema,
    config_hash: sha256Schema,
    family: z
      .string()
      .meta({ description: 'Model family (scm, mlp, rational-eps, eps-ensemble).' }),
    architecture: z.string().meta({ description: 'The architecture, as in the per-seed result.' }),
    params: z
      .array(
        z
          .strictObject({
            name: z.string().meta({ description: 'Parameter name.' }),
            shape: z.array(z.number().int().min(0)).meta({ description: 'Tensor shape.' }),
            dtype: z.literal('float64').meta({ description: 'Always float64.' }),
            data: z
              .string()
              .meta({ description: 'Base64 of the little-endian float64 values (bit-exact).' }),
          })
          .meta({ description: 'One parameter tensor.' }),
      )
      .meta({ description: 'The parameters in the model’s order.' }),
  })
  .meta({ title: 'zpbench IK checkpoint v1', description: 'Checkpoint of a learned IK model.' });
/** Checkpoint of a learned IK model. */
export type IkCheckpointV1 = z.infer<typeof ikCheckpointV1Schema>;
