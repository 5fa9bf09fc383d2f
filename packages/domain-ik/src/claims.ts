import type { ClaimDefinition } from '@zpbench/core';

/**
 * The variance-ratio threshold of the near-pole stability claims, fixed before any result: the
 * SCM passes against a baseline when var(baseline) / var(SCM) of near_pole_mse over seeds exceeds
 * 3.18, just above F₀.₉₅(9, 9) = 3.1789, the one-sided equal-variance F-test's critical value for
 * the 10 paper seeds. (The published figure is 31.8×.)
 */
export const NEAR_POLE_VARIANCE_RATIO_MIN = 3.18;

/** The SCM's coverage floor (domains.md §7): mean success_rate over seeds at least 0.9. */
export const COVERAGE_FLOOR = 0.9;

/** The published IK headline, reported beside ours (vendor site, v0.4 era). */
export const PUBLISHED_VARIANCE_RATIO = 31.8;

/** The learned baselines the claims compare against (DLS is an analytic reference only). */
export const LEARNED_BASELINES = [
  ['mlp', 'the MLP'],
  ['rational_eps', 'Rational+ε'],
  ['eps_ensemble', 'EpsEnsemble'],
] as const;

/**
 * IK claim gates (domains.md §7), fixed before any result:
 * - `near_pole_seed_variance_vs_<baseline>` (required in paper mode): the SCM's near-pole (B0–B2)
 *   MSE varies less from seed to seed than each learned baseline's, by a variance ratio above
 *   {@link NEAR_POLE_VARIANCE_RATIO_MIN};
 * - `coverage_floor` (required in paper mode): the SCM accepts at least 90 % of the test samples;
 * - `mask_invariants` (required in every mode): no test sample breaks the strict-gate invariants;
 * - the bias side, reported but never gating: whether the SCM's mean near-pole MSE and its mean
 *   mse_valid_only are also lower than each baseline's (one-sided paired sign-flip tests, Holm).
 *   They may fail: the published claim concedes a bias–variance trade-off.
 */
export const IK_CLAIMS: readonly ClaimDefinition[] = [
  ...LEARNED_BASELINES.map(
    ([baseline, label]): ClaimDefinition => ({
      id: `near_pole_seed_variance_vs_${baseline}`,
      description: `The SCM's near-pole (B0–B2) MSE varies less across seeds than ${label}'s: var(${baseline}) / var(scm) of near_pole_mse > ${NEAR_POLE_VARIANCE_RATIO_MIN}.`,
      kind: 'variance-ratio',
      metric: 'near_pole_mse',
      claimedModel: 'scm',
      baselineModel: baseline,
      direction: 'lower',
      threshold: NEAR_POLE_VARIANCE_RATIO_MIN,
      required: ['paper'],
    }),
  ),
  {
    id: 'coverage_floor',
    description: `The SCM accepts at least ${COVERAGE_FLOOR * 100} % of the test samples (mean success_rate over seeds).`,
    kind: 'floor',
    metric: 'success_rate',
    claimedModel: 'scm',
    direction: 'higher',
    threshold: COVERAGE_FLOOR,
    required: ['paper'],
  },
  {
    id: 'mask_invariants',
    description:
      "No test sample breaks the strict gate's invariants (bottom = fault ∨ semantic, bottom = provenance ≠ 0, gap ∧ bottom = ∅) on the SCM's saved masks.",
    kind: 'floor',
    metric: 'mask_invariant_violations',
    claimedModel: 'scm',
    direction: 'lower',
    threshold: 0,
    required: true,
  },
  ...LEARNED_BASELINES.flatMap(([baseline, label]): ClaimDefinition[] => [
    {
      id: `near_pole_mean_mse_vs_${baseline}`,
      description: `Bias side, not gating: the SCM's mean near-pole MSE is also lower than ${label}'s.`,
      kind: 'superiority',
      metric: 'near_pole_mse',
      claimedModel: 'scm',
      baselineModel: baseline,
      direction: 'lower',
      required: false,
    },
    {
      id: `mse_valid_only_vs_${baseline}`,
      description: `Bias side, not gating: the SCM's mse_valid_only over all accepted test samples is lower than ${label}'s.`,
      kind: 'superiority',
      metric: 'mse_valid_only',
      claimedModel: 'scm',
      baselineModel: baseline,
      direction: 'lower',
      required: false,
    },
  ]),
];
