import { defineDomain, type ModelDefinition } from '@zpbench/core';
import { setThreadCount } from '@zpbench/nn';
import { aggregateDose } from './aggregate.js';
import { DOSE_CLAIMS } from './claims.js';
import {
  DOSE_FROZEN_DIRHEAD_CONFIG,
  DOSE_PAPER_CONFIG,
  DOSE_SMOKE_CONFIG,
  type DoseConfig,
  doseConfigSchema,
} from './config.js';
import { doseContract } from './contract.js';
import { doseFigurePack } from './figure-pack.js';
import { runFrozenDirheadSeed } from './frozen-dirhead.js';
import { DOSE_METRICS } from './metrics.js';
import { describeDoseBundle, doseReportSections } from './report-sections.js';
import { runStandardSeed } from './run-seed.js';
import type { DoseDetails } from './schemas/details.js';

/** The DOSE models, in report order. */
export const DOSE_MODELS: readonly ModelDefinition[] = [
  {
    id: 'scm',
    label: 'ZeroProofML-SCM (strict)',
    role: 'claimed',
    description:
      'MLP backbone → angular projective (P, Q) head + direction head; implicit + margin losses; strict |Q| < tau_infer gate.',
  },
  {
    id: 'rational_eps',
    modes: ['smoke', 'paper'],
    label: 'Rational+ε',
    role: 'baseline',
    description: 'N / (|D| + ε), no gate; censored when the output leaves the assay window.',
  },
  {
    id: 'eps_ensemble',
    modes: ['smoke', 'paper'],
    label: 'EpsEnsemble',
    role: 'baseline',
    description: 'Three Rational+ε members with different ε, outputs averaged (the key baseline).',
  },
  {
    id: 'mlp',
    modes: ['smoke', 'paper'],
    label: 'MLP regressor + classifier',
    role: 'baseline',
    description: 'MLP with a regression output and a 3-way classifier head that decides the class.',
  },
  {
    id: 'scm_frozen_dirhead',
    modes: ['frozen-dirhead'],
    label: 'SCM + frozen-feature direction head',
    role: 'baseline',
    description:
      'frozen-dirhead mode: the base SCM, frozen, with a freshly trained censored-direction head.',
  },
];

const SEEDS_SMOKE = [0, 1, 2, 3, 4];
const SEEDS_PAPER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** A tiny DOSE configuration for the conformance suite: the same code paths on a few dozen steps. */
function tinyConfig(config: DoseConfig): DoseConfig {
  return {
    ...config,
    generator: { ...config.generator, n_compounds: 40 },
    models: { ...config.models, hidden: 8, ensemble_hidden: 4 },
    train: { ...config.train, steps: 40, batch_size: 32, log_every: 20, dirhead_steps: 20 },
  };
}

/** The DOSE domain: censored dose–response with a strict SCM gate and a direction head. */
export const doseDomain = defineDomain<DoseConfig, DoseDetails>({
  contract: doseContract,
  id: 'dose',
  title: 'DOSE: censored dose–response',
  description:
    'Dose–response prediction with an assay window [LLOQ, ULOQ]: the strict SCM gate refuses censored inputs and a direction head says below or above; compared with Rational+ε, EpsEnsemble and an MLP classifier.',
  modes: {
    smoke: {
      id: 'smoke',
      description: '≈2k samples, 1.5k steps, 5 seeds.',
      seeds: SEEDS_SMOKE,
      config: DOSE_SMOKE_CONFIG,
    },
    paper: {
      id: 'paper',
      description: '≈20k samples, 8k steps, 10 seeds.',
      seeds: SEEDS_PAPER,
      config: DOSE_PAPER_CONFIG,
    },
    'frozen-dirhead': {
      id: 'frozen-dirhead',
      description:
        "Freezes a strict-SCM base per seed (the --parent-run-dir run's, or one trained first in this run) and trains only the censored-direction head.",
      seeds: SEEDS_PAPER,
      config: DOSE_FROZEN_DIRHEAD_CONFIG,
    },
  },
  configSchema: doseConfigSchema,
  models: DOSE_MODELS,
  metrics: DOSE_METRICS,
  claims: DOSE_CLAIMS,
  parentRun: {
    flag: 'parent-run-dir',
    description:
      'frozen-dirhead: a completed dose smoke or paper run whose strict SCM each seed freezes (its manifest sha256 enters the config hash); without it each seed trains its own base first',
    modes: ['frozen-dirhead'],
    parentModes: ['smoke', 'paper'],
    required: false,
  },
  runSeed: (ctx) => {
    // Threads inside a training step when the runner has cores to spare (same bits either way).
    const previous = setThreadCount(ctx.threads ?? 1);
    try {
      return ctx.mode === 'frozen-dirhead' ? runFrozenDirheadSeed(ctx) : runStandardSeed(ctx);
    } finally {
      setThreadCount(previous);
    }
  },
  aggregate: aggregateDose,
  figurePack: doseFigurePack,
  reportSections: doseReportSections,
  bundle: { describe: describeDoseBundle },
  testConfig: (_mode, config) => tinyConfig(config),
});
