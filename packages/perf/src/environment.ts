import { loadavg } from 'node:os';
import type { PerfEnvironment } from '@zpbench/core';
import { readSystemInfo } from '@zpbench/runner';

/** Lowercase, dash-separated form of free text: `AMD EPYC 9B14` → `amd-epyc-9b14`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replaceAll(/\(r\)|\(tm\)|\bcpu\b|\bprocessor\b|@.*$/g, ' ')
    .replaceAll(/[^a-z0-9.]+/g, '-')
    .replaceAll(/^-+|-+$/g, '');
}

/**
 * The like-for-like key of a machine, `<os>-<arch>-<cpu model>-<n>cpu`, e.g.
 * `linux-x64-amd-epyc-9b14-2cpu`. CI fleets whose CPU models differ within one class set it
 * explicitly (`--machine-class`, or `ZPBENCH_MACHINE_CLASS`).
 */
export function deriveMachineClass(system: {
  readonly os: string;
  readonly arch: string;
  readonly cpu_model: string;
  readonly cpu_count: number;
}): string {
  const os = slug(system.os.split(' ')[0] ?? system.os);
  return [os, slug(system.arch), slug(system.cpu_model) || 'unknown-cpu', `${system.cpu_count}cpu`]
    .filter(Boolean)
    .join('-');
}

/** The environment block of a suite artifact; `machineClass` overrides the derived class. */
export function collectEnvironment(machineClass?: string): PerfEnvironment {
  const system = readSystemInfo();
  const [one, five, fifteen] = loadavg();
  return {
    machine_class: machineClass ?? process.env.ZPBENCH_MACHINE_CLASS ?? deriveMachineClass(system),
    os: system.os,
    arch: system.arch,
    cpu_model: system.cpu_model,
    cpu_count: system.cpu_count,
    total_memory_bytes: system.total_memory_bytes,
    load_average: [one ?? 0, five ?? 0, fifteen ?? 0].map((v) => Math.round(v * 100) / 100) as [
      number,
      number,
      number,
    ],
    node: process.version,
    v8: process.versions.v8,
    hostname_sha256: system.hostname_sha256,
  };
}
