import { StatsError } from './errors.js';
import { createRandomStream } from './random-stream.js';
import { checkAlphaGuard, checkRegression, EFFECT_EPS, goodness } from './severity.js';
import type { RegressionSlotInput, SlotMatrix } from './slot-matrix.js';

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

interface BaselineSlot {
  metric: string;
  step: number;
  values: Float64Array;
  denom: number;
}

function baselineSlots(matrix: SlotMatrix): { slots: BaselineSlot[]; rows: number } {
  const rows = matrix.metrics[0]?.values.length ?? 0;
  const slots: BaselineSlot[] = [];
  for (const m of matrix.metrics) {
    if (m.values.length !== rows) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `baseline metric ${JSON.stringify(m.metric)} has ${m.values.length} seeds but the first metric has ${rows}; give every metric the same seeds`,
      );
    }
    const steps = m.values[0]?.length ?? 0;
    for (let k = 0; k < steps; k++) {
      const values = Float64Array.from(m.values, (row) => row[k]!);
      let sum = 0;
      for (const v of values) sum += goodness(m.metric, v);
      slots.push({
        metric: m.metric,
        step: k,
        values,
        denom: Math.max(Math.abs(sum / rows), EFFECT_EPS),
      });
    }
  }
  if (rows < 2) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `power planning needs a baseline with at least 2 seeds, got ${rows}; run more baseline seeds`,
    );
  }
  return { slots, rows };
}

/**
 * Simulated power of the severity test: each replication pairs n baseline rows drawn with
 * replacement against n other rows (a different seed, so the difference carries two seeds'
 * spread) whose goodness is lowered by `effect`·|baseline goodness mean| on every slot.
 */
export function estimatePower(
  baseline: SlotMatrix,
  options: PowerOptions & { effect: number; nSeeds?: number },
): PowerEstimate {
  const { slots, rows } = baselineSlots(baseline);
  const n = options.nSeeds ?? rows;
  const alpha = options.alpha ?? 0.05;
  checkAlphaGuard(n, alpha);
  const reps = options.replications ?? 200;
  const nPerm = options.nPerm ?? 200;
  const root = createRandomStream(options.seed ?? 'zpbench-power');
  let fails = 0;
  const baseIdx = new Int32Array(n);
  const curIdx = new Int32Array(n);
  for (let r = 0; r < reps; r++) {
    const stream = root.fork(`rep${r}`);
    for (let s = 0; s < n; s++) {
      const i = stream.int(rows);
      const j = (i + 1 + stream.int(rows - 1)) % rows;
      baseIdx[s] = i;
      curIdx[s] = j;
    }
    const input: RegressionSlotInput[] = slots.map((slot) => {
      const shift = options.effect * slot.denom;
      const lower = slot.metric.startsWith('min:') ? shift : -shift;
      return {
        metric: slot.metric,
        step: slot.step,
        baseline: Array.from(baseIdx, (i) => slot.values[i]!),
        current: Array.from(curIdx, (j) => slot.values[j]! + lower),
      };
    });
    const result = checkRegression(
      { slots: input },
      { alpha, nPerm, minEffect: options.minEffect ?? null, stream: stream.fork('perm') },
    );
    if (result.verdict === 'FAIL') fails++;
  }
  const power = fails / reps;
  return {
    power,
    effect: options.effect,
    nSeeds: n,
    replications: reps,
    standardError: Math.sqrt((power * (1 - power)) / reps),
  };
}

/**
 * Minimum detectable relative drop at `nSeeds` (default: the baseline's seed count) for the
 * target power (default 0.8), by bisection over the effect with common random numbers.
 */
export function minimumDetectableEffect(
  baseline: SlotMatrix,
  options: PowerOptions & { power?: number; nSeeds?: number; tolerance?: number } = {},
): PowerEstimate {
  const target = options.power ?? 0.8;
  const tol = options.tolerance ?? 0.002;
  let lo = 0;
  let hi = 0.01;
  let best = estimatePower(baseline, { ...options, effect: hi });
  while (best.power < target) {
    lo = hi;
    hi *= 2;
    if (hi > 100) {
      throw new StatsError(
        'ZPB_STATS_INPUT',
        `no relative drop up to 100× reaches power ${target}; use more seeds or a larger alpha`,
      );
    }
    best = estimatePower(baseline, { ...options, effect: hi });
  }
  while (hi - lo > tol * Math.max(hi, 1e-9) * 10 && hi - lo > tol) {
    const mid = (lo + hi) / 2;
    const est = estimatePower(baseline, { ...options, effect: mid });
    if (est.power >= target) {
      hi = mid;
      best = est;
    } else lo = mid;
  }
  return best;
}

/**
 * Smallest seed count whose simulated power at `effect` reaches the target (default 0.8),
 * searched from the alpha guard's minimum by doubling then bisection, up to `maxSeeds` (64).
 */
export function requiredSeeds(
  baseline: SlotMatrix,
  options: PowerOptions & { effect: number; power?: number; maxSeeds?: number },
): PowerEstimate {
  const target = options.power ?? 0.8;
  const alpha = options.alpha ?? 0.05;
  const maxSeeds = options.maxSeeds ?? 64;
  let lo = Math.floor(Math.log2(1 / alpha)) + 1;
  let est = estimatePower(baseline, { ...options, nSeeds: lo });
  if (est.power >= target) return est;
  let hi = lo;
  while (est.power < target) {
    lo = hi;
    if (hi >= maxSeeds) {
      throw new StatsError(
        'ZPB_STATS_INPUT',
        `${maxSeeds} seeds reach only power ${est.power.toFixed(2)} at effect ${options.effect}; plan for a larger effect or raise maxSeeds`,
      );
    }
    hi = Math.min(maxSeeds, hi * 2);
    est = estimatePower(baseline, { ...options, nSeeds: hi });
  }
  let best = est;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const e = estimatePower(baseline, { ...options, nSeeds: mid });
    if (e.power >= target) {
      hi = mid;
      best = e;
    } else lo = mid;
  }
  return best;
}
