import { RepSimulator, readSimBaseline, type SimBaseline } from './_power-simulator.js';
import { StatsError } from './errors.js';
import { checkAlphaGuard } from './severity.js';
import type { SlotMatrix } from './slot-matrix.js';

/** Progress of a power simulation: `done` of `total` simulated reruns at `nSeeds` seeds. */
export interface PowerProgress {
  readonly phase: 'power' | 'minimum-effect' | 'seeds';
  readonly nSeeds: number;
  readonly done: number;
  readonly total: number;
}

/** Options shared by the power-planning simulations. */
export interface PowerOptions {
  readonly alpha?: number;
  /** Permutation budget of each simulated test (default 200: exact for n ≤ 7, else Monte Carlo). */
  readonly nPerm?: number;
  /** Simulated runs per estimate (default 200). */
  readonly replications?: number;
  readonly minEffect?: number | null;
  /** Seed of the simulation; every estimate with the same seed reuses the same draws. */
  readonly seed?: number | string;
  /** Called after every simulated rerun (for a progress line). */
  readonly onProgress?: (progress: PowerProgress) => void;
}

/** One power estimate: the share of simulated regressed runs that FAIL. */
export interface PowerEstimate {
  readonly power: number;
  readonly effect: number;
  readonly nSeeds: number;
  readonly replications: number;
  /** Binomial standard error √(p(1−p)/replications) of the estimate. */
  readonly standardError: number;
}

/** A baseline slot the simulation leaves out: constant over the baseline's seeds. */
export interface ConstantSlot {
  readonly metric: string;
  readonly step: number;
  /** The slot's value on every seed. */
  readonly value: number;
}

function estimate(fails: number, reps: number, effect: number, nSeeds: number): PowerEstimate {
  const power = fails / reps;
  return {
    power,
    effect,
    nSeeds,
    replications: reps,
    standardError: Math.sqrt((power * (1 - power)) / reps),
  };
}

/**
 * The slots of a baseline that have no seed-to-seed spread (sd < 1e-12 of their largest |value|),
 * such as a fault rate that is 0 on every seed. A relative drop of such a slot would be a constant
 * shift on every seed, which the severity test detects with certainty (its ±1e9 convention), so
 * the simulations leave them out: a drop there is not something a rerun's noise can hide.
 */
export function constantSlots(baseline: SlotMatrix): ConstantSlot[] {
  return [...readSimBaseline(baseline).constant];
}

function simulationBaseline(baseline: SlotMatrix): SimBaseline {
  const base = readSimBaseline(baseline);
  if (base.slots.length === 0) {
    const example = base.constant[0];
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `every slot of the baseline is constant over its ${base.rows} seeds (e.g. ${JSON.stringify(example?.metric)} step ${example?.step} = ${example?.value}), so no seed-to-seed spread is left to plan from; plan from metrics that vary between seeds`,
    );
  }
  return base;
}

interface Common {
  alpha: number;
  nPerm: number;
  reps: number;
  minEffect: number | null;
  seed: number | string;
  onProgress: ((p: PowerProgress) => void) | undefined;
}

function common(options: PowerOptions): Common {
  return {
    alpha: options.alpha ?? 0.05,
    nPerm: options.nPerm ?? 200,
    reps: options.replications ?? 200,
    minEffect: options.minEffect ?? null,
    seed: options.seed ?? 'zpbench-power',
    onProgress: options.onProgress,
  };
}

function simulator(base: SimBaseline, n: number, o: Common): RepSimulator {
  checkAlphaGuard(n, o.alpha);
  return new RepSimulator(base, n, o, o.seed);
}

/** Replications already simulated at one seed count: FAILs among the first `done`. */
interface Tally {
  fails: number;
  done: number;
}

/**
 * Share of simulated reruns at `n` seeds that FAIL at `effect`. With `decide`, stops as soon as
 * the share is known to be ≥ or < `decide` and returns only that answer. A `tally` carries the
 * replications already run at this `n` (they are independent), so a later call resumes there.
 */
function simulatePower(
  base: SimBaseline,
  n: number,
  effect: number,
  o: Common,
  phase: PowerProgress['phase'],
  decide?: number,
  tally: Tally = { fails: 0, done: 0 },
): { estimate: PowerEstimate | null; reaches: boolean } {
  const need = decide === undefined ? 0 : Math.ceil(decide * o.reps - 1e-9);
  const decided = () => {
    if (decide === undefined || tally.done === o.reps) return null;
    if (tally.fails >= need) return true;
    if (tally.fails + (o.reps - tally.done) < need) return false;
    return null;
  };
  let answer = decided();
  if (answer !== null) return { estimate: null, reaches: answer };
  const sim = tally.done < o.reps ? simulator(base, n, o) : null;
  while (tally.done < o.reps) {
    sim!.prepare(tally.done);
    if (sim!.failsAt(effect)) tally.fails++;
    tally.done++;
    o.onProgress?.({ phase, nSeeds: n, done: tally.done, total: o.reps });
    answer = decided();
    if (answer !== null) return { estimate: null, reaches: answer };
  }
  const est = estimate(tally.fails, o.reps, effect, n);
  return { estimate: est, reaches: decide === undefined ? true : tally.fails >= need };
}

/**
 * Simulated power of the severity test: each replication pairs n baseline rows drawn with
 * replacement against n other rows (a different seed, so the difference carries two seeds'
 * spread) whose goodness is lowered by `effect`·|baseline goodness mean| on every slot. Slots
 * constant over the baseline's seeds are left out (`constantSlots`).
 */
export function estimatePower(
  baseline: SlotMatrix,
  options: PowerOptions & { effect: number; nSeeds?: number },
): PowerEstimate {
  const base = simulationBaseline(baseline);
  const o = common(options);
  return simulatePower(base, options.nSeeds ?? base.rows, options.effect, o, 'power')
    .estimate as PowerEstimate;
}

/**
 * The smallest effect (to a relative `tolerance`) at which a prepared replication FAILs, by
 * bisection from the bracket [lo, hi] (widened by halving or doubling until it holds the answer).
 */
function criticalEffect(sim: RepSimulator, lo0: number, hi0: number, tolerance: number): number {
  const MIN = 1e-6;
  const MAX = 100;
  let lo = lo0;
  let hi = hi0;
  if (!sim.failsAt(hi)) {
    do {
      lo = hi;
      if (hi > MAX) return Number.POSITIVE_INFINITY;
      hi *= 2;
    } while (!sim.failsAt(hi));
  } else {
    while (sim.failsAt(lo)) {
      hi = lo;
      if (lo < MIN) return hi;
      lo /= 2;
    }
  }
  while (hi - lo > tolerance * hi) {
    const mid = (lo + hi) / 2;
    if (sim.failsAt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Per-replication smallest detected drops at `n` seeds and, optionally, the power at `effect`. */
function simulateCriticalEffects(
  base: SimBaseline,
  n: number,
  o: Common,
  tolerance: number,
  effect?: number,
): { critical: Float64Array; fails: number } {
  const sim = simulator(base, n, o);
  const critical = new Float64Array(o.reps);
  let fails = 0;
  let lo = (effect ?? 0.01) / 2;
  let hi = effect ?? 0.01;
  for (let r = 0; r < o.reps; r++) {
    sim.prepare(r);
    if (effect !== undefined && sim.failsAt(effect)) fails++;
    critical[r] = criticalEffect(sim, lo, hi, tolerance);
    // Later replications start from the quartiles of the earlier ones: a narrow bracket that
    // usually holds the answer, so fewer tests per replication (answers agree to `tolerance`).
    const done = critical.slice(0, r + 1).sort();
    const q1 = done[Math.floor(r / 4)]!;
    const q3 = done[Math.ceil((3 * r) / 4)]!;
    if (Number.isFinite(q3) && q1 > 0) {
      lo = q1 < q3 ? q1 : q1 / 1.1;
      hi = q3;
    }
    o.onProgress?.({ phase: 'minimum-effect', nSeeds: n, done: r + 1, total: o.reps });
  }
  return { critical, fails };
}

function mdeFromCritical(
  critical: Float64Array,
  target: number,
  n: number,
  o: Common,
): PowerEstimate {
  const sorted = Float64Array.from(critical).sort();
  const need = Math.max(1, Math.ceil(target * o.reps - 1e-9));
  const effect = sorted[need - 1]!;
  if (!Number.isFinite(effect)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `no relative drop up to 100× reaches power ${target} with ${n} seeds; use more seeds or a larger alpha`,
    );
  }
  let fails = 0;
  for (const c of sorted) if (c <= effect) fails++;
  return estimate(fails, o.reps, effect, n);
}

/**
 * Minimum detectable relative drop at `nSeeds` (default: the baseline's seed count) for the
 * target power (default 0.8). Each replication's smallest failing drop is found by bisection to a
 * relative `tolerance` (default 2%); the minimum detectable drop is the target quantile of those,
 * and its power the share of replications that FAIL there.
 */
export function minimumDetectableEffect(
  baseline: SlotMatrix,
  options: PowerOptions & { power?: number; nSeeds?: number; tolerance?: number } = {},
): PowerEstimate {
  const base = simulationBaseline(baseline);
  const o = common(options);
  const n = options.nSeeds ?? base.rows;
  const { critical } = simulateCriticalEffects(base, n, o, options.tolerance ?? 0.02);
  return mdeFromCritical(critical, options.power ?? 0.8, n, o);
}

/**
 * Smallest seed count whose simulated power at `effect` reaches the target (default 0.8),
 * searched from the alpha guard's minimum by doubling then bisection, up to `maxSeeds` (64).
 * Each trial count stops simulating once its answer (≥ target or not) is certain.
 */
export function requiredSeeds(
  baseline: SlotMatrix,
  options: PowerOptions & { effect: number; power?: number; maxSeeds?: number },
): PowerEstimate {
  const base = simulationBaseline(baseline);
  const o = common(options);
  const target = options.power ?? 0.8;
  const maxSeeds = options.maxSeeds ?? 64;
  // Each seed count's replications are run once, whether to decide it or to report it.
  const tallies = new Map<number, Tally>();
  const tally = (n: number) => {
    let t = tallies.get(n);
    if (!t) {
      t = { fails: 0, done: 0 };
      tallies.set(n, t);
    }
    return t;
  };
  const run = (n: number, decide?: number) =>
    simulatePower(base, n, options.effect, o, 'seeds', decide, tally(n));
  const reaches = (n: number) => run(n, target).reaches;
  let lo = Math.floor(Math.log2(1 / o.alpha)) + 1;
  let hi = lo;
  if (!reaches(lo)) {
    for (;;) {
      lo = hi;
      if (hi >= maxSeeds) {
        const at = run(hi).estimate as PowerEstimate;
        throw new StatsError(
          'ZPB_STATS_INPUT',
          `${maxSeeds} seeds reach only power ${at.power.toFixed(2)} at effect ${options.effect}; plan for a larger effect or raise maxSeeds`,
        );
      }
      hi = Math.min(maxSeeds, hi * 2);
      if (reaches(hi)) break;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (reaches(mid)) hi = mid;
      else lo = mid;
    }
  }
  return run(hi).estimate as PowerEstimate;
}

/** Everything `zpbench plan` reports, from the fewest simulation passes. */
export interface PowerPlan {
  readonly baselineSeeds: number;
  readonly slots: number;
  readonly constantSlots: readonly ConstantSlot[];
  /** Power at `effect` with the baseline's seed count; null under the alpha guard. */
  readonly powerAtEffect: PowerEstimate | null;
  readonly minimumDetectableEffect: PowerEstimate | null;
  readonly requiredSeeds: PowerEstimate | null;
  /** Why a figure is null (the alpha guard, no effect up to 100×, too few seeds). */
  readonly notes: readonly string[];
}

/**
 * Power at `effect` and the minimum detectable drop at the baseline's seed count (one pass: both
 * come from the same simulated reruns), then the seeds needed for `effect` at the target power.
 */
export function planPower(
  baseline: SlotMatrix,
  options: PowerOptions & { effect: number; power?: number; maxSeeds?: number; tolerance?: number },
): PowerPlan {
  const base = simulationBaseline(baseline);
  const o = common(options);
  const target = options.power ?? 0.8;
  const notes: string[] = [];
  const attempt = <T>(what: string, f: () => T): T | null => {
    try {
      return f();
    } catch (error) {
      if (
        error instanceof StatsError &&
        (error.code === 'ZPB_STATS_ALPHA_GUARD' || error.code === 'ZPB_STATS_INPUT')
      ) {
        notes.push(`${what}: ${error.message}`);
        return null;
      }
      throw error;
    }
  };
  const n = base.rows;
  let powerAtEffect: PowerEstimate | null = null;
  const mde = attempt('minimum detectable effect', () => {
    const pass = simulateCriticalEffects(base, n, o, options.tolerance ?? 0.02, options.effect);
    powerAtEffect = estimate(pass.fails, o.reps, options.effect, n);
    return mdeFromCritical(pass.critical, target, n, o);
  });
  if (mde === null && powerAtEffect === null) {
    attempt('power at the baseline seed count', () => checkAlphaGuard(n, o.alpha));
  }
  const seeds = attempt('required seeds', () => requiredSeeds(baseline, options));
  return {
    baselineSeeds: n,
    slots: base.total,
    constantSlots: base.constant,
    powerAtEffect,
    minimumDetectableEffect: mde,
    requiredSeeds: seeds,
    notes,
  };
}
