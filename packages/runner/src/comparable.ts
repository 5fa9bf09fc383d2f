/**
 * Whether two runs may be compared (same domain, mode, seeds, setup config). Only the light core
 * entry: `zpbench regress` on two JSON files loads this module without core's schemas.
 */
import type { BenchmarkRun, DomainPlugin } from '@zpbench/core';
import { ERROR_CODES, configHash as hashConfig, ZpbenchError } from '@zpbench/core/light';

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
