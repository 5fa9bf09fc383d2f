import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createRunId,
  ERROR_CODES,
  type FileHash,
  isTempFileName,
  MANIFEST_SCHEMA,
  PROVENANCE_SCHEMA,
  type ProvenanceV8,
  RESUME_STATE_SCHEMA,
  type ResumeStateV3,
  RUN_FILES,
  type RunManifestV6,
  readArtifact,
  readRunFile,
  type Shard,
  sha256Hex,
  ZpbenchError,
} from '@zpbench/core';
import type { ResolvedConfig } from './run-config.js';
import { type ShardSpec, shardSeeds } from './shard.js';

/** How a run treats an existing run directory. */
export type ReuseMode = 'resume' | 'skip-complete-seeds' | 'force-rerun' | null;

/** A complete seed reused from an earlier attempt, its files verified against their records. */
export type SeedFiles = Readonly<Record<string, FileHash>>;

/** A run's plan: where it writes, which seeds it runs, and what it reuses. */
export interface RunPlan {
  readonly runDir: string;
  readonly runId: string;
  readonly existing: { readonly state: ResumeStateV3; readonly provenance: ProvenanceV8 } | null;
  /** The full seed plan, ascending. */
  readonly planned: readonly number[];
  /** Seeds this attempt runs, ascending. */
  readonly toRun: readonly number[];
  /** Complete seeds kept from earlier attempts, each with its verified file records. */
  readonly kept: ReadonlyMap<number, SeedFiles>;
  /**
   * Seeds rerun that must reproduce their recorded files exactly: under `--resume` those whose
   * stored files changed since they were written, and under any reuse those whose last rerun did
   * not reproduce them (their records are kept until a rerun does).
   */
  readonly reproduce: ReadonlyMap<number, SeedFiles>;
  /** One line per changed seed, and other things the user should know about the reuse. */
  readonly notes: readonly string[];
  /** The shard this directory runs, with its seeds; null for a whole run. */
  readonly shard: Shard | null;
}

/** Options of {@link planRun}. */
export interface PlanRunOptions {
  readonly domain: string;
  readonly reuse: ReuseMode;
  readonly outRoot?: string;
  readonly resultsRoot?: string;
  /** Seeds requested with --seeds (ascending), or null for the default plan. */
  readonly requested: readonly number[] | null;
  /** The seeds a plan gets when --seeds is not given. */
  readonly defaultSeeds: readonly number[];
  readonly zpbenchVersion: string;
  readonly startedAt: Date;
  readonly gitCommit: string | null;
  /** Run one shard of the plan (`--shard i/n`); the directory records the whole plan. */
  readonly shard?: ShardSpec | null;
}

const FLAG: Record<Exclude<ReuseMode, null>, string> = {
  resume: '--resume',
  'skip-complete-seeds': '--skip-complete-seeds',
  'force-rerun': '--force-rerun',
};

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** Whether a directory holds nothing of a run: empty, or only a lock and temp files of a killed start. */
function holdsNoRun(runDir: string): boolean {
  return readdirSync(runDir).every((name) => name === RUN_FILES.lock || isTempFileName(name));
}

/** Why a complete seed's recorded files no longer match the directory, or null when they do. */
function changedFiles(
  runDir: string,
  seed: number,
  files: SeedFiles,
  manifest: RunManifestV6 | null,
): string | null {
  const problems: string[] = [];
  for (const [path, record] of Object.entries(files)) {
    const listed = manifest?.artifacts[path];
    if (listed && listed.sha256 !== record.sha256) {
      problems.push(`${path} is recorded differently in manifest.json and resume_state.json`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readRunFile(runDir, path);
    } catch {
      problems.push(`${path} is missing`);
      continue;
    }
    if (sha256Hex(bytes) !== record.sha256 || bytes.length !== record.bytes)
      problems.push(`${path} changed since it was written`);
  }
  if (!Object.keys(files).some((path) => path.endsWith('/per_seed_result.json')))
    problems.push(`seed ${seed} has no recorded per_seed_result.json`);
  return problems.length === 0 ? null : problems.join('; ');
}

function readExisting(runDir: string): {
  state: ResumeStateV3;
  provenance: ProvenanceV8;
  manifest: RunManifestV6 | null;
} | null {
  const state = readArtifact(
    join(runDir, RUN_FILES.resumeState),
    RESUME_STATE_SCHEMA,
    `${runDir}/${RUN_FILES.resumeState}`,
  );
  const provenancePath = join(runDir, RUN_FILES.provenance);
  // Stopped between its first two writes (killed, disk full): nothing completed, so nothing to
  // protect; the run starts afresh. With complete seeds, a missing provenance is an edit.
  if (!existsSync(provenancePath) && Object.keys(state.seed_files).length === 0) return null;
  if (!existsSync(provenancePath)) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_CHANGED,
      `${runDir} has a resume state but no ${RUN_FILES.provenance}; the run directory was edited — restore the file or start a new run`,
    );
  }
  const provenance = readArtifact(
    provenancePath,
    PROVENANCE_SCHEMA,
    `${runDir}/${RUN_FILES.provenance}`,
  );
  const manifestPath = join(runDir, RUN_FILES.manifest);
  const manifest = existsSync(manifestPath)
    ? readArtifact(manifestPath, MANIFEST_SCHEMA, `${runDir}/${RUN_FILES.manifest}`)
    : null;
  // The contract is written to both files together; an edit of one is an edit, not a plan.
  if (
    JSON.stringify(state.contract) !== JSON.stringify(provenance.contract) ||
    state.run_id !== provenance.run_id
  ) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_CHANGED,
      `${runDir}: the seed contract in ${RUN_FILES.resumeState} (seeds ${state.contract.seeds.join(',')}, zpbench ${state.contract.code_version}) differs from the one in ${RUN_FILES.provenance} (seeds ${provenance.contract.seeds.join(',')}, zpbench ${provenance.contract.code_version}); the resume state was edited — restore it, nothing was changed`,
    );
  }
  if (
    manifest &&
    (manifest.run_id !== state.run_id ||
      sorted(manifest.seeds_planned).join() !== sorted(state.contract.seeds).join())
  ) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_CHANGED,
      `${runDir}: ${RUN_FILES.manifest} (run ${manifest.run_id}, seeds ${manifest.seeds_planned.join(',')}) does not match ${RUN_FILES.resumeState} (run ${state.run_id}, seeds ${state.contract.seeds.join(',')}); a file was edited — restore it, nothing was changed`,
    );
  }
  return { state, provenance, manifest };
}

/**
 * Decides the run directory and the seeds of an attempt, refusing conflicting requests before
 * touching any file. A reused directory is trusted only after every file each complete seed
 * wrote hashes as recorded in its resume state (and manifest): under `--resume` a changed seed is
 * rerun and must reproduce its recorded bytes; any other reuse refuses it, naming the file.
 */
export function planRun(options: PlanRunOptions, resolved: ResolvedConfig): RunPlan {
  const { reuse } = options;
  let runDir: string;
  let runId = createRunId(options.startedAt, options.gitCommit);
  if (options.outRoot !== undefined) {
    runDir = resolve(options.outRoot);
  } else {
    if (reuse)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `${FLAG[reuse]} needs --out-root <run_dir> naming the existing run directory`,
      );
    const base = join(resolve(options.resultsRoot ?? 'results/benchmarks'), options.domain);
    runDir = join(base, runId);
    for (let n = 2; existsSync(runDir); n++) {
      runId = `${createRunId(options.startedAt, options.gitCommit)}_${n}`;
      runDir = join(base, runId);
    }
  }
  const notes: string[] = [];
  const spec = options.shard ?? null;
  if (spec && reuse && reuse !== 'resume')
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--shard works with --resume only, not with ${FLAG[reuse]}`,
    );
  const shardOf = (planned: readonly number[]): Shard | null =>
    spec ? { ...spec, seeds: shardSeeds(planned, spec) } : null;
  const fresh = (): RunPlan => {
    const planned = options.requested ?? sorted(options.defaultSeeds);
    const shard = shardOf(planned);
    if (shard && shard.seeds.length === 0)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--shard ${shard.index}/${shard.count}: the plan has only ${planned.length} seeds, so this shard has none; use at most ${planned.length} shards`,
      );
    return {
      runDir,
      runId: options.outRoot !== undefined ? runIdFromDir(runDir, runId) : runId,
      existing: null,
      planned,
      toRun: shard ? shard.seeds : planned,
      kept: new Map(),
      reproduce: new Map(),
      notes,
      shard,
    };
  };
  if (!existsSync(runDir)) {
    if (reuse === 'resume')
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--resume: ${runDir} does not exist; start the run without --resume`,
      );
    return fresh();
  }
  if (!lstatSync(runDir).isDirectory())
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--out-root ${runDir} is a file, not a directory; pass a run directory`,
    );
  if (!existsSync(join(runDir, RUN_FILES.resumeState))) {
    if (!holdsNoRun(runDir)) {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--out-root ${runDir} exists and is not a zpbench run directory (no ${RUN_FILES.resumeState}); choose an empty or new directory`,
      );
    }
    // Killed before its first resume-state write: nothing of the run exists, so start afresh.
    if (readdirSync(runDir).length > 0)
      notes.push(
        `${runDir} holds only the lock of a run killed before it started; starting afresh`,
      );
    return fresh();
  }
  const existing = readExisting(runDir);
  if (!existing) {
    notes.push(`${runDir} holds a run stopped before its first seed was recorded; starting afresh`);
    return fresh();
  }
  const { state, provenance, manifest } = existing;
  const contract = state.contract;
  const conflicts: string[] = [];
  if (contract.domain !== resolved.domain)
    conflicts.push(`domain ${contract.domain} ≠ ${resolved.domain}`);
  if (contract.mode !== resolved.mode) conflicts.push(`mode ${contract.mode} ≠ ${resolved.mode}`);
  if (contract.config_hash !== resolved.configHash)
    conflicts.push(
      `config hash ${contract.config_hash.slice(0, 12)}… ≠ ${resolved.configHash.slice(0, 12)}…`,
    );
  if (contract.code_version !== options.zpbenchVersion)
    conflicts.push(
      `planned with zpbench ${contract.code_version}, this is ${options.zpbenchVersion}`,
    );
  const requested = options.requested;
  if (reuse === 'resume' && requested && requested.join(',') !== sorted(contract.seeds).join(','))
    conflicts.push(`seeds ${requested.join(',')} ≠ planned ${contract.seeds.join(',')}`);
  const shardName = (s: { index: number; count: number } | null) =>
    s ? `shard ${s.index}/${s.count}` : 'no shard';
  if (shardName(contract.shard) !== shardName(spec))
    conflicts.push(`${shardName(spec)} ≠ the directory's ${shardName(contract.shard)}`);
  if (conflicts.length > 0) {
    throw new ZpbenchError(
      ERROR_CODES.RESUME_CONFLICT,
      `${runDir} was planned with a different contract (${conflicts.join('; ')}); nothing was changed — rerun with the original settings or choose a new --out-root`,
    );
  }
  if (!reuse) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${runDir} already holds a run; pass --resume, --skip-complete-seeds or --force-rerun, or choose a new --out-root`,
    );
  }
  // A shard resumes its own seeds; the directory still records (and plans) the whole plan.
  const wanted =
    reuse === 'resume'
      ? sorted(contract.shard?.seeds ?? contract.seeds)
      : (requested ?? sorted(contract.seeds));
  const planned = reuse === 'resume' ? sorted(contract.seeds) : union(contract.seeds, wanted);
  const kept = new Map<number, SeedFiles>();
  const reproduce = new Map<number, SeedFiles>();
  for (const seed of planned) {
    const files = state.seed_files[String(seed)];
    if (!files) continue;
    // --force-rerun of a seed replaces it on purpose; every other rerun must reproduce it.
    if (reuse === 'force-rerun' && wanted.includes(seed)) continue;
    if (state.seed_status[String(seed)] !== 'complete') {
      // Its last rerun did not reproduce the recorded files: the record stands until one does.
      reproduce.set(seed, files);
      notes.push(
        `seed ${seed} did not reproduce its recorded files when last rerun; rerunning it, and the rerun must reproduce them`,
      );
      continue;
    }
    const problem = changedFiles(runDir, seed, files, manifest);
    if (problem === null) {
      kept.set(seed, files);
      continue;
    }
    if (reuse !== 'resume') {
      throw new ZpbenchError(
        ERROR_CODES.RUN_CHANGED,
        `${runDir} seed ${seed}: ${problem}; restore the file, or rerun the seed with --resume (which checks that it reproduces) or --force-rerun --seeds ${seed}; nothing was changed`,
      );
    }
    reproduce.set(seed, files);
    notes.push(
      `seed ${seed}: ${problem}; rerunning it, and the rerun must reproduce the recorded files`,
    );
  }
  const toRun = wanted.filter((seed) => !kept.has(seed));
  return {
    runDir,
    runId: state.run_id,
    existing: { state, provenance },
    planned,
    toRun,
    kept,
    reproduce,
    notes,
    shard: contract.shard,
  };
}

function runIdFromDir(runDir: string, fallback: string): string {
  const name = runDir.split(/[\\/]/).pop() ?? '';
  return name.length > 0 ? name : fallback;
}
