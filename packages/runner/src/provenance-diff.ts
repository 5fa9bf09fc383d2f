import { compareCodePoints, type ProvenanceV7 } from '@zpbench/core';

/** One provenance field that differs between two runs. */
export interface ProvenanceDifference {
  readonly field: string;
  readonly baseline: string | null;
  readonly candidate: string | null;
}

const text = (value: unknown): string | null =>
  value === undefined || value === null
    ? null
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** The fields a regression review compares: versions, git state, machine and environment. */
function fields(p: ProvenanceV7): Map<string, string | null> {
  const out = new Map<string, string | null>([
    ['zpbench_version', p.zpbench_version],
    ['runtime.node', p.runtime.node],
    ['runtime.v8', p.runtime.v8],
    ['git.commit', text(p.git.commit)],
    ['git.dirty', text(p.git.dirty)],
    ['git.branch', text(p.git.branch)],
    ['environment.git_tag', text(p.environment.git_tag)],
    ['environment.device', p.environment.device],
    ['environment.cuda_available', text(p.environment.cuda_available)],
    ['system.os', p.system.os],
    ['system.arch', p.system.arch],
    ['system.cpu_model', p.system.cpu_model],
    ['system.cpu_count', text(p.system.cpu_count)],
    ['system.total_memory_bytes', text(p.system.total_memory_bytes)],
    ['system.hostname_sha256', p.system.hostname_sha256],
  ]);
  for (const [name, version] of Object.entries(p.runtime.packages))
    out.set(`runtime.packages.${name}`, version);
  for (const [name, value] of Object.entries(p.environment.reproducibility_env))
    out.set(`environment.reproducibility_env.${name}`, value);
  return out;
}

/**
 * The provenance fields that differ between a baseline and a candidate run: the zpbench, Node and
 * library versions, the git commit, branch, tag and dirty flag, the machine (OS, architecture,
 * CPU, memory, host-name hash) and the reproducibility variables. Fixed fields first, then
 * packages and variables in code-point order.
 */
export function diffProvenance(
  baseline: ProvenanceV7,
  candidate: ProvenanceV7,
): ProvenanceDifference[] {
  const a = fields(baseline);
  const b = fields(candidate);
  const fixed = [...a.keys()].filter((k) => !k.includes('.packages.') && !k.includes('_env.'));
  const rest = [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => !fixed.includes(k))
    .sort(compareCodePoints);
  return [...fixed, ...rest]
    .filter((field) => (a.get(field) ?? null) !== (b.get(field) ?? null))
    .map((field) => ({ field, baseline: a.get(field) ?? null, candidate: b.get(field) ?? null }));
}
