import { defineArtifact, defineDomainContract, markerField, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/loss_curves.json`. */
export const LOSS_CURVES_MARKER = 'zpbench_synthetic_loss_curves';
/** Current version of the loss-curve sidecar. */
export const LOSS_CURVES_VERSION = 1;

const curve = z.array(z.number()).meta({ description: 'Loss at every step, from step 0.' });

/** `seed_<n>/loss_curves.json`: the sampled curves every metric of the seed is read from. */
export const lossCurvesV1Schema = z
  .strictObject({
    schema: markerField(LOSS_CURVES_MARKER),
    schema_version: versionField(LOSS_CURVES_VERSION),
    candidate: curve,
    reference: curve,
  })
  .meta({
    title: 'zpbench synthetic loss curves v1',
    description:
      'The two sampled loss curves of a seed (before any injected regression), rounded to 15 significant digits.',
  });
/** `seed_<n>/loss_curves.json`. */
export type LossCurvesV1 = z.infer<typeof lossCurvesV1Schema>;

/** The loss-curve sidecar of every seed. */
export const LOSS_CURVES = defineArtifact({
  id: 'loss_curves',
  path: 'seed_{seed}/loss_curves.json',
  kind: 'json',
  role: 'sidecar',
  description: 'The sampled loss curves of the seed.',
  schema: { marker: LOSS_CURVES_MARKER, version: LOSS_CURVES_VERSION, schema: lossCurvesV1Schema },
  required: true,
});

/** `details` of a synthetic per-seed result. */
export const syntheticDetailsSchema = z
  .strictObject({
    checkpoints: z
      .array(z.number().int().min(0))
      .meta({ description: 'Steps whose loss is reported as a metric (`loss_step_<n>`).' }),
  })
  .meta({ description: 'Synthetic per-seed details.' });
/** `details` of a synthetic per-seed result. */
export type SyntheticDetails = z.infer<typeof syntheticDetailsSchema>;

/** The synthetic domain's contract: its artifacts and schemas, without the sampler. */
export const syntheticContract = defineDomainContract({
  id: 'synthetic',
  title: 'Synthetic loss curves',
  claimBoundary:
    'Measures the harness itself on pybench’s seeded synthetic loss curves (docs/domains/synthetic.md): whether a candidate curve’s losses beat or stay within a margin of a reference curve over seeds, and whether injected regressions are detected. It measures no trained model, no real workload and no speed.',
  metricSemantics:
    'Each metric is a sampled loss at one step (or the mean over steps) of one curve per seed, lower is better, aggregated over seeds as mean, sample sd, median and a 95% Student-t interval; claims are paired over seeds (sign-flip permutation, Holm-corrected).',
  seedDetails: syntheticDetailsSchema,
  artifacts: [LOSS_CURVES],
  schemaDir: new URL('../schemas/', import.meta.url),
  presetDir: new URL('../presets/', import.meta.url),
});
