/** Holm–Bonferroni result: adjusted p-values and rejections, both in input order. */
export interface HolmResult {
  readonly adjusted: readonly number[];
  readonly rejected: readonly boolean[];
}

/**
 * Holm–Bonferroni step-down adjustment: adjusted p_(j) = max_{i≤j} min(1, (m−i+1)·p_(i));
 * a hypothesis is rejected iff its adjusted p < alpha (the same strict rule as the verdict).
 */
export function holmAdjust(pValues: readonly number[], alpha = 0.05): HolmResult {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(([p, i], j) => {
    running = Math.max(running, Math.min(1, (m - j) * p));
    adjusted[i] = running;
  });
  return { adjusted, rejected: adjusted.map((p) => p < alpha) };
}
