import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  type DomainPlugin,
  ERROR_CODES,
  RUN_FILES,
  readRunFile,
  sha256Hex,
  type Violation,
  ZpbenchError,
} from '@zpbench/core';
import { computeAggregates } from './aggregate-run.js';

/** Where two texts first differ: the line number and both lines, shortened. */
function firstDifference(expected: string, found: string): string {
  const a = expected.split('\n');
  const b = found.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  const at = index < 0 ? a.length : index;
  const cut = (line: string | undefined) =>
    line === undefined
      ? 'end of file'
      : JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
  return `line ${at + 1} is ${cut(b[at])}, recomputed ${cut(a[at])}`;
}

/**
 * The deep check of a run that passed the structural checks (`benchmark-gate --deep`):
 * recomputes every aggregated file (summary, paired stats, metric log, the domain's aggregated
 * artifacts, claim audit and CLAIM_AUDIT.md) from the hash-checked per-seed results with the
 * runner's own aggregation ({@link computeAggregates}) and compares them byte for byte with the
 * stored files. A value rewritten and rehashed through every hash is invisible to the structural
 * checks and caught here. A run compared with a baseline run needs that run (its manifest must
 * be the one the paired stats record). Returns one `deep` violation per file that differs.
 */
export function checkRunAggregates(
  plugin: DomainPlugin<unknown>,
  run: BenchmarkRun,
  baseline: BenchmarkRun | null,
): Violation[] {
  const recorded = run.pairedStats.baseline_run;
  const violations: Violation[] = [];
  const add = (file: string, expected: string, found: string) =>
    violations.push({ file, check: 'deep', expected, found });
  if (recorded && !baseline) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `--deep: ${run.runDir} was compared with baseline run ${recorded.run_id}; pass that run's directory with --baseline-run-dir to recompute its paired statistics`,
    );
  }
  if (baseline) {
    const sha = sha256Hex(readFileSync(join(baseline.runDir, RUN_FILES.manifest)));
    if (!recorded) {
      add(
        RUN_FILES.pairedStats,
        'no baseline comparison, since --baseline-run-dir is given',
        'paired stats without a baseline run: drop --baseline-run-dir for this run',
      );
      return violations;
    }
    if (sha !== recorded.manifest_sha256) {
      add(
        RUN_FILES.pairedStats,
        `baseline_run.manifest_sha256 of the --baseline-run-dir run (${sha})`,
        `${recorded.manifest_sha256} (run ${recorded.run_id})`,
      );
      return violations;
    }
  }
  const computed = computeAggregates({
    plugin,
    runDir: run.runDir,
    mode: run.manifest.mode,
    config: (run.provenance.config as { config?: unknown }).config,
    configHash: run.manifest.config_hash,
    codeVersion: run.resumeState.contract.code_version,
    plannedSeeds: run.manifest.seeds_planned,
    seedResults: run.seedResults,
    read: run.read,
    baseline,
    parent: run.resumeState.contract.parent_run,
  });
  const produced = new Set<string>();
  for (const file of computed.files) {
    produced.add(file.path);
    const entry = run.manifest.artifacts[file.path];
    if (!entry) {
      add(file.path, 'listed, as the aggregation of this run writes it', 'not listed');
      continue;
    }
    const stored = readRunFile(run.runDir, file.path, entry).toString('utf8');
    if (stored !== file.content)
      add(
        file.path,
        `the bytes the aggregation of the per-seed results gives (sha256 ${sha256Hex(file.content)})`,
        `sha256 ${entry.sha256}: ${firstDifference(file.content, stored)}`,
      );
  }
  // The budget verdict is the gate's, from a budget file the run does not hold: the aggregation
  // cannot recompute it; the structural check holds it to the run and the manifest's digest.
  for (const entry of Object.values(run.manifest.artifacts))
    if (
      (entry.role === 'aggregate' || entry.role === 'audit') &&
      !produced.has(entry.path) &&
      entry.path !== RUN_FILES.budgetVerdict
    )
      add(entry.path, 'a file the aggregation of this run writes', 'not written by it');
  return violations;
}
