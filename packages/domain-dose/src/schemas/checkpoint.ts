import {
  markerField,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT_MARKER = 'zpbench_dose_checkpoint';
/** Current version of DOSE checkpoints. */
export const CHECKPOINT_VERSION = 1;

const sizes = z.array(z.number().int().min(1)).meta({ description: 'Layer widths, input first.' });
const params = z.array(z.number()).meta({ description: 'Flat parameters, layer by layer.' });
const identity = {
  schema: markerField(CHECKPOINT_MARKER),
  schema_version: versionField(CHECKPOINT_VERSION),
  model: z.string().meta({ description: 'Model id.' }),
  seed: seedSchema,
  config_hash: sha256Schema,
};

/** A DOSE model checkpoint: the parameters and everything needed to rebuild the model. */
export const doseCheckpointV1Schema = z
  .discriminatedUnion('family', [
    z
      .strictObject({
        ...identity,
        family: z
          .literal('scm')
          .meta({ description: 'Strict SCM: backbone + (P, Q) + direction.' }),
        sizes,
        params,
      })
      .meta({ description: 'Checkpoint of the strict SCM model.' }),
    z
      .strictObject({
        ...identity,
        family: z.literal('mlp').meta({ description: 'MLP regressor + classifier.' }),
        sizes,
        params,
      })
      .meta({ description: 'Checkpoint of the MLP baseline.' }),
    z
      .strictObject({
        ...identity,
        family: z.literal('rational-eps').meta({ description: 'N / (|D| + ε).' }),
        eps: z.number().positive().meta({ description: 'ε of the denominator.' }),
        sizes,
        params,
      })
      .meta({ description: 'Checkpoint of the Rational+ε baseline.' }),
    z
      .strictObject({
        ...identity,
        family: z.literal('eps-ensemble').meta({ description: 'Averaged Rational+ε members.' }),
        members: z
          .array(
            z.strictObject({
              eps: z.number().positive().meta({ description: 'ε of the member.' }),
              sizes,
              params,
            }),
          )
          .meta({ description: 'The ensemble members.' }),
      })
      .meta({ description: 'Checkpoint of the EpsEnsemble baseline.' }),
    z
      .strictObject({
        ...identity,
        family: z.literal('direction-head').meta({ description: 'Frozen-feature direction head.' }),
        sizes,
        params,
        parent_checkpoint: z
          .strictObject({ path: relativePathSchema, sha256: sha256Schema })
          .meta({ description: 'The frozen base SCM checkpoint the head reads features from.' }),
      })
      .meta({ description: 'Checkpoint of the frozen-dirhead direction head.' }),
  ])
  .meta({
    title: 'zpbench DOSE checkpoint v1',
    description:
      'A trained DOSE model: family, layer sizes and flat parameters (float64 as JSON numbers).',
  });
/** A DOSE model checkpoint. */
export type DoseCheckpointV1 = z.infer<typeof doseCheckpointV1Schema>;
