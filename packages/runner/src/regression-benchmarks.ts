import { compareCodePoints, type SummaryV1 } from '@zpbench/core';
import {
  metricSlot,
  type SlotMetricDefinition,
  type SlotRegression,
  slotMetricName,
} from './statistics.js';

/** One slot of a benchmark line, for a verbose table. */
export interface BenchmarkSlot {
  /** The slot's metric, pybench-style (`min:` for lower-is-better): the key or the series. */
  readonly metric: string;
  readonly step: number;
  readonly label: string;
  readonly baselineMean: number;
  readonly baselineSd: number;
  readonly currentMean: number;
  readonly currentSd: number;
  /** Relative change in goodness (negative = worse), pybench's Δ. */
  readonly effect: number;
  /** One-sided "regressed" p of the slot. */
  readonly p: number;
  readonly flagged: boolean;
  readonly denomAtFloor: boolean;
}

/**
 * One pybench-style benchmark of a run against its baseline: a model's metrics that share their
 * steps (the model's single-step metrics, or one series of checkpoints `model/series`).
 */
export interface BenchmarkLine {
  readonly name: string;
  /**
   * NEW: no baseline yet (this run becomes it); FAIL: the run's severity verdict is FAIL and this
   * benchmark holds a flagged slot; PASS otherwise; UNTESTED: too few seeds for a verdict.
   */
  readonly status: 'NEW' | 'PASS' | 'FAIL' | 'UNTESTED';
  readonly metrics: number;
  readonly steps: number;
  readonly slots: readonly BenchmarkSlot[];
  readonly nSlots: number;
  readonly nFlagged: number;
  /** The meta-p of the run's one severity test over every slot of every benchmark. */
  readonly metaP: number | null;
}

interface Shape {
  readonly benchmark: string;
  readonly metric: string;
  readonly step: number;
}

/** Items by benchmark, benchmarks in code-point order (a model before its series). */
function group<T extends Shape>(items: readonly T[]): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.benchmark, [...(out.get(item.benchmark) ?? []), item]);
  return [...out].sort(([a], [b]) => compareCodePoints(a, b));
}

const count = (items: readonly Shape[]) => ({
  metrics: new Set(items.map((i) => i.metric)).size,
  steps: new Set(items.map((i) => i.step)).size,
});

/**
 * The benchmark lines of a run that has no baseline yet (all NEW): its models' directed metrics
 * defined on every seed, grouped as the regression test will group them next time.
 */
export function newBenchmarkLines(
  summary: SummaryV1,
  metrics: readonly SlotMetricDefinition[] = [],
): BenchmarkLine[] {
  const declared = new Map(metrics.map((m) => [m.key, m]));
  const shapes: Shape[] = [];
  for (const model of summary.models) {
    for (const [key, definition] of Object.entries(summary.metric_definitions)) {
      if (definition.direction === 'none') continue;
      if ((summary.metrics[model.id]?.[key]?.n ?? 0) < summary.n_seeds || summary.n_seeds === 0)
        continue;
      const slot = metricSlot(model.id, {
        key,
        direction: definition.direction,
        series: declared.get(key)?.series,
      });
      shapes.push({ benchmark: slot.benchmark, metric: slot.metric, step: slot.step });
    }
  }
  return group(shapes).map(([name, items]) => ({
    name,
    status: 'NEW' as const,
    ...count(items),
    slots: [],
    nSlots: items.length,
    nFlagged: 0,
    metaP: null,
  }));
}

/**
 * The benchmark lines of a run compared with its baseline, from the one severity test over all
 * its slots (the verdict the run stores): each benchmark's slots with their statistics, FAIL
 * where the verdict is FAIL and the benchmark holds a flagged slot. With no verdict (too few
 * seeds), every line is UNTESTED.
 */
export function regressionBenchmarkLines(
  regression: SlotRegression | null,
  untested: readonly BenchmarkLine[] = [],
): BenchmarkLine[] {
  if (!regression) return untested.map((line) => ({ ...line, status: 'UNTESTED' as const }));
  const items = regression.slots.map((slot, i) => {
    const r = regression.result.slots[i];
    if (!r) throw new Error('severity result and slots differ in length');
    return {
      benchmark: slot.benchmark,
      metric: slot.metric,
      step: slot.step,
      slot: {
        metric: slotMetricName(slot.model, slot.metric, slot.direction).replace(
          `${slot.model}/`,
          '',
        ),
        step: slot.step,
        label: slot.label,
        baselineMean: r.baselineMean,
        baselineSd: r.baselineSd,
        currentMean: r.currentMean,
        currentSd: r.currentSd,
        effect: r.effect,
        p: r.p,
        flagged: r.flagged,
        denomAtFloor: r.denomAtFloor,
      },
    };
  });
  const failed = regression.verdict.verdict === 'FAIL';
  return group(items).map(([name, members]) => {
    const slots = members.map((m) => m.slot);
    const nFlagged = slots.filter((s) => s.flagged).length;
    return {
      name,
      status: failed && nFlagged > 0 ? ('FAIL' as const) : ('PASS' as const),
      ...count(members),
      slots,
      nSlots: slots.length,
      nFlagged,
      metaP: regression.verdict.meta_p,
    };
  });
}
