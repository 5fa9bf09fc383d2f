import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  type DomainPlugin,
  ERROR_CODES,
  configHash as hashConfig,
  type PairedComparison,
  type PairedStatsV1,
  RUN_FILES,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';
import { type CollectedMetrics, createComparison } from './aggregate.js';
import {
  metricSlot,
  type RegressionSlot,
  type SlotRegression,
  severityRegression,
} from './statistics.js';

/** The config with treatment keys removed: what two comparable runs must share. */
export function comparisonHash(
  config: Record<string, unknown>,
  treatmentKeys: readonly string[],
): string {
  const inner = (config.config ?? {}) as Record<string, unknown>;
  const setup = Object.fromEntries(
    Object.entries(inner).filter(([key]) => !treatmentKeys.includes(key)),
  );
  return hashConfig({ ...config, config: setup });
}

/**
 * Refuses to compare runs that differ in domain, mode, seed set or setup config (treatment keys
 * aside), naming the difference. With `sameSeeds: false` the seed sets may differ (an unpaired
 * comparison).
 */
export function assertComparable(
  plugin: DomainPlugin<unknown>,
  current: { mode: string; seeds: readonly number[]; config: Record<string, unknown> },
  baseline: BenchmarkRun,
  options: { sameSeeds?: boolean } = {},
): void {
  const refuse = (what: string) => {
    throw new ZpbenchError(
      ERROR_CODES.INCOMPARABLE,
      `cannot compare with baseline ${baseline.runDir}: ${what}; compare runs of the same domain, mode, seeds and configuration`,
    );
  };
  if (baseline.manifest.domain !== plugin.id)
    refuse(`domain ${baseline.manifest.domain} ≠ ${plugin.id}`);
  if (baseline.manifest.mode !== current.mode)
    refuse(`mode ${baseline.manifest.mode} ≠ ${current.mode}`);
  const a = [...baseline.manifest.seeds_completed].sort((x, y) => x - y).join(',');
  const b = [...current.seeds].sort((x, y) => x - y).join(',');
  if ((options.sameSeeds ?? true) && a !== b) refuse(`seeds {${a}} ≠ {${b}}`);
  const keys = plugin.treatmentKeys ?? [];
  if (comparisonHash(baseline.provenance.config, keys) !== comparisonHash(current.config, keys)) {
    refuse('the configurations differ (config hash mismatch)');
  }
}

/** Per-model metric values of a stored run, in the order of `seeds`. */
function baselineValues(
  run: BenchmarkRun,
  model: string,
  metric: string,
  seeds: readonly number[],
): (number | null)[] {
  return seeds.map((seed) => {
    const value = run.seedResults.get(seed)?.runs[model]?.metrics[metric];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
}

/** What {@link compareWithBaseline} found: the stored record and the test's details. */
export interface BaselineComparison {
  /** `paired_stats.json["baseline_run"]`. */
  readonly record: NonNullable<PairedStatsV1['baseline_run']>;
  /** The severity test behind `record.regression` (null when it is null). */
  readonly regression: SlotRegression | null;
}

/**
 * Current-minus-baseline deltas for every model and directed metric, paired by seed id, and the
 * severity sign-flip regression verdict over all (model, metric, step) slots: the steps of a
 * metric recorded at several steps (`MetricDefinition.series`) enter as steps of one metric.
 */
export function compareWithBaseline(
  plugin: DomainPlugin<unknown>,
  collected: CollectedMetrics,
  baseline: BenchmarkRun,
  options: { alpha?: number; nPerm?: number; seed?: number } = {},
): BaselineComparison {
  const deltas: PairedComparison[] = [];
  const slots: RegressionSlot[] = [];
  for (const model of collected.models) {
    for (const metric of plugin.metrics) {
      if (metric.direction === 'none') continue;
      const current = collected.table.get(model)?.get(metric.key) ?? [];
      const base = baselineValues(baseline, model, metric.key, collected.seeds);
      if (base.every((v) => v === null)) continue;
      const comparison = createComparison(
        metric.key,
        metric.direction,
        model,
        `baseline-run:${model}`,
        collected.seeds,
        current,
        base,
      );
      deltas.push(comparison);
      if (comparison.n === collected.seeds.length && comparison.n > 0) {
        slots.push({
          model,
          key: metric.key,
          ...metricSlot(model, metric),
          direction: metric.direction,
          baseline: base as number[],
          current: current as number[],
        });
      }
    }
  }
  const regression = slots.length > 0 ? severityRegression(slots, options) : null;
  return {
    record: {
      run_id: baseline.manifest.run_id,
      config_hash: baseline.manifest.config_hash,
      manifest_sha256: sha256Hex(readFileSync(join(baseline.runDir, RUN_FILES.manifest))),
      deltas,
      regression: regression?.verdict ?? null,
    },
    regression,
  };
}
