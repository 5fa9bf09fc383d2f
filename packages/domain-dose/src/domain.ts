import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  createSeedResultSchema,
  defineDomain,
  type ModelDefinition,
  sha256Hex,
} from '@zpbench/core';
import { aggregateDose } from './aggregate.js';
import { DOSE_CLAIMS } from './claims.js';
import {
  DOSE_FROZEN_DIRHEAD_CONFIG,
  DOSE_PAPER_CONFIG,
  DOSE_SMOKE_CONFIG,
  type DoseConfig,
  doseConfigSchema,
} from './config.js';
import { doseFigurePack } from './figure-pack.js';
import { runFrozenDirheadSeed } from './frozen-dirhead.js';
import { DOSE_METRICS } from './metrics.js';
import { runStandardSeed } from './run-seed.js';

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
      'frozen-dirhead mode: the parent SCM, frozen, with a freshly trained censored-direction head.',
  },
];

const SEEDS_SMOKE = [0, 1, 2, 3, 4];
const SEEDS_PAPER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The DOSE domain: censored dose–response with a strict SCM gate and a direction head. */
export const domain = defineDomain<DoseConfig>({
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
        'Reuses a strict-SCM run (--parent-run-dir): freezes its SCM per seed and trains only the censored-direction head.',
      seeds: SEEDS_PAPER,
      config: DOSE_FROZEN_DIRHEAD_CONFIG,
      checkConfig: (config) =>
        config.parent_run_dir === null
          ? 'needs --parent-run-dir <dir>, a completed dose smoke or paper run directory'
          : config.parent_manifest_sha256 === null
            ? `--parent-run-dir ${resolve(config.parent_run_dir)} has no readable manifest.json; pass a completed dose smoke or paper run directory`
            : null,
    },
  },
  configSchema: doseConfigSchema,
  models: DOSE_MODELS,
  metrics: DOSE_METRICS,
  claims: DOSE_CLAIMS,
  seedResultSchema: createSeedResultSchema('dose'),
  cliOptions: [
    {
      flags: '--parent-run-dir <dir>',
      description:
        'frozen-dirhead: the parent strict-SCM dose run directory (its manifest sha256 enters the config hash)',
      apply: (config, value) => {
        let manifestHash: string | null = null;
        try {
          manifestHash = sha256Hex(readFileSync(join(value, 'manifest.json')));
        } catch {
          manifestHash = null; // the frozen-dirhead mode's checkConfig refuses a missing parent
        }
        // Stored relative to the working directory so the config hash does not depend on where
        // the checkout lives (absolute only when the parent is on another drive).
        const rel = relative(process.cwd(), resolve(value));
        const stored = isAbsolute(rel) ? resolve(value) : rel || '.';
        return {
          ...config,
          parent_run_dir: stored.split('\\').join('/'),
          parent_manifest_sha256: manifestHash,
        };
      },
    },
  ],
  runSeed: (ctx) =>
    ctx.mode === 'frozen-dirhead' ? runFrozenDirheadSeed(ctx) : runStandardSeed(ctx),
  aggregate: aggregateDose,
  figurePack: doseFigurePack,
});
