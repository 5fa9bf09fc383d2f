import {
  createArtifactNaming,
  createCheckpointFile,
  createSeedResultHead,
  formatArtifactJson,
  type SeedContext,
  type SeedFile,
  type SeedOutput,
  type SeedResult,
  sha256Hex,
} from '@zpbench/core';
import { createRng, type Rng } from '@zpbench/nn';
import { BUCKET_EDGES } from './buckets.js';
import type { IkConfig } from './config.js';
import { ikContract } from './contract.js';
import { datasetDiagnostics, modelDiagnostics } from './diagnostics.js';
import { createDlsModel } from './dls-model.js';
import { trainEpsEnsemble } from './eps-ensemble-model.js';
import { queriesOf, targetsOf } from './features.js';
import { generateDataset, type IkDataset } from './generator.js';
import type { IkModel } from './ik-model.js';
import { halfSquaredErrors, roundMetric, testMetrics } from './metrics.js';
import { trainMlp } from './mlp-model.js';
import { trainRationalEps } from './rational-eps-model.js';
import {
  planTrajectories,
  rolloutMetrics,
  rolloutModel,
  type Trajectory,
  type TrajectoryRun,
} from './rollout.js';
import { CHECKPOINT_MARKER, CHECKPOINT_VERSION } from './schemas/checkpoint.js';
import type { IkDetails } from './schemas/details.js';
import {
  DIAGNOSTICS_MARKER,
  DIAGNOSTICS_VERSION,
  type IkDiagnosticsV1,
} from './schemas/diagnostics.js';
import {
  type IkTrajectoriesV1,
  TRAJECTORIES_MARKER,
  TRAJECTORIES_VERSION,
} from './schemas/trajectories.js';
import { trainScm } from './scm-model.js';
import { createTrainingSet, type TrainingSet } from './training-set.js';

/** Model ids in their canonical order (the claimed model first). */
export const MODEL_IDS = ['scm', 'mlp', 'rational_eps', 'eps_ensemble', 'dls'] as const;

const TRAINERS: Record<
  (typeof MODEL_IDS)[number],
  (c: IkConfig, d: TrainingSet, rng: Rng) => IkModel
> = {
  scm: trainScm,
  mlp: trainMlp,
  rational_eps: trainRationalEps,
  eps_ensemble: trainEpsEnsemble,
  dls: (config) => createDlsModel(config),
};

/** Invalid-output policy recorded in every result (protocol v1). */
export const INVALID_OUTPUT_POLICY =
  'bottomed outputs (the SCM strict gate |Q̂| < tau_infer, or a non-finite output of any model) are excluded from every MSE and counted against success_rate; in the rollouts they are routed to the analytic DLS solver; no penalty value';

const round6 = (v: number) => Number(v.toPrecision(6));

/** The little-endian int32 bytes of indices, for their sha256. */
function indexBytes(indices: Int32Array): Uint8Array {
  const bytes = new Uint8Array(indices.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < indices.length; i++) view.setInt32(i * 4, indices[i] as number, true);
  return bytes;
}

/** The trajectory sidecar's part of one model: every rollout summarised, the first few step by step. */
export function trajectoryRecord(
  runs: readonly TrajectoryRun[],
  timelines: number,
): IkTrajectoriesV1['models'][string] {
  const finiteOrNull = (v: number) => (Number.isFinite(v) ? (roundMetric(v) as number) : null);
  return {
    summaries: runs.map((r) => {
      let sum = 0;
      let max = 0;
      let step = 0;
      let fallbacks = 0;
      for (let t = 0; t < r.trackingError.length; t++) {
        sum += r.trackingError[t] as number;
        max = Math.max(max, r.trackingError[t] as number);
        step = Math.max(step, r.jointStep[t] as number);
        fallbacks += r.fallback[t] as number;
      }
      return {
        index: r.index,
        mean_error: finiteOrNull(sum / r.trackingError.length),
        max_error: finiteOrNull(max),
        max_joint_step: roundMetric(step) as number,
        fallback_steps: fallbacks,
        failed: r.failed,
      };
    }),
    timelines: runs.slice(0, timelines).map((r) => ({
      index: r.index,
      det_j: Array.from(r.detJ, round6),
      tracking_error: Array.from(r.trackingError, round6),
      joint_step: Array.from(r.jointStep, round6),
      fallback: Array.from(r.fallback, (f) => (f ? 1 : 0) as 0 | 1),
    })),
  };
}

/** The planned trajectories as the sidecar keeps them. */
export function trajectoryPlanRecord(
  plan: readonly Trajectory[],
): IkTrajectoriesV1['trajectories'] {
  return plan.map((p) => ({
    index: p.index,
    theta0: [roundMetric(p.theta0[0]) as number, roundMetric(p.theta0[1]) as number],
    theta2_closest: roundMetric(p.theta2Closest) as number,
    r_start: roundMetric(p.rStart) as number,
    r_peak: roundMetric(p.rPeak) as number,
    sweep: roundMetric(p.sweep) as number,
  }));
}

/** The shared envelope of an IK per-seed result. */
function envelope(
  ctx: SeedContext<IkConfig>,
  data: IkDataset,
): Omit<SeedResult<IkDetails>, 'runs' | 'artifact_naming' | 'details'> {
  const { config } = ctx;
  return {
    ...createSeedResultHead('ik', ctx, INVALID_OUTPUT_POLICY),
    dataset_fingerprint: data.fingerprint,
    data_config: {
      dataset_generator:
        'generateDataset: planar RR arm, singular/regular configuration mix, N(0, scale²) displacements, inv or dls joint-step targets, |det J|-stratified split',
      ...config.generator,
    },
    train_config: { ...config.train, models: config.models },
    split_sizes: { train: data.train.length, test: data.test.length },
  };
}

/**
 * Runs one IK seed: generate the dataset, train the four learned models (the DLS reference needs
 * none), evaluate each on the test split and along the rollouts, and write the diagnostics and
 * trajectory sidecars, the checkpoints and the result envelope.
 */
export function runIkSeed(ctx: SeedContext<IkConfig>): SeedOutput<IkDetails> {
  const { config, seed } = ctx;
  ctx.progress({ model: 'scm', phase: 'data' });
  const data = generateDataset(config.generator, seed);
  const training = createTrainingSet(data, config.generator.displacement_scale);
  const queries = queriesOf(data.samples, data.test);
  const targets = targetsOf(data.samples, data.test);
  const testBuckets = Uint8Array.from(data.test, (i) => data.samples.bucket[i] as number);
  const plan = planTrajectories(config, seed);
  const files: SeedFile[] = [];
  const runs: SeedResult['runs'] = {};
  const trainSeconds: Record<string, number> = {};
  const diagnostics: IkDiagnosticsV1['models'] = {};
  const trajectories: IkTrajectoriesV1['models'] = {};
  for (const id of MODEL_IDS) {
    ctx.progress({ model: id, phase: 'train', steps: config.train.steps });
    const started = performance.now();
    const model = TRAINERS[id](config, training, createRng(`ik:model:${id}:${seed}`));
    trainSeconds[id] = (performance.now() - started) / 1000;
    ctx.progress({ model: id, phase: 'evaluate' });
    const pred = model.predict(queries);
    const errors = halfSquaredErrors(pred, targets);
    const rollout = rolloutModel(model, plan, config);
    const metrics = { ...testMetrics(pred, targets, testBuckets), ...rolloutMetrics(rollout) };
    diagnostics[id] = modelDiagnostics(model.hasGate, pred, errors, data, config);
    trajectories[id] = trajectoryRecord(rollout, config.rollout.timeline_trajectories);
    const params = model.checkpoint();
    let checkpoint: { path: string; sha256: string } | null = null;
    if (params !== null) {
      const content = formatArtifactJson(
        {
          schema: CHECKPOINT_MARKER,
          schema_version: CHECKPOINT_VERSION,
          model: id,
          seed,
          config_hash: ctx.configHash,
          family: model.family,
          architecture: model.architecture,
          params,
        },
        'compact',
      );
      const written = createCheckpointFile(seed, id, content);
      files.push(written.file);
      checkpoint = written.ref;
    }
    runs[id] = {
      metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, roundMetric(v)])),
      model_meta: {
        family: model.family,
        n_params: model.nParams,
        architecture: model.architecture,
      },
      train: { ...model.train },
      train_log: [...model.trainLog],
      checkpoint,
    };
  }
  const reach = config.generator.link_lengths[0] + config.generator.link_lengths[1];
  const diagnosticsDoc: IkDiagnosticsV1 = {
    schema: DIAGNOSTICS_MARKER,
    schema_version: DIAGNOSTICS_VERSION,
    seed,
    tau_infer: config.tau_infer,
    bucket_edges: [...BUCKET_EDGES],
    workspace_grid: { cells: config.evaluation.workspace_grid, reach },
    dataset: { ...datasetDiagnostics(data, config), test_indices: Array.from(data.test) },
    models: diagnostics,
  };
  const trajectoriesDoc: IkTrajectoriesV1 = {
    schema: TRAJECTORIES_MARKER,
    schema_version: TRAJECTORIES_VERSION,
    seed,
    steps: config.rollout.steps,
    failure_tolerance: config.rollout.failure_tolerance,
    trajectories: trajectoryPlanRecord(plan),
    models: trajectories,
  };
  files.push({
    path: 'ik_diagnostics.json',
    content: formatArtifactJson(diagnosticsDoc, 'compact'),
  });
  files.push({
    path: 'ik_trajectories.json',
    content: formatArtifactJson(trajectoriesDoc, 'compact'),
  });
  ctx.progress({ model: 'dls', phase: 'done' });
  const result: SeedResult<IkDetails> = {
    ...envelope(ctx, data),
    runs,
    artifact_naming: createArtifactNaming(
      ikContract,
      seed,
      files.map((f) => f.path),
    ),
    details: {
      tau_infer: config.tau_infer,
      tau_train: config.tau_train,
      target_mode: config.generator.target_mode,
      bucket_edges: [...BUCKET_EDGES],
      bucket_counts: { train: [...data.bucketCounts.train], test: [...data.bucketCounts.test] },
      augmented: data.augmented,
      split: {
        rule:
          config.generator.singular_ratio_split === null
            ? `stratified by |det J| bucket: the first round(${config.generator.train_fraction}·n_b) samples of each bucket, in generation order, train`
            : `train and test drawn separately with singular ratios ${config.generator.singular_ratio_split.train} and ${config.generator.singular_ratio_split.test}`,
        test_indices_sha256: sha256Hex(indexBytes(data.test)),
      },
      rollout: { n_trajectories: config.rollout.n_trajectories, steps: config.rollout.steps },
    },
  };
  return { result, files, trainSeconds };
}
