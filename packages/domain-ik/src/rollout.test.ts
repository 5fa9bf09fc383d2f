import { describe, expect, it } from 'vitest';
import { IK_SMOKE_CONFIG, type IkConfig } from './config.js';
import { createDlsModel } from './dls-model.js';
import type { IkModel } from './ik-model.js';
import { ungatedPredictions } from './ik-model.js';
import { forwardKinematics } from './kinematics.js';
import {
  planTrajectories,
  reachAt,
  rolloutMetrics,
  rolloutModel,
  type TrajectoryRun,
  wrapAngle,
} from './rollout.js';

const CONFIG: IkConfig = {
  ...IK_SMOKE_CONFIG,
  rollout: { ...IK_SMOKE_CONFIG.rollout, n_trajectories: 4, steps: 40 },
};

/** A model that answers every query with the same step, or bottoms every query. */
function constantModel(step: [number, number] | 'bottom'): IkModel {
  return {
    ...createDlsModel(CONFIG),
    id: 'constant',
    hasGate: step === 'bottom',
    predict: (q) => {
      if (step !== 'bottom') {
        const raw = new Float64Array(2 * q.n);
        for (let i = 0; i < q.n; i++) raw.set(step, 2 * i);
        return ungatedPredictions(raw, q.n);
      }
      const nan = new Float64Array(2 * q.n).fill(Number.POSITIVE_INFINITY);
      return ungatedPredictions(nan, q.n);
    },
  };
}

describe('rollout geometry', () => {
  it('has the reach √(L1² + L2² + 2·L1·L2·cos θ2) and wraps angles into [−π, π)', () => {
    expect(reachAt(1, 1, 0)).toBe(2);
    expect(reachAt(1, 1, Math.PI / 2)).toBeCloseTo(Math.SQRT2, 15);
    expect(reachAt(1.3, 0.7, Math.PI)).toBeCloseTo(0.6, 15);
    expect(wrapAngle((3 * Math.PI) / 2)).toBeCloseTo(-Math.PI / 2, 15);
    expect(wrapAngle(Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(wrapAngle(-Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(wrapAngle(0.5)).toBe(0.5);
  });

  it('plans reachable out-and-back paths that start at FK(θ0) and peak at the reach at θ2*', () => {
    const plan = planTrajectories(CONFIG, 7);
    expect(planTrajectories(CONFIG, 7)).toEqual(plan);
    expect(planTrajectories(CONFIG, 8)[0]?.theta0).not.toEqual(plan[0]?.theta0);
    for (const p of plan) {
      const [x0, y0] = forwardKinematics({ l1: 1, l2: 1 }, p.theta0[0], p.theta0[1]);
      expect([p.path[0], p.path[1]]).toEqual([x0, y0]);
      const radius = (t: number) =>
        Math.hypot(p.path[2 * t] as number, p.path[2 * t + 1] as number);
      expect(radius(20)).toBeCloseTo(p.rPeak, 12);
      expect(radius(40)).toBeCloseTo(p.rStart, 12);
      expect(p.rPeak).toBeCloseTo(2 * Math.cos(p.theta2Closest / 2), 12);
      expect(p.theta2Closest).toBeGreaterThanOrEqual(1e-6);
      expect(p.theta2Closest).toBeLessThanOrEqual(3e-2);
      for (let t = 0; t <= 40; t++) expect(radius(t)).toBeLessThanOrEqual(2);
      expect(Math.abs(p.theta0[1])).toBeGreaterThanOrEqual(0.5);
    }
  });
});

describe('closed-loop rollouts', () => {
  const plan = planTrajectories(CONFIG, 3);

  it('track the path with the DLS reference, passing close to θ2 = 0', () => {
    const runs = rolloutModel(createDlsModel(CONFIG), plan, CONFIG);
    for (const run of runs) {
      expect(run.failed).toBe(false);
      expect(Math.max(...run.trackingError)).toBeLessThan(CONFIG.rollout.failure_tolerance);
      expect(Math.min(...run.detJ)).toBeLessThan(0.1);
      expect(Array.from(run.fallback).every((f) => f === 0)).toBe(true);
    }
  });

  it('route every bottomed step to the analytic solver, which then drives the arm exactly like DLS', () => {
    const dls = rolloutModel(createDlsModel(CONFIG), plan, CONFIG);
    const routed = rolloutModel(constantModel('bottom'), plan, CONFIG);
    expect(routed.map((r) => Array.from(r.trackingError))).toEqual(
      dls.map((r) => Array.from(r.trackingError)),
    );
    expect(rolloutMetrics(routed).rollout_fallback_rate).toBe(1);
  });

  it('fail a controller whose steps ignore the command', () => {
    const runs = rolloutModel(constantModel([0.3, -0.2]), plan, CONFIG);
    expect(runs.every((r) => r.failed)).toBe(true);
    const m = rolloutMetrics(runs);
    expect(m.rollout_failure_rate).toBe(1);
    expect(m.rollout_max_joint_step).toBeCloseTo(Math.hypot(0.3, 0.2), 15);
  });

  it('summarise hand-built runs: mean error, failures, fallbacks, max and interpolated P95/P99 steps', () => {
    const run = (
      errors: number[],
      steps: number[],
      fallback: number[],
      failed: boolean,
    ): TrajectoryRun => ({
      index: 0,
      detJ: new Float64Array(errors.length),
      trackingError: Float64Array.from(errors),
      jointStep: Float64Array.from(steps),
      fallback: Uint8Array.from(fallback),
      failed,
    });
    const m = rolloutMetrics([
      run([0.01, 0.03], [0.1, 0.4], [0, 1], false),
      run([0.02, 0.5], [0.2, 3], [0, 0], true),
    ]);
    expect(m.rollout_tracking_error).toBeCloseTo(0.14, 15);
    expect(m.rollout_failure_rate).toBe(0.5);
    expect(m.rollout_fallback_rate).toBe(0.25);
    expect(m.rollout_max_joint_step).toBe(3);
    // Sorted steps 0.1, 0.2, 0.4, 3: P95 at h = 2.85 → 0.4 + 0.85·2.6; P99 at h = 2.97.
    expect(m.rollout_joint_step_p95).toBeCloseTo(0.4 + 0.85 * 2.6, 12);
    expect(m.rollout_joint_step_p99).toBeCloseTo(0.4 + 0.97 * 2.6, 12);
  });
});
