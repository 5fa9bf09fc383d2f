import {
  type CheckpointFile,
  createArtifactNaming,
  createCheckpointFile,
  createSeedResultHead,
  formatArtifactJson,
  perSeedResultPath,
  type SeedContext,
  type SeedFile,
  type SeedOutput,
  type SeedResult,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import { createBundleFiles } from './bundle.js';
import type { DoseConfig } from './config.js';
import { doseContract } from './contract.js';
import {
  buildModelDiagnostics,
  createDiagnosticsDocument,
  type ModelDiagnostics,
} from './diagnostics.js';
import type { TrainedDoseModel } from './dose-model.js';
import { trainEpsEnsemble } from './eps-ensemble-model.js';
import { type DoseDataset, type DoseSplit, generateDataset, SPLITS } from './generator.js';
import { computeDoseMetrics, finiteMae } from './metrics.js';
import { trainMlp } from './mlp-model.js';
import { candidatesFrom, selectPreset } from './operating-points.js';
import { trainRationalEps } from './rational-eps-model.js';
import { CHECKPOINT_MARKER, CHECKPOINT_VERSION } from './schemas/checkpoint.js';
import type { DoseDetails } from './schemas/details.js';
import { trainScm } from './scm-model.js';
import { roundMetric, type SweepPoint, sweepModel } from './sweep.js';

/** Model ids in their canonical order. */
export const MODEL_IDS = ['scm', 'rational_eps', 'eps_ensemble', 'mlp'] as const;

/** Invalid-output policy recorded in every result (protocol v1). */
export const INVALID_OUTPUT_POLICY =
  'bottomed outputs (strict |Q| gate or non-finite payload; for baselines a non-finite output or one outside the assay window) are classified below/above by the direction call and excluded from finite_mae; no penalty value';

const TRAINERS: Record<(typeof MODEL_IDS)[number], typeof trainScm> = {
  scm: trainScm,
  rational_eps: trainRationalEps,
  eps_ensemble: trainEpsEnsemble,
  mlp: trainMlp,
};

/** Per-model evaluation of a seed: metrics, sweeps, diagnostics. */
export interface ModelEvaluation {
  readonly metrics: Record<string, number | null>;
  readonly finiteMaeN: number;
  readonly sweeps: { readonly calibration: SweepPoint[]; readonly test: SweepPoint[] };
  readonly diagnostics: ModelDiagnostics;
}

/** Evaluates a trained model on the seed's calibration and test splits. */
export function evaluateModel(
  model: TrainedDoseModel,
  data: DoseDataset,
  config: DoseConfig,
): ModelEvaluation {
  const test = data.splits.test;
  const pred = model.predict(test, config.tau_infer);
  const raw = computeDoseMetrics(pred);
  const metrics = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, roundMetric(v)]));
  const calibration = sweepModel(model, data.splits.calibration, config.tau_sweep);
  const testSweep = sweepModel(model, test, config.tau_sweep);
  const diagnostics = buildModelDiagnostics(pred, test, calibration, {
    bins: config.histogram_bins,
    k: config.borderline_k,
    lloq: config.generator.lloq,
    uloq: config.generator.uloq,
  });
  return {
    metrics,
    finiteMaeN: finiteMae(pred).n,
    sweeps: { calibration, test: testSweep },
    diagnostics,
  };
}

/** Label counts of a split: [below, in_range, above]. */
export function labelCounts(split: DoseSplit): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const l of split.label) c[l as 0 | 1 | 2]++;
  return c;
}

/** Split provenance of a seed (operating-point evidence): source split, split/generator seeds, sample-id reference. */
export function splitProvenance(seed: number, data: DoseDataset) {
  const entry = (split: 'calibration' | 'test') => ({
    source_split: split,
    split_seed: seed,
    generator_seed: seed,
    split_stream: `dose:data:${seed}/split`,
    sample_id_ref: `${perSeedResultPath(seed)}#/details/split_compounds/${split}`,
    sample_id_format: '<compound>:<dose index>',
    n_samples: data.splits[split].n,
  });
  return { calibration: entry('calibration'), evaluation: entry('test') };
}

/** Serialises a checkpoint with its identity, on one line (its parameter arrays are bulky). */
export function checkpointText(model: TrainedDoseModel, seed: number, configHash: string): string {
  return formatArtifactJson(
    {
      schema: CHECKPOINT_MARKER,
      schema_version: CHECKPOINT_VERSION,
      model: model.id,
      seed,
      config_hash: configHash,
      ...model.checkpoint(),
    },
    'compact',
  );
}

/** A checkpoint file of a seed and the reference its per-seed result keeps. */
export function checkpointFile(
  model: TrainedDoseModel,
  seed: number,
  configHash: string,
): CheckpointFile {
  return createCheckpointFile(seed, model.id, checkpointText(model, seed, configHash));
}

/** The result of one model on a seed, as the per-seed result keeps it. */
export function modelRun(
  model: TrainedDoseModel,
  evaluation: ModelEvaluation,
  checkpoint: { path: string; sha256: string } | null,
): SeedResult['runs'][string] {
  return {
    metrics: evaluation.metrics,
    model_meta: { family: model.family, n_params: model.nParams, architecture: model.architecture },
    train: { ...model.train },
    train_log: [...model.trainLog],
    checkpoint,
  };
}

/** The details every DOSE seed records, whatever its mode. */
export function commonDetails(
  seed: number,
  data: DoseDataset,
  config: DoseConfig,
  evaluations: Readonly<Record<string, ModelEvaluation>>,
): Omit<DoseDetails, 'scm_calibrated_taus' | 'base'> {
  const ids = Object.keys(evaluations);
  return {
    tau_infer: config.tau_infer,
    tau_train: config.tau_train,
    label_order: ['below', 'in_range', 'above'],
    label_counts: Object.fromEntries(
      SPLITS.map((s) => [s, labelCounts(data.splits[s])]),
    ) as DoseDetails['label_counts'],
    finite_mae_n: Object.fromEntries(
      ids.map((id) => [id, (evaluations[id] as ModelEvaluation).finiteMaeN]),
    ),
    split_compounds: Object.fromEntries(
      SPLITS.map((s) => [s, data.compounds.filter((c) => c.split === s).map((c) => c.id)]),
    ) as DoseDetails['split_compounds'],
    split_provenance: splitProvenance(seed, data),
    sweeps: Object.fromEntries(ids.map((id) => [id, (evaluations[id] as ModelEvaluation).sweeps])),
  };
}

/** Builds the shared parts of a DOSE per-seed result. */
export function resultEnvelope(
  ctx: SeedContext<DoseConfig>,
  data: DoseDataset,
): Omit<SeedResult<DoseDetails>, 'runs' | 'artifact_naming' | 'details'> {
  const { config } = ctx;
  return {
    ...createSeedResultHead('dose', ctx, INVALID_OUTPUT_POLICY),
    dataset_fingerprint: data.fingerprint,
    data_config: {
      dataset_generator:
        'generateDataset: 4PL with descriptor-driven parameters, half-log grid, Gaussian noise, assay window',
      ...config.generator,
    },
    train_config: { ...config.train, models: config.models, tau_sweep: config.tau_sweep },
    split_sizes: Object.fromEntries(SPLITS.map((s) => [s, data.splits[s].n])),
  };
}

/** Trains the models of a mode on a seed's dataset, evaluating each and keeping its checkpoint. */
export function trainAndEvaluate(
  ctx: SeedContext<DoseConfig>,
  data: DoseDataset,
  ids: readonly (typeof MODEL_IDS)[number][],
) {
  const { config, seed } = ctx;
  const files: SeedFile[] = [];
  const runs: SeedResult['runs'] = {};
  const trainSeconds: Record<string, number> = {};
  const evaluations: Record<string, ModelEvaluation> = {};
  const models: Record<string, TrainedDoseModel> = {};
  const checkpoints: Record<string, { path: string; sha256: string }> = {};
  for (const id of ids) {
    ctx.progress({ model: id, phase: 'train', steps: config.train.steps });
    const started = performance.now();
    const model = TRAINERS[id](
      config,
      data.splits.train,
      data.splits.val,
      createRng(`dose:model:${id}:${seed}`),
    );
    trainSeconds[id] = (performance.now() - started) / 1000;
    ctx.progress({ model: id, phase: 'evaluate' });
    const evaluation = evaluateModel(model, data, config);
    const checkpoint = checkpointFile(model, seed, ctx.configHash);
    files.push(checkpoint.file);
    checkpoints[id] = checkpoint.ref;
    evaluations[id] = evaluation;
    models[id] = model;
    runs[id] = modelRun(model, evaluation, checkpoint.ref);
  }
  return { files, runs, trainSeconds, evaluations, models, checkpoints };
}

/** Runs one seed of the smoke / paper modes: generate, train the four models, evaluate, write sidecars, checkpoints and the SCM bundle. */
export function runStandardSeed(ctx: SeedContext<DoseConfig>): SeedOutput<DoseDetails> {
  const { config, seed } = ctx;
  ctx.progress({ model: 'scm', phase: 'data' });
  const data = generateDataset(config.generator, seed);
  const { files, runs, trainSeconds, evaluations, models, checkpoints } = trainAndEvaluate(
    ctx,
    data,
    MODEL_IDS,
  );
  const diagnostics = createDiagnosticsDocument(
    'seed',
    [seed],
    config.tau_infer,
    Object.fromEntries(
      MODEL_IDS.map((id) => [id, (evaluations[id] as ModelEvaluation).diagnostics]),
    ),
  );
  files.push({ path: 'dose_diagnostics.json', content: formatArtifactJson(diagnostics) });

  // Per-seed calibrated taus of the SCM (the run-level presets are chosen in aggregate).
  const scmCandidates = candidatesFrom({
    scm: [(evaluations.scm as ModelEvaluation).sweeps.calibration],
  });
  const calibrated = Object.fromEntries(
    (['safety_first', 'accuracy_first', 'direction_aware'] as const).map((p) => [
      p,
      selectPreset(scmCandidates, p)?.tau ?? null,
    ]),
  );
  const scm = models.scm as TrainedDoseModel;
  const ckpt = scm.checkpoint() as { sizes: number[]; params: number[] };
  const g = config.generator;
  const half = (g.log10_dose_step * (g.doses_per_compound - 1)) / 2;
  const bundle = createBundleFiles(
    {
      model: 'scm',
      seed,
      config_hash: ctx.configHash,
      dataset_fingerprint: data.fingerprint,
      tau_infer: config.tau_infer,
      tau_train: config.tau_train,
      operating_point: {
        name: 'config_default',
        tau_infer: config.tau_infer,
        source: 'run configuration (tau_infer)',
      },
      calibrated_operating_points: calibrated,
      input_contract: {
        features: [
          ...Array.from({ length: g.n_descriptors }, (_, j) => `descriptor_${j}`),
          'log10_dose',
        ],
        log10_dose_center: g.log10_dose_min + half,
        log10_dose_halfwidth: half,
        dtype: 'float64',
      },
      output_contract: {
        decoded: 'float64 response units; NaN where bottom_mask',
        bottom_mask: 'bool: fault_mask ∨ semantic_bottom_mask',
        gap_mask: 'bool: ¬bottom ∧ tau_infer ≤ |Q| < tau_train (monitor only)',
        fault_mask: 'bool: non-finite P or Q',
        semantic_bottom_mask: 'bool: |Q| < tau_infer',
        bottom_provenance: 'uint8: 0 none, 1 fault, 2 semantic, 3 both',
        direction: 'below | above from the direction head',
      },
      assay_window: { lloq: g.lloq, uloq: g.uloq },
      checkpoint: checkpoints.scm as { path: string; sha256: string },
    },
    ckpt.sizes,
    ckpt.params,
  );
  files.push({ path: 'bundles/scm/params.json', content: bundle.paramsJson });
  files.push({ path: 'bundles/scm/bundle.json', content: bundle.bundleJson });
  ctx.progress({ model: 'mlp', phase: 'done' });
  const result: SeedResult<DoseDetails> = {
    ...resultEnvelope(ctx, data),
    runs,
    artifact_naming: createArtifactNaming(
      doseContract,
      seed,
      files.map((f) => f.path),
    ),
    details: {
      ...commonDetails(seed, data, config, evaluations),
      scm_calibrated_taus: calibrated,
      base: null,
    },
  };
  return { result, files, trainSeconds };
}
