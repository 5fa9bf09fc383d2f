import {
  type Attempt,
  type FileRecord,
  formatArtifactJson,
  type GitInfo,
  PROVENANCE_MARKER,
  PROVENANCE_VERSION,
  type ProvenanceV7,
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  type ResumeStateV3,
  RUN_FILES,
  type SeedContract,
  writeRunFile,
} from '@zpbench/core';
import type { RunPlan } from './plan-run.js';
import {
  collectPackageVersions,
  readEnvFlags,
  readEnvironment,
  readSystemInfo,
} from './provenance.js';
import type { ResolvedConfig } from './run-config.js';

/** ISO-8601 UTC with milliseconds: seed timings must resolve sub-second seeds. */
const utc = (date: Date) => date.toISOString();

/** Inputs of {@link RunJournal.start}. */
export interface JournalStart {
  readonly plan: RunPlan;
  readonly resolved: ResolvedConfig;
  readonly contract: SeedContract;
  readonly argv: readonly string[];
  readonly startedAt: Date;
  readonly git: GitInfo;
  readonly zpbenchVersion: string;
  readonly rootPackageJson?: string;
  /** Absolute path of the parent run, when the mode read one. */
  readonly parentRunDir: string | null;
}

/** Timing of a seed as the runner measured it; goes to provenance only. */
export interface SeedTiming {
  readonly started: Date;
  readonly finished: Date;
  readonly trainSeconds: Readonly<Record<string, number>>;
}

/**
 * The run's journal: resume_state.json and provenance.json, owned by one object so they are
 * always written together and in a crash-safe order. Every change is saved at once; a run killed
 * at any moment leaves a journal `--resume` can continue from.
 */
export class RunJournal {
  readonly #runDir: string;
  readonly #state: ResumeStateV3;
  readonly #provenance: ProvenanceV7;
  readonly #attempt: Attempt;
  #records = new Map<string, FileRecord>();

  private constructor(
    runDir: string,
    state: ResumeStateV3,
    provenance: ProvenanceV7,
    attempt: Attempt,
  ) {
    this.#runDir = runDir;
    this.#state = state;
    this.#provenance = provenance;
    this.#attempt = attempt;
  }

  /** Records a new attempt (before any seed runs, so a killed run keeps its history) and saves. */
  static start(input: JournalStart): RunJournal {
    const { plan, resolved, contract } = input;
    const argv = [...input.argv];
    const previous = plan.existing?.state.attempts ?? [];
    const attempt: Attempt = {
      attempt: previous.length + 1,
      argv,
      started_utc: utc(input.startedAt),
      finished_utc: null,
      seeds_run: [...plan.toRun],
      seeds_completed: [],
      seeds_failed: [],
      status: 'running',
    };
    const closeStale = (a: Attempt): Attempt =>
      a.status === 'running' ? { ...a, status: 'interrupted' } : a;
    const toRun = new Set(plan.toRun);
    const keep = <T>(record: Readonly<Record<string, T>> | undefined) =>
      Object.fromEntries(Object.entries(record ?? {}).filter(([seed]) => !toRun.has(Number(seed))));
    const state: ResumeStateV3 = {
      schema: RESUME_STATE_MARKER,
      schema_version: RESUME_STATE_VERSION,
      run_id: plan.runId,
      contract,
      startup: plan.existing?.state.startup ?? {
        created_utc: utc(input.startedAt),
        argv,
        git: input.git,
      },
      seed_status: Object.fromEntries(
        plan.planned.map((seed) => [String(seed), plan.kept.has(seed) ? 'complete' : 'pending']),
      ),
      seed_errors: keep(plan.existing?.state.seed_errors),
      seed_files: Object.fromEntries(
        [...plan.kept, ...plan.reproduce].map(([seed, files]) => [String(seed), { ...files }]),
      ),
      attempts: [...previous.map(closeStale), attempt],
    };
    const old = plan.existing?.provenance;
    const provenance: ProvenanceV7 = old
      ? {
          ...old,
          contract,
          dataset_fingerprints: keep(old.dataset_fingerprints),
          seed_timings: keep(old.seed_timings),
        }
      : {
          schema: PROVENANCE_MARKER,
          schema_version: PROVENANCE_VERSION,
          run_id: plan.runId,
          domain: resolved.domain,
          mode: resolved.mode,
          zpbench_version: input.zpbenchVersion,
          created_utc: utc(input.startedAt),
          git: input.git,
          system: readSystemInfo(),
          environment: readEnvironment(),
          runtime: {
            node: process.version,
            v8: process.versions.v8,
            packages: input.rootPackageJson ? collectPackageVersions(input.rootPackageJson) : {},
          },
          invocation: { argv, env_flags: readEnvFlags() },
          config_hash: resolved.configHash,
          parent_run_dir: input.parentRunDir,
          contract,
          config: resolved.hashed,
          dataset_fingerprints: {},
          seed_timings: {},
          seed_errors: {},
          resume: { attempts: [] },
          shards: null,
        };
    const journal = new RunJournal(plan.runDir, state, provenance, attempt);
    journal.#saveState();
    journal.#saveProvenance();
    return journal;
  }

  /** The attempt number of this invocation. */
  get attempt(): number {
    return this.#attempt.attempt;
  }

  /** Seeds recorded complete, ascending. */
  completeSeeds(): number[] {
    return this.#state.contract.seeds
      .filter((seed) => this.#state.seed_status[String(seed)] === 'complete')
      .sort((a, b) => a - b);
  }

  /** Seeds whose last attempt failed, ascending. */
  failedSeeds(): number[] {
    return this.#state.contract.seeds
      .filter((seed) => this.#state.seed_status[String(seed)] === 'failed')
      .sort((a, b) => a - b);
  }

  /** Every file record of the complete seeds (result, sidecars, checkpoints). */
  seedRecords(): FileRecord[] {
    return this.completeSeeds().flatMap((seed) =>
      Object.entries(this.#state.seed_files[String(seed)] ?? {}).map(([path, hash]) => ({
        path,
        ...hash,
      })),
    );
  }

  /** The last records of provenance.json and resume_state.json as written. */
  journalRecords(): FileRecord[] {
    return [...this.#records.values()];
  }

  /** The dataset fingerprints of the complete seeds, as the seeds recorded them. */
  datasetFingerprints(): Record<string, string> {
    return Object.fromEntries(
      this.completeSeeds().map((seed) => [
        String(seed),
        this.#provenance.dataset_fingerprints[String(seed)] as string,
      ]),
    );
  }

  /** Marks a seed running (in memory; saved with its outcome). */
  markRunning(seed: number): void {
    this.#state.seed_status[String(seed)] = 'running';
  }

  /**
   * Records a complete seed: provenance first (timing, fingerprint, result hash), then the resume
   * state, whose file hashes make the seed complete.
   */
  recordSeed(
    seed: number,
    files: readonly FileRecord[],
    fingerprint: string,
    timing: SeedTiming,
  ): void {
    const key = String(seed);
    const result = files.find((f) => f.path.endsWith('/per_seed_result.json'));
    this.#provenance.dataset_fingerprints[key] = fingerprint;
    this.#provenance.seed_timings[key] = {
      started_utc: utc(timing.started),
      finished_utc: utc(timing.finished),
      wall_time_s: (timing.finished.getTime() - timing.started.getTime()) / 1000,
      train_time_s: { ...timing.trainSeconds },
      attempt: this.#attempt.attempt,
      result_sha256: result?.sha256 ?? '',
    };
    this.#saveProvenance();
    this.#state.seed_status[key] = 'complete';
    this.#state.seed_files[key] = Object.fromEntries(
      files.map((f) => [f.path, { sha256: f.sha256, bytes: f.bytes }]),
    );
    delete this.#state.seed_errors[key];
    this.#attempt.seeds_completed.push(seed);
    this.#attempt.seeds_completed.sort((a, b) => a - b);
    this.#saveState();
  }

  /**
   * Records a seed completed elsewhere and copied here (a sharded run's merge): its files as just
   * written, its fingerprint, and the timing its shard measured.
   */
  importSeed(
    seed: number,
    files: readonly FileRecord[],
    fingerprint: string,
    timing: ProvenanceV7['seed_timings'][string],
  ): void {
    const key = String(seed);
    this.#provenance.dataset_fingerprints[key] = fingerprint;
    // The merge is the attempt that brought the seed into this run (the shard's own attempts stay
    // in provenance.shards), so the seed counts as run and completed by it.
    this.#provenance.seed_timings[key] = { ...timing, attempt: this.#attempt.attempt };
    this.#state.seed_status[key] = 'complete';
    this.#state.seed_files[key] = Object.fromEntries(
      files.map((f) => [f.path, { sha256: f.sha256, bytes: f.bytes }]),
    );
    for (const list of [this.#attempt.seeds_run, this.#attempt.seeds_completed]) {
      if (!list.includes(seed)) list.push(seed);
      list.sort((a, b) => a - b);
    }
  }

  /** Records the shards a merged run was made from (machine, timings, attempts of each). */
  recordShards(shards: NonNullable<ProvenanceV7['shards']>): void {
    this.#provenance.shards = shards.map((shard) => ({ ...shard }));
    this.#saveState();
    this.#saveProvenance();
  }

  /**
   * Records a failed seed with its message. A seed that failed to reproduce its recorded files
   * keeps them (`keepRecord`), so no later rerun can record different bytes in their place.
   */
  recordFailure(seed: number, message: string, options: { keepRecord?: boolean } = {}): void {
    const key = String(seed);
    this.#state.seed_status[key] = 'failed';
    this.#state.seed_errors[key] = message;
    if (!options.keepRecord) delete this.#state.seed_files[key];
    this.#attempt.seeds_failed.push(seed);
    this.#attempt.seeds_failed.sort((a, b) => a - b);
    this.#saveState();
  }

  /**
   * Ends an attempt stopped by a signal: interrupted, and the seeds it was running are pending
   * again (they recorded nothing; a seed is complete only with its recorded files).
   */
  interrupt(now: Date): void {
    for (const [seed, status] of Object.entries(this.#state.seed_status)) {
      if (status === 'running') this.#state.seed_status[seed] = 'pending';
    }
    this.#attempt.finished_utc = utc(now);
    this.#attempt.status = 'interrupted';
    this.#saveState();
    this.#saveProvenance();
  }

  /** Ends the attempt: complete when every seed it owns (its shard's, or the plan) is, partial otherwise. */
  close(now: Date): void {
    const failed = this.failedSeeds().length > 0;
    const owned = this.#state.contract.shard?.seeds ?? this.#state.contract.seeds;
    const done = new Set(this.completeSeeds());
    const complete = owned.every((seed) => done.has(seed));
    this.#attempt.finished_utc = utc(now);
    this.#attempt.status = !failed && complete ? 'complete' : 'partial';
    this.#saveState();
    this.#saveProvenance();
  }

  #saveState(): void {
    this.#records.set(
      RUN_FILES.resumeState,
      writeRunFile(this.#runDir, RUN_FILES.resumeState, formatArtifactJson(this.#state)),
    );
  }

  #saveProvenance(): void {
    const provenance: ProvenanceV7 = {
      ...this.#provenance,
      seed_errors: { ...this.#state.seed_errors },
      resume: { attempts: this.#state.attempts.map((a) => ({ ...a })) },
    };
    this.#records.set(
      RUN_FILES.provenance,
      writeRunFile(this.#runDir, RUN_FILES.provenance, formatArtifactJson(provenance)),
    );
  }
}
