import {
  markerField,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of an SCM deployment bundle's `bundle.json`. */
export const BUNDLE_MARKER = 'zpbench_dose_scm_bundle';
/** Schema marker of a bundle's `params.json`. */
export const BUNDLE_PARAMS_MARKER = 'zpbench_dose_bundle_params';
/** Bundle format version. */
export const BUNDLE_VERSION = 1;

/** `seed_<n>/bundles/<model>/bundle.json`: a deployable strict-SCM model and its contract. */
export const bundleManifestV1Schema = z
  .strictObject({
    schema: markerField(BUNDLE_MARKER),
    schema_version: versionField(BUNDLE_VERSION),
    model: z.string().meta({ description: 'Model id of the bundled network.' }),
    seed: seedSchema,
    config_hash: sha256Schema,
    dataset_fingerprint: sha256Schema.meta({ description: 'Dataset the model was trained on.' }),
    tau_infer: z.number().positive().meta({ description: 'Strict-gate threshold of the bundle.' }),
    tau_train: z.number().positive().meta({ description: 'Margin threshold used in training.' }),
    operating_point: z
      .strictObject({
        name: z.string().meta({ description: 'Name of the frozen operating point.' }),
        tau_infer: z.number().positive().meta({ description: 'Its tau_infer.' }),
        source: z.string().meta({ description: 'Where the threshold comes from.' }),
      })
      .meta({ description: 'The operating point frozen into the bundle.' }),
    calibrated_operating_points: z
      .record(z.string(), z.number().nullable())
      .meta({ description: 'Preset → tau chosen on this seed’s calibration split.' }),
    input_contract: z
      .strictObject({
        features: z.array(z.string()).meta({ description: 'Input feature names, in order.' }),
        log10_dose_center: z.number().meta({ description: 'Centre of the dose scaling.' }),
        log10_dose_halfwidth: z
          .number()
          .positive()
          .meta({ description: 'Half-width of the dose scaling.' }),
        dtype: z.literal('float64').meta({ description: 'Numeric type.' }),
      })
      .meta({ description: 'What predict() takes.' }),
    output_contract: z
      .record(z.string(), z.string())
      .meta({ description: 'Output → meaning (decoded, masks, provenance, direction).' }),
    assay_window: z
      .strictObject({
        lloq: z.number().meta({ description: 'Lower limit of quantification.' }),
        uloq: z.number().meta({ description: 'Upper limit of quantification.' }),
      })
      .meta({ description: 'The assay window responses are decoded into.' }),
    parameters: z
      .strictObject({
        path: relativePathSchema.meta({ description: 'Parameter file, relative to the bundle.' }),
        sha256: sha256Schema,
        sizes: z.array(z.number().int().min(1)).meta({ description: 'Layer widths.' }),
      })
      .meta({ description: 'The network parameters file and its hash.' }),
    checkpoint: z
      .strictObject({ path: relativePathSchema, sha256: sha256Schema })
      .meta({ description: 'The training checkpoint, relative to the run root.' }),
    strict_inference_exports: z.literal('stable_provenance_outputs').meta({
      description:
        'Exports all six strict outputs (decoded, bottom, gap, fault, semantic, provenance).',
    }),
  })
  .meta({
    title: 'zpbench DOSE SCM bundle v1',
    description: 'Deployment bundle manifest of a strict-SCM DOSE model.',
  });
/** `bundle.json` of an SCM deployment bundle. */
export type BundleManifest = z.infer<typeof bundleManifestV1Schema>;

/** `seed_<n>/bundles/<model>/params.json`: the bundled network's parameters. */
export const bundleParamsV1Schema = z
  .strictObject({
    schema: markerField(BUNDLE_PARAMS_MARKER),
    schema_version: versionField(BUNDLE_VERSION),
    sizes: z.array(z.number().int().min(1)).meta({ description: 'Layer widths.' }),
    params: z.array(z.number()).meta({ description: 'Flat parameters.' }),
  })
  .meta({
    title: 'zpbench DOSE bundle parameters v1',
    description: 'Parameters of a bundled network.',
  });
/** `params.json` of a bundle. */
export type BundleParams = z.infer<typeof bundleParamsV1Schema>;
