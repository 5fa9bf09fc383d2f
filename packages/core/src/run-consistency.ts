import { artifactPath } from './artifact-spec.js';
import { SEED_RESULT_ARTIFACT } from './core-artifacts.js';
import { configHash } from './hash.js';
import { modelHashes, SUMMARY_HASHED_FILES } from './manifest-update.js';
import { RUN_FILES, seedDir } from './run-layout.js';
import type { BudgetVerdictV1 } from './schemas/budget.js';
import type { ClaimAuditV2 } from './schemas/claim-audit.js';
import type { RunManifestV6 } from './schemas/manifest.js';
import type { PairedStatsV1 } from './schemas/paired-stats.js';
import type { Attempt, ProvenanceV8 } from './schemas/provenance.js';
import type { ResumeStateV3 } from './schemas/resume-state.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';

/** The parsed core artifacts the cross-file checks compare (null where a file failed its check). */
export interface ConsistencyInput {
  readonly manifest: RunManifestV6;
  readonly provenance: ProvenanceV8 | null;
  readonly resumeState: ResumeStateV3 | null;
  readonly summary: SummaryV1 | null;
  readonly pairedStats: PairedStatsV1 | null;
  readonly claimAudit: ClaimAuditV2 | null;
  readonly seedResults: ReadonlyMap<number, SeedResult>;
  /** `aggregated/budget_verdict.json` as parsed, or null (absent or invalid). */
  readonly budgetVerdict?: BudgetVerdictV1 | null;
}

/** The share of the seed plan a shard run owns, as its resume state records it. */
type ShardOfRun = NonNullable<ResumeStateV3['contract']['shard']>;

/** Records one violation: file, check, expected, found. */
export type AddViolation = (file: string, check: string, expected: string, found: string) => void;

const ascending = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
const sameSet = (a: Iterable<number>, b: Iterable<number>) =>
  ascending(new Set(a)).join(',') === ascending(new Set(b)).join(',');
const duplicates = (xs: readonly number[]) =>
  ascending(new Set(xs.filter((x, i) => xs.indexOf(x) !== i)));
const show = (value: unknown) => JSON.stringify(value);
const seedsOf = (record: Readonly<Record<string, unknown>>) => Object.keys(record).map(Number);
const resultPath = (seed: number) =>
  artifactPath({ id: SEED_RESULT_ARTIFACT, path: RUN_FILES.perSeedResult }, { seed });

/**
 * Seed lists of one file: none with duplicates, each within a plan (the run's seed plan, or the
 * seeds an attempt ran). `lists` names each list as its field is spelled in the file.
 */
function checkSeedLists(
  add: AddViolation,
  at: { file: string; check: string; prefix?: string; plan?: string },
  planned: readonly number[],
  lists: Readonly<Record<string, readonly number[]>>,
): void {
  const prefix = at.prefix ? `${at.prefix} ` : '';
  for (const [name, seeds] of Object.entries(lists)) {
    const twice = duplicates(seeds);
    if (twice.length > 0)
      add(
        at.file,
        at.check,
        `${prefix}${name} without duplicates`,
        `seed ${twice.join(',')} listed twice`,
      );
    const outside = seeds.filter((seed) => !planned.includes(seed));
    if (outside.length > 0)
      add(
        at.file,
        at.check,
        `${prefix}${name} within ${at.plan ?? 'the seed plan'} (${planned.join(',')})`,
        `seed ${ascending(new Set(outside)).join(',')} outside it`,
      );
  }
}

/**
 * The manifest's seed lists: within the plan, without duplicates, no seed both completed and
 * failed, and every seed the run owns complete. A shard owns only its share of the plan
 * (`contract.shard.seeds` of its resume state) and completes nothing outside it, so a complete
 * shard has no `seeds` violation (its being a shard is the `shard` check's).
 */
function checkManifestSeeds(
  add: AddViolation,
  manifest: RunManifestV6,
  shard: ShardOfRun | null,
): void {
  const { seeds_planned: planned, seeds_completed: completed, seeds_failed: failed } = manifest;
  checkSeedLists(add, { file: RUN_FILES.manifest, check: 'seeds' }, planned, {
    seeds_planned: planned,
    seeds_completed: completed,
    seeds_failed: failed,
  });
  const both = ascending(new Set(completed.filter((seed) => failed.includes(seed))));
  if (both.length > 0)
    add(
      RUN_FILES.manifest,
      'seeds',
      'no seed both completed and failed',
      `seed ${both.join(',')} in seeds_completed and seeds_failed`,
    );
  if (shard)
    checkSeedLists(
      add,
      {
        file: RUN_FILES.manifest,
        check: 'seeds',
        plan: `the seeds of shard ${shard.index}/${shard.count}`,
      },
      shard.seeds,
      { seeds_completed: completed, seeds_failed: failed },
    );
  const owned = shard ? shard.seeds : planned;
  const missing = owned.filter((seed) => !completed.includes(seed));
  if (missing.length > 0)
    add(
      RUN_FILES.manifest,
      'seeds',
      shard
        ? `all seeds of shard ${shard.index}/${shard.count} complete (${owned.join(',')})`
        : `all planned seeds complete (${planned.join(',')})`,
      `incomplete seeds ${missing.join(',')}`,
    );
}

/** The attempt history: numbered from 1, closed, each attempt's seeds within what it ran. */
function checkAttempts(
  add: AddViolation,
  manifest: RunManifestV6,
  state: ResumeStateV3,
  provenance: ProvenanceV8 | null,
): void {
  const file = RUN_FILES.resumeState;
  const { attempts } = state;
  const bad = (what: string, expected: string, found: string) =>
    add(file, 'attempts', `${what}: ${expected}`, found);
  if (attempts.length === 0) {
    bad('attempts', 'at least the attempt that wrote the run', 'none');
    return;
  }
  attempts.forEach((attempt: Attempt, index) => {
    const at = `attempts[${index}]`;
    if (attempt.attempt !== index + 1)
      bad(`${at}.attempt`, `${index + 1} (numbered from 1, in order)`, String(attempt.attempt));
    // A killed attempt keeps finished_utc null; only a running one is out of place here.
    if (attempt.status === 'running') bad(at, 'closed in a finished run', `status running`);
    else if (attempt.finished_utc === null && attempt.status !== 'interrupted')
      bad(`${at}.finished_utc`, `set for a ${attempt.status} attempt`, 'null');
    else if (attempt.finished_utc !== null && attempt.finished_utc < attempt.started_utc)
      bad(
        `${at}.finished_utc`,
        `not before started_utc ${attempt.started_utc}`,
        attempt.finished_utc,
      );
    const previous = attempts[index - 1];
    if (previous && attempt.started_utc < previous.started_utc)
      bad(`${at}.started_utc`, `not before attempts[${index - 1}]`, attempt.started_utc);
    checkSeedLists(add, { file, check: 'attempts', prefix: at }, manifest.seeds_planned, {
      seeds_run: attempt.seeds_run,
    });
    checkSeedLists(
      add,
      { file, check: 'attempts', prefix: at, plan: 'its seeds_run' },
      attempt.seeds_run,
      { seeds_completed: attempt.seeds_completed, seeds_failed: attempt.seeds_failed },
    );
  });
  const last = attempts[attempts.length - 1] as Attempt;
  // An attempt is complete when every seed the run owns is: a shard's share, or the whole plan
  // (the shard itself is reported as such by the 'shard' check).
  const owned = state.contract.shard?.seeds ?? manifest.seeds_planned;
  const done =
    manifest.seeds_failed.length === 0 &&
    owned.every((seed) => manifest.seeds_completed.includes(seed));
  const status = done ? 'complete' : 'partial';
  if (last.status !== status && last.status !== 'running')
    bad(`attempts[${attempts.length - 1}].status`, status, last.status);
  // Each seed's status is the outcome of the last attempt that ran it.
  for (const [key, seedStatus] of Object.entries(state.seed_status)) {
    const seed = Number(key);
    const index = attempts.findLastIndex((attempt) => attempt.seeds_run.includes(seed));
    const ran = attempts[index];
    if (seedStatus !== 'complete' && seedStatus !== 'failed') continue;
    const list = seedStatus === 'complete' ? 'seeds_completed' : 'seeds_failed';
    if (!ran?.[list].includes(seed)) {
      bad(
        `seed ${seed}`,
        `${seedStatus}, so in ${list} of the last attempt that ran it`,
        ran ? `attempts[${index}] ${list} ${show(ran[list])}` : 'no attempt ran it',
      );
      continue;
    }
    const timing = provenance?.seed_timings[key];
    if (seedStatus === 'complete' && timing && timing.attempt !== ran.attempt)
      add(
        RUN_FILES.provenance,
        'consistency',
        `seed_timings[${seed}].attempt ${ran.attempt}, the last attempt that ran it`,
        String(timing.attempt),
      );
  }
  const first = attempts[0] as Attempt;
  if (show(first.argv) !== show(state.startup.argv))
    bad('attempts[0].argv', `the startup argv ${show(state.startup.argv)}`, show(first.argv));
  if (first.started_utc !== state.startup.created_utc)
    bad(
      'attempts[0].started_utc',
      `startup.created_utc ${state.startup.created_utc}`,
      first.started_utc,
    );
  if (!provenance) return;
  if (show(provenance.resume.attempts) !== show(attempts))
    add(
      RUN_FILES.provenance,
      'consistency',
      'resume.attempts equal to the attempts of resume_state.json',
      `${provenance.resume.attempts.length} attempts that differ`,
    );
  if (show(provenance.invocation.argv) !== show(state.startup.argv))
    add(
      RUN_FILES.provenance,
      'consistency',
      `invocation.argv equal to resume_state.json startup.argv ${show(state.startup.argv)}`,
      show(provenance.invocation.argv),
    );
  if (provenance.created_utc !== state.startup.created_utc)
    add(
      RUN_FILES.provenance,
      'consistency',
      `created_utc equal to resume_state.json startup.created_utc ${state.startup.created_utc}`,
      provenance.created_utc,
    );
}

/** The resume state against the manifest: contract, seed statuses, errors and every seed's files. */
type ArtifactEntry = RunManifestV6['artifacts'][string];

/** The manifest's entries by seed, in manifest order: one pass, not one per seed. */
function entriesBySeed(manifest: RunManifestV6): ReadonlyMap<number, readonly ArtifactEntry[]> {
  const bySeed = new Map<number, ArtifactEntry[]>();
  for (const entry of Object.values(manifest.artifacts)) {
    if (entry.seed === null) continue;
    const list = bySeed.get(entry.seed);
    if (list) list.push(entry);
    else bySeed.set(entry.seed, [entry]);
  }
  return bySeed;
}

function checkResumeState(
  add: AddViolation,
  input: ConsistencyInput,
  state: ResumeStateV3,
  bySeed: ReadonlyMap<number, readonly ArtifactEntry[]>,
): void {
  const { manifest, provenance } = input;
  const file = RUN_FILES.resumeState;
  const inconsistent = (what: string, expected: unknown, found: unknown) =>
    add(file, 'consistency', `${what} ${show(expected)}`, show(found));
  const c = state.contract;
  if (state.run_id !== manifest.run_id) inconsistent('run_id', manifest.run_id, state.run_id);
  if (c.config_hash !== manifest.config_hash)
    inconsistent('contract.config_hash', manifest.config_hash, c.config_hash);
  if (c.domain !== manifest.domain || c.mode !== manifest.mode)
    inconsistent(
      'contract domain/mode',
      `${manifest.domain}/${manifest.mode}`,
      `${c.domain}/${c.mode}`,
    );
  if (c.code_version !== manifest.zpbench_version)
    inconsistent(
      'contract.code_version (the zpbench that wrote the run)',
      manifest.zpbench_version,
      c.code_version,
    );
  if (show(c.seeds) !== show(manifest.seeds_planned))
    inconsistent('contract.seeds', manifest.seeds_planned, c.seeds);
  if (provenance && show(provenance.contract) !== show(c))
    inconsistent('contract equal to provenance.json', provenance.contract, c);

  const statuses = Object.entries(state.seed_status);
  const withStatus = (wanted: string) =>
    statuses.filter(([, s]) => s === wanted).map(([seed]) => Number(seed));
  if (!sameSet(seedsOf(state.seed_status), manifest.seeds_planned))
    inconsistent(
      'seed_status of the planned seeds',
      manifest.seeds_planned,
      ascending(seedsOf(state.seed_status)),
    );
  const complete = withStatus('complete');
  if (!sameSet(complete, manifest.seeds_completed))
    inconsistent('complete seeds', manifest.seeds_completed, ascending(complete));
  const failed = withStatus('failed');
  if (!sameSet(failed, manifest.seeds_failed))
    inconsistent('failed seeds (manifest seeds_failed)', manifest.seeds_failed, ascending(failed));
  if (!sameSet(seedsOf(state.seed_errors), failed))
    inconsistent(
      'seed_errors of the failed seeds',
      ascending(failed),
      ascending(seedsOf(state.seed_errors)),
    );
  if (provenance && show(provenance.seed_errors) !== show(state.seed_errors))
    add(
      RUN_FILES.provenance,
      'consistency',
      'seed_errors equal to those of resume_state.json',
      show(provenance.seed_errors),
    );

  // Every complete seed's files, as recorded when they were written, are the manifest's.
  const recorded = seedsOf(state.seed_files);
  const done = new Set([...complete, ...failed]);
  const stray = recorded.filter((seed) => !done.has(seed));
  if (stray.length > 0)
    inconsistent(
      'seed_files of complete or failed seeds only',
      ascending(complete),
      ascending(stray),
    );
  for (const seed of complete) {
    const files = state.seed_files[String(seed)];
    if (!files) {
      inconsistent(`seed_files[${seed}] of the complete seed`, 'its files', null);
      continue;
    }
    // Per-seed figures are drawn by the report from the seed's stored artifacts after the seed ran
    // (and redrawn by `report benchmark`), so the seed's journal never records them.
    const listed = (bySeed.get(seed) ?? []).filter((entry) => entry.role !== 'figure');
    for (const [path, hash] of Object.entries(files)) {
      const entry = manifest.artifacts[path];
      if (!entry)
        add(
          path,
          'consistency',
          `listed in manifest.json, as resume_state.json records it for seed ${seed}`,
          'not listed',
        );
      else if (entry.sha256 !== hash.sha256 || entry.bytes !== hash.bytes)
        add(
          path,
          'consistency',
          `sha256 recorded for seed ${seed} in resume_state.json (${hash.sha256}, ${hash.bytes} bytes)`,
          `${entry.sha256}, ${entry.bytes} bytes`,
        );
    }
    for (const entry of listed)
      if (!(entry.path in files))
        add(
          entry.path,
          'consistency',
          `recorded for seed ${seed} in resume_state.json seed_files`,
          'not recorded',
        );
  }
}

/** The config hash of a recorded configuration, or null when it cannot be hashed (NaN, ...). */
function hashOrNull(config: unknown): string | null {
  try {
    return configHash(config);
  } catch {
    return null;
  }
}

/**
 * Provenance against the manifest: identity, the configuration config_hash hashes, plan, dataset
 * fingerprints and seed timings.
 */
function checkProvenance(
  add: AddViolation,
  manifest: RunManifestV6,
  provenance: ProvenanceV8,
): void {
  const file = RUN_FILES.provenance;
  const inconsistent = (what: string, expected: unknown, found: unknown) =>
    add(file, 'consistency', `${what} ${show(expected)}`, show(found));
  for (const key of ['run_id', 'domain', 'mode', 'config_hash', 'zpbench_version'] as const)
    if (provenance[key] !== manifest[key]) inconsistent(key, manifest[key], provenance[key]);
  // The resolved configuration is what config_hash hashes: an edit of any value of it shows.
  const hashed = hashOrNull(provenance.config);
  if (hashed !== manifest.config_hash)
    inconsistent('config whose canonical JSON hashes to config_hash', manifest.config_hash, hashed);
  // The budget file of the gated attempt: recorded alike in both (or absent from both).
  if (show(provenance.budget_file) !== show(manifest.budget_file))
    inconsistent(
      'budget_file equal to manifest.json',
      manifest.budget_file,
      provenance.budget_file,
    );
  if (show(provenance.contract.seeds) !== show(manifest.seeds_planned))
    inconsistent('contract.seeds', manifest.seeds_planned, provenance.contract.seeds);
  const fingerprints = manifest.dataset_fingerprints;
  for (const seed of new Set([
    ...seedsOf(fingerprints),
    ...seedsOf(provenance.dataset_fingerprints),
  ]))
    if (provenance.dataset_fingerprints[String(seed)] !== fingerprints[String(seed)])
      inconsistent(
        `dataset_fingerprints[${seed}] equal to manifest.json`,
        fingerprints[String(seed)] ?? null,
        provenance.dataset_fingerprints[String(seed)] ?? null,
      );
  if (!sameSet(seedsOf(provenance.seed_timings), manifest.seeds_completed))
    inconsistent(
      'seed_timings of the completed seeds',
      manifest.seeds_completed,
      ascending(seedsOf(provenance.seed_timings)),
    );
  for (const [key, timing] of Object.entries(provenance.seed_timings)) {
    const entry = manifest.artifacts[resultPath(Number(key))];
    if (entry && entry.sha256 !== timing.result_sha256)
      add(
        resultPath(Number(key)),
        'consistency',
        `sha256 recorded in provenance.json seed_timings[${key}].result_sha256 (${timing.result_sha256})`,
        entry.sha256,
      );
  }
}

/** The manifest's derived maps: checkpoint, bundle, summary hashes and dataset fingerprints. */
function checkManifestMaps(add: AddViolation, manifest: RunManifestV6): void {
  const inconsistent = (what: string, expected: unknown, found: unknown) =>
    add(RUN_FILES.manifest, 'consistency', `${what} ${show(expected)}`, show(found));
  const canonical = (x: Record<string, Record<string, string>>) =>
    show(
      Object.keys(x)
        .sort()
        .map((k) => [k, Object.entries(x[k] ?? {}).sort()]),
    );
  const checkpoints = modelHashes(manifest.artifacts, 'checkpoint');
  if (canonical(checkpoints) !== canonical(manifest.checkpoint_hashes))
    inconsistent(
      'checkpoint_hashes built from the checkpoint entries',
      checkpoints,
      manifest.checkpoint_hashes,
    );
  const bundles = modelHashes(manifest.artifacts, 'bundle-manifest');
  if (canonical(bundles) !== canonical(manifest.bundle_hashes))
    inconsistent(
      'bundle_hashes built from the bundle-manifest entries',
      bundles,
      manifest.bundle_hashes,
    );
  const summarised = SUMMARY_HASHED_FILES.filter((file) => file in manifest.artifacts);
  if (show(Object.keys(manifest.summary_hashes).sort()) !== show([...summarised].sort()))
    inconsistent(
      'summary_hashes of the summary files listed',
      [...summarised].sort(),
      Object.keys(manifest.summary_hashes).sort(),
    );
  for (const [file, sha] of Object.entries(manifest.summary_hashes))
    if (manifest.artifacts[file]?.sha256 !== sha)
      inconsistent(
        `summary_hashes[${file}] equal to its artifact entry`,
        manifest.artifacts[file]?.sha256 ?? null,
        sha,
      );
  if (!sameSet(seedsOf(manifest.dataset_fingerprints), manifest.seeds_completed))
    inconsistent(
      'dataset_fingerprints of the completed seeds',
      manifest.seeds_completed,
      Object.keys(manifest.dataset_fingerprints),
    );
}

/** Each complete seed's result against the manifest: identity, dataset, checkpoints, files. */
function checkSeedResults(
  add: AddViolation,
  input: ConsistencyInput,
  bySeed: ReadonlyMap<number, readonly ArtifactEntry[]>,
): void {
  const { manifest, seedResults } = input;
  for (const seed of manifest.seeds_completed) {
    const result = seedResults.get(seed);
    const file = resultPath(seed);
    if (!result) continue;
    const inconsistent = (what: string, expected: unknown, found: unknown) =>
      add(file, 'consistency', `${what} ${show(expected)}`, show(found));
    if (result.seed !== seed) inconsistent('seed', seed, result.seed);
    if (result.config_hash !== manifest.config_hash)
      inconsistent('config_hash', manifest.config_hash, result.config_hash);
    if (result.mode !== manifest.mode) inconsistent('mode', manifest.mode, result.mode);
    if (result.domain !== manifest.domain) inconsistent('domain', manifest.domain, result.domain);
    if (manifest.dataset_fingerprints[String(seed)] !== result.dataset_fingerprint)
      add(
        RUN_FILES.manifest,
        'consistency',
        `dataset_fingerprints[${seed}] equal to the seed's result ${show(result.dataset_fingerprint)}`,
        show(manifest.dataset_fingerprints[String(seed)] ?? null),
      );
    const recorded = new Set<string>();
    for (const [model, run] of Object.entries(result.runs)) {
      if (!run.checkpoint) continue;
      recorded.add(run.checkpoint.path);
      const entry = manifest.artifacts[run.checkpoint.path];
      if (
        entry?.role !== 'checkpoint' ||
        entry.sha256 !== run.checkpoint.sha256 ||
        entry.seed !== seed ||
        entry.model !== model
      )
        add(
          run.checkpoint.path,
          'consistency',
          `the checkpoint of ${model} that ${file} records (sha256 ${run.checkpoint.sha256})`,
          entry ? `role ${entry.role}, sha256 ${entry.sha256}` : 'not listed',
        );
    }
    for (const entry of bySeed.get(seed) ?? [])
      if (entry.role === 'checkpoint' && !recorded.has(entry.path))
        add(
          entry.path,
          'consistency',
          `a checkpoint that ${file} records for ${entry.model}`,
          'not recorded there',
        );
    for (const path of Object.values(result.artifact_naming))
      if (
        path.startsWith(`${seedDir(seed)}/`) &&
        !(path in manifest.artifacts) &&
        path.endsWith('.json')
      )
        add(path, 'consistency', `listed, as ${file} artifact_naming says`, 'not listed');
  }
}

/**
 * The stored budget verdict against the run: it names the digest of the budget file the manifest
 * records, its counts and `ok` agree with its checks, every check is of this run, and the
 * observed values the gate can see without the budget file (a metric's mean over seeds, the
 * failed seeds) are the run's, with `ok` what the threshold gives for them.
 */
function checkBudgetVerdict(
  add: AddViolation,
  manifest: RunManifestV6,
  verdict: BudgetVerdictV1,
  summary: SummaryV1 | null,
): void {
  const file = RUN_FILES.budgetVerdict;
  const bad = (what: string, expected: unknown, found: unknown) =>
    add(file, 'consistency', `${what} ${show(expected)}`, show(found));
  const digest = manifest.budget_file?.sha256;
  if (verdict.budget_sha256 !== digest)
    bad('budget_sha256 of the budget file manifest.json records', digest, verdict.budget_sha256);
  const failed = verdict.checks.filter((c) => !c.ok).length;
  if (verdict.n_checks !== verdict.checks.length)
    bad('n_checks equal to the checks listed', verdict.checks.length, verdict.n_checks);
  if (verdict.n_violations !== failed)
    bad('n_violations equal to the failed checks', failed, verdict.n_violations);
  if (verdict.ok !== (failed === 0)) bad('ok', failed === 0, verdict.ok);
  const means = new Map<string, number | null>();
  for (const [model, metrics] of Object.entries(summary?.metrics ?? {}))
    for (const [metric, d] of Object.entries(metrics)) means.set(`${model}/${metric}`, d.mean);
  for (const [i, c] of verdict.checks.entries()) {
    const at = `checks[${i}]`;
    // A selector that matched nothing has no source; every other check is of this run.
    if (c.source !== '' && c.source !== manifest.run_id)
      bad(`${at}.source the run id`, manifest.run_id, c.source);
    let observed: number | null | undefined;
    if (c.threshold_name === 'max_failed_seeds' && c.subject === 'run')
      observed = manifest.seeds_failed.length;
    else if (
      (c.threshold_name === 'min_mean' || c.threshold_name === 'max_mean') &&
      means.has(c.subject)
    )
      observed = means.get(c.subject) ?? null;
    if (observed === undefined || typeof c.threshold !== 'number') continue;
    if (c.observed !== observed)
      bad(
        `${at}.observed (${c.subject} ${c.threshold_name}) as the run has it`,
        observed,
        c.observed,
      );
    const ok =
      observed !== null &&
      (c.threshold_name === 'min_mean' ? observed >= c.threshold : observed <= c.threshold);
    if (c.ok !== ok)
      bad(`${at}.ok for observed ${observed} and threshold ${c.threshold}`, ok, c.ok);
  }
}

/**
 * The cross-file checks of a run directory: the manifest against itself (seed lists, derived
 * hash maps), the resume state (contract, seed statuses, errors, every seed's recorded files,
 * the attempt history), provenance (identity, plan, dataset fingerprints, seed timings) and the
 * per-seed results (identity, dataset fingerprint, checkpoints). Aggregates carry the config hash.
 */
export function checkRunConsistency(add: AddViolation, input: ConsistencyInput): void {
  const { manifest, provenance, resumeState } = input;
  const bySeed = entriesBySeed(manifest);
  checkManifestSeeds(add, manifest, resumeState?.contract.shard ?? null);
  checkManifestMaps(add, manifest);
  // A budget verdict is listed exactly when the manifest names the budget file it came from.
  const verdictListed = RUN_FILES.budgetVerdict in manifest.artifacts;
  if (verdictListed !== (manifest.budget_file !== null))
    add(
      RUN_FILES.manifest,
      'consistency',
      manifest.budget_file === null
        ? `no ${RUN_FILES.budgetVerdict} without a budget_file`
        : `${RUN_FILES.budgetVerdict} listed for budget_file ${manifest.budget_file.path}`,
      verdictListed ? `${RUN_FILES.budgetVerdict} listed` : `no ${RUN_FILES.budgetVerdict} listed`,
    );
  for (const [file, other] of [
    [RUN_FILES.summary, input.summary],
    [RUN_FILES.pairedStats, input.pairedStats],
    [RUN_FILES.claimAuditJson, input.claimAudit],
  ] as const)
    if (other && other.config_hash !== manifest.config_hash)
      add(
        file,
        'consistency',
        `config_hash ${show(manifest.config_hash)}`,
        show(other.config_hash),
      );
  // The claim audit names the hash of every file it judged: each must still be the listed one.
  for (const { path, sha256 } of input.claimAudit?.evidence ?? []) {
    const listed = manifest.artifacts[path]?.sha256 ?? null;
    if (listed !== sha256)
      add(
        RUN_FILES.claimAuditJson,
        'consistency',
        `evidence ${path} with the sha256 manifest.json lists (${listed ?? 'not listed'})`,
        sha256,
      );
  }
  if (provenance) checkProvenance(add, manifest, provenance);
  if (input.budgetVerdict && manifest.budget_file)
    checkBudgetVerdict(add, manifest, input.budgetVerdict, input.summary);
  if (resumeState?.contract.shard) {
    // A shard holds only its share of the seeds: never a finished run, whatever else holds.
    const { index, count } = resumeState.contract.shard;
    add(
      RUN_FILES.resumeState,
      'shard',
      'a whole run',
      `shard ${index}/${count} of a run; merge its shards with \`zpbench merge\` and gate the merged run`,
    );
  }
  if (resumeState) {
    checkSeedLists(add, { file: RUN_FILES.resumeState, check: 'seeds' }, manifest.seeds_planned, {
      'contract.seeds': resumeState.contract.seeds,
      ...(resumeState.contract.shard
        ? { 'contract.shard.seeds': resumeState.contract.shard.seeds }
        : {}),
    });
    checkResumeState(add, input, resumeState, bySeed);
    checkAttempts(add, manifest, resumeState, provenance);
  }
  checkSeedResults(add, input, bySeed);
}
