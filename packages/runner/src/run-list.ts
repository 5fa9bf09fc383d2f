import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CheckRunDirOptions,
  CLAIM_AUDIT_SCHEMA,
  type ClaimVerdict,
  checkRunDir,
  claimViolations,
  compareCodePoints,
  ERROR_CODES,
  isZpbenchError,
  MANIFEST_SCHEMA,
  PAIRED_STATS_SCHEMA,
  PROVENANCE_SCHEMA,
  parseArtifact,
  parseJsonText,
  RUN_FILES,
  readJsonFile,
  readMarker,
  readRunFile,
  regressionViolations,
  type SchemaEntry,
  sharedJsonSchemaValidator,
  ZpbenchError,
} from '@zpbench/core';

/**
 * `zpbench runs list`: the run directories under a root and what the list shows of each. Its own
 * entry (`@zpbench/runner/run-list`) needs core alone, so listing runs never loads the
 * statistics the comparisons and trends use.
 */

/** Where run directories are unless told otherwise. */
export const DEFAULT_RUNS_ROOT = join('results', 'benchmarks');

/**
 * The run directories under a root: every directory holding a `manifest.json`, never looked
 * into further (a run's seed directories are not runs), at most `maxDepth` levels down (enough
 * for `<project>/results/benchmarks/<domain>/<run>` below a parent), sorted, dot-directories
 * skipped.
 */
export function findRunDirs(root: string, maxDepth = 6): string[] {
  if (!existsSync(root)) {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${root} does not exist; pass the directory that holds your run directories (default results/benchmarks)`,
    );
  }
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (existsSync(join(dir, RUN_FILES.manifest))) {
      out.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name)))
      if (entry.isDirectory() && !entry.name.startsWith('.'))
        walk(join(dir, entry.name), depth + 1);
  };
  walk(root, 0);
  return out;
}

/** One row of `zpbench runs list`. */
export interface RunListing {
  readonly runDir: string;
  readonly runId: string;
  readonly domain: string;
  readonly mode: string;
  readonly createdUtc: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly zpbenchVersion: string;
  readonly seedsCompleted: number;
  readonly seedsPlanned: number;
  /**
   * The scientific gate's verdicts on the run: every planned seed complete, every required claim
   * PASS, no stored regression FAIL (and, with `full`, every structural check).
   */
  readonly gate: 'PASS' | 'FAIL';
  /** Why the gate fails, one phrase each. */
  readonly gateReasons: readonly string[];
  readonly claims: readonly {
    readonly id: string;
    readonly verdict: ClaimVerdict;
    readonly required: boolean;
  }[];
  /** The stored regression verdict of a run made against a baseline, else null. */
  readonly regression: 'PASS' | 'FAIL' | null;
}

/** A directory that was skipped, and why. */
export interface SkippedRun {
  readonly runDir: string;
  readonly reason: string;
}

/**
 * A parsed artifact checked against its schema: marker and version, then ajv's precompiled
 * validator of the committed JSON Schema (the zod schema's rendering, kept equal by the schema
 * drift tests), many times faster than a zod parse of the same value. A value ajv rejects is
 * parsed by zod for its message (the error the list has always given), and refused by ajv's if
 * zod would accept it.
 */
function checkedArtifact<T>(entry: SchemaEntry<T>, value: unknown, label: string): T {
  const { marker, version } = readMarker(value);
  if (marker === entry.marker && version === entry.version) {
    const errors = sharedJsonSchemaValidator().validate(entry, value);
    if (errors.length === 0) return value as T;
    parseArtifact(entry, value, label);
    throw new ZpbenchError(
      ERROR_CODES.SCHEMA,
      `${label} is not a valid ${entry.marker} v${entry.version}: ${errors.slice(0, 5).join('; ')}`,
    );
  }
  return parseArtifact(entry, value, label);
}

function lightListing(runDir: string): RunListing {
  // What the list shows, each file against its schema and the hash its manifest records.
  const manifestLabel = `${runDir}/${RUN_FILES.manifest}`;
  const manifest = checkedArtifact(
    MANIFEST_SCHEMA,
    readJsonFile(join(runDir, RUN_FILES.manifest), manifestLabel),
    manifestLabel,
  );
  const read = <T>(path: string, entry: SchemaEntry<T>) => {
    const recorded = manifest.artifacts[path];
    if (!recorded) {
      throw new ZpbenchError(
        ERROR_CODES.RUN_INVALID,
        `${path} is not listed in ${runDir}/${RUN_FILES.manifest}`,
      );
    }
    const text = readRunFile(runDir, path, recorded).toString('utf8');
    return checkedArtifact(entry, parseJsonText(text, path), path);
  };
  const provenance = read(RUN_FILES.provenance, PROVENANCE_SCHEMA);
  const claimAudit = read(RUN_FILES.claimAuditJson, CLAIM_AUDIT_SCHEMA);
  const pairedStats = read(RUN_FILES.pairedStats, PAIRED_STATS_SCHEMA);
  const reasons: string[] = [];
  const incomplete = manifest.seeds_planned.filter((s) => !manifest.seeds_completed.includes(s));
  if (incomplete.length > 0) reasons.push(`seeds ${incomplete.join(',')} incomplete`);
  for (const v of claimViolations(claimAudit))
    reasons.push(
      v.found.startsWith('INCONCLUSIVE')
        ? v.expected.replace(/ PASS$/, ' inconclusive (underpowered)')
        : v.expected.replace(/ PASS$/, ' fails'),
    );
  for (const v of regressionViolations(pairedStats)) reasons.push(v.found);
  const regression = pairedStats.baseline_run?.regression?.verdict ?? null;
  return {
    runDir,
    runId: manifest.run_id,
    domain: manifest.domain,
    mode: manifest.mode,
    createdUtc: provenance.created_utc,
    gitCommit: provenance.git.commit,
    gitDirty: provenance.git.dirty,
    zpbenchVersion: manifest.zpbench_version,
    seedsCompleted: manifest.seeds_completed.length,
    seedsPlanned: manifest.seeds_planned.length,
    gate: reasons.length === 0 ? 'PASS' : 'FAIL',
    gateReasons: reasons,
    claims: claimAudit.claims.map((c) => ({ id: c.id, verdict: c.verdict, required: c.required })),
    regression,
  };
}

/**
 * Lists the run directories under `root`, oldest first (by creation time, then run id), each with
 * its domain, mode, date, commit, seeds, claim verdicts and the gate's verdicts. By default each
 * run is checked for what the list shows (the manifest, provenance, claim audit and paired stats,
 * each against its schema and recorded hash), which keeps hundreds of runs under a second; `full`
 * runs the gate's whole structural check on each. A directory that does not validate is skipped
 * and named with the reason.
 */
export async function listRuns(
  root: string,
  options: { readonly full?: boolean; readonly domains?: CheckRunDirOptions['domains'] } = {},
): Promise<{ runs: RunListing[]; skipped: SkippedRun[] }> {
  const runs: RunListing[] = [];
  const skipped: SkippedRun[] = [];
  for (const runDir of findRunDirs(root)) {
    try {
      const listing = lightListing(runDir);
      if (options.full) {
        if (!options.domains) throw new Error('listRuns: full needs a domains lookup');
        const check = await checkRunDir(runDir, { domains: options.domains });
        const first = check.violations[0];
        if (first) {
          skipped.push({
            runDir,
            reason: `${first.file}: ${first.check} expected ${first.expected}, found ${first.found}${check.violations.length > 1 ? ` (and ${check.violations.length - 1} more)` : ''}`,
          });
          continue;
        }
      }
      runs.push(listing);
    } catch (error) {
      if (!isZpbenchError(error)) throw error;
      skipped.push({ runDir, reason: error.message });
    }
  }
  runs.sort(
    (a, b) => compareCodePoints(a.createdUtc, b.createdUtc) || compareCodePoints(a.runId, b.runId),
  );
  return { runs, skipped };
}
