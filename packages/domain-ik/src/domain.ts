import { defineDomain } from '@zpbench/core';
import { aggregateIk } from './aggregate.js';
import { IK_CLAIMS } from './claims.js';
import { IK_PAPER_CONFIG, IK_SMOKE_CONFIG, type IkConfig, ikConfigSchema } from './config.js';
import { ikContract } from './contract.js';
import { ikFigurePack } from './figure-pack.js';
import { IK_METRICS } from './metric-definitions.js';
import { IK_MODELS } from './model-definitions.js';
import { ikReportSections } from './report-sections.js';
import { runIkSeed } from './run-seed.js';
import type { IkDetails } from './schemas/details.js';

const SEEDS_SMOKE = [0, 1, 2, 3, 4];
const SEEDS_PAPER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * A tiny IK configuration for the conformance suite: the same code paths (with every near-pole
 * bucket forced non-empty) on 240 samples, width 8, 40 steps and three short rollouts.
 */
export function tinyIkConfig(config: IkConfig): IkConfig {
  return {
    ...config,
    generator: { ...config.generator, n_samples: 240, ensure_buckets_nonzero: true },
    models: { ...config.models, hidden: 8, ensemble_hidden: 4 },
    train: { ...config.train, steps: 40, batch_size: 32 },
    evaluation: { ...config.evaluation, workspace_grid: 6, reliability_bins: 5 },
    rollout: { ...config.rollout, n_trajectories: 3, steps: 12, timeline_trajectories: 1 },
  };
}

/** The IK domain: a planar RR arm near singular Jacobians. */
export const ikDomain = defineDomain<IkConfig, IkDetails>({
  contract: ikContract,
  id: 'ik',
  title: 'IK: planar RR arm near singular Jacobians',
  description:
    'Inverse kinematics of a planar two-link arm near det J = 0: a projective rational SCM controller with a strict gate against an MLP, Rational+ε and EpsEnsemble (and the analytic DLS reference); the claim is its lower seed-to-seed variance of near-pole error, with coverage, rollouts near full extension and the bias side reported.',
  modes: {
    smoke: {
      id: 'smoke',
      description: 'n = 2,000 per seed, 1,500 steps, 5 seeds.',
      seeds: SEEDS_SMOKE,
      config: IK_SMOKE_CONFIG,
    },
    paper: {
      id: 'paper',
      description: 'n = 20,000 per seed, 8,000 steps, 10 seeds.',
      seeds: SEEDS_PAPER,
      config: IK_PAPER_CONFIG,
    },
  },
  configSchema: ikConfigSchema,
  models: IK_MODELS,
  metrics: IK_METRICS,
  claims: IK_CLAIMS,
  cliOptions: [
    {
      flags: '--target-mode <mode>',
      description:
        'joint-step targets of the dataset: inv (the pole target adj(J)·d/det, the default) or dls (damped least squares, bounded)',
      choices: ['inv', 'dls'],
      apply: (config, value) => ({
        ...config,
        generator: { ...config.generator, target_mode: value as 'inv' | 'dls' },
      }),
    },
  ],
  runSeed: runIkSeed,
  aggregate: aggregateIk,
  figurePack: ikFigurePack,
  reportSections: ikReportSections,
  testConfig: (_mode, config) => tinyIkConfig(config),
});
