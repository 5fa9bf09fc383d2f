import {
  type ClaimDefinition,
  createArtifactNaming,
  createSeedResultHead,
  defineDomain,
  fingerprint,
  formatArtifactJson,
  type MetricDefinition,
  type ModelDefinition,
  parseNumberArgument,
  type SeedResult,
} from '@zpbench/core';
import { createRng } from '@zpbench/nn';
import { SYNTHETIC_DEFAULTS, type SyntheticConfig, syntheticConfigSchema } from './config.js';
import {
  LOSS_CURVES_MARKER,
  LOSS_CURVES_VERSION,
  type LossCurvesV1,
  type SyntheticDetails,
  syntheticContract,
} from './contract.js';
import { sampleLossCurve } from './sampler.js';

const MODELS: readonly ModelDefinition[] = [
  {
    id: 'candidate',
    label: 'Candidate',
    role: 'claimed',
    description: 'The model under test; regressions are injected here.',
  },
  {
    id: 'reference',
    label: 'Reference',
    role: 'baseline',
    description: 'A fixed comparator with a higher loss floor.',
  },
];

function metricKey(step: number): string {
  return `loss_step_${step}`;
}

function metricsFor(config: SyntheticConfig): MetricDefinition[] {
  return [
    // The checkpoints are one metric at three steps, as pybench's bench_synthetic records them.
    ...config.checkpoints.map((step) => ({
      key: metricKey(step),
      description: `Loss at step ${step} of the curve.`,
      direction: 'lower' as const,
      unit: 'loss',
      subset: 'all',
      series: { metric: 'loss', step },
    })),
    {
      key: 'mean_loss',
      description: 'Mean loss over every step of the curve.',
      direction: 'lower',
      unit: 'loss',
      subset: 'all',
    },
  ];
}

// Both claims hold by construction (the reference's floor is 0.05 higher) and are powered for 10
// seeds: the mean over 101 steps averages the per-step noise away, while a single checkpoint
// carries the full noise sd of 0.05, so the final loss is claimed only within a margin of 0.05.
const CLAIMS: readonly ClaimDefinition[] = [
  {
    id: 'mean_loss_superiority',
    description: 'The candidate reaches a lower mean loss over training than the reference.',
    kind: 'superiority',
    metric: 'mean_loss',
    claimedModel: 'candidate',
    baselineModel: 'reference',
    direction: 'lower',
    required: ['paper'],
  },
  {
    id: 'final_loss_non_inferiority',
    description: 'The candidate’s final loss is no worse than the reference’s by more than 0.05.',
    kind: 'non-inferiority',
    metric: metricKey(100),
    claimedModel: 'candidate',
    baselineModel: 'reference',
    direction: 'lower',
    threshold: 0.05,
    required: ['paper'],
  },
];

const round = (x: number) => Number(x.toPrecision(15));

/** The synthetic domain: pybench's loss-curve sampler as a zpbench domain, the fastest end-to-end run. */
export const syntheticDomain = defineDomain<SyntheticConfig, SyntheticDetails>({
  contract: syntheticContract,
  id: 'synthetic',
  title: 'Synthetic loss curves',
  description:
    "pybench's noisy exponential-decay loss curves; inject a regression to see the severity test fire.",
  modes: {
    smoke: {
      id: 'smoke',
      description: '5 seeds, the fewest at which the sign-flip test can reach alpha 0.05.',
      seeds: [0, 1, 2, 3, 4],
      config: SYNTHETIC_DEFAULTS,
    },
    paper: {
      id: 'paper',
      description: '10 seeds.',
      seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      config: SYNTHETIC_DEFAULTS,
    },
  },
  configSchema: syntheticConfigSchema,
  models: MODELS,
  metrics: metricsFor(SYNTHETIC_DEFAULTS),
  claims: CLAIMS,
  treatmentKeys: ['inject_regression'],
  cliOptions: [
    {
      flags: '--inject-regression <kind>',
      description:
        'inject a regression into the candidate: global (every checkpoint) or local (last checkpoint)',
      choices: ['none', 'global', 'local'],
      apply: (config, value) => ({
        ...config,
        inject_regression: value as SyntheticConfig['inject_regression'],
      }),
    },
    {
      flags: '--compute-repeats <n>',
      description:
        'extra deterministic resampling passes per seed, to make seeds compute-bound (benchmarks, kill tests)',
      apply: (config, value) => ({
        ...config,
        compute_repeats: parseNumberArgument('--compute-repeats', value, {
          min: 0,
          max: 1e9,
          integer: true,
        }),
      }),
    },
  ],
  // Already tiny (five seeds of 101-step curves in milliseconds); the conformance suite runs it as is.
  testConfig: (_mode, config) => config,
  runSeed: ({ seed, config, configHash, mode, progress }) => {
    const rng = createRng(`synthetic:${seed}`);
    const params = {
      nSteps: config.n_steps,
      amp: config.amp,
      tau: config.tau,
      noise: config.noise,
      seedSigma: config.seed_sigma,
    };
    progress({ model: 'candidate', phase: 'data' });
    const candidate = sampleLossCurve(rng.fork('candidate'), { ...params, floor: config.floor });
    const reference = sampleLossCurve(rng.fork('reference'), {
      ...params,
      floor: config.floor + config.reference_floor_offset,
    });
    // Benchmark load: one stream and one buffer, so the work is arithmetic, not allocation and
    // garbage collection (which would contend across worker threads and blur the speedup).
    const burn = rng.fork('burn');
    const buffer = new Float64Array(config.n_steps);
    const burnParams = { ...params, floor: config.floor };
    for (let r = 0; r < config.compute_repeats; r++) sampleLossCurve(burn, burnParams, buffer);
    const last = config.checkpoints[config.checkpoints.length - 1] as number;
    const metrics = (curve: Float64Array, regress: boolean) => {
      const at = (step: number) => {
        let value = curve[step] as number;
        if (regress && config.inject_regression === 'global') value += config.global_shift;
        if (regress && config.inject_regression === 'local' && step === last)
          value += config.local_shift;
        return round(value);
      };
      return {
        ...Object.fromEntries(config.checkpoints.map((step) => [metricKey(step), at(step)])),
        mean_loss: round(curve.reduce((a, b) => a + b, 0) / curve.length),
      };
    };
    const run = (curve: Float64Array, regress: boolean, model: string) => ({
      metrics: metrics(curve, regress),
      model_meta: { family: 'analytic', n_params: 0, architecture: `sampled curve (${model})` },
      train: { optimizer: 'none', steps: 0, epochs: 0, batch_size: 0 },
      train_log: [],
      checkpoint: null,
    });
    const curves: LossCurvesV1 = {
      schema: LOSS_CURVES_MARKER,
      schema_version: LOSS_CURVES_VERSION,
      candidate: Array.from(candidate, round),
      reference: Array.from(reference, round),
    };
    const files = [{ path: 'loss_curves.json', content: formatArtifactJson(curves) }];
    const result: SeedResult<SyntheticDetails> = {
      ...createSeedResultHead(
        'synthetic',
        { mode, seed, configHash },
        'not applicable: curves are always finite',
      ),
      dataset_fingerprint: fingerprint({
        candidate: curves.candidate,
        reference: curves.reference,
      }),
      data_config: {
        dataset_name: 'pybench-loss-curves',
        dataset_version: 1,
        dataset_generator: 'sampleLossCurve',
        ...config,
      },
      train_config: {},
      split_sizes: { steps: config.n_steps },
      runs: {
        candidate: run(candidate, true, 'candidate'),
        reference: run(reference, false, 'reference'),
      },
      artifact_naming: createArtifactNaming(
        syntheticContract,
        seed,
        files.map((f) => f.path),
      ),
      details: { checkpoints: config.checkpoints },
    };
    progress({ model: 'candidate', phase: 'done' });
    return { result, files };
  },
});
