import { markerField, seedSchema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';

/** Schema marker of `seed_<n>/ik_diagnostics.json`. */
export const DIAGNOSTICS_MARKER = 'zpbench_ik_diagnostics';
/** Schema marker of `aggregated/ik_diagnostics.json`. */
export const AGGREGATED_DIAGNOSTICS_MARKER = 'zpbench_ik_aggregated_diagnostics';
/** Current version of both diagnostics documents. */
export const DIAGNOSTICS_VERSION = 1;

const int = (description: string) => z.number().int().min(0).meta({ description });
const ints = (description: string) => z.array(z.number().int().min(0)).meta({ description });
const nonNegative = (description: string) => z.number().min(0).meta({ description });

/** Test-split tallies of one model in one |det J| bucket (sums, so seeds add up). */
export const bucketStatsSchema = z
  .strictObject({
    bucket: z.enum(['B0', 'B1', 'B2', 'B3', 'B4']).meta({ description: 'Bucket name.' }),
    n: int('Test samples in the bucket.'),
    accepted: int('Accepted (not bottomed) samples.'),
    bottom: int('Bottomed samples (routed to the analytic solver).'),
    fault: int('Fault bottoms (non-finite payload).'),
    semantic: int('Semantic bottoms (|Q̂| < tau_infer).'),
    gap: int('Accepted samples in the gap band tau_infer ≤ |Q̂| < tau_train.'),
    sse: nonNegative('Σ ‖Δθ̂ − Δθ‖²/2 over the accepted samples.'),
  })
  .meta({ description: 'One bucket of one model.' });
/** One bucket of one model. */
export type BucketStats = z.infer<typeof bucketStatsSchema>;

/** Workspace heatmap tallies: cells of the end-effector plane, row-major (y rows, x columns). */
export const workspaceStatsSchema = z
  .strictObject({
    count: ints('Test samples whose end effector lies in each cell.'),
    accepted: ints('Accepted samples per cell.'),
    bottom: ints('Bottomed samples (routed to the analytic solver) per cell.'),
    sse: z
      .array(z.number().min(0))
      .meta({ description: 'Σ ‖Δθ̂ − Δθ‖²/2 over the accepted samples per cell.' }),
  })
  .meta({ description: 'Workspace tallies of one model.' });
/** Workspace tallies of one model. */
export type WorkspaceStats = z.infer<typeof workspaceStatsSchema>;

/** One bin of a reliability diagram, as sums. */
export const reliabilityBinSchema = z
  .strictObject({
    lo: z.number().meta({ description: 'Lower edge of the score bin.' }),
    hi: z.number().meta({ description: 'Upper edge (the last bin includes it).' }),
    count: int('Samples with a score in the bin.'),
    score_sum: nonNegative('Σ score over them.'),
    positives: int('Of them, samples where the outcome holds.'),
  })
  .meta({ description: 'One reliability bin.' });

/** The reliability data of a gated model's bottom decision. */
export const bottomReliabilitySchema = z
  .strictObject({
    score: z.string().meta({ description: 'What the score is.' }),
    outcome: z.string().meta({ description: 'The event whose frequency the score should match.' }),
    bins: z.array(reliabilityBinSchema).meta({ description: 'Equal-width score bins on [0, 1].' }),
    decision: z
      .strictObject({
        bottom_pole: int('Bottomed samples where the outcome holds.'),
        bottom_regular: int('Bottomed samples where it does not.'),
        accept_pole: int('Accepted samples where it holds.'),
        accept_regular: int('Accepted samples where it does not.'),
      })
      .meta({ description: 'The hard decision against the outcome.' }),
  })
  .meta({ description: 'Reliability of the strict gate’s bottom decision.' });
/** Reliability of the strict gate's bottom decision. */
export type BottomReliability = z.infer<typeof bottomReliabilitySchema>;

/** Diagnostics of one model on the test split. */
export const modelDiagnosticsSchema = z
  .strictObject({
    has_gate: z.boolean().meta({ description: 'Whether the model has a strict gate.' }),
    buckets: z.array(bucketStatsSchema).length(5).meta({ description: 'B0…B4 tallies.' }),
    workspace: workspaceStatsSchema,
    reliability: bottomReliabilitySchema
      .nullable()
      .meta({ description: 'Bottom-decision reliability; null for a model without a gate.' }),
  })
  .meta({ description: 'Test diagnostics of one model.' });
/** Test diagnostics of one model. */
export type ModelDiagnostics = z.infer<typeof modelDiagnosticsSchema>;

/** log10 |det J| histogram of each split (|det J| = 0 falls in the first bin). */
export const detjHistogramSchema = z
  .strictObject({
    log10_edges: z
      .array(z.number())
      .meta({ description: 'Bin edges in log10 |det J|; the first and last bins are open-ended.' }),
    train: ints('Training samples per bin.'),
    test: ints('Test samples per bin.'),
  })
  .meta({ description: 'log10 |det J| histogram.' });

const workspaceGrid = z
  .strictObject({
    cells: int('Cells per axis.'),
    reach: z
      .number()
      .positive()
      .meta({ description: 'The grid covers [−reach, reach]² (reach = L1 + L2).' }),
  })
  .meta({ description: 'The workspace grid.' });

const datasetCommon = {
  n_samples: int('Samples generated.'),
  n_train: int('Training samples.'),
  n_test: int('Test samples.'),
  augmented: int('Samples appended by ensure_buckets_nonzero.'),
  bucket_counts: z
    .strictObject({ train: ints('Per bucket, train.'), test: ints('Per bucket, test.') })
    .meta({ description: 'Samples per bucket in each split.' }),
  singular: z
    .strictObject({ train: int('is_singular samples in train.'), test: int('In test.') })
    .meta({ description: 'Samples with |det J| < singularity_threshold.' }),
  detj_histogram: detjHistogramSchema,
};

/** `seed_<n>/ik_diagnostics.json`: the dataset and test diagnostics of one seed. */
export const ikDiagnosticsV1Schema = z
  .strictObject({
    schema: markerField(DIAGNOSTICS_MARKER),
    schema_version: versionField(DIAGNOSTICS_VERSION),
    seed: seedSchema,
    tau_infer: z.number().positive().meta({ description: 'Strict-gate threshold.' }),
    bucket_edges: z
      .array(z.number().min(0))
      .length(5)
      .meta({ description: 'Finite |det J| bucket edges.' }),
    workspace_grid: workspaceGrid,
    dataset: z
      .strictObject({
        ...datasetCommon,
        test_indices: ints('Indices (generation order) of the test samples: the persisted split.'),
      })
      .meta({ description: 'Dataset diagnostics.' }),
    models: z
      .record(z.string(), modelDiagnosticsSchema)
      .meta({ description: 'Model id → test diagnostics.' }),
  })
  .meta({
    title: 'zpbench IK diagnostics v1',
    description:
      'Per-seed dataset and test diagnostics of the IK domain (the robotics figure pack’s source).',
  });
/** Per-seed IK diagnostics. */
export type IkDiagnosticsV1 = z.infer<typeof ikDiagnosticsV1Schema>;

/** Rollout tallies of one model over the seeds. */
export const rolloutTallySchema = z
  .strictObject({
    trajectories: int('Trajectories rolled out.'),
    failed: int('Failed trajectories.'),
    steps: int('Control steps.'),
    fallback_steps: int('Steps routed to the analytic solver.'),
  })
  .meta({ description: 'Rollout tallies of one model.' });

/** The across-seed near-pole MSE of one model, the claim's quantity. */
export const nearPoleSpreadSchema = z
  .strictObject({
    values: z
      .array(z.number().nullable())
      .meta({ description: 'near_pole_mse per seed, in seed order.' }),
    mean: z.number().nullable().meta({ description: 'Mean over seeds.' }),
    variance: z.number().nullable().meta({ description: 'Sample variance over seeds (n − 1).' }),
    variance_ratio_to_claimed: z.number().nullable().meta({
      description: 'variance / the claimed model’s variance (null when undefined or infinite).',
    }),
  })
  .meta({ description: 'Seed spread of near_pole_mse.' });

/** `aggregated/ik_diagnostics.json`: the per-seed diagnostics summed over seeds, plus the seed spread. */
export const ikAggregatedDiagnosticsV1Schema = z
  .strictObject({
    schema: markerField(AGGREGATED_DIAGNOSTICS_MARKER),
    schema_version: versionField(DIAGNOSTICS_VERSION),
    seeds: z.array(seedSchema).meta({ description: 'Seeds summed.' }),
    tau_infer: z.number().positive().meta({ description: 'Strict-gate threshold.' }),
    bucket_edges: z
      .array(z.number().min(0))
      .length(5)
      .meta({ description: 'Finite |det J| bucket edges.' }),
    workspace_grid: workspaceGrid,
    claimed_model: z.string().meta({ description: 'The claimed model.' }),
    dataset: z
      .strictObject(datasetCommon)
      .meta({ description: 'Dataset diagnostics summed over seeds.' }),
    models: z
      .record(z.string(), modelDiagnosticsSchema)
      .meta({ description: 'Model id → test diagnostics summed over seeds.' }),
    near_pole: z
      .record(z.string(), nearPoleSpreadSchema)
      .meta({ description: 'Model id → seed spread of near_pole_mse.' }),
    rollouts: z
      .record(z.string(), rolloutTallySchema)
      .meta({ description: 'Model id → rollout tallies over seeds.' }),
  })
  .meta({
    title: 'zpbench IK aggregated diagnostics v1',
    description: 'IK diagnostics over every seed of a run (the robotics figure pack’s source).',
  });
/** Aggregated IK diagnostics. */
export type IkAggregatedDiagnosticsV1 = z.infer<typeof ikAggregatedDiagnosticsV1Schema>;
