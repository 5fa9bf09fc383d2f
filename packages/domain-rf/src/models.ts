import type { ModelDefinition } from '@zpbench/core';
import type { Rng } from '@zpbench/nn';
import type { RfConfig } from './config.js';
import type { RfDataset } from './generator.js';
import { trainMlp } from './models/mlp-model.js';
import { trainRationalTransfer } from './models/rational-transfer.js';
import type { TrainedRfModel } from './models/rf-model.js';
import { trainScmBasic } from './models/scm-basic.js';
import { trainScmTransfer } from './models/scm-transfer.js';

/** The claimed model. */
export const CLAIMED_MODEL = 'scm_transfer';

/** The RF models in report order (§5.2). */
export const RF_MODELS: readonly ModelDefinition[] = [
  {
    id: 'scm_transfer',
    label: 'ZeroProofML-SCM-Transfer',
    role: 'claimed',
    description:
      'Physics-native: a hypernetwork on [log10 ω0, log10 Q] (never ω) emits P and a positive monic Q; H = P·conj(Q)/|Q|², strict gate |Q| < tau_infer.',
  },
  {
    id: 'scm_basic',
    label: 'ZeroProofML-SCM-Basic',
    role: 'baseline',
    description:
      'Projective complex heads: an MLP latent z → two Chebyshev P/Q heads (Re, Im), degree 6/6, strict gate |Q| < tau_infer.',
  },
  {
    id: 'rational_eps',
    label: 'Rational+ε (RationalTransfer)',
    role: 'baseline',
    description:
      'An MLP on [log10 ω, log10 ω0, log10 Q] emits P and monic Q coefficients, evaluated at jω; output 0 and bottom where |Q|² < ε².',
  },
  {
    id: 'mlp',
    label: 'MLP',
    role: 'baseline',
    description: 'Smooth baseline: [log10 ω, log10 ω0, log10 Q] → Re, Im (SiLU); never bottom.',
  },
  {
    id: 'analytic',
    label: 'Analytic resonator',
    role: 'reference',
    description: 'The exact H(jω), not learned: the reference row.',
  },
];

/** Display labels by model id. */
export const MODEL_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  RF_MODELS.map((m) => [m.id, m.label]),
);

/** The learned models and their trainers, in report order. */
export const TRAINERS: readonly (readonly [
  string,
  (config: RfConfig, data: RfDataset, rng: Rng) => TrainedRfModel,
])[] = [
  ['scm_transfer', trainScmTransfer],
  ['scm_basic', trainScmBasic],
  ['rational_eps', trainRationalTransfer],
  ['mlp', trainMlp],
];
