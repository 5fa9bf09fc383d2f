import { createRng } from '@zpbench/nn';
import type { IkConfig } from './config.js';
import { dlsSteps } from './dls-model.js';
import type { IkQueries } from './features.js';
import { linksOf } from './generator.js';
import type { IkModel } from './ik-model.js';
import { forwardKinematics, jacobianDeterminant } from './kinematics.js';
import { quantileSorted } from './metrics.js';

/** One planned trajectory: the start configuration and the task-space path it must track. */
export interface Trajectory {
  readonly index: number;
  /** Start configuration [θ1, θ2]. */
  readonly theta0: readonly [number, number];
  /** Closest elbow angle θ2* of the path (its peak radius is the reach at θ2*). */
  readonly theta2Closest: number;
  readonly rStart: number;
  readonly rPeak: number;
  /** Polar angle swept over the path (radians). */
  readonly sweep: number;
  /** Path points p*(t), t = 0…steps, as [x, y] pairs (p*(0) = FK(θ0)). */
  readonly path: Float64Array;
}

/** One model's rollout of one trajectory, step by step (t = 0…steps−1). */
export interface TrajectoryRun {
  readonly index: number;
  /** |det J| at θ_t, before step t. */
  readonly detJ: Float64Array;
  /** ‖FK(θ_{t+1}) − p*(t+1)‖ after step t (NaN once the state is non-finite). */
  readonly trackingError: Float64Array;
  /** ‖Δθ_t‖ of the applied step. */
  readonly jointStep: Float64Array;
  /** 1 where the model bottomed and the analytic DLS step was applied instead. */
  readonly fallback: Uint8Array;
  /** Whether the tracking error exceeded the tolerance at some step or the state turned non-finite. */
  readonly failed: boolean;
}

/** Reach of the arm at elbow angle θ2: √(L1² + L2² + 2·L1·L2·cos θ2). */
export function reachAt(l1: number, l2: number, theta2: number): number {
  return Math.sqrt(l1 * l1 + l2 * l2 + 2 * l1 * l2 * Math.cos(theta2));
}

/** Wraps an angle into [−π, π). */
export function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
}

/**
 * The seed's trajectories (stream `ik:rollout:<seed>`, one fork per trajectory): θ1 ~ U[lo, hi],
 * |θ2| ~ U[theta2_start_min, max] with a random elbow sign; the path runs radially out from
 * FK(θ0) to the reach at θ2* (log-uniform on [theta2_closest_min, max], so it passes that close to
 * full extension, θ2 = 0) and back, r(t) = r0 + (r_peak − r0)·sin²(πt/T), while its polar angle
 * turns linearly by a sweep ~ U[−sweep_max, sweep_max]. Every path point is reachable.
 */
export function planTrajectories(config: IkConfig, seed: number): Trajectory[] {
  const r = config.rollout;
  const g = config.generator;
  const links = linksOf(g);
  const base = createRng(`ik:rollout:${seed}`);
  return Array.from({ length: r.n_trajectories }, (_, index) => {
    const rng = base.fork(`trajectory${index}`);
    const theta1 = rng.uniformRange(g.joint_limits[0], g.joint_limits[1]);
    const sign = rng.uniform() < 0.5 ? -1 : 1;
    const theta2 = sign * rng.uniformRange(r.theta2_start_min, r.theta2_start_max);
    const lo = Math.log(r.theta2_closest_min);
    const hi = Math.log(r.theta2_closest_max);
    const theta2Closest = Math.exp(rng.uniformRange(lo, hi));
    const sweep = rng.uniformRange(-r.sweep_max, r.sweep_max);
    const [x0, y0] = forwardKinematics(links, theta1, theta2);
    const rStart = Math.hypot(x0, y0);
    const rPeak = reachAt(links.l1, links.l2, theta2Closest);
    const phi0 = Math.atan2(y0, x0);
    const path = new Float64Array(2 * (r.steps + 1));
    for (let t = 0; t <= r.steps; t++) {
      const rad = rStart + (rPeak - rStart) * Math.sin((Math.PI * t) / r.steps) ** 2;
      const phi = phi0 + (sweep * t) / r.steps;
      path[2 * t] = t === 0 ? x0 : rad * Math.cos(phi);
      path[2 * t + 1] = t === 0 ? y0 : rad * Math.sin(phi);
    }
    return { index, theta0: [theta1, theta2], theta2Closest, rStart, rPeak, sweep, path };
  });
}

/**
 * Closed-loop rollouts of a model along every trajectory, stepped together: at step t the command
 * is d = p*(t+1) − FK(θ_t), the model maps [θ1, θ2, dx, dy] to Δθ, a bottomed output is routed to
 * the analytic DLS solver (λ = reference_dls_lambda), and θ_{t+1} = θ_t + Δθ with θ1 wrapped into
 * [−π, π) and θ2 clipped to the joint limits.
 */
export function rolloutModel(
  model: IkModel,
  plan: readonly Trajectory[],
  config: IkConfig,
): TrajectoryRun[] {
  const steps = config.rollout.steps;
  const tol = config.rollout.failure_tolerance;
  const links = linksOf(config.generator);
  const [lo, hi] = config.generator.joint_limits;
  const k = plan.length;
  const th1 = Float64Array.from(plan, (p) => p.theta0[0]);
  const th2 = Float64Array.from(plan, (p) => p.theta0[1]);
  const runs = plan.map((p) => ({
    index: p.index,
    detJ: new Float64Array(steps),
    trackingError: new Float64Array(steps),
    jointStep: new Float64Array(steps),
    fallback: new Uint8Array(steps),
    failed: false,
  }));
  const dx = new Float64Array(k);
  const dy = new Float64Array(k);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < k; i++) {
      const p = plan[i] as Trajectory;
      const [x, y] = forwardKinematics(links, th1[i] as number, th2[i] as number);
      dx[i] = (p.path[2 * (t + 1)] as number) - x;
      dy[i] = (p.path[2 * (t + 1) + 1] as number) - y;
    }
    const q: IkQueries = { n: k, theta1: th1, theta2: th2, dx, dy };
    const pred = model.predict(q);
    const fallback = dlsSteps(config, q, config.models.reference_dls_lambda);
    for (let i = 0; i < k; i++) {
      const run = runs[i] as (typeof runs)[number];
      const p = plan[i] as Trajectory;
      run.detJ[t] = Math.abs(jacobianDeterminant(links, th2[i] as number));
      const routed = pred.bottom[i] === 1;
      const a = routed ? (fallback[2 * i] as number) : (pred.decoded[2 * i] as number);
      const b = routed ? (fallback[2 * i + 1] as number) : (pred.decoded[2 * i + 1] as number);
      run.fallback[t] = routed ? 1 : 0;
      run.jointStep[t] = Math.hypot(a, b);
      th1[i] = wrapAngle((th1[i] as number) + a);
      th2[i] = Math.min(Math.max((th2[i] as number) + b, lo), hi);
      const [x, y] = forwardKinematics(links, th1[i] as number, th2[i] as number);
      const e = Math.hypot(
        x - (p.path[2 * (t + 1)] as number),
        y - (p.path[2 * (t + 1) + 1] as number),
      );
      run.trackingError[t] = e;
      if (!(e <= tol)) run.failed = true;
    }
  }
  return runs;
}

/**
 * The rollout metrics of one model (§6.3): mean tracking error over every step, failure rate over
 * trajectories, fallback rate over steps, and the largest, P95 and P99 applied joint step.
 */
export function rolloutMetrics(runs: readonly TrajectoryRun[]): Record<string, number | null> {
  let sum = 0;
  let n = 0;
  let failed = 0;
  let fallbacks = 0;
  const steps: number[] = [];
  for (const run of runs) {
    if (run.failed) failed++;
    for (let t = 0; t < run.trackingError.length; t++) {
      const e = run.trackingError[t] as number;
      sum += e;
      n++;
      fallbacks += run.fallback[t] as number;
      steps.push(run.jointStep[t] as number);
    }
  }
  steps.sort((a, b) => a - b);
  const finite = Number.isFinite(sum);
  return {
    rollout_tracking_error: n === 0 || !finite ? null : sum / n,
    rollout_failure_rate: runs.length === 0 ? null : failed / runs.length,
    rollout_fallback_rate: n === 0 ? null : fallbacks / n,
    rollout_max_joint_step: steps.length === 0 ? null : (steps[steps.length - 1] as number),
    rollout_joint_step_p95: quantileSorted(steps, 0.95),
    rollout_joint_step_p99: quantileSorted(steps, 0.99),
  };
}
