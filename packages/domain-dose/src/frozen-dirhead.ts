import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createSeedResultSchema,
  ERROR_CODES,
  type SeedContext,
  type SeedFile,
  type SeedOutput,
  type SeedResult,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import { type DoseConfig, doseGeneratorConfigSchema, doseModelConfigSchema } from './config.js';
import { createDiagnosticsDocument } from './diagnostics.js';
import type { TrainedDoseModel } from './dose-model.js';
import { ABOVE, type DoseSplit, generateDataset, IN_RANGE, SPLITS } from './generator.js';
import { Mlp } from './mlp.js';
import { optimizerLabel } from './rational-eps-model.js';
import {
  evaluateModel,
  labelCounts,
  type ModelEvaluation,
  resultEnvelope,
  splitProvenance,
} from './run-seed.js';
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

const seedSchema = createSeedResultSchema('dose');

function fail(message: string): never {
  throw new ZpbenchError(ERROR_CODES.USAGE, message);
}

/** Loads the parent seed's result and SCM checkpoint, verifying the checkpoint hash. */
export function readParentSeed(parentDir: string, seed: number) {
  const resultPath = join(parentDir, `seed_${seed}`, 'per_seed_result.json');
  let result: SeedResult;
  try {
    result = seedSchema.parse(JSON.parse(readFileSync(resultPath, 'utf8')));
  } catch (error) {
    fail(
      `frozen-dirhead: cannot read the parent seed result ${resultPath} (${(error as Error).message}); pass --parent-run-dir of a completed dose smoke/paper run that has seed ${seed}`,
    );
  }
  const ckpt = result.runs.scm?.checkpoint;
  if (!ckpt)
    fail(
      `frozen-dirhead: ${resultPath} has no scm checkpoint; the parent must be a strict-SCM dose run`,
    );
  const text = readFileSync(join(parentDir, ...ckpt.path.split('/')), 'utf8');
  if (sha256Hex(text) !== ckpt.sha256)
    fail(
      `frozen-dirhead: ${ckpt.path} in ${parentDir} does not match its recorded sha256; the parent run was modified`,
    );
  return { result, checkpoint: ckpt, params: (JSON.parse(text) as { params: number[] }).params };
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
 * frozen-dirhead mode: loads the parent run's SCM checkpoint for this seed, regenerates the parent's
 * dataset (fingerprint checked), freezes the SCM and trains only a fresh censored-direction head on
 * its last hidden layer. Reports the parent SCM and the SCM with the new head.
 */
export function runFrozenDirheadSeed(ctx: SeedContext<DoseConfig>): SeedOutput {
  const { seed } = ctx;
  if (!ctx.config.parent_run_dir)
    fail('frozen-dirhead needs the parent strict-SCM run: pass --parent-run-dir <run_dir>');
  const parentDir = resolve(ctx.config.parent_run_dir);
  const parent = readParentSeed(parentDir, seed);
  const { dataset_generator: _ignored, ...genRaw } = parent.result.data_config;
  const generator = doseGeneratorConfigSchema.parse(genRaw);
  const models = doseModelConfigSchema.parse(
    (parent.result.train_config as { models?: unknown }).models,
  );
  const tauSweep =
    (parent.result.train_config as { tau_sweep?: number[] }).tau_sweep ?? ctx.config.tau_sweep;
  // The parent's data and gate settings; this run's own budget for the direction head.
  const config: DoseConfig = {
    ...ctx.config,
    generator,
    models: { ...models, dirhead_hidden: ctx.config.models.dirhead_hidden },
    tau_infer: parent.result.tau_infer ?? ctx.config.tau_infer,
    tau_train: parent.result.tau_train ?? ctx.config.tau_train,
    tau_sweep: tauSweep,
  };
  ctx.progress({ model: 'scm', phase: 'data' });
  const data = generateDataset(generator, seed);
  if (data.fingerprint !== parent.result.dataset_fingerprint) {
    fail(
      `frozen-dirhead: the regenerated dataset of seed ${seed} does not match the parent's fingerprint; the parent was made by a different generator version`,
    );
  }
  const net = createScmNet(config, data.splits.train.nFeatures, createRng('frozen'), parent.params);
  const parentInfo = parent.result.runs.scm;
  const scm = scmModel(net, config, {
    train: parentInfo?.train ?? { optimizer: 'parent', steps: 0, epochs: 0, batch_size: 0 },
    trainLog: [],
  });
  // Frozen features of every split, computed once.
  const raws = Object.fromEntries(SPLITS.map((s) => [s, scmRaw(net, data.splits[s])])) as Record<
    (typeof SPLITS)[number],
    ScmRaw
  >;
  const h = config.models.hidden;
  const dh = config.models.dirhead_hidden;
  const head = new Mlp(
    dh > 0 ? [h, dh, 1] : [h, 1],
    createRng(`dose:dirhead:${seed}`).fork('init'),
  );
  const featureRows = (split: DoseSplit, rows: Int32Array) => {
    const name = SPLITS.find((s) => data.splits[s] === split) ?? 'train';
    const f = raws[name].features;
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
  const trainSeconds = { scm_frozen_dirhead: (performance.now() - started) / 1000 };
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
    architecture: `frozen parent SCM gate + fresh direction head ${dh > 0 ? `${h}→${dh}→1 tanh` : `logistic on the ${h} frozen features`}`,
    nParams: head.nParams,
    train: {
      optimizer: optimizerLabel(t),
      steps: t.dirhead_steps,
      epochs,
      batch_size: t.batch_size,
    },
    trainLog: log,
    hasQ: true,
    predict: (split, tau) => {
      const name = SPLITS.find((s) => data.splits[s] === split) ?? 'test';
      return scmPredictions(
        raws[name],
        headLogits(split),
        split,
        tau,
        config.tau_train,
        config.generator,
      );
    },
    checkpoint: () => ({
      family: 'direction-head',
      sizes: [...head.sizes],
      params: head.flatParams(),
      parent_checkpoint: parent.checkpoint,
    }),
  };
  const evaluations: Record<string, ModelEvaluation> = {
    scm: evaluateModel(scm, data, config),
    scm_frozen_dirhead: evaluateModel(frozen, data, config),
  };
  const files: SeedFile[] = [];
  const ckptText = `${JSON.stringify({ schema: 'zpbench_dose_checkpoint', schema_version: 1, model: frozen.id, seed, config_hash: ctx.configHash, ...frozen.checkpoint() })}\n`;
  files.push({
    path: 'checkpoints/scm_frozen_dirhead.json',
    content: ckptText,
    kind: 'checkpoint',
    role: 'checkpoint',
    model: frozen.id,
  });
  const runs: SeedResult['runs'] = {};
  for (const m of [scm, frozen]) {
    const e = evaluations[m.id] as ModelEvaluation;
    runs[m.id] = {
      metrics: e.metrics,
      model_meta: {
        family: m.family,
        n_params: m.id === 'scm' ? (parentInfo?.model_meta.n_params ?? m.nParams) : m.nParams,
        architecture: m.architecture,
      },
      train: { ...m.train },
      train_log: [...m.trainLog],
      checkpoint:
        m.id === 'scm'
          ? null
          : {
              path: `seed_${seed}/checkpoints/scm_frozen_dirhead.json`,
              sha256: sha256Hex(ckptText),
            },
    };
  }
  const diagnostics = createDiagnosticsDocument('seed', [seed], config.tau_infer, {
    scm: (evaluations.scm as ModelEvaluation).diagnostics,
    scm_frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).diagnostics,
  });
  files.push({
    path: 'dose_diagnostics.json',
    content: `${JSON.stringify(diagnostics, null, 2)}\n`,
    kind: 'json',
    role: 'sidecar',
  });
  const dirheadResults = {
    schema: 'zpbench_dose_dirhead_only_results',
    schema_version: 1,
    seed,
    config_hash: ctx.configHash,
    parent: {
      run_dir: ctx.config.parent_run_dir,
      manifest_sha256: ctx.config.parent_manifest_sha256,
      config_hash: parent.result.config_hash,
      checkpoint: parent.checkpoint,
      dataset_fingerprint: parent.result.dataset_fingerprint,
    },
    direction_head: {
      sizes: [...head.sizes],
      steps: t.dirhead_steps,
      n_train_censored: censored.length,
      n_params: head.nParams,
    },
    metrics: {
      parent_scm: (evaluations.scm as ModelEvaluation).metrics,
      frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).metrics,
    },
    direction_confusion: {
      parent_scm: (evaluations.scm as ModelEvaluation).diagnostics.direction,
      frozen_dirhead: (evaluations.scm_frozen_dirhead as ModelEvaluation).diagnostics.direction,
    },
  };
  files.push({
    path: 'dirhead_only_results.json',
    content: `${JSON.stringify(dirheadResults, null, 2)}\n`,
    kind: 'json',
    role: 'sidecar',
  });
  const result: SeedResult = {
    ...resultEnvelope({ ...ctx, config }, data),
    runs,
    artifact_naming: {
      per_seed_result: `seed_${seed}/per_seed_result.json`,
      dose_diagnostics: `seed_${seed}/dose_diagnostics.json`,
      dirhead_only_results: `seed_${seed}/dirhead_only_results.json`,
      checkpoint_scm_frozen_dirhead: `seed_${seed}/checkpoints/scm_frozen_dirhead.json`,
    },
    details: {
      label_order: ['below', 'in_range', 'above'],
      label_counts: Object.fromEntries(SPLITS.map((s) => [s, labelCounts(data.splits[s])])),
      finite_mae_n: Object.fromEntries(
        Object.entries(evaluations).map(([id, e]) => [id, e.finiteMaeN]),
      ),
      split_compounds: Object.fromEntries(
        SPLITS.map((s) => [s, data.compounds.filter((c) => c.split === s).map((c) => c.id)]),
      ),
      split_provenance: splitProvenance(seed, data),
      sweeps: Object.fromEntries(Object.entries(evaluations).map(([id, e]) => [id, e.sweeps])),
      parent: dirheadResults.parent,
    },
  };
  ctx.progress({ model: 'scm_frozen_dirhead', phase: 'done' });
  return { result, files, trainSeconds };
}
