import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseJsonText, readJsonFile, readMarker, readTextFile } from './artifact-io.js';
import { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
import { hashFile } from './hash.js';
import { type JsonSchemaValidator, sharedJsonSchemaValidator } from './json-schema-validator.js';
import {
  DOMAIN_REQUIRED_FILES,
  perSeedResultPath,
  REQUIRED_RUN_FILES,
  RUN_FILES,
} from './run-layout.js';
import { resolveInsideRunDir } from './safe-path.js';
import {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  type ClaimAuditV1,
  claimAuditV1Schema,
} from './schemas/claim-audit.js';
import {
  DOSE_DIAGNOSTICS_MARKER,
  DOSE_DIAGNOSTICS_VERSION,
  doseDiagnosticsV1Schema,
} from './schemas/dose-diagnostics.js';
import {
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  type RunManifestV4,
  runManifestV4Schema,
} from './schemas/manifest.js';
import {
  METRIC_LOG_MARKER,
  METRIC_LOG_VERSION,
  metricLogRecordV1Schema,
} from './schemas/metric-log.js';
import {
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  type PairedStatsV1,
  pairedStatsV1Schema,
} from './schemas/paired-stats.js';
import {
  PROVENANCE_MARKER,
  PROVENANCE_VERSION,
  type ProvenanceV6,
  provenanceV6Schema,
} from './schemas/provenance.js';
import {
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  type ResumeStateV2,
  resumeStateV2Schema,
} from './schemas/resume-state.js';
import {
  createSeedResultSchema,
  SEED_RESULT_VERSION,
  type SeedResult,
  seedResultMarker,
} from './schemas/seed-result.js';
import {
  SUMMARY_MARKER,
  SUMMARY_VERSION,
  type SummaryV1,
  summaryV1Schema,
} from './schemas/summary.js';

/** One failed check of a run directory. */
export interface Violation {
  /** File the violation is about, relative to the run directory. */
  readonly file: string;
  /** Short check name: exists, json, schema-marker, schema-version, schema, sha256, bytes, path, seeds, claim, consistency. */
  readonly check: string;
  readonly expected: string;
  readonly found: string;
}

/** Result of checking a run directory. */
export interface RunDirCheck {
  readonly runDir: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly manifest: RunManifestV4 | null;
}

interface Checker {
  readonly runDir: string;
  readonly violations: Violation[];
  readonly ajv: JsonSchemaValidator;
}

function add(checker: Checker, file: string, check: string, expected: string, found: string): void {
  checker.violations.push({ file, check, expected, found });
}

/**
 * Reads one JSON artifact and checks it: readable, valid JSON, marker, version, zod schema and the
 * committed JSON Schema (ajv). Records violations and returns the parsed data or null.
 */
function checkJsonArtifact<T>(
  checker: Checker,
  file: string,
  schema: z.ZodType<T>,
  marker: string,
  version: number,
): T | null {
  const path = join(checker.runDir, file);
  if (!existsSync(path)) {
    add(checker, file, 'exists', 'file present', 'missing');
    return null;
  }
  let value: unknown;
  try {
    value = readJsonFile(path, file);
  } catch (error) {
    add(checker, file, 'json', 'valid JSON', isZpbenchError(error) ? error.message : String(error));
    return null;
  }
  return checkParsedArtifact(checker, file, value, schema, marker, version);
}

function checkParsedArtifact<T>(
  checker: Checker,
  file: string,
  value: unknown,
  schema: z.ZodType<T>,
  marker: string,
  version: number,
): T | null {
  const found = readMarker(value);
  if (found.marker !== marker) {
    add(checker, file, 'schema-marker', marker, JSON.stringify(found.marker ?? null));
    return null;
  }
  if (found.version !== version) {
    add(
      checker,
      file,
      'schema-version',
      `version ${version}`,
      `version ${JSON.stringify(found.version ?? null)} (incompatible; regenerate the run with the current zpbench)`,
    );
    return null;
  }
  const ajvErrors = checker.ajv.validate(marker, version, value);
  if (ajvErrors.length > 0)
    add(
      checker,
      file,
      'json-schema',
      `valid ${marker} v${version}`,
      ajvErrors.slice(0, 5).join('; '),
    );
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '/'}: ${issue.message}`)
      .join('; ');
    add(checker, file, 'schema', `valid ${marker} v${version}`, issues);
    return null;
  }
  return ajvErrors.length > 0 ? null : parsed.data;
}

async function checkHashedFile(
  checker: Checker,
  file: string,
  expected: { sha256: string; bytes?: number },
): Promise<void> {
  let path: string;
  try {
    path = resolveInsideRunDir(checker.runDir, file);
  } catch (error) {
    add(checker, file, 'path', 'relative path inside the run directory', (error as Error).message);
    return;
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    add(checker, file, 'exists', 'file present', 'missing');
    return;
  }
  const actual = await hashFile(path);
  if (expected.bytes !== undefined && actual.bytes !== expected.bytes) {
    add(checker, file, 'bytes', String(expected.bytes), String(actual.bytes));
  }
  if (actual.sha256 !== expected.sha256)
    add(checker, file, 'sha256', expected.sha256, actual.sha256);
}

/**
 * Checks a scientific benchmark run directory: schema markers and versions of every artifact,
 * required files, manifest paths (relative, inside, no symlink out), recorded hashes and sizes,
 * per-seed results, seed completeness and required claim gates. Never throws on a bad run:
 * every problem becomes a violation.
 */
export async function checkRunDir(runDir: string): Promise<RunDirCheck> {
  const checker: Checker = { runDir, violations: [], ajv: sharedJsonSchemaValidator() };
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `run directory ${runDir} does not exist; pass the path of a run directory`,
    );
  }
  if (!existsSync(join(runDir, RUN_FILES.manifest)) && looksLikePerfDir(runDir)) {
    throw new ZpbenchError(
      ERROR_CODES.WRONG_FAMILY,
      `${runDir} looks like a performance-suite directory; use --family performance`,
    );
  }
  const manifest = checkJsonArtifact(
    checker,
    RUN_FILES.manifest,
    runManifestV4Schema,
    MANIFEST_MARKER,
    MANIFEST_VERSION,
  );
  const provenance = checkJsonArtifact(
    checker,
    RUN_FILES.provenance,
    provenanceV6Schema,
    PROVENANCE_MARKER,
    PROVENANCE_VERSION,
  );
  const resume = checkJsonArtifact(
    checker,
    RUN_FILES.resumeState,
    resumeStateV2Schema,
    RESUME_STATE_MARKER,
    RESUME_STATE_VERSION,
  );
  const summary = checkJsonArtifact(
    checker,
    RUN_FILES.summary,
    summaryV1Schema,
    SUMMARY_MARKER,
    SUMMARY_VERSION,
  );
  const paired = checkJsonArtifact(
    checker,
    RUN_FILES.pairedStats,
    pairedStatsV1Schema,
    PAIRED_STATS_MARKER,
    PAIRED_STATS_VERSION,
  );
  const audit = checkJsonArtifact(
    checker,
    RUN_FILES.claimAuditJson,
    claimAuditV1Schema,
    CLAIM_AUDIT_MARKER,
    CLAIM_AUDIT_VERSION,
  );
  checkMetricLog(checker);

  if (manifest) {
    const seeds = manifest.seeds_completed;
    const required = [
      ...REQUIRED_RUN_FILES,
      ...(DOMAIN_REQUIRED_FILES[manifest.domain] ?? []).flatMap((pattern) =>
        pattern.includes('{seed}')
          ? seeds.map((seed) => pattern.replace('{seed}', String(seed)))
          : [pattern],
      ),
      ...seeds.map(perSeedResultPath),
    ];
    const listed = new Set(Object.values(manifest.artifacts).map((entry) => entry.path));
    for (const file of required) {
      if (!existsSync(join(runDir, file)))
        add(checker, file, 'exists', 'required file present', 'missing');
      else if (file !== RUN_FILES.manifest && !listed.has(file)) {
        add(checker, RUN_FILES.manifest, 'artifacts', `an entry for ${file}`, 'not listed');
      }
    }
    for (const entry of Object.values(manifest.artifacts))
      await checkHashedFile(checker, entry.path, entry);
    for (const [file, sha256] of Object.entries(manifest.summary_hashes))
      await checkHashedFile(checker, file, { sha256 });

    const missingSeeds = manifest.seeds_planned.filter((seed) => !seeds.includes(seed));
    if (missingSeeds.length > 0) {
      add(
        checker,
        RUN_FILES.manifest,
        'seeds',
        `all planned seeds complete (${manifest.seeds_planned.join(',')})`,
        `incomplete seeds ${missingSeeds.join(',')}`,
      );
    }
    const seedSchema = createSeedResultSchema(manifest.domain);
    for (const seed of seeds) {
      const file = perSeedResultPath(seed);
      if (!existsSync(join(runDir, file))) continue;
      const result = checkJsonArtifact(
        checker,
        file,
        seedSchema,
        seedResultMarker(manifest.domain),
        SEED_RESULT_VERSION,
      ) as SeedResult | null;
      if (result && result.seed !== seed)
        add(checker, file, 'consistency', `seed ${seed}`, `seed ${result.seed}`);
      if (result && result.config_hash !== manifest.config_hash)
        add(
          checker,
          file,
          'consistency',
          `config_hash ${manifest.config_hash}`,
          result.config_hash,
        );
      if (manifest.domain === 'dose') {
        const diag = `seed_${seed}/dose_diagnostics.json`;
        if (existsSync(join(runDir, diag)))
          checkJsonArtifact(
            checker,
            diag,
            doseDiagnosticsV1Schema,
            DOSE_DIAGNOSTICS_MARKER,
            DOSE_DIAGNOSTICS_VERSION,
          );
      }
    }
    if (
      manifest.domain === 'dose' &&
      existsSync(join(runDir, 'aggregated/dose_diagnostics.json'))
    ) {
      checkJsonArtifact(
        checker,
        'aggregated/dose_diagnostics.json',
        doseDiagnosticsV1Schema,
        DOSE_DIAGNOSTICS_MARKER,
        DOSE_DIAGNOSTICS_VERSION,
      );
    }
    for (const [file, other] of [
      [RUN_FILES.provenance, provenance],
      [RUN_FILES.resumeState, resume ? { config_hash: resume.contract.config_hash } : null],
      [RUN_FILES.summary, summary],
      [RUN_FILES.pairedStats, paired],
      [RUN_FILES.claimAuditJson, audit],
    ] as const) {
      if (other && other.config_hash !== manifest.config_hash) {
        add(checker, file, 'consistency', `config_hash ${manifest.config_hash}`, other.config_hash);
      }
    }
  }
  if (audit) {
    for (const claim of audit.claims) {
      if (claim.required && claim.verdict === 'FAIL') {
        add(
          checker,
          RUN_FILES.claimAuditJson,
          'claim',
          `required claim ${claim.id} PASS`,
          `FAIL: ${claim.reason}`,
        );
      }
    }
  }
  return { runDir, ok: checker.violations.length === 0, violations: checker.violations, manifest };
}

function checkMetricLog(checker: Checker): void {
  const file = RUN_FILES.metricLog;
  const path = join(checker.runDir, file);
  if (!existsSync(path)) return; // reported by the required-file check
  let text: string;
  try {
    text = readTextFile(path, file);
  } catch (error) {
    add(checker, file, 'json', 'a JSONL text file', (error as Error).message);
    return;
  }
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const label = `${file}:${index + 1}`;
    try {
      checkParsedArtifact(
        checker,
        label,
        parseJsonText(line, label),
        metricLogRecordV1Schema,
        METRIC_LOG_MARKER,
        METRIC_LOG_VERSION,
      );
    } catch (error) {
      add(checker, label, 'json', 'valid JSON line', (error as Error).message);
    }
  });
}

/** True when a directory holds performance-suite JSON files rather than a run directory. */
export function looksLikePerfDir(dir: string): boolean {
  try {
    return listPerfFiles(dir).length > 0;
  } catch {
    return false;
  }
}

/** Lists `*.json` files in a directory whose marker is the performance-suite marker. */
export function listPerfFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name: string) => name.endsWith('.json'))
    .filter((name: string) => {
      const path = join(dir, name);
      if (lstatSync(path).isSymbolicLink() || !statSync(path).isFile()) return false;
      try {
        return readMarker(JSON.parse(readFileSync(path, 'utf8'))).marker === 'zpbench_perf_suite';
      } catch {
        return false;
      }
    })
    .sort();
}

/**
 * Validates a run directory and returns its manifest; throws `ZPB_RUN_INVALID` listing every
 * violation (in `details`) when any check fails.
 */
export async function validateRunDir(runDir: string): Promise<RunManifestV4> {
  const result = await checkRunDir(runDir);
  if (!result.ok || !result.manifest) {
    const first = result.violations[0];
    const more = result.violations.length > 1 ? ` (and ${result.violations.length - 1} more)` : '';
    throw new ZpbenchError(
      ERROR_CODES.RUN_INVALID,
      `${runDir} is not a valid run directory: ${first ? `${first.file}: ${first.check} expected ${first.expected}, found ${first.found}` : 'manifest unreadable'}${more}; run \`zpbench validate ${runDir}\` for the full list`,
      { details: result.violations },
    );
  }
  return result.manifest;
}

/** A validated run directory with its parsed artifacts. */
export interface BenchmarkRun {
  readonly runDir: string;
  readonly manifest: RunManifestV4;
  readonly provenance: ProvenanceV6;
  readonly resumeState: ResumeStateV2;
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1;
  readonly claimAudit: ClaimAuditV1;
  readonly seedResults: ReadonlyMap<number, SeedResult>;
}

/** Validates a run directory and loads its artifacts. */
export async function loadBenchmarkRun(runDir: string): Promise<BenchmarkRun> {
  const manifest = await validateRunDir(runDir);
  const read = <T>(file: string, schema: z.ZodType<T>): T =>
    schema.parse(readJsonFile(join(runDir, file), file));
  const seedSchema = createSeedResultSchema(manifest.domain);
  const seedResults = new Map<number, SeedResult>();
  for (const seed of manifest.seeds_completed) {
    seedResults.set(seed, read(perSeedResultPath(seed), seedSchema) as SeedResult);
  }
  return {
    runDir,
    manifest,
    provenance: read(RUN_FILES.provenance, provenanceV6Schema),
    resumeState: read(RUN_FILES.resumeState, resumeStateV2Schema),
    summary: read(RUN_FILES.summary, summaryV1Schema),
    pairedStats: read(RUN_FILES.pairedStats, pairedStatsV1Schema),
    claimAudit: read(RUN_FILES.claimAuditJson, claimAuditV1Schema),
    seedResults,
  };
}
