/**
 * Budgets in a comparison of preserved runs (`runs compare --budget-file`): the budget verdict
 * of both runs and every threshold whose status changed, and the comparison's provenance
 * envelope. Reads the runs only; never edits a budget or a baseline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  type BudgetCheck,
  type BudgetVerdictV1,
  type ComparisonBudget,
  type ComparisonV1,
  canonicalDigest,
  ENVELOPE_MARKER,
  ENVELOPE_VERSION,
  type LoadedBudgetFile,
  type ProvenanceEnvelopeV2,
  RUN_FILES,
  runInputDigest,
  sha256Hex,
} from '@zpbench/core';
import { evaluateBudgets, scientificEvidence } from './evaluate.js';

/**
 * The budget verdict of preserved runs, on the evidence the gate reads: one verdict over all of
 * them, as `benchmark-gate --budget-file` gives for the same directories (a selector that
 * matches none of them is a violation).
 */
export function runBudgetVerdict(
  runs: BenchmarkRun | readonly BenchmarkRun[],
  budget: LoadedBudgetFile,
): BudgetVerdictV1 {
  return evaluateBudgets(
    budget.file,
    (Array.isArray(runs) ? runs : [runs]).map((run: BenchmarkRun) =>
      scientificEvidence({
        runId: run.manifest.run_id,
        summary: run.summary,
        pairedStats: run.pairedStats,
        claimAudit: run.claimAudit,
        failedSeeds: run.manifest.seeds_failed,
      }),
    ),
    budget.ref.sha256,
  );
}

const keyOf = (check: BudgetCheck) =>
  `${check.budget}\u0000${check.subject}\u0000${check.threshold_name}`;

/**
 * Evaluates a budget file on the baseline and the candidate; a status change is a threshold that
 * passes in one and fails in the other, or is evaluated in only one (a subject that appeared or
 * disappeared), in the candidate's order, then the baseline's own.
 */
export function compareBudgetStatus(
  baseline: BenchmarkRun,
  candidate: BenchmarkRun,
  budget: LoadedBudgetFile,
): ComparisonBudget {
  const before = runBudgetVerdict(baseline, budget);
  const after = runBudgetVerdict(candidate, budget);
  const base = new Map(before.checks.map((c) => [keyOf(c), c]));
  const cand = new Map(after.checks.map((c) => [keyOf(c), c]));
  const status = (check: BudgetCheck | undefined) =>
    check === undefined ? 'absent' : check.ok ? 'pass' : 'fail';
  const changes: ComparisonBudget['status_changes'] = [];
  for (const key of new Set([...cand.keys(), ...base.keys()])) {
    const x = base.get(key);
    const y = cand.get(key);
    if (status(x) === status(y)) continue;
    const any = (y ?? x) as BudgetCheck;
    changes.push({
      budget: any.budget,
      selector: any.selector,
      subject: any.subject,
      threshold_name: any.threshold_name,
      baseline: status(x),
      candidate: status(y),
      baseline_observed: x?.observed ?? null,
      candidate_observed: y?.observed ?? null,
    });
  }
  return { budget_file: budget.ref, baseline: before, candidate: after, status_changes: changes };
}

/** Options of {@link comparisonEnvelope}. */
export interface ComparisonEnvelopeOptions {
  /** argv of the comparing command. */
  readonly argv: readonly string[];
  readonly zpbenchVersion: string;
  readonly budget?: LoadedBudgetFile | null;
}

/**
 * The provenance envelope of a comparison. It is a pure function of the compared runs, so it
 * stays deterministic: `created_at` is the newest compared run's creation time, the runtime the
 * candidate's (with every run's provenance and manifest digests as references), the input digest
 * that of the runs' input digests, the result digest that of the comparison without the
 * caller's paths (`run_dir`) and without the envelope itself.
 */
export function comparisonEnvelope(
  comparison: ComparisonV1,
  baseline: BenchmarkRun,
  candidates: readonly BenchmarkRun[],
  options: ComparisonEnvelopeOptions,
): ProvenanceEnvelopeV2 {
  const runs = [baseline, ...candidates];
  const last = candidates[candidates.length - 1] ?? baseline;
  const references: Record<string, string> = {};
  for (const run of runs)
    for (const file of [RUN_FILES.manifest, RUN_FILES.provenance])
      references[`${run.manifest.run_id}/${file}`] =
        `sha256:${sha256Hex(readFileSync(join(run.runDir, file)))}`;
  const { envelope: _envelope, ...content } = comparison;
  const withoutPaths = {
    ...content,
    baselines: content.baselines.map(({ baseline: b, candidate: c, ...pair }) => {
      const { run_dir: _b, ...bRest } = b;
      const { run_dir: _c, ...cRest } = c;
      return { ...pair, baseline: bRest, candidate: cRest };
    }),
  };
  const models = [...new Set(runs.flatMap((run) => run.summary.models.map((m) => m.id)))];
  return {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: 'comparison',
    suite_id: last.manifest.domain,
    suite_version: `${last.manifest.domain}:${last.manifest.mode}:v${last.contract.seedResult.version}`,
    zpbench_version: options.zpbenchVersion,
    created_at: runs
      .map((run) => run.provenance.created_utc)
      .sort()
      .at(-1) as string,
    command: [...options.argv],
    models,
    runtime: {
      node: last.provenance.runtime.node,
      os: last.provenance.system.os,
      cpu_model: last.provenance.system.cpu_model,
      device: last.provenance.environment.device,
      cuda_available: last.provenance.environment.cuda_available,
      references,
    },
    input_digest: canonicalDigest(runs.map((run) => runInputDigest(run.provenance))),
    result_digest: canonicalDigest(withoutPaths),
    budget_file: options.budget?.ref ?? null,
    event_count: comparison.baselines.reduce((n, pair) => n + pair.diffs.length, 0),
    claim_boundary: `${comparison.claim_boundary} Domain: ${last.contract.claimBoundary}`,
    metric_semantics: `${comparison.metric_semantics} Domain: ${last.contract.metricSemantics}`,
    notes: null,
  };
}
