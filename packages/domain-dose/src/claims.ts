import type { ClaimDefinition } from '@zpbench/core';

/** Non-inferiority margin on false_censored_rate_on_in_range (fixed before any result). */
export const FALSE_CENSORED_MARGIN = 0.05;
/** Non-inferiority margin on macro_f1 (fixed before any result). */
export const MACRO_F1_MARGIN = 0.02;

const BASELINES = [
  ['rational_eps', 'Rational+ε'],
  ['eps_ensemble', 'EpsEnsemble'],
] as const;

/**
 * DOSE claim gates (domains.md §7): SCM's false-finite rate on censored inputs is lower than each
 * baseline's (superiority), and in-range accuracy is not sacrificed (non-inferiority on the
 * false-censored rate with margin 0.05 and on macro-F1 with margin 0.02). Required in paper mode
 * (10 seeds); in smoke mode (5 seeds, Holm over six tests) they are reported but cannot gate.
 */
export const DOSE_CLAIMS: readonly ClaimDefinition[] = BASELINES.flatMap(([baseline, label]) => [
  {
    id: `censored_false_finite_reduction_vs_${baseline}`,
    description: `SCM predicts a finite value for fewer truly censored inputs than ${label} (false_in_range_rate_on_censored, lower).`,
    kind: 'superiority' as const,
    metric: 'false_in_range_rate_on_censored',
    claimedModel: 'scm',
    baselineModel: baseline,
    direction: 'lower' as const,
    required: ['paper'],
    modes: ['smoke', 'paper'],
  },
  {
    id: `in_range_not_sacrificed_false_censored_vs_${baseline}`,
    description: `SCM's false-censored rate on in-range inputs is at most ${label}'s + ${FALSE_CENSORED_MARGIN}.`,
    kind: 'non-inferiority' as const,
    metric: 'false_censored_rate_on_in_range',
    claimedModel: 'scm',
    baselineModel: baseline,
    direction: 'lower' as const,
    threshold: FALSE_CENSORED_MARGIN,
    required: ['paper'],
    modes: ['smoke', 'paper'],
  },
  {
    id: `in_range_not_sacrificed_macro_f1_vs_${baseline}`,
    description: `SCM's 3-way macro-F1 is at least ${label}'s − ${MACRO_F1_MARGIN}.`,
    kind: 'non-inferiority' as const,
    metric: 'macro_f1',
    claimedModel: 'scm',
    baselineModel: baseline,
    direction: 'higher' as const,
    threshold: MACRO_F1_MARGIN,
    required: ['paper'],
    modes: ['smoke', 'paper'],
  },
]);
