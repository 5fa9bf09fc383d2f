import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkArtifact, MAX_INPUT_BYTES, parseJsonText } from './artifact-io.js';
import {
  type ArtifactParams,
  type ArtifactSpec,
  artifactPath,
  findArtifactSpec,
  isArtifactRequired,
  type SchemaEntry,
} from './artifact-spec.js';
import { SEED_RESULT_ARTIFACT } from './core-artifacts.js';
import {
  type DomainContract,
  type DomainContractLookup,
  runArtifactTable,
} from './domain-contract.js';
import { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { type JsonSchemaValidator, sharedJsonSchemaValidator } from './json-schema-validator.js';
import { modelHashes } from './manifest-update.js';
import { looksLikePerfDir } from './perf-gate.js';
import { listRunFiles } from './run-files.js';
import { RUN_FILES, seedDir } from './run-layout.js';
import { resolveInsideRunDir } from './safe-path.js';
import type { ClaimAuditV2 } from './schemas/claim-audit.js';
import type { RunManifestV5 } from './schemas/manifest.js';
import type { PairedStatsV1 } from './schemas/paired-stats.js';
import type { ProvenanceV7 } from './schemas/provenance.js';
import { MANIFEST_SCHEMA } from './schemas/registry.js';
import type { ResumeStateV3 } from './schemas/resume-state.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';

/** One failed check of a run directory. */
export interface Violation {
  /** File the violation is about, relative to the run directory. */
  readonly file: string;
  /**
   * Short check name: exists, file, json, schema-marker, schema-version, schema, json-schema,
   * sha256, bytes, path, declared, listed, required, seeds, consistency, claim.
   */
  readonly check: string;
  readonly expected: string;
  readonly found: string;
}

/** The core artifacts of a run, parsed while it was checked (null where a check failed). */
export interface RunArtifacts {
  readonly provenance: ProvenanceV7 | null;
  readonly resumeState: ResumeStateV3 | null;
  readonly summary: SummaryV1 | null;
  readonly pairedStats: PairedStatsV1 | null;
  readonly claimAudit: ClaimAuditV2 | null;
  readonly seedResults: ReadonlyMap<number, SeedResult>;
}

/** Result of checking a run directory's structure, schemas and hashes. */
export interface RunDirCheck {
  readonly runDir: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly manifest: RunManifestV5 | null;
  readonly contract: DomainContract | null;
  readonly artifacts: RunArtifacts;
}

/** Options of {@link checkRunDir}. */
export interface CheckRunDirOptions {
  /** Finds the run's domain contract from the manifest's domain id. */
  readonly domains: DomainContractLookup;
}

class Checker {
  readonly violations: Violation[] = [];
  readonly ajv: JsonSchemaValidator = sharedJsonSchemaValidator();
  constructor(readonly runDir: string) {}

  add(file: string, check: string, expected: string, found: string): void {
    this.violations.push({ file, check, expected, found });
  }

  /** Reads a file that must be a regular file inside the run; records why not and returns null. */
  read(file: string): Buffer | null {
    let full: string;
    try {
      full = resolveInsideRunDir(this.runDir, file);
    } catch (error) {
      this.add(file, 'path', 'a path inside the run directory', (error as Error).message);
      return null;
    }
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(full);
    } catch {
      this.add(file, 'exists', 'file present', 'missing');
      return null;
    }
    if (!stat.isFile()) {
      this.add(file, 'file', 'a regular file', stat.isSymbolicLink() ? 'a symlink' : 'not a file');
      return null;
    }
    if (stat.size > MAX_INPUT_BYTES) {
      this.add(file, 'file', `at most ${MAX_INPUT_BYTES} bytes`, `${stat.size} bytes`);
      return null;
    }
    return readFileSync(full);
  }

  /** Checks one parsed JSON value against its schema entry with zod and ajv. */
  checkValue<T>(
    file: string,
    value: unknown,
    entry: SchemaEntry<T>,
    schemaDir?: URL | null,
  ): T | null {
    const result = checkArtifact(entry, value);
    if (!result.ok) {
      this.add(file, result.check, result.expected, result.found);
      return null;
    }
    const ajvErrors = this.ajv.validate(entry, value, schemaDir);
    if (ajvErrors.length > 0) {
      this.add(
        file,
        'json-schema',
        `valid ${entry.marker} v${entry.version}`,
        ajvErrors.slice(0, 5).join('; '),
      );
      return null;
    }
    return result.data;
  }

  /** Reads and checks a JSON artifact (or each line of a JSONL one). */
  checkJson<T>(
    file: string,
    entry: SchemaEntry<T>,
    schemaDir?: URL | null,
    jsonl = false,
  ): T | null {
    const bytes = this.read(file);
    if (bytes === null) return null;
    const text = bytes.toString('utf8');
    if (jsonl) {
      text.split('\n').forEach((line, index) => {
        if (line.trim() === '') return;
        const label = `${file}:${index + 1}`;
        const value = this.parse(label, line);
        if (value !== undefined) this.checkValue(label, value, entry, schemaDir);
      });
      return null;
    }
    const value = this.parse(file, text);
    return value === undefined ? null : this.checkValue(file, value, entry, schemaDir);
  }

  parse(label: string, text: string): unknown {
    try {
      return parseJsonText(text, label);
    } catch (error) {
      this.add(label, 'json', 'valid JSON', isZpbenchError(error) ? error.message : String(error));
      return undefined;
    }
  }
}

/** The schema of a spec: its own, or the domain's per-seed result schema. */
function schemaOf(spec: ArtifactSpec, contract: DomainContract): SchemaEntry | null {
  if (spec.id === SEED_RESULT_ARTIFACT) return contract.seedResult;
  return spec.schema ?? null;
}

function sameParams(a: ArtifactParams, seed: number | null, model: string | null): boolean {
  return (a.seed ?? null) === seed && (a.model ?? null) === model;
}

const NON_CANONICAL = /(^|\/)\.(\/|$)|\/\//;

function checkEntries(
  checker: Checker,
  manifest: RunManifestV5,
  contract: DomainContract,
  table: readonly ArtifactSpec[],
): Map<string, unknown> {
  const parsed = new Map<string, unknown>();
  const schemaDir = contract.schemaDir ?? null;
  for (const [key, entry] of Object.entries(manifest.artifacts)) {
    if (key !== entry.path)
      checker.add(
        RUN_FILES.manifest,
        'consistency',
        `artifact key ${key} equal to its path`,
        entry.path,
      );
    if (NON_CANONICAL.test(entry.path)) {
      checker.add(entry.path, 'path', 'a canonical path (no ./ or //)', entry.path);
      continue;
    }
    const found = findArtifactSpec(table, entry.path);
    if (!found) {
      checker.add(
        entry.path,
        'declared',
        `a file declared by core or the ${contract.id} domain`,
        'undeclared',
      );
      continue;
    }
    const { spec, params } = found;
    if (
      spec.id !== entry.artifact ||
      spec.role !== entry.role ||
      spec.kind !== entry.kind ||
      !sameParams(params, entry.seed, entry.model)
    ) {
      checker.add(
        RUN_FILES.manifest,
        'consistency',
        `${entry.path}: artifact ${spec.id}, role ${spec.role}, kind ${spec.kind}, seed ${params.seed ?? null}, model ${params.model ?? null}`,
        `artifact ${entry.artifact}, role ${entry.role}, kind ${entry.kind}, seed ${entry.seed}, model ${entry.model}`,
      );
    }
    const bytes = checker.read(entry.path);
    if (bytes === null) continue;
    if (bytes.length !== entry.bytes)
      checker.add(entry.path, 'bytes', String(entry.bytes), String(bytes.length));
    const actual = sha256Hex(bytes);
    // A changed file is still parsed: its schema problems say what changed.
    if (actual !== entry.sha256) checker.add(entry.path, 'sha256', entry.sha256, actual);
    const schema = schemaOf(spec, contract);
    if (!schema) continue;
    const dir =
      spec.id === SEED_RESULT_ARTIFACT || contract.artifacts.includes(spec) ? schemaDir : undefined;
    const text = bytes.toString('utf8');
    if (spec.kind === 'jsonl') {
      text.split('\n').forEach((line, index) => {
        if (line.trim() === '') return;
        const label = `${entry.path}:${index + 1}`;
        const value = checker.parse(label, line);
        if (value !== undefined) checker.checkValue(label, value, schema, dir);
      });
      continue;
    }
    const value = checker.parse(entry.path, text);
    if (value === undefined) continue;
    const data = checker.checkValue(entry.path, value, schema, dir);
    if (data !== null && actual === entry.sha256) parsed.set(entry.path, data);
  }
  return parsed;
}

function checkUnlisted(checker: Checker, manifest: RunManifestV5): void {
  for (const file of listRunFiles(checker.runDir)) {
    if (!(file in manifest.artifacts))
      checker.add(file, 'listed', 'a file listed in manifest.json', 'present but not listed');
  }
}

function checkRequired(
  checker: Checker,
  manifest: RunManifestV5,
  table: readonly ArtifactSpec[],
): void {
  for (const spec of table) {
    if (!isArtifactRequired(spec, manifest.mode)) continue;
    const paths = spec.path.includes('{seed}')
      ? manifest.seeds_completed.map((seed) => artifactPath(spec, { seed }))
      : [spec.path];
    for (const path of paths) {
      if (!(path in manifest.artifacts))
        checker.add(
          path,
          'required',
          `required in ${manifest.mode} mode and listed in manifest.json`,
          existsSync(join(checker.runDir, ...path.split('/'))) ? 'not listed' : 'missing',
        );
    }
  }
}

const sortedKey = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join(',');

/** Cross-file checks: the manifest against itself, the journal and the per-seed results. */
function checkConsistency(
  checker: Checker,
  manifest: RunManifestV5,
  artifacts: RunArtifacts,
): void {
  const { provenance, resumeState, seedResults } = artifacts;
  const inconsistent = (file: string, what: string, expected: unknown, found: unknown) =>
    checker.add(file, 'consistency', `${what} ${JSON.stringify(expected)}`, JSON.stringify(found));
  const missing = manifest.seeds_planned.filter((seed) => !manifest.seeds_completed.includes(seed));
  if (missing.length > 0)
    checker.add(
      RUN_FILES.manifest,
      'seeds',
      `all planned seeds complete (${manifest.seeds_planned.join(',')})`,
      `incomplete seeds ${missing.join(',')}`,
    );
  const outside = manifest.seeds_completed.filter((seed) => !manifest.seeds_planned.includes(seed));
  if (outside.length > 0)
    inconsistent(
      RUN_FILES.manifest,
      'completed seeds within the plan',
      manifest.seeds_planned,
      manifest.seeds_completed,
    );
  if (new Set(manifest.seeds_completed).size !== manifest.seeds_completed.length)
    inconsistent(
      RUN_FILES.manifest,
      'completed seeds without duplicates',
      [...new Set(manifest.seeds_completed)],
      manifest.seeds_completed,
    );

  for (const [file, other] of [
    [RUN_FILES.provenance, provenance],
    [RUN_FILES.summary, artifacts.summary],
    [RUN_FILES.pairedStats, artifacts.pairedStats],
    [RUN_FILES.claimAuditJson, artifacts.claimAudit],
  ] as const) {
    if (other && other.config_hash !== manifest.config_hash)
      inconsistent(file, 'config_hash', manifest.config_hash, other.config_hash);
  }
  if (provenance) {
    for (const key of ['run_id', 'domain', 'mode'] as const)
      if (provenance[key] !== manifest[key])
        inconsistent(RUN_FILES.provenance, key, manifest[key], provenance[key]);
    if (sortedKey(provenance.contract.seeds) !== sortedKey(manifest.seeds_planned))
      inconsistent(
        RUN_FILES.provenance,
        'contract.seeds',
        manifest.seeds_planned,
        provenance.contract.seeds,
      );
  }
  if (resumeState?.contract.shard) {
    const { index, count } = resumeState.contract.shard;
    checker.add(
      RUN_FILES.resumeState,
      'shard',
      'a whole run',
      `shard ${index}/${count} of a run; merge its shards with \`zpbench merge\` and gate the merged run`,
    );
  }
  if (resumeState) {
    const c = resumeState.contract;
    if (resumeState.run_id !== manifest.run_id)
      inconsistent(RUN_FILES.resumeState, 'run_id', manifest.run_id, resumeState.run_id);
    if (c.config_hash !== manifest.config_hash)
      inconsistent(
        RUN_FILES.resumeState,
        'contract.config_hash',
        manifest.config_hash,
        c.config_hash,
      );
    if (c.domain !== manifest.domain || c.mode !== manifest.mode)
      inconsistent(
        RUN_FILES.resumeState,
        'contract domain/mode',
        `${manifest.domain}/${manifest.mode}`,
        `${c.domain}/${c.mode}`,
      );
    if (sortedKey(c.seeds) !== sortedKey(manifest.seeds_planned))
      inconsistent(RUN_FILES.resumeState, 'contract.seeds', manifest.seeds_planned, c.seeds);
    const complete = Object.entries(resumeState.seed_status)
      .filter(([, s]) => s === 'complete')
      .map(([seed]) => Number(seed));
    if (sortedKey(complete) !== sortedKey(manifest.seeds_completed))
      inconsistent(RUN_FILES.resumeState, 'complete seeds', manifest.seeds_completed, complete);
    if (provenance && JSON.stringify(provenance.contract) !== JSON.stringify(c))
      inconsistent(
        RUN_FILES.resumeState,
        'contract equal to provenance.json',
        provenance.contract,
        c,
      );
    for (const [seed, files] of Object.entries(resumeState.seed_files)) {
      for (const [path, hash] of Object.entries(files)) {
        const entry = manifest.artifacts[path];
        if (entry && entry.sha256 !== hash.sha256)
          checker.add(
            path,
            'consistency',
            `sha256 recorded for seed ${seed} in resume_state.json (${hash.sha256})`,
            entry.sha256,
          );
      }
    }
  }

  const checkpoints = modelHashes(manifest.artifacts, 'checkpoint');
  const bundles = modelHashes(manifest.artifacts, 'bundle-manifest');
  const canonical = (x: Record<string, Record<string, string>>) =>
    JSON.stringify(
      Object.keys(x)
        .sort()
        .map((k) => [k, Object.entries(x[k] ?? {}).sort()]),
    );
  if (canonical(checkpoints) !== canonical(manifest.checkpoint_hashes))
    inconsistent(
      RUN_FILES.manifest,
      'checkpoint_hashes built from the checkpoint entries',
      checkpoints,
      manifest.checkpoint_hashes,
    );
  if (canonical(bundles) !== canonical(manifest.bundle_hashes))
    inconsistent(
      RUN_FILES.manifest,
      'bundle_hashes built from the bundle-manifest entries',
      bundles,
      manifest.bundle_hashes,
    );
  for (const [file, sha] of Object.entries(manifest.summary_hashes)) {
    if (manifest.artifacts[file]?.sha256 !== sha)
      inconsistent(
        RUN_FILES.manifest,
        `summary_hashes[${file}] equal to its artifact entry`,
        manifest.artifacts[file]?.sha256 ?? null,
        sha,
      );
  }
  if (
    sortedKey(Object.keys(manifest.dataset_fingerprints).map(Number)) !==
    sortedKey(manifest.seeds_completed)
  )
    inconsistent(
      RUN_FILES.manifest,
      'dataset_fingerprints of the completed seeds',
      manifest.seeds_completed,
      Object.keys(manifest.dataset_fingerprints),
    );

  for (const seed of manifest.seeds_completed) {
    const result = seedResults.get(seed);
    const file = artifactPath(
      { id: SEED_RESULT_ARTIFACT, path: RUN_FILES.perSeedResult },
      { seed },
    );
    if (!result) continue;
    if (result.seed !== seed) inconsistent(file, 'seed', seed, result.seed);
    if (result.config_hash !== manifest.config_hash)
      inconsistent(file, 'config_hash', manifest.config_hash, result.config_hash);
    if (result.mode !== manifest.mode) inconsistent(file, 'mode', manifest.mode, result.mode);
    if (manifest.dataset_fingerprints[String(seed)] !== result.dataset_fingerprint)
      inconsistent(
        RUN_FILES.manifest,
        `dataset_fingerprints[${seed}] equal to the seed's result`,
        result.dataset_fingerprint,
        manifest.dataset_fingerprints[String(seed)] ?? null,
      );
    for (const [model, run] of Object.entries(result.runs)) {
      if (!run.checkpoint) continue;
      const entry = manifest.artifacts[run.checkpoint.path];
      if (
        entry?.role !== 'checkpoint' ||
        entry.sha256 !== run.checkpoint.sha256 ||
        entry.seed !== seed ||
        entry.model !== model
      )
        checker.add(
          run.checkpoint.path,
          'consistency',
          `the checkpoint of ${model} that ${file} records (sha256 ${run.checkpoint.sha256})`,
          entry ? `role ${entry.role}, sha256 ${entry.sha256}` : 'not listed',
        );
    }
    for (const path of Object.values(result.artifact_naming)) {
      if (
        path.startsWith(`${seedDir(seed)}/`) &&
        !(path in manifest.artifacts) &&
        path.endsWith('.json')
      )
        checker.add(path, 'consistency', `listed, as ${file} artifact_naming says`, 'not listed');
    }
  }
}

/**
 * Checks a scientific run directory's structure, never its verdicts: the manifest, every file it
 * lists (declared by core or the run's domain, regular, inside the run, hash and size as
 * recorded, JSON artifacts valid against their zod and committed JSON Schemas), the files the
 * mode requires, files present but not listed, and the manifest against itself, the journal and
 * the per-seed results. Every problem becomes a violation; only a missing directory, a
 * performance directory or an unknown domain throw (input errors).
 */
export async function checkRunDir(
  runDir: string,
  options: CheckRunDirOptions,
): Promise<RunDirCheck> {
  // Phases: locate the run, read the manifest, resolve the domain, check every listed file,
  // the required files and unlisted ones, then cross-file consistency.
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      existsSync(runDir)
        ? `${runDir} is a file, not a run directory; pass the run directory that holds manifest.json`
        : `run directory ${runDir} does not exist; pass the path of a run directory`,
    );
  }
  if (!existsSync(join(runDir, RUN_FILES.manifest)) && looksLikePerfDir(runDir)) {
    throw new ZpbenchError(
      ERROR_CODES.WRONG_FAMILY,
      `${runDir} looks like a performance-suite directory; use --family performance`,
    );
  }
  const checker = new Checker(runDir);
  const empty: RunArtifacts = {
    provenance: null,
    resumeState: null,
    summary: null,
    pairedStats: null,
    claimAudit: null,
    seedResults: new Map(),
  };
  const manifest = checker.checkJson(RUN_FILES.manifest, MANIFEST_SCHEMA);
  if (!manifest)
    return {
      runDir,
      ok: false,
      violations: checker.violations,
      manifest: null,
      contract: null,
      artifacts: empty,
    };
  const contract = await options.domains(manifest.domain);
  if (!contract) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `${join(runDir, RUN_FILES.manifest)}: unknown domain "${manifest.domain}"; this zpbench cannot check its artifacts (run \`zpbench list\` for the known domains)`,
    );
  }
  const table = runArtifactTable(contract);
  const parsed = checkEntries(checker, manifest, contract, table);
  checkRequired(checker, manifest, table);
  checkUnlisted(checker, manifest);
  const pick = <T>(path: string) => (parsed.get(path) as T | undefined) ?? null;
  const seedResults = new Map<number, SeedResult>();
  for (const seed of manifest.seeds_completed) {
    const result = pick<SeedResult>(
      artifactPath({ id: SEED_RESULT_ARTIFACT, path: RUN_FILES.perSeedResult }, { seed }),
    );
    if (result) seedResults.set(seed, result);
  }
  const artifacts: RunArtifacts = {
    provenance: pick(RUN_FILES.provenance),
    resumeState: pick(RUN_FILES.resumeState),
    summary: pick(RUN_FILES.summary),
    pairedStats: pick(RUN_FILES.pairedStats),
    claimAudit: pick(RUN_FILES.claimAuditJson),
    seedResults,
  };
  checkConsistency(checker, manifest, artifacts);
  return {
    runDir,
    ok: checker.violations.length === 0,
    violations: checker.violations,
    manifest,
    contract,
    artifacts,
  };
}

/**
 * The verdict violations of a checked run: every required claim that did not pass. A required
 * INCONCLUSIVE claim (too few seeds for any outcome to pass) fails the gate too, saying so.
 */
export function claimViolations(audit: ClaimAuditV2 | null): Violation[] {
  if (!audit) return [];
  return audit.claims
    .filter((claim) => claim.required && claim.verdict !== 'PASS')
    .map((claim) => ({
      file: RUN_FILES.claimAuditJson,
      check: 'claim',
      expected: `required claim ${claim.id} PASS`,
      found:
        claim.verdict === 'INCONCLUSIVE'
          ? `INCONCLUSIVE (underpowered: a required claim must be able to pass): ${claim.reason}`
          : `${claim.verdict}: ${claim.reason}`,
    }));
}
