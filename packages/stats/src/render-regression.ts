import type { RegressionResult } from './severity.js';
import type { UnpairedRegressionResult } from './unpaired.js';

/** Options of `renderRegression`. */
export interface RenderRegressionOptions {
  /** Benchmark name: prefixes the line pybench-style as `<name padded to 18>.......... `. */
  readonly name?: string;
  /** Add the per-slot table (pybench expands FAILing results only). */
  readonly verbose?: boolean;
}

/** Python's `{x:+.1f}`: sign always shown, negative zero keeps its minus. */
function signed1(x: number): string {
  const neg = x < 0 || Object.is(x, -0);
  return `${neg ? '-' : '+'}${Math.abs(x).toFixed(1)}`;
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

/**
 * Render a severity-test result as pybench prints it (stats.md §3): one summary line, and with
 * `verbose` on a FAIL the per-slot table; a pure function returning the text (no trailing newline).
 * The unpaired test's line ends with which test it is and each run's seed count.
 */
export function renderRegression(
  result: RegressionResult | UnpairedRegressionResult,
  options: RenderRegressionOptions = {},
): string {
  const K = result.slots.length;
  let detail: string;
  if (K === 1) {
    const s = result.slots[0]!;
    detail = `${s.metric}  ${s.baselineMean.toFixed(3)}→${s.currentMean.toFixed(3)}  Δ${signed1(100 * s.effect)}%  p=${s.p.toFixed(2)}`;
    if (s.denomAtFloor) detail += '  ⚠ effect unreliable';
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
    // pybench pads the metric to 9; longer names (run directories' model/metric) widen the column.
    const width = Math.max(9, ...result.slots.map((s) => s.metric.length));
    lines.push(`  ${'metric'.padEnd(width)} ${'step'.padStart(5)}  baseline → current  Δ  p`);
    for (const s of result.slots) {
      let row = `  ${s.metric.padEnd(width)} ${String(s.step).padStart(5)}  ${s.baselineMean.toFixed(2)}±${s.baselineSd.toFixed(2)} → ${s.currentMean.toFixed(2)}±${s.currentSd.toFixed(2)}  ${signed1(100 * s.effect)}%  ${s.p.toFixed(3)}`;
      if (s.flagged) row += '  ✗';
      if (s.denomAtFloor) row += '  ⚠';
      lines.push(row);
    }
  }
  return lines.join('\n');
}
