/** One objective of a Pareto front. */
export interface Objective {
  readonly metric: string;
  readonly direction: 'higher' | 'lower';
}

/** A point: a label and its metric values. */
export interface ParetoPoint {
  readonly model: string;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** The trade-offs of the DOSE Pareto artifact. */
export const PARETO_FRONTS: Readonly<Record<string, readonly [Objective, Objective]>> = {
  safety_vs_coverage: [
    { metric: 'false_in_range_rate_on_censored', direction: 'lower' },
    { metric: 'accept_rate', direction: 'higher' },
  ],
  safety_vs_accuracy: [
    { metric: 'false_in_range_rate_on_censored', direction: 'lower' },
    { metric: 'false_censored_rate_on_in_range', direction: 'lower' },
  ],
  direction_vs_regression: [
    { metric: 'direction_only_macro_f1_on_censored', direction: 'higher' },
    { metric: 'finite_mae', direction: 'lower' },
  ],
};

/** Whether `a` dominates `b`: no worse on every objective and strictly better on one. Null values never dominate. */
export function dominates(
  a: ParetoPoint,
  b: ParetoPoint,
  objectives: readonly Objective[],
): boolean {
  let strictly = false;
  for (const o of objectives) {
    const va = a.metrics[o.metric];
    const vb = b.metrics[o.metric];
    if (va === null || va === undefined) return false;
    if (vb === null || vb === undefined) {
      strictly = true;
      continue;
    }
    const better = o.direction === 'lower' ? vb - va : va - vb;
    if (better < 0) return false;
    if (better > 0) strictly = true;
  }
  return strictly;
}

/** Models not dominated by any other point, in input order. */
export function nondominated(
  points: readonly ParetoPoint[],
  objectives: readonly Objective[],
): string[] {
  return points
    .filter((p) => !points.some((q) => q !== p && dominates(q, p, objectives)))
    .map((p) => p.model);
}
