import type { ModelDefinition } from '@zpbench/core';

/** The IK models, in report order (domains.md §6.2). */
export const IK_MODELS: readonly ModelDefinition[] = [
  {
    id: 'scm',
    label: 'ZeroProofML-SCM (projective rational)',
    role: 'claimed',
    description:
      'Projective rational controller: numerators of total degree 3 and a shared denominator of degree 2 in the trigonometric features of θ and the scaled displacement, trained with the implicit loss; strict |Q| < tau_infer gate.',
  },
  {
    id: 'mlp',
    label: 'MLP',
    role: 'baseline',
    description: 'MLP regressor of Δθ, trained with MSE.',
  },
  {
    id: 'rational_eps',
    label: 'Rational+ε',
    role: 'baseline',
    description: 'MLP → (N, D); Δθ = N / (D + ε·sgn D), trained with MSE; no gate.',
  },
  {
    id: 'eps_ensemble',
    label: 'EpsEnsemble',
    role: 'baseline',
    description:
      'Rational+ε members with different ε, outputs averaged (the key baseline to beat).',
  },
  {
    id: 'dls',
    label: 'DLS (analytic)',
    role: 'reference',
    description:
      'Damped least squares Jᵀ(JJᵀ + λ²I)⁻¹·d with λ = 0.01: the analytic reference, not learned.',
  },
];
