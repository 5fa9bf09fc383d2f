import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  type ArtifactEntry,
  type Attempt,
  artifactKind,
  checkRelativePath,
  createArtifactEntry,
  createRunId,
  type DomainPlugin,
  ERROR_CODES,
  formatArtifactJson,
  loadBenchmarkRun,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  PROVENANCE_MARKER,
  PROVENANCE_VERSION,
  type ProgressEvent,
  type ProvenanceV6,
  parseWithSchema,
  perSeedResultPath,
  provenanceV6Schema,
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  type ResumeStateV2,
  RUN_FILES,
  type RunManifestV4,
  readArtifact,
  readJsonFile,
  resumeStateV2Schema,
  type SeedOutput,
  type SeedResult,
  SUMMARY_HASHED_FILES,
  seedDir,
  sha256Hex,
  writeFileAtomic,
  writeJsonAtomic,
  ZpbenchError,
} from '@zpbench/core';
import { buildPairedStats, buildSummary, collectMetrics, metricLogText } from './aggregate.js';
import { assertComparable, compareWithBaseline } from './baseline.js';
import { auditClaims, renderClaimAudit } from './claims.js';
import { interruptedError, recordInterruption } from './interruption.js';
import { acquireRunLock } from './lock.js';
import { collectPackageVersions, readEnvFlags, readGitInfo, readSystemInfo } from './provenance.js';
import { type ResolvedConfig, resolveConfig } from './run-config.js';
import { defaultWorkerCount, type PluginModule, runSeedSchedule } from './worker-pool.js';

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
  | { readonly type: 'seed-start'; readonly seed: number }
  | { readonly type: 'seed-progress'; readonly seed: number; readonly event: ProgressEvent }
  | { readonly type: 'seed-done'; readonly seed: number; readonly wallSeconds: number }
  | { readonly type: 'seed-failed'; readonly seed: number; readonly message: string }
  | { readonly type: 'phase'; readonly phase: 'aggregate' | 'claims' | 'report' | 'manifest' };

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
  readonly baselineRunDir?: string;
  readonly argv: readonly string[];
  readonly zpbenchVersion: string;
  /** package.json whose dependency tree is recorded in provenance. */
  readonly rootPackageJson?: string;
  readonly now?: () => Date;
  readonly onEvent?: (event: RunEvent) => void;
  /** Renders reports and figures; returns the run-relative paths it wrote. */
  readonly renderReport?: (runDir: string) => Promise<readonly string[]>;
  /**
   * Stops the run (SIGINT): running seeds are abandoned, the attempt is recorded as interrupted,
   * the lock released, and `ZPB_INTERRUPTED` thrown; `--resume` continues it.
   */
  readonly signal?: AbortSignal;
}

/** Outcome of a run. */
export interface RunBenchmarkResult {
  readonly runDir: string;
  readonly runId: string;
  readonly seedsRun: readonly number[];
  readonly seedsCompleted: readonly number[];
  readonly seedsFailed: readonly number[];
  readonly manifest: RunManifestV4;
}

/** ISO-8601 UTC with milliseconds: seed timings must resolve sub-second seeds. */
const utc = (date: Date) => date.toISOString();

/** The inner record of `outer[key]`, created empty when absent. */
function nested(
  outer: Record<string, Record<string, string>>,
  key: string,
): Record<string, string> {
  outer[key] ??= {};
  return outer[key];
}

function seedKey(seed: number): string {
  return String(seed);
}

/** Reads a seed's canonical result if it exists and parses; null otherwise. */
function readCompleteSeed(
  plugin: DomainPlugin<unknown>,
  runDir: string,
  seed: number,
): SeedResult | null {
  const path = join(runDir, perSeedResultPath(seed));
  if (!existsSync(path)) return null;
  try {
    return parseWithSchema(plugin.seedResultSchema, readJsonFile(path), perSeedResultPath(seed));
  } catch {
    return null;
  }
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

interface Plan {
  readonly runDir: string;
  readonly runId: string;
  readonly existing: ResumeStateV2 | null;
  readonly planned: number[];
  readonly toRun: number[];
  /** Planned seeds that had a canonical per-seed result when the run was planned. */
  readonly complete: ReadonlySet<number>;
}

/** Decides the run directory and seeds; refuses conflicting requests before touching any file. */
function planRun(
  options: RunBenchmarkOptions,
  resolved: ResolvedConfig,
  startedAt: Date,
  gitCommit: string | null,
): Plan {
  const { plugin } = options;
  const flags = [
    options.resume && '--resume',
    options.skipCompleteSeeds && '--skip-complete-seeds',
    options.forceRerun && '--force-rerun',
  ].filter(Boolean);
  if (flags.length > 1) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${flags.join(' and ')} cannot be combined; choose one`,
    );
  }
  let runDir: string;
  let runId = createRunId(startedAt, gitCommit);
  if (options.outRoot) {
    runDir = resolve(options.outRoot);
  } else {
    if (flags.length > 0)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `${flags[0]} needs --out-root <run_dir> naming the existing run directory`,
      );
    const base = join(resolve(options.resultsRoot ?? 'results/benchmarks'), plugin.id);
    runDir = join(base, runId);
    for (let n = 2; existsSync(runDir); n++) {
      runId = `${createRunId(startedAt, gitCommit)}_${n}`;
      runDir = join(base, runId);
    }
  }
  const statePath = join(runDir, RUN_FILES.resumeState);
  const requested = options.seeds ? [...options.seeds].sort((a, b) => a - b) : null;
  if (!existsSync(statePath)) {
    if (existsSync(runDir) && readdirSync(runDir).length > 0) {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--out-root ${runDir} exists and is not a zpbench run directory (no ${RUN_FILES.resumeState}); choose an empty or new directory`,
      );
    }
    if (options.resume)
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `--resume: ${runDir} holds no run to resume (no ${RUN_FILES.resumeState}); start it without --resume`,
      );
    const planned = requested ?? [...resolved.defaultSeeds];
    return {
      runDir,
      runId: options.outRoot ? runIdFromDir(runDir, runId) : runId,
      existing: null,
      planned,
      toRun: planned,
      complete: new Set(),
    };
  }
  const existing = readArtifact(
    statePath,
    resumeStateV2Schema,
    RESUME_STATE_MARKER,
    RESUME_STATE_VERSION,
    RUN_FILES.resumeState,
  );
  const contract = existing.contract;
  const conflicts: string[] = [];
  if (contract.domain !== plugin.id) conflicts.push(`domain ${contract.domain} ≠ ${plugin.id}`);
  if (contract.mode !== resolved.mode) conflicts.push(`mode ${contract.mode} ≠ ${resolved.mode}`);
  if (contract.config_hash !== resolved.configHash)
    conflicts.push(
      `config hash ${contract.config_hash.slice(0, 12)}… ≠ ${resolved.configHash.slice(0, 12)}…`,
    );
  if (
    options.resume &&
    requested &&
    requested.join(',') !== [...contract.seeds].sort((a, b) => a - b).join(',')
  ) {
    conflicts.push(`seeds ${requested.join(',')} ≠ planned ${contract.seeds.join(',')}`);
  }
  if (conflicts.length > 0) {
    throw new ZpbenchError(
      ERROR_CODES.RESUME_CONFLICT,
      `${runDir} was planned with a different contract (${conflicts.join('; ')}); nothing was changed — rerun with the original settings or choose a new --out-root`,
    );
  }
  if (flags.length === 0) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${runDir} already holds a run; pass --resume, --skip-complete-seeds or --force-rerun, or choose a new --out-root`,
    );
  }
  const wanted = options.resume ? [...contract.seeds] : (requested ?? [...contract.seeds]);
  const planned = options.resume ? wanted : union(contract.seeds, wanted);
  const complete = new Set(planned.filter((s) => readCompleteSeed(plugin, runDir, s) !== null));
  const toRun = options.forceRerun ? wanted : wanted.filter((s) => !complete.has(s));
  return { runDir, runId: existing.run_id, existing, planned, toRun, complete };
}

function runIdFromDir(runDir: string, fallback: string): string {
  const name = runDir.split(/[\\/]/).pop() ?? '';
  return name.length > 0 ? name : fallback;
}

/** Lists every file of the run directory (relative, sorted), skipping the lock and temp files. */
function listRunFiles(runDir: string, dir = runDir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const rel = relative(runDir, full).split('\\').join('/');
    if (rel === RUN_FILES.lock || rel === RUN_FILES.manifest || name.endsWith('.tmp')) continue;
    if (statSync(full).isDirectory()) out.push(...listRunFiles(runDir, full));
    else out.push(rel);
  }
  return out;
}

/**
 * Runs a domain benchmark into a run directory. Phases, in order: validate config, plan seeds,
 * run or resume seeds on worker threads, aggregate, compare with a baseline, audit claims, write
 * artifacts, render reports, and finally the manifest.
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<RunBenchmarkResult> {
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => {});
  const { plugin } = options;

  // Validate config and plan seeds.
  const resolved = resolveConfig(plugin, options.mode, options.domainOptions);
  const startedAt = now();
  const git = readGitInfo();
  const plan = planRun(options, resolved, startedAt, git.commit);
  const baseline = options.baselineRunDir ? await loadBenchmarkRun(options.baselineRunDir) : null;
  if (baseline)
    assertComparable(
      plugin,
      { mode: resolved.mode, seeds: plan.planned, config: resolved.hashed },
      baseline,
    );

  mkdirSync(plan.runDir, { recursive: true });
  const release = acquireRunLock(plan.runDir);
  try {
    return await executeRun(options, resolved, plan, startedAt, git, baseline, now, emit);
  } finally {
    release();
  }
}

async function executeRun(
  options: RunBenchmarkOptions,
  resolved: ResolvedConfig,
  plan: Plan,
  startedAt: Date,
  git: ReturnType<typeof readGitInfo>,
  baseline: Awaited<ReturnType<typeof loadBenchmarkRun>> | null,
  now: () => Date,
  emit: (event: RunEvent) => void,
): Promise<RunBenchmarkResult> {
  const { plugin } = options;
  const { runDir } = plan;
  const statePath = join(runDir, RUN_FILES.resumeState);
  const provenancePath = join(runDir, RUN_FILES.provenance);
  const argv = [...options.argv];

  // Record the attempt before any seed runs, so a killed run leaves its history behind.
  const previousAttempts = plan.existing?.attempts ?? [];
  const attempt: Attempt = {
    attempt: previousAttempts.length + 1,
    argv,
    started_utc: utc(startedAt),
    finished_utc: null,
    seeds_run: plan.toRun,
    seeds_completed: [],
    seeds_failed: [],
    status: 'running',
  };
  const closeStale = (a: Attempt): Attempt =>
    a.status === 'running' ? { ...a, status: 'interrupted' } : a;
  const state: ResumeStateV2 = {
    schema: RESUME_STATE_MARKER,
    schema_version: RESUME_STATE_VERSION,
    run_id: plan.runId,
    contract: {
      domain: plugin.id,
      mode: resolved.mode,
      seeds: plan.planned,
      config_hash: resolved.configHash,
      code_version: plan.existing?.contract.code_version ?? options.zpbenchVersion,
    },
    startup: plan.existing?.startup ?? { created_utc: utc(startedAt), argv, git },
    seed_status: Object.fromEntries(
      plan.planned.map((seed) => [
        seedKey(seed),
        plan.complete.has(seed) && !plan.toRun.includes(seed) ? 'complete' : 'pending',
      ]),
    ),
    seed_errors: Object.fromEntries(
      Object.entries(plan.existing?.seed_errors ?? {}).filter(
        ([seed]) => !plan.toRun.includes(Number(seed)),
      ),
    ),
    attempts: [...previousAttempts.map(closeStale), attempt],
  };
  const saveState = () => writeJsonAtomic(statePath, state);
  saveState();

  const previousProvenance = existsSync(provenancePath)
    ? readArtifact(
        provenancePath,
        provenanceV6Schema,
        PROVENANCE_MARKER,
        PROVENANCE_VERSION,
        RUN_FILES.provenance,
      )
    : null;
  const provenance: ProvenanceV6 = previousProvenance ?? {
    schema: PROVENANCE_MARKER,
    schema_version: PROVENANCE_VERSION,
    run_id: plan.runId,
    domain: plugin.id,
    mode: resolved.mode,
    zpbench_version: options.zpbenchVersion,
    created_utc: utc(startedAt),
    git,
    system: readSystemInfo(),
    runtime: {
      node: process.version,
      v8: process.versions.v8,
      packages: options.rootPackageJson ? collectPackageVersions(options.rootPackageJson) : {},
    },
    invocation: { argv, env_flags: readEnvFlags() },
    config_hash: resolved.configHash,
    config: resolved.hashed,
    dataset_fingerprints: {},
    seed_timings: {},
    seed_errors: {},
    resume: { attempts: [] },
  };
  const saveProvenance = () => {
    provenance.resume.attempts.splice(0, provenance.resume.attempts.length, ...state.attempts);
    writeJsonAtomic(provenancePath, { ...provenance, seed_errors: state.seed_errors });
  };
  saveProvenance();

  // Discard leftovers of seeds about to run: a seed is complete only with its canonical result.
  for (const seed of plan.toRun) {
    delete provenance.seed_timings[seedKey(seed)];
    rmSync(join(runDir, perSeedResultPath(seed)), { force: true });
    rmSync(join(runDir, seedDir(seed)), { recursive: true, force: true });
  }

  const workers = options.workers ?? defaultWorkerCount();
  emit({
    type: 'start',
    runDir,
    runId: plan.runId,
    seeds: plan.toRun,
    skipped: plan.planned.filter((s) => !plan.toRun.includes(s)),
    workers,
  });

  // Run seeds.
  const seedStart = new Map<number, Date>();
  const writeSeed = (seed: number, output: SeedOutput) => {
    const result = parseWithSchema(
      plugin.seedResultSchema,
      output.result,
      `${plugin.id} seed ${seed} result`,
    );
    if (
      result.seed !== seed ||
      result.config_hash !== resolved.configHash ||
      result.domain !== plugin.id
    ) {
      throw new Error(
        `seed ${seed} returned a result for seed ${result.seed}, domain ${result.domain}, config ${result.config_hash.slice(0, 12)}`,
      );
    }
    for (const file of output.files) {
      const problem = checkRelativePath(file.path);
      if (problem || file.path === 'per_seed_result.json')
        throw new Error(
          `seed ${seed} file "${file.path}" is not allowed: ${problem ?? 'reserved name'}`,
        );
      writeFileAtomic(join(runDir, seedDir(seed), ...file.path.split('/')), file.content);
    }
    const finished = now();
    const started = seedStart.get(seed) ?? finished;
    // Provenance first, so a run killed at any point keeps the timings of every complete seed; a
    // timing of a seed killed before its result is replaced when that seed reruns.
    provenance.dataset_fingerprints[seedKey(seed)] = result.dataset_fingerprint;
    provenance.seed_timings[seedKey(seed)] = {
      started_utc: utc(started),
      finished_utc: utc(finished),
      wall_time_s: (finished.getTime() - started.getTime()) / 1000,
      train_time_s: { ...(output.trainSeconds ?? {}) },
      attempt: attempt.attempt,
    };
    saveProvenance();
    writeFileAtomic(join(runDir, perSeedResultPath(seed)), formatArtifactJson(result)); // last: marks the seed complete
    state.seed_status[seedKey(seed)] = 'complete';
    delete state.seed_errors[seedKey(seed)];
    attempt.seeds_completed.push(seed);
    saveState();
    emit({ type: 'seed-done', seed, wallSeconds: (finished.getTime() - started.getTime()) / 1000 });
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
      runDir,
    })),
    workers,
    {
      onStart: (seed) => {
        seedStart.set(seed, now());
        state.seed_status[seedKey(seed)] = 'running';
        emit({ type: 'seed-start', seed });
      },
      onProgress: (seed, event) => emit({ type: 'seed-progress', seed, event }),
      onResult: writeSeed,
      onError: (seed, message) => {
        state.seed_status[seedKey(seed)] = 'failed';
        state.seed_errors[seedKey(seed)] = message;
        attempt.seeds_failed.push(seed);
        saveState();
        emit({ type: 'seed-failed', seed, message });
      },
    },
    { signal: options.signal },
  );
  if (options.signal?.aborted) {
    recordInterruption(state, attempt, now());
    saveState();
    saveProvenance();
    throw interruptedError(runDir, state);
  }
  attempt.seeds_completed.sort((a, b) => a - b);
  attempt.seeds_failed.sort((a, b) => a - b);

  // Aggregate over every complete planned seed.
  emit({ type: 'phase', phase: 'aggregate' });
  const completeSeeds = plan.planned.filter(
    (seed) => state.seed_status[seedKey(seed)] === 'complete',
  );
  // One read and parse per seed: the pass that collects metrics also keeps what the manifest
  // needs (fingerprints, checkpoint hashes) and, only for a domain aggregate hook, the results.
  const seedResults = plugin.aggregate ? new Map<number, SeedResult>() : null;
  const checkpoints = new Map<number, Record<string, { path: string; sha256: string }>>();
  const readResult = (seed: number) => {
    const result = parseWithSchema(
      plugin.seedResultSchema,
      readJsonFile(join(runDir, perSeedResultPath(seed)), perSeedResultPath(seed)),
      perSeedResultPath(seed),
    );
    provenance.dataset_fingerprints[seedKey(seed)] = result.dataset_fingerprint;
    const byModel: Record<string, { path: string; sha256: string }> = {};
    for (const [model, run] of Object.entries(result.runs)) {
      if (run.checkpoint) byModel[model] = run.checkpoint;
    }
    checkpoints.set(seed, byModel);
    seedResults?.set(seed, result);
    return result;
  };
  const collected = collectMetrics(plugin, completeSeeds, readResult);
  const summary = buildSummary(plugin, resolved.mode, resolved.configHash, collected);
  const baselineRun = baseline ? compareWithBaseline(plugin, collected, baseline) : null;
  const paired = buildPairedStats(
    plugin,
    resolved.mode,
    resolved.configHash,
    collected,
    baselineRun,
  );
  writeJsonAtomic(join(runDir, RUN_FILES.summary), summary);
  writeJsonAtomic(join(runDir, RUN_FILES.pairedStats), paired);
  writeFileAtomic(
    join(runDir, RUN_FILES.metricLog),
    metricLogText(plugin.id, collected, summary, paired),
  );
  const domainFiles: string[] = [];
  if (plugin.aggregate && seedResults) {
    for (const file of plugin.aggregate({
      mode: resolved.mode,
      config: resolved.config,
      configHash: resolved.configHash,
      seeds: completeSeeds,
      seedResults,
      readSeedFile: (seed, path) => {
        const full = join(runDir, seedDir(seed), ...path.split('/'));
        return checkRelativePath(path) === null && existsSync(full)
          ? readFileSync(full, 'utf8')
          : null;
      },
    })) {
      const problem = checkRelativePath(file.path);
      if (problem)
        throw new ZpbenchError(
          ERROR_CODES.PATH_ESCAPE,
          `${plugin.id} aggregate file "${file.path}": ${problem}`,
        );
      writeFileAtomic(join(runDir, ...file.path.split('/')), file.content);
      domainFiles.push(file.path);
    }
  }

  // Audit claims with their evidence.
  emit({ type: 'phase', phase: 'claims' });
  const evidencePaths = [
    RUN_FILES.summary,
    RUN_FILES.pairedStats,
    ...domainFiles.filter((p) => p.endsWith('.json')),
  ];
  const evidence = evidencePaths.map((path) => ({
    path,
    sha256: sha256Hex(readFileSync(join(runDir, path))),
  }));
  const audit = auditClaims(
    plugin,
    resolved.mode,
    resolved.configHash,
    collected,
    plan.planned,
    evidence,
  );
  writeJsonAtomic(join(runDir, RUN_FILES.claimAuditJson), audit);
  writeFileAtomic(join(runDir, RUN_FILES.claimAudit), renderClaimAudit(audit));

  // Close the attempt.
  const failed = plan.planned.filter((seed) => state.seed_status[seedKey(seed)] === 'failed');
  attempt.finished_utc = utc(now());
  attempt.status =
    failed.length > 0
      ? 'partial'
      : completeSeeds.length === plan.planned.length
        ? 'complete'
        : 'partial';
  saveState();
  saveProvenance();

  if (options.renderReport) {
    emit({ type: 'phase', phase: 'report' });
    await options.renderReport(runDir);
  }

  // The manifest is written last, after every other file.
  emit({ type: 'phase', phase: 'manifest' });
  const manifest = await writeManifest(
    runDir,
    plan,
    resolved,
    options.zpbenchVersion,
    completeSeeds,
    failed,
    provenance,
    checkpoints,
  );
  return {
    runDir,
    runId: plan.runId,
    seedsRun: plan.toRun,
    seedsCompleted: completeSeeds,
    seedsFailed: failed,
    manifest,
  };
}

async function writeManifest(
  runDir: string,
  plan: Plan,
  resolved: ResolvedConfig,
  zpbenchVersion: string,
  completeSeeds: readonly number[],
  failed: readonly number[],
  provenance: ProvenanceV6,
  checkpoints: ReadonlyMap<number, Record<string, { path: string; sha256: string }>>,
): Promise<RunManifestV4> {
  const checkpointHashes: Record<string, Record<string, string>> = {};
  const checkpointPaths = new Set<string>();
  for (const seed of completeSeeds) {
    for (const [model, checkpoint] of Object.entries(checkpoints.get(seed) ?? {})) {
      nested(checkpointHashes, seedKey(seed))[model] = checkpoint.sha256;
      checkpointPaths.add(checkpoint.path);
    }
  }
  const artifacts: Record<string, ArtifactEntry> = {};
  const bundleHashes: Record<string, Record<string, string>> = {};
  const summaryHashes: Record<string, string> = {};
  for (const path of listRunFiles(runDir)) {
    const bundle = /^seed_(\d+)\/bundles\/([^/]+)\//.exec(path);
    const kind = checkpointPaths.has(path) ? 'checkpoint' : bundle ? 'bundle' : artifactKind(path);
    const entry = await createArtifactEntry(runDir, path, kind);
    artifacts[path] = entry;
    if (bundle && path.endsWith('/bundle.json')) {
      nested(bundleHashes, bundle[1] as string)[bundle[2] as string] = entry.sha256;
    }
    if (SUMMARY_HASHED_FILES.includes(path)) summaryHashes[path] = entry.sha256;
  }
  // The collect pass recorded the fingerprint of every complete seed.
  const datasetFingerprints = Object.fromEntries(
    completeSeeds.map((seed) => [
      seedKey(seed),
      provenance.dataset_fingerprints[seedKey(seed)] as string,
    ]),
  );
  const manifest: RunManifestV4 = {
    schema: MANIFEST_MARKER,
    schema_version: MANIFEST_VERSION,
    run_id: plan.runId,
    domain: resolved.domain,
    mode: resolved.mode,
    zpbench_version: zpbenchVersion,
    config_hash: resolved.configHash,
    seeds_planned: plan.planned,
    seeds_completed: [...completeSeeds],
    seeds_failed: [...failed],
    artifacts,
    dataset_fingerprints: datasetFingerprints,
    checkpoint_hashes: checkpointHashes,
    bundle_hashes: bundleHashes,
    summary_hashes: summaryHashes,
  };
  writeJsonAtomic(join(runDir, RUN_FILES.manifest), manifest);
  return manifest;
}
