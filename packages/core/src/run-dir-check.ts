import type { KeyObject } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { checkArtifact, MAX_INPUT_BYTES, parseJsonText, readMarker } from './artifact-io.js';
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
import { checkManifestSignature, publicKeyFingerprint } from './manifest-signature.js';
import { looksLikePerfDir } from './perf-gate.js';
import { checkRunConsistency } from './run-consistency.js';
import { listRunFiles } from './run-files.js';
import { RUN_FILES } from './run-layout.js';
import { resolveInsideRunDir } from './safe-path.js';
import type { ClaimAuditV2 } from './schemas/claim-audit.js';
import type { RunManifestV6 } from './schemas/manifest.js';
import type { PairedStatsV1 } from './schemas/paired-stats.js';
import type { ProvenanceV8 } from './schemas/provenance.js';
import {
  MANIFEST_SCHEMA,
  MANIFEST_SIGNATURE_SCHEMA,
  PROVENANCE_SCHEMA,
  RESUME_STATE_SCHEMA,
} from './schemas/registry.js';
import type { ResumeStateV3 } from './schemas/resume-state.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';

/** One failed check of a run directory. */
export interface Violation {
  /** File the violation is about, relative to the run directory. */
  readonly file: string;
  /**
   * Short check name: exists, file, json, schema-marker, schema-version, schema, json-schema,
   * sha256, bytes, path, declared, listed, required, seeds, consistency, attempts, signature,
   * shard, claim, regression (and deep, from `benchmark-gate --deep`).
   */
  readonly check: string;
  readonly expected: string;
  readonly found: string;
}

/** The core artifacts of a run, parsed while it was checked (null where a check failed). */
export interface RunArtifacts {
  readonly provenance: ProvenanceV8 | null;
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
  readonly manifest: RunManifestV6 | null;
  /** sha256 of the manifest bytes that were checked (what a signature must sign). */
  readonly manifestSha256: string | null;
  readonly contract: DomainContract | null;
  readonly artifacts: RunArtifacts;
}

/** Options of {@link checkRunDir}. */
export interface CheckRunDirOptions {
  /** Finds the run's domain contract from the manifest's domain id. */
  readonly domains: DomainContractLookup;
  /**
   * The Ed25519 public key the manifest must be signed with (`manifest.sig.json`); without it a
   * signature present is still checked for staleness.
   */
  readonly verifyKey?: KeyObject | null;
}

class Checker {
  readonly violations: Violation[] = [];
  readonly ajv: JsonSchemaValidator = sharedJsonSchemaValidator();
  #root: string | undefined;
  constructor(readonly runDir: string) {}

  add(file: string, check: string, expected: string, found: string): void {
    this.violations.push({ file, check, expected, found });
  }

  /**
   * Reads a file that must be a regular file inside the run, reached through no symlink: opened
   * without following links and without blocking (a FIFO is never waited on), then checked on
   * the open descriptor. Records why not and returns null.
   */
  read(file: string): Buffer | null {
    let full: string;
    let root: string;
    try {
      // The run directory's real path, resolved once per check rather than twice per file.
      this.#root ??= realpathSync(resolve(this.runDir));
      root = this.#root;
      full = resolveInsideRunDir(this.runDir, file, root);
    } catch (error) {
      this.add(file, 'path', 'a path inside the run directory', (error as Error).message);
      return null;
    }
    const lexical = join(root, ...file.split('/'));
    if (full !== lexical) {
      this.add(file, 'path', 'a regular file inside the run directory', `a symlink to ${full}`);
      return null;
    }
    let fd: number;
    try {
      fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') this.add(file, 'exists', 'file present', 'missing');
      else if (code === 'ELOOP') this.add(file, 'file', 'a regular file', 'a symlink');
      else this.add(file, 'file', 'a readable regular file', `cannot be opened (${code})`);
      return null;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        this.add(file, 'file', 'a regular file', stat.isFIFO() ? 'a FIFO' : 'not a file');
        return null;
      }
      if (stat.size > MAX_INPUT_BYTES) {
        this.add(file, 'file', `at most ${MAX_INPUT_BYTES} bytes`, `${stat.size} bytes`);
        return null;
      }
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Checks one parsed JSON value against its schema entry: its marker and version, then ajv's
   * validator of the committed JSON Schema (precompiled by the build), which is the zod schema's
   * rendering (strict objects, no refinements or transforms; the schema drift tests keep the two
   * equal), so a value ajv accepts is not parsed by zod a second time. A value it rejects is
   * checked by zod too, so the violation names the problem as zod words it.
   */
  checkValue<T>(
    file: string,
    value: unknown,
    entry: SchemaEntry<T>,
    schemaDir?: URL | null,
  ): T | null {
    const { marker, version } = readMarker(value);
    if (
      marker === entry.marker &&
      version === entry.version &&
      this.ajv.validate(entry, value, schemaDir).length === 0
    )
      return value as T;
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

/** The manifest's signature: required with a key, never stale, signed by that key. */
function checkSignature(
  checker: Checker,
  manifestBytes: Buffer,
  manifest: RunManifestV6,
  key: KeyObject | null,
): void {
  const file = RUN_FILES.manifestSignature;
  if (!existsSync(join(checker.runDir, file)) && !isSymlink(join(checker.runDir, file))) {
    if (key)
      checker.add(
        file,
        'signature',
        `a signature of manifest.json by the key ${publicKeyFingerprint(key).slice(0, 16)}… of --verify-key`,
        'no signature: sign the run with `zpbench sign <run_dir> --key <private key>`',
      );
    return;
  }
  const signature = checker.checkJson(file, MANIFEST_SIGNATURE_SCHEMA);
  if (!signature) return;
  const problem = checkManifestSignature(signature, manifestBytes, manifest.run_id, key);
  if (problem) checker.add(file, 'signature', problem.expected, problem.found);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
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

/** `./x`, `a/./b`, `a//b`, `a/`: refused, never normalised (the key must be the path as written). */
const NON_CANONICAL = /(^|\/)\.(\/|$)|\/\/|\/$/;

function checkEntries(
  checker: Checker,
  manifest: RunManifestV6,
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

function checkUnlisted(checker: Checker, manifest: RunManifestV6): void {
  for (const file of listRunFiles(checker.runDir)) {
    if (!(file in manifest.artifacts))
      checker.add(file, 'listed', 'a file listed in manifest.json', 'present but not listed');
  }
}

function checkRequired(
  checker: Checker,
  manifest: RunManifestV6,
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

/**
 * Checks a scientific run directory's structure, never its verdicts: the manifest, every file it
 * lists (declared by core or the run's domain, regular, inside the run, hash and size as
 * recorded, JSON artifacts valid against their zod and committed JSON Schemas), the files the
 * mode requires, files present but not listed, and the manifest against itself, the journal and
 * the per-seed results. Every problem becomes a violation; only a missing directory, a
 * performance directory or an unknown domain throw (input errors). A manifest naming a domain
 * its own journal contradicts is a violation (an edit), not an unknown domain.
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
  const manifestBytes = checker.read(RUN_FILES.manifest);
  const manifestValue =
    manifestBytes === null
      ? undefined
      : checker.parse(RUN_FILES.manifest, manifestBytes.toString('utf8'));
  const manifest =
    manifestValue === undefined
      ? null
      : checker.checkValue(RUN_FILES.manifest, manifestValue, MANIFEST_SCHEMA);
  if (!manifest || !manifestBytes)
    return {
      runDir,
      ok: false,
      violations: checker.violations,
      manifest: null,
      manifestSha256: null,
      contract: null,
      artifacts: empty,
    };
  checkSignature(checker, manifestBytes, manifest, options.verifyKey ?? null);
  const contract = await options.domains(manifest.domain);
  if (!contract) {
    // The journals are core artifacts: when they name a domain this zpbench knows, the manifest
    // disagrees with its own run (an edit), which is a failed check, not an unknown domain.
    const recorded = await journalDomain(runDir, manifest.domain, options.domains);
    if (recorded) {
      checker.add(
        RUN_FILES.manifest,
        'consistency',
        `domain "${recorded.domain}", as ${recorded.file} records it`,
        `"${manifest.domain}", a domain this zpbench does not know`,
      );
      return {
        runDir,
        ok: false,
        violations: checker.violations,
        manifest,
        manifestSha256: sha256Hex(manifestBytes),
        contract: null,
        artifacts: empty,
      };
    }
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
  checkRunConsistency(checker.add.bind(checker), {
    manifest,
    ...artifacts,
    budgetVerdict: pick(RUN_FILES.budgetVerdict),
  });
  return {
    runDir,
    ok: checker.violations.length === 0,
    violations: checker.violations,
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
    contract,
    artifacts,
  };
}

/**
 * The domain the run's journal (resume state, then provenance) records, when it is a domain
 * `domains` knows and not the manifest's: read as regular files inside the run, against the
 * core schemas, on a scratch checker whose findings are dropped.
 */
async function journalDomain(
  runDir: string,
  manifestDomain: string,
  domains: DomainContractLookup,
): Promise<{ file: string; domain: string } | null> {
  const scratch = new Checker(runDir);
  const state = scratch.checkJson(RUN_FILES.resumeState, RESUME_STATE_SCHEMA);
  const provenance = scratch.checkJson(RUN_FILES.provenance, PROVENANCE_SCHEMA);
  for (const [file, domain] of [
    [RUN_FILES.resumeState, state?.contract.domain],
    [RUN_FILES.provenance, provenance?.domain],
  ] as const)
    if (domain && domain !== manifestDomain && (await domains(domain))) return { file, domain };
  return null;
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

/**
 * The regression violation of a checked run: a run made against a baseline whose stored severity
 * verdict (`paired_stats.json["baseline_run"]["regression"]`) is FAIL, naming the baseline and
 * the regressed slots. The gate adds it unless told to allow a regression.
 */
export function regressionViolations(pairedStats: PairedStatsV1 | null): Violation[] {
  const baseline = pairedStats?.baseline_run;
  const verdict = baseline?.regression;
  if (!baseline || verdict?.verdict !== 'FAIL') return [];
  return [
    {
      file: RUN_FILES.pairedStats,
      check: 'regression',
      expected: `no regression against baseline run ${baseline.run_id}`,
      found: `FAIL (severity meta-p ${verdict.meta_p.toPrecision(3)} < alpha ${verdict.alpha}): regressed ${verdict.flagged.join(', ')}`,
    },
  ];
}
