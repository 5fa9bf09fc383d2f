import {
  createArtifactNaming,
  ERROR_CODES,
  formatArtifactJson,
  type ParentRun,
  perSeedResultPath,
  readParentArtifact,
  type SeedContext,
  type SeedFile,
  type SeedOutput,
  type SeedResult,
  ZpbenchError,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import { type DoseConfig, doseGeneratorConfigSchema, doseModelConfigSchema } from './config.js';
import { doseContract } from './contract.js';
import { createDiagnosticsDocument } from './diagnostics.js';
import type { TrainedDoseModel } from './dose-model.js';
import { ABOVE, type DoseDataset, type DoseSplit, generateDataset, IN_RANGE } from './generator.js';
import { Mlp } from './mlp.js';
import { optimizerLabel } from './rational-eps-model.js';
import {
  checkpointFile,
  commonDetails,
  evaluateModel,
  type ModelEvaluation,
  modelRun,
  resultEnvelope,
  trainAndEvaluate,
} from './run-seed.js';
import {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  doseCheckpointV1Schema,
} from './schemas/checkpoint.js';
import type { DirheadBase, DoseDetails } from './schemas/details.js';
import {
  DIRHEAD_RESULTS_MARKER,
  DIRHEAD_VERSION,
  type DirheadResultsV1,
} from './schemas/dirhead.js';
import {
  createScmNet,
  type ScmRaw,
  scmModel,
  scmPredictions,
  scmRaw,
  sigmoid,
  softplus,
} from './scm-model.js';
import { type LossResult, trainNetworks } from './train-loop.js';

const CHECKPOINT_ENTRY = {
  marker: CHECKPOINT_MARKER,
  version: CHECKPOINT_VERSION,
  schema: doseCheckpointV1Schema,
};

/** The frozen base of a seed: its network, the config it was trained with, its dataset and provenance. */
interface FrozenBase {
  readonly net: Mlp;
  readonly config: DoseConfig;
  readonly data: DoseDataset;
  readonly base: DirheadBase;
  /** The base as the result reports it. */
  readonly model: TrainedDoseModel;
  readonly evaluation: ModelEvaluation;
  readonly files: readonly SeedFile[];
  readonly checkpointRef: { path: string; sha256: string } | null;
  readonly trainSeconds: Readonly<Record<string, number>>;
}

function parentError(parent: ParentRun, seed: number, problem: string): ZpbenchError {
  return new ZpbenchError(
    ERROR_CODES.RUN_INVALID,
    `frozen-dirhead: the parent run ${parent.runDir}, seed ${seed}: ${problem}; pass --parent-run-dir of a completed dose smoke or paper run`,
  );
}

/**
 * The base from a validated parent run: its seed result and SCM checkpoint, both read through the
 * parent's manifest hashes; the parent's generator, model sizes and gate settings, parsed by
 * their schemas; its dataset regenerated and checked against the parent's fingerprint.
 */
function baseFromParent(ctx: SeedContext<DoseConfig>, parent: ParentRun): FrozenBase {
  const { seed } = ctx;
  const result = readParentArtifact(parent, perSeedResultPath(seed), doseContract.seedResult);
  const ckptRef = result.runs.scm?.checkpoint;
  if (!ckptRef)
    throw parentError(parent, seed, 'its result has no scm checkpoint (not a strict-SCM run)');
  const checkpoint = readParentArtifact(parent, ckptRef.path, CHECKPOINT_ENTRY);
  if (checkpoint.family !== 'scm')
    throw parentError(parent, seed, `${ckptRef.path} is a ${checkpoint.family} checkpoint`);
  const { dataset_generator: _generatorName, ...generatorFields } = result.data_config;
  const config: DoseConfig = {
    ...ctx.config,
    generator: doseGeneratorConfigSchema.parse(generatorFields),
    models: {
      ...doseModelConfigSchema.parse(result.train_config.models),
      dirhead_hidden: ctx.config.models.dirhead_hidden,
    },
    tau_infer: result.details.tau_infer,
    tau_train: result.details.tau_train,
  };
  const data = generateDataset(config.generator, seed);
  if (data.fingerprint !== result.dataset_fingerprint)
    throw parentError(
      parent,
      seed,
      'its dataset does not regenerate to the recorded fingerprint (another generator version)',
    );
  const net = createScmNet(
    config,
    data.splits.train.nFeatures,
    createRng('frozen'),
    checkpoint.params,
  );
  const info = result.runs.scm;
  const model = scmModel(net, config, {
    train: info?.train ?? { optimizer: 'parent', steps: 0, epochs: 0, batch_size: 0 },
    trainLog: [],
  });
  return {
    net,
    config,
    data,
    base: {
      source: 'parent-run',
      run_id: parent.run_id,
      manifest_sha256: parent.manifest_sha256,
      config_hash: result.config_hash,
      checkpoint: ckptRef,
      dataset_fingerprint: result.dataset_fingerprint,
    },
    model: { ...model, nParams: info?.model_meta.n_params ?? model.nParams },
    evaluation: evaluateModel(model, data, config),
    files: [],
    checkpointRef: null,
    trainSeconds: {},
  };
}

/** The base trained by this seed itself (the bare `--mode frozen-dirhead`): its checkpoint is saved in the run. */
function baseTrainedHere(ctx: SeedContext<DoseConfig>): FrozenBase {
  const { config, seed } = ctx;
  ctx.progress({ model: 'scm', phase: 'data' });
  const data = generateDataset(config.generator, seed);
  const trained = trainAndEvaluate(ctx, data, ['scm']);
  const model = trained.models.scm as TrainedDoseModel;
  const ckpt = model.checkpoint() as { params: number[] };
  const ref = trained.checkpoints.scm as { path: string; sha256: string };
  return {
    net: createScmNet(config, data.splits.train.nFeatures, createRng('frozen'), ckpt.params),
    config,
    data,
    base: {
      source: 'trained-in-run',
      run_id: null,
      manifest_sha256: null,
      config_hash: ctx.configHash,
      checkpoint: ref,
      dataset_fingerprint: data.fingerprint,
    },
    model,
    evaluation: trained.evaluations.scm as ModelEvaluation,
    files: trained.files,
    checkpointRef: ref,
    trainSeconds: trained.trainSeconds,
  };
}

/** Binary cross-entropy of a direction logit on the censored rows of a batch (in-range rows ignored). */
export function directionLoss(
  output: Float64Array,
  rows: Int32Array,
  split: DoseSplit,
): LossResult {
  const dOut = new Float64Array(rows.length);
  let loss = 0;
  let n = 0;
  for (let i = 0; i < rows.length; i++) if (split.label[rows[i] as number] !== IN_RANGE) n++;
  for (let i = 0; i < rows.length; i++) {
    const label = split.label[rows[i] as number] as number;
    if (label === IN_RANGE) continue;
    const z = output[i] as number;
    const t = label === ABOVE ? 1 : 0;
    loss += softplus(z) - t * z;
    dOut[i] = (sigmoid(z) - t) / n;
  }
  const v = n === 0 ? 0 : loss / n;
  return { components: { direction: v, total: v }, dOut };
}

/**
 * frozen-dirhead mode: freezes a strict-SCM base per seed (the parent run's, or one this seed
 * trains first when no parent is given) and trains only a fresh censored-direction head on its
 * last hidden layer. Reports the base SCM and the SCM with the new head.
 */
export function runFrozenDirheadSeed(ctx: SeedContext<DoseConfig>): SeedOutput<DoseDetails> {
  const { seed } = ctx;
  const frozenBase = ctx.parent ? baseFromParent(ctx, ctx.parent) : baseTrainedHere(ctx);
  const { net, config, data, base } = frozenBase;
  // Frozen features of each split, computed once per split object.
  const raws = new Map<DoseSplit, ScmRaw>();
  const rawOf = (split: DoseSplit) => {
    let raw = raws.get(split);
    if (!raw) {
      raw = scmRaw(net, split);
      raws.set(split, raw);
    }
    return raw;
  };
  const h = config.models.hidden;
  const dh = config.models.dirhead_hidden;
  const head = new Mlp(
    dh > 0 ? [h, dh, 1] : [h, 1],
    createRng(`dose:dirhead:${seed}`).fork('init'),
  );
  const featureRows = (split: DoseSplit, rows: Int32Array) => {
    const f = rawOf(split).features;
    const out = new Float64Array(rows.length * h);
    for (let i = 0; i < rows.length; i++)
      out.set(f.subarray((rows[i] as number) * h, ((rows[i] as number) + 1) * h), i * h);
    return out;
  };
  const censored: number[] = [];
  data.splits.train.label.forEach((l, i) => {
    if (l !== IN_RANGE) censored.push(i);
  });
  const t = config.train;
  ctx.progress({ model: 'scm_frozen_dirhead', phase: 'train', steps: t.dirhead_steps });
  const started = performance.now();
  const { log, epochs } = trainNetworks(
    [
      {
        name: 'dirhead',
        net: head,
        lossGrad: directionLoss,
        inputs: (rows, split) => featureRows(split, rows),
      },
    ],
    data.splits.train,
    data.splits.val,
    t,
    t.dirhead_steps,
    createRng(`dose:dirhead:${seed}`).fork('batches'),
    Int32Array.from(censored),
  );
  const trainSeconds = {
    ...frozenBase.trainSeconds,
    scm_frozen_dirhead: (performance.now() - started) / 1000,
  };
  const headLogits = (split: DoseSplit) =>
    head.forward(
      featureRows(
        split,
        Int32Array.from({ length: split.n }, (_, i) => i),
      ),
      split.n,
    ).output;
  const frozen: TrainedDoseModel = {
    id: 'scm_frozen_dirhead',
    family: 'scm',
    architecture: `frozen base SCM gate + fresh direction head ${dh > 0 ? `${h}→${dh}→1 tanh` : `logistic on the ${h} frozen features`}`,
    nParams: head.nParams,
    train: {
      optimizer: optimizerLabel(t),
      steps: t.dirhead_steps,
      epochs,
      batch_size: t.batch_size,
    },
    trainLog: log,
    hasQ: true,
    predict: (split, tau) =>
      scmPredictions(
        rawOf(split),
        headLogits(split),
        split,
        tau,
        config.tau_train,
        config.generator,
      ),
    checkpoint: () => ({
      family: 'direction-head',
      sizes: [...head.sizes],
      params: head.flatParams(),
      parent_checkpoint: base.checkpoint,
    }),
  };
  const evaluations: Record<string, ModelEvaluation> = {
    scm: frozenBase.evaluation,
    scm_frozen_dirhead: evaluateModel(frozen, data, config),
  };
  const headCheckpoint = checkpointFile(frozen, seed, ctx.configHash);
  const files: SeedFile[] = [...frozenBase.files, headCheckpoint.file];
  const runs: SeedResult['runs'] = {
    scm: modelRun(frozenBase.model, frozenBase.evaluation, frozenBase.checkpointRef),
    scm_frozen_dirhead: modelRun(
      frozen,
      evaluations.scm_frozen_dirhead as ModelEvaluation,
      headCheckpoint.ref,
    ),
  };
  const diagnostics = createDiagnosticsDocument('seed', [seed], config.tau_infer, {
    scm: (evaluations.scm as ModelEvaluation).diagnostics,
    scm_frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).diagnostics,
  });
  files.push({ path: 'dose_diagnostics.json', content: formatArtifactJson(diagnostics) });
  const dirheadResults: DirheadResultsV1 = {
    schema: DIRHEAD_RESULTS_MARKER,
    schema_version: DIRHEAD_VERSION,
    seed,
    config_hash: ctx.configHash,
    base,
    direction_head: {
      sizes: [...head.sizes],
      steps: t.dirhead_steps,
      n_train_censored: censored.length,
      n_params: head.nParams,
    },
    metrics: {
      base_scm: (evaluations.scm as ModelEvaluation).metrics,
      frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).metrics,
    },
    direction_confusion: {
      base_scm: (evaluations.scm as ModelEvaluation).diagnostics.direction,
      frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).diagnostics.direction,
    },
  };
  files.push({ path: 'dirhead_only_results.json', content: formatArtifactJson(dirheadResults) });
  const result: SeedResult<DoseDetails> = {
    ...resultEnvelope({ ...ctx, config }, data),
    runs,
    artifact_naming: createArtifactNaming(
      doseContract,
      seed,
      files.map((f) => f.path),
    ),
    details: { ...commonDetails(seed, data, config, evaluations), scm_calibrated_taus: null, base },
  };
  ctx.progress({ model: 'scm_frozen_dirhead', phase: 'done' });
  return { result, files, trainSeconds };
}
