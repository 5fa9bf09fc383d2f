import type { TrainedDoseModel } from './dose-model.js';
import type { DoseSplit } from './generator.js';
import { computeDoseMetrics } from './metrics.js';
import type { SweepPoint } from './schemas/sweep-point.js';

export type { SweepPoint } from './schemas/sweep-point.js';

/** Rounds a metric for artifacts (12 significant digits keeps JSON short and stable). */
export function roundMetric(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(12));
}

/** The bottom-cost term of the operating-point calibration. */
export function bottomCost(faultRate: number | null, semanticRate: number | null): number | null {
  return faultRate === null || semanticRate === null ? null : faultRate + 0.5 * semanticRate;
}

/** Evaluates a model on a split at every tau of `taus` (models with Q) or at its one threshold. */
export function sweepModel(
  model: TrainedDoseModel,
  split: DoseSplit,
  taus: readonly number[],
): SweepPoint[] {
  const points = model.hasQ ? taus.map((t) => t as number | null) : [null];
  return points.map((tau) => {
    const m = computeDoseMetrics(model.predict(split, tau ?? 0));
    return {
      tau,
      accept_rate: roundMetric(m.accept_rate ?? null),
      bottom_rate: roundMetric(m.bottom_rate ?? null),
      false_in_range_rate_on_censored: roundMetric(m.false_in_range_rate_on_censored ?? null),
      false_censored_rate_on_in_range: roundMetric(m.false_censored_rate_on_in_range ?? null),
      macro_f1: roundMetric(m.macro_f1 ?? null),
      finite_mae: roundMetric(m.finite_mae ?? null),
      direction_only_macro_f1_on_censored: roundMetric(
        m.direction_only_macro_f1_on_censored ?? null,
      ),
      fault_rate: roundMetric(m.fault_rate ?? null),
      semantic_bottom_rate: roundMetric(m.semantic_bottom_rate ?? null),
      bottom_cost: roundMetric(bottomCost(m.fault_rate ?? null, m.semantic_bottom_rate ?? null)),
    };
  });
}
