import type { RegressionResult, RegressionSlotResult } from './severity.js';
import type { UnpairedRegressionResult } from './unpaired.js';

/** Options of `renderRegression`. */
export interface RenderRegressionOptions {
  /** Benchmark name: prefixes the line pybench-style as `<name padded to 18>.......... `. */
  readonly name?: string;
  /** Add the per-slot table (pybench expands FAILing results only). */
  readonly verbose?: boolean;
}

/** How a slot's metric moved, in the metric's own terms (not in goodness). */
export interface SlotChange {
  /** current mean − baseline mean, in the metric's units. */
  readonly absolute: number;
  /**
   * (current − baseline) / |baseline| of the metric as it moved (a loss that rose is positive);
   * null when the baseline mean is 0 (below 1e-9 of the slot's largest value), where a relative
   * change is undefined and only the absolute one is shown.
   */
  readonly relative: number | null;
  /** By the metric's direction (`min:` = lower is better). */
  readonly direction: 'worse' | 'better' | 'unchanged';
}

/** The change of a slot as the metric moved, with its direction. */
export function slotChange(slot: RegressionSlotResult): SlotChange {
  const absolute = slot.currentMean - slot.baselineMean;
  // `effect` is the relative change in goodness (−x for a `min:` metric): the metric moved by
  // the same fraction with the sign of its own direction.
  const sign = slot.metric.startsWith('min:') ? -1 : 1;
  const relative = slot.denomAtFloor ? null : sign * slot.effect + 0;
  const direction = slot.meanDiff < 0 ? 'worse' : slot.meanDiff > 0 ? 'better' : 'unchanged';
  return { absolute, relative, direction };
}

/** Three significant figures, no exponent below 1e-3 (a change is read, not parsed). */
function sig3(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e-3 && abs < 1e6 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/** "+158% (worse)", "-11.1% (worse)"; the absolute change, "+0.1 (better)", when the baseline mean is 0. */
export function formatSlotChange(slot: RegressionSlotResult): string {
  const change = slotChange(slot);
  const value = change.relative === null ? change.absolute : 100 * change.relative;
  return `${value > 0 ? '+' : ''}${sig3(value)}${change.relative === null ? '' : '%'} (${change.direction})`;
}

/** A slot's one-sided p as the verdict uses it; "0 (zero variance)" where the sd is 0. */
export function formatSlotP(slot: RegressionSlotResult): string {
  const p =
    slot.p >= 1e-3 || slot.p === 0 || slot.p === 1 ? slot.p.toFixed(3) : slot.p.toExponential(1);
  return slot.zeroVariance ? `${p} (zero variance)` : p;
}

/**
 * pybench's "M metrics × S steps" when every metric has every step; "M metrics, K slots" when the
 * metrics have different steps (a series beside single-step metrics), where a product would lie.
 */
function describeShape(result: RegressionResult | UnpairedRegressionResult): string {
  const steps = new Set(result.slots.map((s) => s.step)).size;
  const metrics = new Set(result.slots.map((s) => s.metric)).size;
  return metrics * steps === result.slots.length
    ? `${metrics} metrics × ${steps} steps`
    : `${metrics} metrics, ${result.slots.length} slots`;
}

/** Columns padded to their widest cell (header included); `right` columns are right-aligned. */
export function alignColumns(
  rows: readonly (readonly string[])[],
  right: readonly boolean[],
): string[] {
  const width = (cell: string) => [...cell].length;
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const pad = ' '.repeat((widths[c] ?? 0) - width(cell));
        return right[c] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** "0.13±0.04", two decimals as pybench prints them, more digits for small values. */
function meanSd(mean: number, sd: number): string {
  const digits = Math.max(Math.abs(mean), sd) < 0.01 && Math.max(Math.abs(mean), sd) > 0 ? 3 : 2;
  const f = (x: number) => (digits === 2 ? x.toFixed(2) : x.toPrecision(digits));
  return `${f(mean)}±${f(sd)}`;
}

/**
 * Render a severity-test result (stats.md §3): one summary line, and with `verbose` on a FAIL the
 * per-slot table, its columns aligned with their header; a pure function returning the text (no
 * trailing newline). The change is the metric's own move with its direction ("+158% (worse)" for
 * a loss that rose), the p is the one-sided slot p that decides whether the slot is flagged, and a
 * zero-variance slot is labelled as such. The unpaired test's line ends with each run's seed count.
 */
export function renderRegression(
  result: RegressionResult | UnpairedRegressionResult,
  options: RenderRegressionOptions = {},
): string {
  const K = result.slots.length;
  let detail: string;
  if (K === 1) {
    const s = result.slots[0]!;
    detail = `${s.metric}  ${s.baselineMean.toFixed(3)}→${s.currentMean.toFixed(3)}  ${formatSlotChange(s)}  p=${formatSlotP(s)}`;
  } else {
    const flagged = result.slots.filter((s) => s.flagged).length;
    detail = `${describeShape(result)}   ${flagged}/${K} slots flagged  meta-p=${result.metaP.toFixed(3)}`;
  }
  if (result.test === 'unpaired-permutation') {
    detail += `  (unpaired: ${result.nBaseline} vs ${result.nCurrent} seeds)`;
  }
  const head =
    options.name === undefined
      ? `${result.verdict}  ${detail}`
      : `${options.name.padEnd(18)}.......... ${result.verdict}   ${detail}`;
  const lines = [head];
  if (options.verbose && result.verdict === 'FAIL') {
    const rows = [
      ['metric', 'step', 'baseline', 'current', 'change', 'p', ''],
      ...result.slots.map((s) => [
        s.metric,
        String(s.step),
        meanSd(s.baselineMean, s.baselineSd),
        meanSd(s.currentMean, s.currentSd),
        formatSlotChange(s),
        formatSlotP(s),
        s.flagged ? '✗ flagged' : '',
      ]),
    ];
    for (const line of alignColumns(rows, [false, true, true, true, false, false, false]))
      lines.push(`  ${line}`);
  }
  return lines.join('\n');
}

/** The method line: how many sign patterns (or splits) were enumerated or drawn. */
export function renderMethod(result: RegressionResult | UnpairedRegressionResult): string {
  const what = result.test === 'paired-sign-flip' ? 'sign patterns' : 'splits of the seeds';
  const counted =
    result.method === 'exact'
      ? `exact: all ${result.permTotal} ${what} enumerated, ${result.permGe} at least as severe as observed`
      : `Monte Carlo: ${result.permTotal} ${what} drawn, ${result.permGe} at least as severe as observed`;
  return `method: ${counted}; meta-p=${result.metaP.toPrecision(3)} at alpha ${result.alpha}`;
}
