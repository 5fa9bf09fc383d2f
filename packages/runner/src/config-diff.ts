import { type ConfigDifference, canonicalJson, compareCodePoints } from '@zpbench/core';

/** Leaves of a JSON value by dotted path; arrays and scalars are leaves, objects are walked. */
function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') out.set(prefix, '{}');
    for (const [key, child] of entries) {
      if (child !== undefined) leaves(child, prefix ? `${prefix}.${key}` : key, out);
    }
  } else out.set(prefix, canonicalJson(value));
  return out;
}

/**
 * Every key whose value differs between two resolved configurations (the `{ domain, mode,
 * config, parent_run? }` objects whose canonical JSON is the config hash), by dotted path, in
 * code-point order. A key under `config.<treatment key>` is marked as a treatment: a domain
 * declares those keys (`DomainPlugin.treatmentKeys`) as what a comparison may vary.
 */
export function diffConfigs(
  baseline: Record<string, unknown>,
  candidate: Record<string, unknown>,
  treatmentKeys: readonly string[] = [],
): ConfigDifference[] {
  const a = leaves(baseline, '', new Map());
  const b = leaves(candidate, '', new Map());
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort(compareCodePoints);
  const isTreatment = (key: string) =>
    treatmentKeys.some((t) => key === `config.${t}` || key.startsWith(`config.${t}.`));
  return keys
    .filter((key) => a.get(key) !== b.get(key))
    .map((key) => ({
      key,
      baseline: a.get(key) ?? null,
      candidate: b.get(key) ?? null,
      treatment: isTreatment(key),
    }));
}
