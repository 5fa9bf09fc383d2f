import {
  artifactPath,
  type CheckpointFile,
  createArtifactNaming,
  createCheckpointFile,
  createSeedResultHead,
  formatArtifactJson,
  type SeedContext,
  type SeedFile,
  type SeedOutput,
  type SeedResult,
  seedDir,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import type { RfConfig } from './config.js';
import { FREQUENCY_RESPONSE, rfContract, SIGNAL_TRACES } from './contract.js';
import { denseGrids, evaluateModel, type ModelEvaluation, peakClipping } from './evaluate.js';
import { generateDataset, SPLITS, splitContract, testSubsets } from './generator.js';
import { LEGACY_METRIC_KEYS } from './metrics.js';
import { analyticResonator } from './models/analytic.js';
import type { TrainedRfModel } from './models/rf-model.js';
import { CLAIMED_MODEL, MODEL_LABELS, TRAINERS } from './models.js';
import { renderQualitativeReadme } from './qualitative-readme.js';
import { CHECKPOINT_MARKER, CHECKPOINT_VERSION } from './schemas/checkpoint.js';
import type { RfDetails } from './schemas/details.js';
import {
  QUALITATIVE_MARKER,
  QUALITATIVE_VERSION,
  type QualitativePackV1,
} from './schemas/qualitative-pack.js';
import {
  buildTraces,
  FAILURE_KINDS,
  fails,
  qualitativeExamples,
  representativeFilters,
  selectFilters,
  targetedFailures,
} from './traces.js';

/** Invalid-output policy recorded in every result (protocol v1). */
export const INVALID_OUTPUT_POLICY =
  'bottom outputs (strict |Q| < tau_infer for the SCM models, |Q|² < ε² for RationalTransfer, or a non-finite value) are excluded from every MSE, phase error and peak search; coverage_rate (= success_rate) counts them; no penalty value';

/** The generator description stamped into `data_config`. */
export const DATASET_GENERATOR =
  'generateDataset: H(s) = w0^2 / (s^2 + (w0/Q)s + w0^2) at s = jw; w0 and Q log-uniform; one stream in the order train (w0, Q, w), val, test';

function checkpointFile(
  model: TrainedRfModel,
  seed: number,
  configHash: string,
): CheckpointFile | null {
  const parameters = model.checkpoint();
  if (parameters === null) return null;
  const content = formatArtifactJson(
    {
      schema: CHECKPOINT_MARKER,
      schema_version: CHECKPOINT_VERSION,
      model: model.id,
      seed,
      config_hash: configHash,
      family: model.family,
      architecture: model.architecture,
      n_params: model.nParams,
      parameters,
    },
    'compact',
  );
  return createCheckpointFile(seed, model.id, content);
}

/**
 * Runs one RF seed: generate the §5.1 dataset; train the four learned models on the same data
 * with the same step budget (and build the analytic reference); evaluate each on the test points
 * and on every test filter's dense grid; write the checkpoints, the trace sidecar and the
 * qualitative pack's manifest and README; return the result envelope. The frequency-response
 * figure and the pack's figures are rendered later by the report, from the traces alone.
 */
export function runRfSeed(ctx: SeedContext<RfConfig>): SeedOutput<RfDetails> {
  const { config, seed } = ctx;
  ctx.progress({ model: CLAIMED_MODEL, phase: 'data' });
  const data = generateDataset(config.data, seed);
  const test = data.splits.test;
  const subsets = testSubsets(test, config.data.q_max_train);

  const models: TrainedRfModel[] = [];
  const trainSeconds: Record<string, number> = {};
  for (const [id, train] of TRAINERS) {
    ctx.progress({ model: id, phase: 'train', steps: config.train.steps });
    const started = performance.now();
    models.push(train(config, data, createRng(`rf:model:${id}:${seed}`)));
    trainSeconds[id] = (performance.now() - started) / 1000;
  }
  const learned = [...models];
  models.push(analyticResonator());

  const grids = denseGrids(test, config);
  const evaluations: Record<string, ModelEvaluation> = {};
  for (const model of models) {
    ctx.progress({ model: model.id, phase: 'evaluate' });
    evaluations[model.id] = evaluateModel(model, test, subsets, grids, config);
  }

  const files: SeedFile[] = [];
  const runs: SeedResult['runs'] = {};
  for (const model of models) {
    const ckpt = checkpointFile(model, seed, ctx.configHash);
    if (ckpt) files.push(ckpt.file);
    runs[model.id] = {
      metrics: (evaluations[model.id] as ModelEvaluation).metrics,
      model_meta: {
        family: model.family,
        n_params: model.nParams,
        architecture: model.description,
      },
      train: { ...model.train },
      train_log: [...model.trainLog],
      checkpoint: ckpt?.ref ?? null,
    };
  }

  const learnedIds = learned.map((m) => m.id);
  const targets = targetedFailures(
    test,
    subsets.extrapolation,
    evaluations,
    learnedIds,
    CLAIMED_MODEL,
    config.eval.qualitative_per_kind,
  );
  const selected = selectFilters(
    representativeFilters(test, subsets, config.eval.trace_representatives),
    targets,
  );
  const traces = buildTraces({
    seed,
    configHash: ctx.configHash,
    config,
    test,
    qMaxTrain: config.data.q_max_train,
    grids,
    models: learned,
    labels: MODEL_LABELS,
    evaluations,
    selected,
  });
  files.push({ path: 'rf_signal_traces.json', content: formatArtifactJson(traces, 'compact') });
  const examples = qualitativeExamples({
    seedDir: seedDir(seed),
    test,
    qMaxTrain: config.data.q_max_train,
    targets,
    evaluations,
    labels: MODEL_LABELS,
    claimed: CLAIMED_MODEL,
  });
  const pack: QualitativePackV1 = {
    schema: QUALITATIVE_MARKER,
    schema_version: QUALITATIVE_VERSION,
    seed,
    source: artifactPath(SIGNAL_TRACES, { seed }),
    selection_rule: `per kind, the ${config.eval.qualitative_per_kind} filter(s) where the most baselines fail (preferring filters SCM-Transfer does not fail, then the highest Q for a washout or the largest |Ĥ|/|H| for an invented peak), plus SCM-Transfer's own most severe failure of the kind when none of those shows it`,
    examples,
    missing: learnedIds.flatMap((model) =>
      FAILURE_KINDS.filter(
        (kind) => !targets.some((t) => t.kind === kind && t.models.includes(model)),
      ).map((kind) => {
        const count = test.w0.reduce(
          (n, _w, f) =>
            n +
            (fails(kind, evaluations[model]?.peaks[f], test.q[f]! > config.data.q_max_train)
              ? 1
              : 0),
          0,
        );
        return {
          model,
          kind,
          reason:
            count === 0
              ? 'no test filter of this seed shows this failure'
              : `fails this way on ${count} test filter(s), none of them among the chosen cases`,
        };
      }),
    ),
  };
  files.push({
    path: 'rf_qualitative_figure_pack/manifest.json',
    content: formatArtifactJson(pack),
  });
  files.push({
    path: 'rf_qualitative_figure_pack/README.md',
    content: renderQualitativeReadme(pack),
  });

  const nParams = learned.map((m) => m.nParams);
  const minP = Math.min(...nParams);
  const maxP = Math.max(...nParams);
  ctx.progress({ model: 'analytic', phase: 'done' });
  const result: SeedResult<RfDetails> = {
    ...createSeedResultHead('rf', ctx, INVALID_OUTPUT_POLICY),
    dataset_fingerprint: data.fingerprint,
    data_config: {
      dataset_generator: DATASET_GENERATOR,
      ...config.data,
      split_contract: splitContract(config.data),
    },
    train_config: { ...config.train, models: config.models },
    split_sizes: Object.fromEntries(SPLITS.map((s) => [s, data.splits[s].n])),
    runs,
    artifact_naming: createArtifactNaming(
      rfContract,
      seed,
      files.map((f) => f.path),
      // The figure the report renders from the traces (the pack's figures are in its manifest).
      [{ id: FREQUENCY_RESPONSE.id }],
    ),
    details: {
      tau_infer: config.eval.tau_infer,
      tau_train: config.train.tau_train,
      subsets: {
        in_band_filters: subsets.inBand.length,
        extrapolation_filters: subsets.extrapolation.length,
        test_q_min: Math.min(...test.q),
        test_q_max: Math.max(...test.q),
      },
      evaluation: { ...config.eval },
      matched_budget: {
        steps: config.train.steps,
        batch_size: config.train.batch_size,
        n_params_min: minP,
        n_params_max: maxP,
        n_params_spread: Number(((maxP - minP) / minP).toPrecision(6)),
      },
      legacy_metric_keys: { ...LEGACY_METRIC_KEYS },
      test_peak_clipping: Object.fromEntries(
        models.map((m) => [
          m.id,
          peakClipping(m, (evaluations[m.id] as ModelEvaluation).peaks, subsets),
        ]),
      ),
    },
  };
  return { result, files, trainSeconds };
}
