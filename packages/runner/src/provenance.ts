import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  type GitInfo,
  type ProvenanceEnvelopeV2,
  type ProvenanceV8,
  sha256Hex,
} from '@zpbench/core';

function run(command: string, args: string[], cwd = process.cwd()): string | null {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    return null;
  }
}

function git(args: string[], cwd: string): string | null {
  return run('git', args, cwd);
}

/** Git commit, branch and dirty flag of the working directory; nulls outside a checkout. */
export function readGitInfo(cwd = process.cwd()): GitInfo {
  const commit = git(['rev-parse', 'HEAD'], cwd);
  if (!commit) return { commit: null, branch: null, dirty: null };
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd);
  const status = git(['status', '--porcelain', '--untracked-files=no'], cwd);
  return {
    commit,
    branch: branch === 'HEAD' ? null : branch,
    dirty: status === null ? null : status.length > 0,
  };
}

/** The machine a run executes on. */
export function readSystemInfo(): ProvenanceV8['system'] {
  const cpuList = cpus();
  return {
    os: `${platform()} ${release()}`,
    arch: arch(),
    cpu_model: cpuList[0]?.model.trim() ?? 'unknown',
    cpu_count: Math.max(1, cpuList.length),
    total_memory_bytes: totalmem(),
    hostname_sha256: sha256Hex(hostname()),
  };
}

/**
 * The manifest of `dep` as Node would find it from a package directory: `node_modules/<dep>` in
 * each ancestor that is not itself a `node_modules` folder, symlinks resolved (pnpm's layout puts a
 * package's dependencies beside it). Cheaper than `require.resolve` (no entry-point resolution,
 * no exports map) and finds ESM-only packages too, whose exports offer `require` nothing.
 */
function findDependencyManifest(packageDir: string, dep: string): string | null {
  let dir = packageDir;
  for (;;) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', dep, 'package.json');
      if (existsSync(candidate)) return realpathSync(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Versions of every runtime dependency reachable from a package manifest, walking
 * `dependencies` transitively and resolving each from the package that depends on it.
 */
export function collectPackageVersions(rootPackageJson: string): Record<string, string> {
  const versions: Record<string, string> = {};
  const queue: string[] = [rootPackageJson];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const manifestPath = queue.shift() as string;
    if (seen.has(manifestPath)) continue;
    seen.add(manifestPath);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      version: string;
      dependencies?: Record<string, string>;
    };
    // Two versions of one package (ours and a transitive one) are both recorded, ours first:
    // the breadth-first walk meets direct dependencies before transitive ones.
    const known = versions[manifest.name]?.split(', ') ?? [];
    if (!known.includes(manifest.version))
      versions[manifest.name] = [...known, manifest.version].join(', ');
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const found = findDependencyManifest(dirname(manifestPath), dep);
      if (found) queue.push(found);
    }
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Variables that can change numeric results or their order; recorded as set, never secrets. */
const REPRODUCIBILITY_VARIABLES = [
  'LANG',
  'LC_ALL',
  'TZ',
  'NODE_OPTIONS',
  'UV_THREADPOOL_SIZE',
  'OMP_NUM_THREADS',
  'CUDA_VISIBLE_DEVICES',
  'ZPBENCH_THREADS',
];

/**
 * The device and environment of a run: GPUs and CUDA as `nvidia-smi` reports them (absent here:
 * an empty list and false, never a guess), the git tag at HEAD, and reproducibility variables.
 */
export function readEnvironment(cwd = process.cwd()): ProvenanceV8['environment'] {
  const smi = run('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits']);
  const gpus = (smi ?? '')
    .split('\n')
    .map((line) => line.split(',').map((part) => part.trim()))
    .filter(([name]) => Boolean(name))
    .map(([name, mib]) => ({
      name: name as string,
      total_memory_bytes: mib && /^\d+$/.test(mib) ? Number(mib) * 1024 * 1024 : null,
    }));
  const env: Record<string, string> = {};
  for (const key of REPRODUCIBILITY_VARIABLES) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return {
    device: 'cpu',
    gpu_devices: gpus,
    cuda_available: smi !== null,
    git_tag: git(['describe', '--tags', '--exact-match', 'HEAD'], cwd),
    reproducibility_env: env,
  };
}

/**
 * The runtime of this process as a provenance envelope records it (for a report this process
 * computes from other artifacts: a calibration, a parity run): Node, OS, CPU, device and the
 * CUDA flag (false when nvidia-smi is absent), with the given references.
 */
export function currentEnvelopeRuntime(
  references: Readonly<Record<string, string>> = {},
): ProvenanceEnvelopeV2['runtime'] {
  const system = readSystemInfo();
  const environment = readEnvironment();
  return {
    node: process.version,
    os: system.os,
    cpu_model: system.cpu_model,
    device: environment.device,
    cuda_available: environment.cuda_available,
    references: { ...references },
  };
}

/** Environment flags worth recording (never secrets). */
export function readEnvFlags(): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const key of ['CI', 'NO_COLOR', 'NODE_ENV', 'UV_THREADPOOL_SIZE']) {
    const value = process.env[key];
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}
