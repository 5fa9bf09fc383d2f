import {
  type Distribution,
  type DomainPlugin,
  METRIC_LOG_MARKER,
  METRIC_LOG_VERSION,
  type MetricDefinition,
  type MetricLogRecordV1,
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  type PairedComparison,
  type PairedStatsV1,
  type SeedResult,
  SUMMARY_MARKER,
  SUMMARY_VERSION,
  type SummaryV1,
} from '@zpbench/core';
import { comparePaired, summarize } from './statistics.js';

/** Per model and metric, the values of every seed (null where undefined), in seed order. */
export type MetricTable = Map<string, Map<string, (number | null)[]>>;

/** The metric values of a set of seeds, collected one seed at a time. */
export interface CollectedMetrics {
  readonly seeds: number[];
  readonly models: string[];
  readonly table: MetricTable;
}

/**
 * A metric's value in a run's metrics: its canonical key, else the first of its legacy keys the
 * run records (so every summary is keyed by the canonical name).
 */
export function metricValue(
  metrics: Readonly<Record<string, number | null>> | undefined,
  def: Pick<MetricDefinition, 'key' | 'legacyKeys'>,
): number | null | undefined {
  if (!metrics) return undefined;
  if (def.key in metrics) return metrics[def.key];
  const legacy = def.legacyKeys?.find((key) => key in metrics);
  return legacy === undefined ? undefined : metrics[legacy];
}

/**
 * Collects metric values seed by seed. Only numbers are kept, never the per-seed payloads, so a
 * run of thousands of seeds aggregates in little memory when `readResult` reads lazily.
 */
export function collectMetrics(
  plugin: DomainPlugin<unknown>,
  seeds: readonly number[],
  readResult: (seed: number) => SeedResult,
): CollectedMetrics {
  const table: MetricTable = new Map();
  const present = new Set<string>();
  const metricKeys = plugin.metrics.map((m) => m.key);
  const ordered = [...seeds].sort((a, b) => a - b);
  ordered.forEach((seed, index) => {
    const result = readResult(seed);
    for (const model of plugin.models.map((m) => m.id)) {
      const run = result.runs[model];
      if (run) present.add(model);
      let byMetric = table.get(model);
      if (!byMetric) {
        byMetric = new Map(metricKeys.map((key) => [key, []]));
        table.set(model, byMetric);
      }
      for (const def of plugin.metrics) {
        const value = metricValue(run?.metrics, def);
        (byMetric.get(def.key) as (number | null)[])[index] =
          typeof value === 'number' && Number.isFinite(value) ? value : null;
      }
    }
  });
  const models = plugin.models.map((m) => m.id).filter((id) => present.has(id));
  for (const model of [...table.keys()]) if (!present.has(model)) table.delete(model);
  return { seeds: ordered, models, table };
}

function distributions(
  collected: CollectedMetrics,
  units: ReadonlyMap<string, string>,
): Record<string, Record<string, Distribution>> {
  const out: Record<string, Record<string, Distribution>> = {};
  for (const model of collected.models) {
    const byMetric = collected.table.get(model) as Map<string, (number | null)[]>;
    out[model] = Object.fromEntries(
      [...byMetric].map(([key, values]) => [key, summarize(values, units.get(key))]),
    );
  }
  return out;
}

/** Builds `aggregated/summary.json`: deterministic, no timestamps, no run id. */
export function buildSummary(
  plugin: DomainPlugin<unknown>,
  mode: string,
  configHash: string,
  collected: CollectedMetrics,
): SummaryV1 {
  const roles = new Map(plugin.models.map((m) => [m.id, m]));
  return {
    schema: SUMMARY_MARKER,
    schema_version: SUMMARY_VERSION,
    domain: plugin.id,
    mode,
    config_hash: configHash,
    n_seeds: collected.seeds.length,
    seeds: collected.seeds,
    models: collected.models.map((id) => {
      const model = roles.get(id);
      return { id, label: model?.label ?? id, role: model?.role ?? 'baseline' };
    }),
    metric_definitions: Object.fromEntries(
      plugin.metrics.map((m) => [
        m.key,
        { description: m.description, direction: m.direction, unit: m.unit, subset: m.subset },
      ]),
    ),
    metrics: distributions(collected, new Map(plugin.metrics.map((m) => [m.key, m.unit]))),
    per_seed: collected.seeds.flatMap((seed, index) =>
      collected.models.map((model) => ({
        seed,
        model,
        metrics: Object.fromEntries(
          [...(collected.table.get(model) as Map<string, (number | null)[]>)].map(
            ([key, values]) => [key, values[index] ?? null],
          ),
        ),
      })),
    ),
  };
}

/** Pairs two value series by seed position, keeping pairs where both are finite. */
export function pairValues(
  seeds: readonly number[],
  a: readonly (number | null)[],
  b: readonly (number | null)[],
): { seeds: number[]; a: number[]; b: number[] } {
  const out = { seeds: [] as number[], a: [] as number[], b: [] as number[] };
  seeds.forEach((seed, i) => {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      out.seeds.push(seed);
      out.a.push(x);
      out.b.push(y);
    }
  });
  return out;
}

/** A paired comparison record of `model − reference` on one metric. */
export function createComparison(
  metric: string,
  direction: 'higher' | 'lower' | 'none',
  model: string,
  reference: string,
  seeds: readonly number[],
  current: readonly (number | null)[],
  base: readonly (number | null)[],
): PairedComparison {
  const paired = pairValues(seeds, current, base);
  const deltas = paired.a.map((x, i) => x - (paired.b[i] as number));
  const stats = comparePaired(deltas);
  const better = (d: number) => (direction === 'lower' ? d < 0 : d > 0);
  const worse = (d: number) => (direction === 'lower' ? d > 0 : d < 0);
  return {
    metric,
    direction,
    model,
    reference,
    n: deltas.length,
    seeds: paired.seeds,
    deltas,
    ...stats,
    wins: direction === 'none' ? 0 : deltas.filter(better).length,
    losses: direction === 'none' ? 0 : deltas.filter(worse).length,
    ties: deltas.filter((d) => d === 0).length,
  };
}

/** Builds `aggregated/paired_stats.json`: the claimed model against each baseline model. */
export function buildPairedStats(
  plugin: DomainPlugin<unknown>,
  mode: string,
  configHash: string,
  collected: CollectedMetrics,
  baselineRun: PairedStatsV1['baseline_run'] = null,
): PairedStatsV1 {
  const claimed =
    plugin.models.find((m) => m.role === 'claimed' && collected.models.includes(m.id))?.id ?? null;
  const comparisons: PairedComparison[] = [];
  if (claimed) {
    const claimedTable = collected.table.get(claimed) as Map<string, (number | null)[]>;
    for (const model of plugin.models) {
      if (model.id === claimed || model.role !== 'baseline' || !collected.models.includes(model.id))
        continue;
      const baseTable = collected.table.get(model.id) as Map<string, (number | null)[]>;
      for (const metric of plugin.metrics) {
        if (metric.direction === 'none') continue;
        comparisons.push(
          createComparison(
            metric.key,
            metric.direction,
            claimed,
            model.id,
            collected.seeds,
            claimedTable.get(metric.key) ?? [],
            baseTable.get(metric.key) ?? [],
          ),
        );
      }
    }
  }
  return {
    schema: PAIRED_STATS_MARKER,
    schema_version: PAIRED_STATS_VERSION,
    domain: plugin.id,
    mode,
    config_hash: configHash,
    claimed_model: claimed,
    seeds: collected.seeds,
    distributions: distributions(collected, new Map(plugin.metrics.map((m) => [m.key, m.unit]))),
    comparisons,
    baseline_run: baselineRun,
  };
}

/** The metric-log records of a run: per-seed, per-model summaries and baseline deltas. */
export function buildMetricLog(
  domain: string,
  collected: CollectedMetrics,
  summary: SummaryV1,
  paired: PairedStatsV1,
): MetricLogRecordV1[] {
  const record = (
    phase: MetricLogRecordV1['phase'],
    step: number,
    metrics: Record<string, number | null | undefined>,
    context: MetricLogRecordV1['context'],
  ): MetricLogRecordV1 => ({
    schema: METRIC_LOG_MARKER,
    schema_version: METRIC_LOG_VERSION,
    phase,
    record_type: phase,
    step,
    metrics: Object.fromEntries(
      Object.entries(metrics).filter(
        (entry): entry is [string, number] =>
          typeof entry[1] === 'number' && Number.isFinite(entry[1]),
      ),
    ),
    context,
  });
  const records: MetricLogRecordV1[] = [];
  collected.seeds.forEach((seed, step) => {
    for (const model of collected.models) {
      const byMetric = collected.table.get(model) as Map<string, (number | null)[]>;
      records.push(
        record(
          'benchmark_seed',
          step,
          Object.fromEntries([...byMetric].map(([k, v]) => [k, v[step]])),
          { domain, model, seed },
        ),
      );
    }
  });
  for (const model of collected.models) {
    const metrics = summary.metrics[model] ?? {};
    records.push(
      record(
        'benchmark_summary',
        0,
        Object.fromEntries(Object.entries(metrics).map(([k, d]) => [k, d.mean])),
        { domain, model },
      ),
    );
  }
  if (paired.baseline_run) {
    const byModel = new Map<string, Record<string, number | null>>();
    for (const delta of paired.baseline_run.deltas) {
      const entry = byModel.get(delta.model) ?? {};
      entry[delta.metric] = delta.mean_delta;
      byModel.set(delta.model, entry);
    }
    for (const [model, metrics] of byModel)
      records.push(record('benchmark_delta', 0, metrics, { domain, model }));
  }
  return records;
}

/** `aggregated/benchmark_metrics.jsonl`: one metric-log record per line. */
export function metricLogText(
  domain: string,
  collected: CollectedMetrics,
  summary: SummaryV1,
  paired: PairedStatsV1,
): string {
  return `${buildMetricLog(domain, collected, summary, paired)
    .map((r) => JSON.stringify(r))
    .join('\n')}\n`;
}
