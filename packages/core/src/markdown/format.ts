/**
 * Deterministic number formatting for reports: the same value always gives the same text,
 * whatever the locale of the machine.
 */

/** Placeholder for a missing value. */
export const MISSING = '—';

/** Formats a number with 4 significant digits; exponent form outside [1e-3, 1e6). */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e6) return String(value);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace('e+', 'e');
}

/** Formats a 95% interval as `[low, high]`. */
export function formatInterval(interval: readonly [number, number] | null | undefined): string {
  if (!interval) return MISSING;
  return `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]`;
}

/** Formats a mean with its 95% interval: `0.1234 [0.12, 0.13]`. */
export function formatMeanInterval(
  mean: number | null,
  interval: readonly [number, number] | null,
): string {
  if (mean === null) return MISSING;
  return interval ? `${formatNumber(mean)} ${formatInterval(interval)}` : formatNumber(mean);
}

/** Formats a p-value with 3 significant digits; `<0.0001` below that. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return MISSING;
  if (p < 1e-4) return '<0.0001';
  return String(Number(p.toPrecision(3)));
}

/** Formats a fraction as a percentage with one decimal. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${(value * 100).toFixed(1)}%`;
}
