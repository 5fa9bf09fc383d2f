import type { ArtifactParams, ArtifactSpec, SchemaEntry } from './artifact-spec.js';
import { artifactPath } from './artifact-spec.js';
import type { DomainContract } from './domain-contract.js';
import type { ArtifactReader, ParentRun } from './domain-plugin.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import {
  type CheckRunDirOptions,
  checkRunDir,
  type RunDirCheck,
  type Violation,
} from './run-dir-check.js';
import { readRunArtifact, readRunFile } from './run-files.js';
import type { ClaimAuditV2 } from './schemas/claim-audit.js';
import type { RunManifestV6 } from './schemas/manifest.js';
import type { PairedStatsV1 } from './schemas/paired-stats.js';
import type { ProvenanceV8 } from './schemas/provenance.js';
import type { ResumeStateV3 } from './schemas/resume-state.js';
import type { SeedResult } from './schemas/seed-result.js';
import type { SummaryV1 } from './schemas/summary.js';

/** A run directory whose structure, schemas and hashes were checked, with its parsed artifacts. */
export interface BenchmarkRun {
  readonly runDir: string;
  readonly manifest: RunManifestV6;
  readonly contract: DomainContract;
  readonly provenance: ProvenanceV8;
  readonly resumeState: ResumeStateV3;
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1;
  readonly claimAudit: ClaimAuditV2;
  readonly seedResults: ReadonlyMap<number, SeedResult>;
  /** Reads a declared artifact of the run, checked against the manifest's hash. */
  readonly read: ArtifactReader;
}

function describe(violation: Violation): string {
  return `${violation.file}: ${violation.check} expected ${violation.expected}, found ${violation.found}`;
}

/**
 * The artifact reader of a run whose files are recorded (its manifest's table of contents, or
 * the resume state's file hashes during a run): a declared artifact's concrete path must be
 * recorded (else null: absent), and its bytes must still hash as recorded (unless `checkHashes`
 * is false: a report rendered on purpose from a run known to be tampered with).
 */
export function createRunReader(
  runDir: string,
  files: Readonly<Record<string, { readonly sha256: string }>>,
  options: { readonly checkHashes?: boolean } = {},
): ArtifactReader {
  const checkHashes = options.checkHashes ?? true;
  return <T>(spec: ArtifactSpec<T>, params: ArtifactParams = {}): T | null => {
    const path = artifactPath(spec, params);
    const entry = files[path];
    if (!entry) return null;
    if (!spec.schema) {
      throw new ZpbenchError(
        ERROR_CODES.PLUGIN_CONTRACT,
        `artifact ${spec.id} has no schema and cannot be read as JSON; read it as a file`,
      );
    }
    return readRunArtifact(runDir, path, spec.schema, checkHashes ? entry : undefined);
  };
}

/**
 * Checks a run directory (structure, schemas, hashes; never its claim verdicts, so a run whose
 * claims failed is readable) and returns its manifest; throws `ZPB_RUN_INVALID` listing every
 * violation in `details` when a check fails.
 */
export async function validateRunDir(
  runDir: string,
  options: CheckRunDirOptions,
): Promise<RunManifestV6> {
  return (await readBenchmarkRun(runDir, options)).manifest;
}

/**
 * The one reader of run directories: checks the directory with {@link checkRunDir} and returns
 * the parsed artifacts of a valid run, reading each file once.
 * @example
 * const run = await readBenchmarkRun('results/benchmarks/my-domain/run_x', { domains: lookup });
 */
export async function readBenchmarkRun(
  runDir: string,
  options: CheckRunDirOptions,
): Promise<BenchmarkRun> {
  const check = await checkRunDir(runDir, options);
  const run = benchmarkRunOf(check);
  if (!run) {
    const first = check.violations[0];
    const more = check.violations.length > 1 ? ` (and ${check.violations.length - 1} more)` : '';
    throw new ZpbenchError(
      ERROR_CODES.RUN_INVALID,
      `${runDir} is not a valid run directory: ${first ? describe(first) : 'manifest unreadable'}${more}; run \`zpbench validate ${runDir}\` for the full list`,
      { details: check.violations },
    );
  }
  return run;
}

/** The parsed run of a check that passed (structure, schemas, hashes), or null. */
export function benchmarkRunOf(check: RunDirCheck): BenchmarkRun | null {
  const { runDir, manifest, contract, artifacts } = check;
  const { provenance, resumeState, summary, pairedStats, claimAudit } = artifacts;
  if (
    !check.ok ||
    !manifest ||
    !contract ||
    !provenance ||
    !resumeState ||
    !summary ||
    !pairedStats ||
    !claimAudit
  )
    return null;
  return {
    runDir,
    manifest,
    contract,
    provenance,
    resumeState,
    summary,
    pairedStats,
    claimAudit,
    seedResults: artifacts.seedResults,
    read: createRunReader(runDir, manifest.artifacts),
  };
}

/**
 * Reads a JSON artifact of a validated parent run (`SeedContext.parent`): the path must be one
 * its manifest lists, and the bytes must still hash as the manifest records.
 */
export function readParentArtifact<T>(parent: ParentRun, path: string, entry: SchemaEntry<T>): T {
  const sha256 = parent.files[path];
  if (sha256 === undefined) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `the parent run ${parent.runDir} has no ${path} in its manifest; pass a parent run that holds it`,
    );
  }
  return readRunArtifact(parent.runDir, path, entry, { sha256 });
}

/** Reads a file of a validated parent run as bytes, hash-checked against its manifest. */
export function readParentFile(parent: ParentRun, path: string): Buffer {
  const sha256 = parent.files[path];
  if (sha256 === undefined) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `the parent run ${parent.runDir} has no ${path} in its manifest; pass a parent run that holds it`,
    );
  }
  return readRunFile(parent.runDir, path, { sha256 });
}
