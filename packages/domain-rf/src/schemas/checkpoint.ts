import { markerField, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT_MARKER = 'zpbench_rf_checkpoint';
/** Current version of RF checkpoints. */
export const CHECKPOINT_VERSION = 1;

const d = (description: string) => ({ description });

/** A trained RF model: its architecture and nn's bit-exact parameter checkpoint. */
export const rfCheckpointV1Schema = z
  .strictObject({
    schema: markerField(CHECKPOINT_MARKER),
    schema_version: versionField(CHECKPOINT_VERSION),
    model: z.string().meta(d('Model id.')),
    seed: seedSchema,
    config_hash: sha256Schema,
    family: z.string().meta(d('Model family (mlp, rational-eps, scm).')),
    architecture: z
      .strictObject({
        layers: z
          .array(z.number().int().min(1))
          .meta(d('Layer widths of the network, input first.')),
        activation: z.enum(['silu', 'relu', 'none']).meta(d('Hidden activation.')),
        head: z.string().meta(d('The output head.')),
      })
      .meta(d('What to rebuild.')),
    n_params: z.number().int().min(0).meta(d('Trainable parameters.')),
    parameters: z
      .strictObject({
        format: z.literal('zpbench_nn_checkpoint').meta(d('nn checkpoint format.')),
        version: z.literal(1).meta(d('nn checkpoint version.')),
        params: z
          .array(
            z.strictObject({
              name: z.string().meta(d('Parameter name.')),
              shape: z.array(z.number().int().min(0)).meta(d('Logical shape.')),
              dtype: z.literal('float64').meta(d('Element type.')),
              data: z.string().meta(d('Little-endian float64 bytes, base64 (bit-exact).')),
            }),
          )
          .meta(d('Parameters in network order.')),
      })
      .meta(d('The parameters, bit-exact (nn saveCheckpoint).')),
  })
  .meta({
    title: 'zpbench RF checkpoint v1',
    description: 'A trained RF model: identity, architecture and bit-exact float64 parameters.',
  });
/** An RF checkpoint. */
export type RfCheckpointV1 = z.infer<typeof rfCheckpointV1Schema>;
