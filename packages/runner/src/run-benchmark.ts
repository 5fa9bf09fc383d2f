import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  type BudgetVerdictV1,
  type ClaimAuditV2,
  createRunReader,
  type DomainContractLookup,
  type DomainPlugin,
  ERROR_CODES,
  type ErrorCode,
  type FileRecord,
  formatArtifactJson,
  type LoadedBudgetFile,
  type PairedStatsV1,
  type ProgressEvent,
  perSeedResultPath,
  RUN_FILES,
  type RunManifestV6,
  readBenchmarkRun,
  readRunArtifact,
  removeOrphanTempFiles,
  type SeedContract,
  type SeedResult,
  seedDir,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';
import { aggregateRun } from './aggregate-run.js';
import { assertComparable } from './baseline.js';
import { evaluateBudgets, scientificEvidence } from './budgets/evaluate.js';
import { underpoweredRequiredClaims } from './claims.js';
import { interruptedError } from './interruption.js';
import { acquireRunLock } from './lock.js';
import { resolveParentRun } from './parent-run.js';
import { planRun, type ReuseMode, type SeedFiles } from './plan-run.js';
import { readGitInfo } from './provenance.js';
import { resolveConfig } from './run-config.js';
import { RunJournal } from './run-journal.js';
import type { ShardSpec } from './shard.js';
import type { SlotRegression } from './statistics.js';
import { defaultWorkerCount, type PluginModule, runSeedSchedule } from './worker-pool.js';
import type { SeedFailure } from './worker-protocol.js';
import { writeRunManifest } from './write-manifest.js';
import { checkSeedOutput, writeSeedFiles } from './write-seed.js';

/** Progress and lifecycle events of a run, for a live display or a log. */
export type RunEvent =
  | {
      readonly type: 'start';
      readonly runDir: string;
      readonly runId: string;
      readonly seeds: readonly number[];
      readonly skipped: readonly number[];
      readonly workers: number;
    }
  | { readonly type: 'note'; readonly message: string }
  /** Said before training starts, and shown even when progress is quiet. */
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'seed-start'; readonly seed: number }
  | { readonly type: 'seed-progress'; readonly seed: number; readonly event: ProgressEvent }
  | { readonly type: 'seed-done'; readonly seed: number; readonly wallSeconds: number }
  | { readonly type: 'seed-failed'; readonly seed: number; readonly message: string }
  | { readonly type: 'phase'; readonly phase: 'aggregate' | 'claims' | 'report' | 'manifest' };

/** The files a report hook wrote (records of the bytes written) and removed. */
export interface ReportOutput {
  readonly records: readonly FileRecord[];
  readonly removed: readonly string[];
}

/** Devices this build computes on. */
export const SUPPORTED_DEVICES = ['cpu'] as const;

/** Options of {@link runBenchmark}. */
export interface RunBenchmarkOptions {
  readonly plugin: DomainPlugin<unknown>;
  /** How worker threads load the plugin (`import(moduleUrl)[exportName]`). */
  readonly module: PluginModule;
  readonly mode: string;
  /** Seeds to run; the mode's defaults (or the stored contract on resume) when omitted. */
  readonly seeds?: readonly number[];
  /** The run directory; a new `results/benchmarks/<domain>/<run_id>` when omitted. */
  readonly outRoot?: string;
  /** Root of new run directories; `results/benchmarks` by default. */
  readonly resultsRoot?: string;
  readonly resume?: boolean;
  readonly skipCompleteSeeds?: boolean;
  readonly forceRerun?: boolean;
  /** Worker threads; one per core by default; 0 runs seeds inline. */
  readonly workers?: number;
  /** Values of the domain's own options, keyed by long flag name. */
  readonly domainOptions?: Readonly<Record<string, string>>;
  /** A whole configuration replacing the mode's defaults (validated by the domain's schema). */
  readonly config?: unknown;
  /** The parent run of a mode that declares one (`DomainPlugin.parentRun`). */
  readonly parentRunDir?: string;
  readonly baselineRunDir?: string;
  /** Finds domain contracts (for the baseline run); the plugin's own contract by default. */
  readonly domains?: DomainContractLookup;
  /** Run one shard of the plan (`--shard i/n`, or from the scheduler); merge the shards after. */
  readonly shard?: ShardSpec | null;
  /** Compute device; `cpu`, the only one this build supports, by default. */
  readonly device?: string;
  readonly argv: readonly string[];
  readonly zpbenchVersion: string;
  /** package.json whose dependency tree is recorded in provenance. */
  readonly rootPackageJson?: string;
  readonly now?: () => Date;
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Renders reports and figures from the stored artifacts, given the hashes of every file written
   * so far (the manifest comes after it); returns what it wrote and removed.
   */
  readonly renderReport?: (
    runDir: string,
    files: Readonly<Record<string, FileRecord>>,
  ) => Promise<ReportOutput>;
  /**
   * Stops the run (SIGINT): running seeds are abandoned, the attempt is recorded as interrupted,
   * the lock released, and `ZPB_INTERRUPTED` thrown; `--resume` continues it.
   */
  readonly signal?: AbortSignal;
  /**
   * A budget file (`--budget-file`, read with core's `readBudgetFile`): evaluated on the
   * aggregates, its verdict written to aggregated/budget_verdict.json and its path and digest
   * recorded in provenance and the manifest.
   */
  readonly budget?: LoadedBudgetFile | null;
  /** A note for provenance and the envelope (`--notes`). */
  readonly notes?: string | null;
}

/** Outcome of a run. */
export interface RunBenchmarkResult {
  readonly runDir: string;
  readonly runId: string;
  readonly seedsRun: readonly number[];
  readonly seedsCompleted: readonly number[];
  readonly seedsFailed: readonly number[];
  readonly manifest: RunManifestV6;
  readonly claimAudit: ClaimAuditV2;
  readonly pairedStats: PairedStatsV1;
  /** Whether this directory is one shard of a larger plan (claims are decided on the merge). */
  readonly shard: boolean;
  /** The budget verdict, when a budget file was given. */
  readonly budgetVerdict: BudgetVerdictV1 | null;
  /**
   * The severity test against `baselineRunDir` (stored in `paired_stats.json` as the run's
   * regression verdict), or null without a baseline or when too few seeds allow a verdict.
   */
  readonly regression: SlotRegression | null;
}

function reuseMode(options: RunBenchmarkOptions): ReuseMode {
  const flags = [
    options.resume && ('resume' as const),
    options.skipCompleteSeeds && ('skip-complete-seeds' as const),
    options.forceRerun && ('force-rerun' as const),
  ].filter((flag): flag is Exclude<ReuseMode, null> => Boolean(flag));
  if (flags.length > 1) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${flags.map((f) => `--${f}`).join(' and ')} cannot be combined; choose one`,
    );
  }
  return flags[0] ?? null;
}

/** The difference between a rerun seed's files and the ones recorded for it, or null. */
function reproductionDifference(
  recorded: SeedFiles,
  written: readonly FileRecord[],
): string | null {
  const fresh = new Map(written.map((r) => [r.path, r.sha256]));
  const paths = [...new Set([...Object.keys(recorded), ...fresh.keys()])].sort();
  const differ = paths.filter((path) => recorded[path]?.sha256 !== fresh.get(path));
  return differ.length === 0
    ? null
    : differ
        .map((path) =>
          !recorded[path]
            ? `${path} is new`
            : !fresh.has(path)
              ? `${path} was not written again`
              : `${path} sha256 ${fresh.get(path)?.slice(0, 12)}… ≠ recorded ${recorded[path]?.sha256.slice(0, 12)}…`,
        )
        .join('; ');
}

/**
 * Runs a domain benchmark into a run directory. Phases, in order:
 * 1. validate the device, the parent run and the config;
 * 2. plan the seeds, verifying every reused file against its recorded hash;
 * 3. read the baseline run; take the lock; remove temp files of killed writers;
 * 4. record the attempt in the journal (resume state and provenance);
 * 5. run the seeds on worker threads, writing each checked result as it arrives (a signal stops
 *    them and records the attempt as interrupted);
 * 6. stop on an input error or a rerun that did not reproduce its recorded files;
 * 7. aggregate (summary, paired stats, metric log, domain artifacts, claim audit);
 * 8. close the attempt, render the reports, and write the manifest last.
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<RunBenchmarkResult> {
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => {});
  const { plugin } = options;

  // 1. Device, parent run, config.
  const device = options.device ?? 'cpu';
  if (!(SUPPORTED_DEVICES as readonly string[]).includes(device)) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--device ${device} is not supported: this build of zpbench computes on ${SUPPORTED_DEVICES.join(', ')} only; pass --device cpu`,
    );
  }
  const reuse = reuseMode(options);
  const parent = await resolveParentRun(plugin, options.mode, options.parentRunDir);
  const resolved = resolveConfig(plugin, options.mode, {
    domainOptions: options.domainOptions,
    config: options.config,
    parent: parent?.ref ?? null,
  });

  // 2. Plan.
  const startedAt = now();
  const git = readGitInfo();
  const requested = options.seeds ? [...new Set(options.seeds)].sort((a, b) => a - b) : null;
  if (parent && requested) {
    const lacking = requested.filter((seed) => !parent.ref.seeds.includes(seed));
    if (lacking.length > 0) {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--seeds ${lacking.join(',')}: the parent run has no such complete seed (it has ${parent.ref.seeds.join(',')}); choose among them or omit --seeds`,
      );
    }
  }
  const plan = planRun(
    {
      domain: plugin.id,
      reuse,
      outRoot: options.outRoot,
      resultsRoot: options.resultsRoot,
      requested,
      defaultSeeds: parent ? parent.ref.seeds : resolved.defaultSeeds,
      zpbenchVersion: options.zpbenchVersion,
      startedAt,
      gitCommit: git.commit,
      shard: options.shard ?? null,
    },
    resolved,
  );

  // 3. Baseline, lock, leftovers.
  const baseline: BenchmarkRun | null = options.baselineRunDir
    ? await readBenchmarkRun(options.baselineRunDir, {
        domains: options.domains ?? ((id) => (id === plugin.id ? plugin.contract : undefined)),
      })
    : null;
  if (baseline)
    assertComparable(
      plugin,
      { mode: resolved.mode, seeds: plan.planned, config: resolved.hashed },
      baseline,
    );
  mkdirSync(plan.runDir, { recursive: true });
  const release = acquireRunLock(plan.runDir);
  try {
    const orphans = removeOrphanTempFiles(plan.runDir);
    if (orphans.length > 0)
      emit({
        type: 'note',
        message: `removed ${orphans.length} temp file${orphans.length === 1 ? '' : 's'} of an interrupted write (${orphans[0]}${orphans.length > 1 ? ', …' : ''})`,
      });
    for (const message of plan.notes) emit({ type: 'note', message });
    const underpowered = underpoweredRequiredClaims(plugin, resolved.mode, plan.planned.length);
    if (underpowered.length > 0) {
      const needed = Math.max(...underpowered.map((c) => c.seedsNeeded));
      const ids = underpowered.map((c) => c.id).join(', ');
      emit({
        type: 'warning',
        message: `this plan cannot pass its required claims: ${ids} need at least ${needed} seeds and ${resolved.mode} plans ${plan.planned.length}, so ${underpowered.length === 1 ? 'it' : 'they'} will be INCONCLUSIVE and the run will fail the gate; pass --seeds 0-${needed - 1} (or more) to be able to pass`,
      });
    }

    // 4. Journal.
    const contract: SeedContract = {
      domain: plugin.id,
      mode: resolved.mode,
      seeds: [...plan.planned],
      config_hash: resolved.configHash,
      code_version: plan.existing?.state.contract.code_version ?? options.zpbenchVersion,
      shard: plan.shard,
      parent_run: parent?.ref ?? null,
    };
    const journal = RunJournal.start({
      plan,
      resolved,
      contract,
      argv: options.argv,
      startedAt,
      git,
      zpbenchVersion: options.zpbenchVersion,
      rootPackageJson: options.rootPackageJson,
      parentRunDir: parent?.run.runDir ?? null,
      budgetFile: options.budget?.ref ?? null,
      notes: options.notes ?? null,
    });
    // A seed is complete only with its recorded files: discard leftovers of seeds about to run.
    for (const seed of plan.toRun)
      rmSync(join(plan.runDir, seedDir(seed)), { recursive: true, force: true });
    const workers = options.workers ?? defaultWorkerCount();
    emit({
      type: 'start',
      runDir: plan.runDir,
      runId: plan.runId,
      seeds: plan.toRun,
      skipped: plan.planned.filter((s) => !plan.toRun.includes(s)),
      workers,
    });

    // 5. Seeds.
    const seedStart = new Map<number, Date>();
    const typed: { seed: number; failure: SeedFailure }[] = [];
    const notReproduced: string[] = [];
    const fail = (seed: number, failure: SeedFailure) => {
      journal.recordFailure(seed, failure.message, { keepRecord: plan.reproduce.has(seed) });
      if (failure.code?.startsWith('ZPB_')) typed.push({ seed, failure });
      emit({ type: 'seed-failed', seed, message: failure.message });
    };
    await runSeedSchedule(
      plugin,
      options.module,
      plan.toRun.map((seed) => ({
        domain: plugin.id,
        mode: resolved.mode,
        seed,
        config: resolved.config,
        configHash: resolved.configHash,
        parent: parent?.run ?? null,
      })),
      workers,
      {
        onStart: (seed) => {
          seedStart.set(seed, now());
          journal.markRunning(seed);
          emit({ type: 'seed-start', seed });
        },
        onProgress: (seed, event) => emit({ type: 'seed-progress', seed, event }),
        onResult: (seed, output) => {
          const checked = checkSeedOutput(plugin, seed, output, {
            mode: resolved.mode,
            configHash: resolved.configHash,
            codeVersion: contract.code_version,
          });
          const recorded = plan.reproduce.get(seed);
          const difference = recorded ? reproductionDifference(recorded, checked.records) : null;
          const records = writeSeedFiles(plan.runDir, checked);
          if (difference) {
            notReproduced.push(`seed ${seed}: ${difference}`);
            fail(seed, {
              message: `did not reproduce its recorded files: ${difference}`,
              code: null,
            });
            return;
          }
          const finished = now();
          const started = seedStart.get(seed) ?? finished;
          journal.recordSeed(seed, records, checked.result.dataset_fingerprint, {
            started,
            finished,
            trainSeconds: output.trainSeconds ?? {},
          });
          emit({
            type: 'seed-done',
            seed,
            wallSeconds: (finished.getTime() - started.getTime()) / 1000,
          });
        },
        onError: fail,
      },
      { signal: options.signal },
    );
    if (options.signal?.aborted) {
      journal.interrupt(now());
      throw interruptedError(plan.runDir, journal.completeSeeds().length, plan.planned.length);
    }

    // 6. Input errors and failed reproductions stop the run before anything is aggregated.
    const firstTyped = typed[0];
    if (firstTyped) {
      journal.close(now());
      throw new ZpbenchError(
        firstTyped.failure.code as ErrorCode,
        `seed ${firstTyped.seed}: ${firstTyped.failure.message}`,
      );
    }
    if (notReproduced.length > 0) {
      journal.close(now());
      throw new ZpbenchError(
        ERROR_CODES.NOT_REPRODUCED,
        `${plan.runDir}: a rerun seed did not reproduce the files recorded for it (${notReproduced.join(' | ')}); the code, the data generator or the stored run changed — start a new run, nothing was aggregated`,
      );
    }

    // 7. Aggregate over every complete planned seed.
    emit({ type: 'phase', phase: 'aggregate' });
    const completed = journal.completeSeeds();
    const files = Object.fromEntries(journal.seedRecords().map((record) => [record.path, record]));
    const read = createRunReader(plan.runDir, files);
    const seedResults = new Map<number, SeedResult>();
    for (const seed of completed) {
      const path = perSeedResultPath(seed);
      seedResults.set(
        seed,
        readRunArtifact(plan.runDir, path, plugin.contract.seedResult, files[path]),
      );
    }
    const aggregated = aggregateRun({
      plugin,
      runDir: plan.runDir,
      mode: resolved.mode,
      config: resolved.config,
      configHash: resolved.configHash,
      codeVersion: contract.code_version,
      plannedSeeds: plan.planned,
      seedResults,
      read,
      baseline,
      parent: parent?.ref ?? null,
      onPhase: (phase) => emit({ type: 'phase', phase }),
    });

    // The budget gate, on the same evidence the claims saw.
    let budgetVerdict: BudgetVerdictV1 | null = null;
    const budgetRecords: FileRecord[] = [];
    if (options.budget) {
      budgetVerdict = evaluateBudgets(
        options.budget.file,
        [
          scientificEvidence({
            runId: plan.runId,
            summary: aggregated.summary,
            pairedStats: aggregated.pairedStats,
            claimAudit: aggregated.claimAudit,
            failedSeeds: journal.failedSeeds(),
          }),
        ],
        options.budget.ref.sha256,
      );
      budgetRecords.push(
        writeRunFile(plan.runDir, RUN_FILES.budgetVerdict, formatArtifactJson(budgetVerdict)),
      );
    } else {
      // A verdict of an earlier attempt's budget does not describe this aggregation.
      rmSync(join(plan.runDir, RUN_FILES.budgetVerdict), { force: true });
    }

    // 8. Close, report, manifest.
    journal.close(now());
    const written = [
      ...journal.seedRecords(),
      ...aggregated.records,
      ...budgetRecords,
      ...journal.journalRecords(),
    ];
    let report: ReportOutput = { records: [], removed: [] };
    if (options.renderReport) {
      emit({ type: 'phase', phase: 'report' });
      report = await options.renderReport(
        plan.runDir,
        Object.fromEntries(written.map((record) => [record.path, record])),
      );
    }
    emit({ type: 'phase', phase: 'manifest' });
    const manifest = writeRunManifest({
      runDir: plan.runDir,
      contract: plugin.contract,
      runId: plan.runId,
      mode: resolved.mode,
      zpbenchVersion: options.zpbenchVersion,
      configHash: resolved.configHash,
      planned: plan.planned,
      completed,
      failed: journal.failedSeeds(),
      datasetFingerprints: journal.datasetFingerprints(),
      records: [...written, ...report.records],
      budgetFile: options.budget?.ref ?? null,
    });
    return {
      runDir: plan.runDir,
      runId: plan.runId,
      seedsRun: plan.toRun,
      seedsCompleted: completed,
      seedsFailed: journal.failedSeeds(),
      manifest,
      claimAudit: aggregated.claimAudit,
      budgetVerdict,
      pairedStats: aggregated.pairedStats,
      shard: plan.shard !== null,
      regression: aggregated.regression,
    };
  } finally {
    release();
  }
}
