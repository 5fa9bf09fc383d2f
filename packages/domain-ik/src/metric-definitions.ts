import type { MetricDefinition } from '@zpbench/core';
import { BUCKET_NAMES } from './buckets.js';

const perBucket = (k: number, name: string): MetricDefinition[] => [
  {
    key: `mse_b${k}`,
    description: `mean ‖Δθ̂ − Δθ‖²/2 over the accepted test samples of bucket ${name}; null when it has none`,
    direction: 'lower',
    unit: 'rad²',
    subset: `accepted test samples in ${name}`,
  },
  {
    key: `count_b${k}`,
    description: `number of accepted test samples in bucket ${name} (the n of mse_b${k})`,
    direction: 'none',
    unit: 'count',
    subset: `test samples in ${name}`,
  },
];

/**
 * The IK metric table (domains.md §6.3; formulas in docs/domains/ik.md and `metrics.ts`,
 * `rollout.ts`). "Accepted" means not bottomed: for the SCM the strict gate passed, for the other
 * models the output was finite.
 */
export const IK_METRICS: readonly MetricDefinition[] = [
  {
    key: 'mse_valid_only',
    description: 'mean ‖Δθ̂ − Δθ‖²/2 over accepted test samples (protocol v1)',
    direction: 'lower',
    unit: 'rad²',
    subset: 'accepted test samples',
  },
  {
    key: 'success_rate',
    description: 'fraction of test samples accepted (coverage)',
    direction: 'higher',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'near_pole_mse',
    description:
      'mean ‖Δθ̂ − Δθ‖²/2 over accepted test samples with |det J| ≤ 1e-3 (B0–B2 pooled): the quantity whose across-seed variance the claim compares',
    direction: 'lower',
    unit: 'rad²',
    subset: 'accepted test samples in B0–B2',
  },
  {
    key: 'near_pole_success_rate',
    description: 'fraction of B0–B2 test samples accepted',
    direction: 'higher',
    unit: 'fraction',
    subset: 'test samples in B0–B2',
  },
  ...BUCKET_NAMES.flatMap((name, k) => perBucket(k, name)),
  {
    key: 'bottom_rate',
    description: 'mean(bottom) = fault ∨ semantic, over the test samples',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'gap_rate',
    description: 'mean(¬bottom ∧ tau_infer ≤ |Q| < tau_train); 0 for models without Q',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'fault_rate',
    description: 'mean(non-finite P or Q, or a non-finite output)',
    direction: 'lower',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'semantic_bottom_rate',
    description: 'mean(|Q| < tau_infer); 0 for models without Q',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'mask_invariant_violations',
    description:
      'test samples breaking bottom = fault ∨ semantic, bottom = (provenance ≠ 0) or gap ∧ bottom = ∅',
    direction: 'lower',
    unit: 'count',
    subset: 'test',
  },
  {
    key: 'rollout_tracking_error',
    description:
      'mean end-effector distance ‖FK(θ_{t+1}) − p*_{t+1}‖ over every step of the closed-loop rollouts near full extension',
    direction: 'lower',
    unit: 'link lengths',
    subset: 'rollouts',
  },
  {
    key: 'rollout_failure_rate',
    description:
      'fraction of rollouts whose tracking error exceeds the failure tolerance at some step or whose state turns non-finite',
    direction: 'lower',
    unit: 'fraction',
    subset: 'rollouts',
  },
  {
    key: 'rollout_fallback_rate',
    description: 'fraction of rollout steps routed to the analytic DLS solver (bottomed outputs)',
    direction: 'none',
    unit: 'fraction',
    subset: 'rollouts',
  },
  {
    key: 'rollout_max_joint_step',
    description: 'largest applied joint step ‖Δθ‖ over every rollout step',
    direction: 'lower',
    unit: 'radians',
    subset: 'rollouts',
  },
  {
    key: 'rollout_joint_step_p95',
    description: '95th percentile (linear interpolation) of the applied joint steps ‖Δθ‖',
    direction: 'lower',
    unit: 'radians',
    subset: 'rollouts',
  },
  {
    key: 'rollout_joint_step_p99',
    description: '99th percentile (linear interpolation) of the applied joint steps ‖Δθ‖',
    direction: 'lower',
    unit: 'radians',
    subset: 'rollouts',
  },
];
