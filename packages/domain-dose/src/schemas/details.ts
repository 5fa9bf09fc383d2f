import { relativePathSchema, seedSchema, sha256Schema } from '@zpbench/core';
import * as z from '@zpbench/core/zod';
import { sweepPointSchema } from './sweep-point.js';

const SPLIT_NAMES = ['train', 'val', 'calibration', 'test'] as const;
const splitRecord = <T extends z.ZodType>(value: T, description: string) =>
  z.record(z.enum(SPLIT_NAMES), value).meta({ description });

/** Where a split's samples come from: the operating-point evidence of a seed. */
export const splitSourceSchema = z
  .strictObject({
    source_split: z
      .enum(['calibration', 'test'])
      .meta({ description: 'Split the samples are from.' }),
    split_seed: seedSchema.meta({ description: 'Seed of the by-compound split.' }),
    generator_seed: seedSchema.meta({ description: 'Seed of the data generator.' }),
    split_stream: z.string().meta({ description: 'Name of the random stream of the split.' }),
    sample_id_ref: z.string().meta({
      description: 'JSON pointer (into this seed’s result) of the split’s compound ids.',
    }),
    sample_id_format: z.string().meta({ description: 'How a sample id is written.' }),
    n_samples: z.number().int().min(0).meta({ description: 'Samples in the split.' }),
  })
  .meta({ description: 'Provenance of one split.' });

/** The strict-SCM base model a frozen-dirhead seed froze: from a parent run, or trained here. */
export const dirheadBaseSchema = z
  .strictObject({
    source: z.enum(['parent-run', 'trained-in-run']).meta({
      description:
        'parent-run: read from --parent-run-dir; trained-in-run: trained by this seed first.',
    }),
    run_id: z
      .string()
      .nullable()
      .meta({ description: 'Parent run id, or null when trained here.' }),
    manifest_sha256: sha256Schema
      .nullable()
      .meta({ description: 'sha256 of the parent manifest, or null when trained here.' }),
    config_hash: sha256Schema.meta({ description: 'Config hash of the run the base comes from.' }),
    checkpoint: z
      .strictObject({ path: relativePathSchema, sha256: sha256Schema })
      .meta({ description: 'The base SCM checkpoint (relative to the run it belongs to).' }),
    dataset_fingerprint: sha256Schema.meta({ description: 'Dataset the base was trained on.' }),
  })
  .meta({ description: 'The frozen base model of a frozen-dirhead seed.' });
/** The frozen base model of a frozen-dirhead seed. */
export type DirheadBase = z.infer<typeof dirheadBaseSchema>;

/** `details` of a DOSE per-seed result. */
export const doseDetailsSchema = z
  .strictObject({
    tau_infer: z.number().positive().meta({ description: 'Strict-gate threshold at inference.' }),
    tau_train: z.number().positive().meta({ description: 'Margin threshold during training.' }),
    label_order: z
      .tuple([z.literal('below'), z.literal('in_range'), z.literal('above')])
      .meta({ description: 'Class order of every per-class array.' }),
    label_counts: splitRecord(
      z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]),
      'Split → sample counts per class, in label_order.',
    ),
    finite_mae_n: z
      .record(z.string(), z.number().int().min(0))
      .meta({ description: 'Model → accepted in-range samples finite_mae averages over.' }),
    split_compounds: splitRecord(
      z.array(z.number().int().min(0)),
      'Split → compound ids (no leakage).',
    ),
    split_provenance: z
      .strictObject({ calibration: splitSourceSchema, evaluation: splitSourceSchema })
      .meta({ description: 'Provenance of the calibration and evaluation splits.' }),
    sweeps: z
      .record(
        z.string(),
        z.strictObject({
          calibration: z
            .array(sweepPointSchema)
            .meta({ description: 'Sweep on the calibration split.' }),
          test: z.array(sweepPointSchema).meta({ description: 'Sweep on the test split.' }),
        }),
      )
      .meta({ description: 'Model → tau_infer sweeps (one point without |Q|).' }),
    scm_calibrated_taus: z.record(z.string(), z.number().nullable()).nullable().meta({
      description:
        'Preset → the SCM’s tau chosen on this seed’s calibration split; null in frozen-dirhead.',
    }),
    base: dirheadBaseSchema
      .nullable()
      .meta({ description: 'frozen-dirhead: the frozen base model; null in other modes.' }),
  })
  .meta({ description: 'DOSE per-seed details.' });
/** `details` of a DOSE per-seed result. */
export type DoseDetails = z.infer<typeof doseDetailsSchema>;
