import { defineDomain } from '@zpbench/core';
import { RF_CLAIMS } from './claims.js';
import {
  RF_PAPER_CONFIG,
  RF_SMOKE_CONFIG,
  type RfConfig,
  rfConfigSchema,
  SAMPLING_STRATEGIES,
} from './config.js';
import { rfContract } from './contract.js';
import { rfFigurePack } from './figures.js';
import { RF_METRICS } from './metrics.js';
import { RF_MODELS } from './models.js';
import { rfReportSections } from './report-sections.js';
import { runRfSeed } from './run-seed.js';
import type { RfDetails } from './schemas/details.js';

const SEEDS_SMOKE = [0, 1, 2, 3, 4];
const SEEDS_PAPER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** A tiny RF configuration for the conformance suite: every code path on a few hundred steps. */
function tinyConfig(config: RfConfig): RfConfig {
  return {
    ...config,
    data: {
      ...config.data,
      n_filters_train: 24,
      n_filters_val: 8,
      n_filters_test: 16,
      points_per_filter: 16,
    },
    models: { ...config.models, hidden: 8, scm_basic_degree: 3 },
    train: { ...config.train, steps: 30, batch_size: 64 },
    eval: { ...config.eval, grid_points: 64, local_points: 9, trace_representatives: 2 },
  };
}

/** The RF domain: second-order resonators, extrapolation from moderate to high Q. */
export const rfDomain = defineDomain<RfConfig, RfDetails>({
  contract: rfContract,
  id: 'rf',
  title: 'RF: resonator extrapolation to high Q',
  description:
    'Trained on resonators with Q ≤ 30, predict H(jω) up to Q = 200: does a physics-native SCM model keep the resonance peak where smooth baselines wash it out or invent peaks, with lower phase error?',
  modes: {
    smoke: {
      id: 'smoke',
      description: '256 / 64 / 128 filters × 64 points, width 32, 300 steps of 256, 5 seeds.',
      seeds: SEEDS_SMOKE,
      config: RF_SMOKE_CONFIG,
    },
    paper: {
      id: 'paper',
      description: '2048 / 512 / 1024 filters × 64 points, width 128, 2000 steps of 512, 10 seeds.',
      seeds: SEEDS_PAPER,
      config: RF_PAPER_CONFIG,
    },
  },
  configSchema: rfConfigSchema,
  models: RF_MODELS,
  metrics: RF_METRICS,
  claims: RF_CLAIMS,
  cliOptions: [
    {
      flags: '--sampling <strategy>',
      description:
        'frequency sampling of the generator: log_uniform (default, every ω log-uniform) or mixture (half global, half around ω0)',
      choices: SAMPLING_STRATEGIES,
      apply: (config, value) => ({
        ...config,
        data: { ...config.data, sampling: value as RfConfig['data']['sampling'] },
      }),
    },
  ],
  runSeed: runRfSeed,
  figurePack: rfFigurePack,
  reportSections: rfReportSections,
  testConfig: (_mode, config) => tinyConfig(config),
});
