import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  type BenchmarkRun,
  checkRunDir,
  createRunReader,
  type DomainContractLookup,
  type DomainPlugin,
  ERROR_CODES,
  type FileRecord,
  type ProvenanceV8,
  perSeedResultPath,
  type ResumeStateV3,
  type RunManifestV6,
  readBenchmarkRun,
  readRunArtifact,
  readRunFile,
  type SeedContract,
  type SeedResult,
  syncRunFiles,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';
import { aggregateRun } from './aggregate-run.js';
import { assertComparable } from './baseline.js';
import { acquireRunLock } from './lock.js';
import { readGitInfo } from './provenance.js';
import type { ReportOutput } from './run-benchmark.js';
import { RunJournal } from './run-journal.js';
import { writeRunManifest } from './write-manifest.js';

/** Options of {@link mergeShards}. */
export interface MergeShardsOptions {
  readonly plugin: DomainPlugin<unknown>;
  /** The shard run directories (`--shard i/n` runs of one plan), in any order. */
  readonly shardDirs: readonly string[];
  /** The merged run directory: new, or empty. */
  readonly outRoot: string;
  /** Compare the merged run with this earlier run, as `--baseline-run-dir` does for a run. */
  readonly baselineRunDir?: string;
  /** Finds domain contracts (for the baseline run); the plugin's own contract by default. */
  readonly domains?: DomainContractLookup;
  readonly argv: readonly string[];
  readonly zpbenchVersion: string;
  readonly rootPackageJson?: string;
  readonly now?: () => Date;
  /** Renders the merged run's reports, as a run does (the manifest comes after). */
  readonly renderReport?: (
    runDir: string,
    files: Readonly<Record<string, FileRecord>>,
  ) => Promise<ReportOutput>;
}

/** A shard as the merge reads it: checked, with its journal and manifest. */
interface ShardRun {
  readonly dir: string;
  readonly manifest: RunManifestV6;
  readonly state: ResumeStateV3;
  readonly provenance: ProvenanceV8;
  readonly contract: SeedContract & { shard: NonNullable<SeedContract['shard']> };
  /** sha256 of the manifest bytes the check read (the merged provenance records it). */
  readonly manifestSha256: string;
}

function refuse(message: string): ZpbenchError {
  return new ZpbenchError(ERROR_CODES.USAGE, `merge: ${message}; nothing was written`);
}

/**
 * The one violation a complete shard has: being a shard. Core holds a shard's seed lists to its
 * own share of the plan, so every other violation (a seed list of the journal against the
 * manifest's plan included) is a reason to refuse it.
 */
const ALLOWED_IN_A_SHARD = new Set(['shard']);

/** Checks one shard directory: a valid run in every respect but being a shard of a plan. */
async function readShard(plugin: DomainPlugin<unknown>, dir: string): Promise<ShardRun> {
  const check = await checkRunDir(dir, {
    domains: (id) => (id === plugin.id ? plugin.contract : undefined),
  });
  const { manifest, manifestSha256 } = check;
  const { resumeState: state, provenance } = check.artifacts;
  const shard = state?.contract.shard;
  // An unfinished shard is named as such (its incomplete seeds are also a 'seeds' violation).
  const missing = shard?.seeds.filter((seed) => !manifest?.seeds_completed.includes(seed)) ?? [];
  if (shard && manifest && missing.length > 0)
    throw refuse(
      `shard ${shard.index}/${shard.count} (${dir}) is incomplete: seeds ${missing.join(', ')} are not complete; rerun it with --resume, then merge`,
    );
  const problem = check.violations.find((v) => !ALLOWED_IN_A_SHARD.has(v.check));
  if (problem || !manifest || !manifestSha256 || !state || !provenance) {
    throw refuse(
      `shard ${dir} does not validate${problem ? ` (${problem.file}: ${problem.check} expected ${problem.expected}, found ${problem.found})` : ''}; rerun it with --resume or remove it`,
    );
  }
  if (!shard)
    throw refuse(`${dir} is a whole run, not a shard; merge only --shard runs of one plan`);
  const untimed = shard.seeds.filter((seed) => !provenance.seed_timings[String(seed)]);
  if (untimed.length > 0)
    throw refuse(
      `shard ${dir} has no timing of seeds ${untimed.join(', ')} in its provenance; rerun it with --resume`,
    );
  return {
    dir,
    manifest,
    state,
    provenance,
    contract: { ...state.contract, shard },
    manifestSha256,
  };
}

/** The one way shards of a plan may differ: their shard identity. */
function contractKey(shard: ShardRun): string {
  const { shard: _shard, ...rest } = shard.contract;
  return JSON.stringify({ ...rest, zpbench: shard.manifest.zpbench_version });
}

/** Checks that the shards are one plan's, every planned seed in exactly one of them. */
function checkShards(shards: readonly ShardRun[]): { plan: number[]; count: number } {
  const first = shards[0] as ShardRun;
  for (const shard of shards.slice(1)) {
    if (contractKey(shard) !== contractKey(first)) {
      const a = first.contract;
      const b = shard.contract;
      const what =
        a.domain !== b.domain || a.mode !== b.mode
          ? `${b.domain} ${b.mode} ≠ ${a.domain} ${a.mode}`
          : a.config_hash !== b.config_hash
            ? `config hash ${b.config_hash.slice(0, 12)}… ≠ ${a.config_hash.slice(0, 12)}…`
            : a.seeds.join() !== b.seeds.join()
              ? `seed plan ${b.seeds.join(',')} ≠ ${a.seeds.join(',')}`
              : shard.manifest.zpbench_version !== first.manifest.zpbench_version
                ? `zpbench ${shard.manifest.zpbench_version} ≠ ${first.manifest.zpbench_version}`
                : 'another parent run or code version';
      throw refuse(
        `shard ${shard.dir} is of another run than ${first.dir} (${what}); merge shards of one plan`,
      );
    }
  }
  const count = first.contract.shard.count;
  const byIndex = new Map<number, ShardRun>();
  for (const shard of shards) {
    if (shard.contract.shard.count !== count)
      throw refuse(
        `shard ${shard.dir} is ${shard.contract.shard.index}/${shard.contract.shard.count}, the others are of ${count}`,
      );
    const twin = byIndex.get(shard.contract.shard.index);
    if (twin)
      throw refuse(
        `shard ${shard.contract.shard.index}/${count} is given twice (${twin.dir} and ${shard.dir})`,
      );
    byIndex.set(shard.contract.shard.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw refuse(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; pass every shard directory of the plan`,
    );
  const owner = new Map<number, ShardRun>();
  for (const shard of shards) {
    for (const seed of shard.contract.shard.seeds) {
      const other = owner.get(seed);
      if (other) throw refuse(`seed ${seed} is in ${other.dir} and in ${shard.dir}`);
      owner.set(seed, shard);
    }
  }
  const plan = [...first.contract.seeds].sort((a, b) => a - b);
  const uncovered = plan.filter((seed) => !owner.has(seed));
  if (uncovered.length > 0)
    throw refuse(`seeds ${uncovered.join(', ')} of the plan are in no shard`);
  return { plan, count };
}

function shardProvenance(shard: ShardRun): NonNullable<ProvenanceV8['shards']>[number] {
  const { system, git, created_utc, runtime } = shard.provenance;
  return {
    index: shard.contract.shard.index,
    count: shard.contract.shard.count,
    run_id: shard.manifest.run_id,
    seeds: [...shard.contract.shard.seeds],
    manifest_sha256: shard.manifestSha256,
    created_utc,
    git,
    system,
    node: runtime.node,
    attempts: shard.state.attempts.map((a) => ({ ...a })),
  };
}

/**
 * Merges the shard directories of one plan into one run directory indistinguishable from a run
 * made in one piece: checks that the shards share domain, mode, config hash, seed plan, parent and
 * zpbench version and cover every planned seed exactly once (refusing with the missing, duplicated
 * or incompatible shard named, before anything is written), copies each seed's recorded files,
 * then aggregates, audits, renders and writes the manifest through the same steps as a run. The
 * merged provenance keeps every shard's machine, timings and attempts.
 */
export async function mergeShards(options: MergeShardsOptions) {
  const { plugin } = options;
  const now = options.now ?? (() => new Date());
  // 1. Read and check every shard; 2. check they are one plan; nothing is written before.
  if (options.shardDirs.length === 0) throw refuse('no shard directories given');
  const shards = await Promise.all(options.shardDirs.map((dir) => readShard(plugin, resolve(dir))));
  const { plan } = checkShards(shards);
  const first = shards[0] as ShardRun;
  const runDir = resolve(options.outRoot);
  if (existsSync(runDir) && readdirSync(runDir).length > 0)
    throw refuse(`--out ${runDir} exists and is not empty; choose a new directory`);
  if (shards.some((shard) => resolve(shard.dir) === runDir))
    throw refuse(`--out ${runDir} is one of the shards; choose a new directory`);
  const startedAt = now();
  const config = (first.provenance.config as { config?: unknown }).config;
  const resolved = {
    domain: plugin.id,
    mode: first.contract.mode,
    config,
    hashed: first.provenance.config,
    configHash: first.contract.config_hash,
    defaultSeeds: plan,
  };
  const baseline: BenchmarkRun | null = options.baselineRunDir
    ? await readBenchmarkRun(options.baselineRunDir, {
        domains: options.domains ?? ((id) => (id === plugin.id ? plugin.contract : undefined)),
      })
    : null;
  if (baseline)
    assertComparable(
      plugin,
      { mode: resolved.mode, seeds: plan, config: resolved.hashed },
      baseline,
    );

  // 3. The merged journal: the whole plan, no shard, the same parent.
  const existed = existsSync(runDir);
  mkdirSync(runDir, { recursive: true });
  const release = acquireRunLock(runDir);
  let merged = false;
  try {
    const contract: SeedContract = { ...first.contract, shard: null };
    const journal = RunJournal.start({
      plan: {
        runDir,
        runId: basename(runDir),
        existing: null,
        planned: plan,
        toRun: [],
        kept: new Map(),
        reproduce: new Map(),
        notes: [],
        shard: null,
      },
      resolved,
      contract,
      argv: options.argv,
      startedAt,
      git: readGitInfo(),
      zpbenchVersion: options.zpbenchVersion,
      rootPackageJson: options.rootPackageJson,
      parentRunDir: first.provenance.parent_run_dir,
    });

    // 4. Copy each seed's recorded files byte for byte (checked against its shard's manifest).
    const seedResults = new Map<number, SeedResult>();
    for (const shard of [...shards].sort(
      (a, b) => a.contract.shard.index - b.contract.shard.index,
    )) {
      for (const seed of shard.contract.shard.seeds) {
        const recorded = shard.state.seed_files[String(seed)] ?? {};
        const records = Object.entries(recorded)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([path, hash]) =>
            writeRunFile(runDir, path, readRunFile(shard.dir, path, hash), { sync: false }),
          );
        const result = readRunArtifact(runDir, perSeedResultPath(seed), plugin.contract.seedResult);
        seedResults.set(seed, result);
        const timing = shard.provenance.seed_timings[String(seed)] as NonNullable<
          ProvenanceV8['seed_timings'][string]
        >;
        journal.importSeed(seed, records, result.dataset_fingerprint, timing);
      }
    }
    // The copies reach the disk together, before anything that commits to them is written.
    await syncRunFiles(runDir, journal.seedRecords());
    journal.recordShards(shards.map(shardProvenance).sort((a, b) => a.index - b.index));

    // 5. Aggregate, close, render, and write the manifest last, as a run does.
    const files = Object.fromEntries(journal.seedRecords().map((r) => [r.path, r]));
    const aggregated = aggregateRun({
      plugin,
      runDir,
      mode: resolved.mode,
      config,
      configHash: resolved.configHash,
      codeVersion: contract.code_version,
      plannedSeeds: plan,
      seedResults: new Map([...seedResults].sort(([a], [b]) => a - b)),
      read: createRunReader(runDir, files),
      baseline,
      parent: contract.parent_run,
    });
    journal.close(now());
    const written = [...journal.seedRecords(), ...aggregated.records, ...journal.journalRecords()];
    const report = options.renderReport
      ? await options.renderReport(runDir, Object.fromEntries(written.map((r) => [r.path, r])))
      : { records: [], removed: [] };
    const manifest = writeRunManifest({
      runDir,
      contract: plugin.contract,
      runId: basename(runDir),
      mode: resolved.mode,
      zpbenchVersion: options.zpbenchVersion,
      configHash: resolved.configHash,
      planned: plan,
      completed: journal.completeSeeds(),
      failed: journal.failedSeeds(),
      datasetFingerprints: journal.datasetFingerprints(),
      records: [...written, ...report.records],
    });
    merged = true;
    return {
      runDir,
      manifest,
      claimAudit: aggregated.claimAudit,
      pairedStats: aggregated.pairedStats,
      shards: shards.length,
    };
  } finally {
    release();
    // A merge that fails part way (a full disk, a kill) leaves nothing behind but what was there.
    if (!merged) {
      if (existed)
        for (const entry of readdirSync(runDir))
          rmSync(resolve(runDir, entry), { recursive: true, force: true });
      else rmSync(runDir, { recursive: true, force: true });
    }
  }
}
