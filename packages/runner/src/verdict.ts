import { type ClaimAuditV2, type ClaimVerdict, formatP, type PairedStatsV1 } from '@zpbench/core';

/** One claim as the end of a run states it. */
export interface ClaimLine {
  readonly id: string;
  readonly verdict: ClaimVerdict;
  readonly required: boolean;
  readonly observed: number | null;
  readonly threshold: number | null;
  readonly p_holm: number | null;
  readonly alpha: number;
  readonly reason: string;
}

/** The regression verdict against a baseline run, as the end of a run states it. */
export interface RegressionLine {
  readonly baseline_run_id: string;
  readonly verdict: 'PASS' | 'FAIL';
  readonly meta_p: number;
  readonly alpha: number;
  readonly n_slots: number;
  readonly flagged: readonly string[];
}

/** Everything a run's user needs to know at its end, and what it means for the exit code. */
export interface RunVerdict {
  /** True when the run completed and nothing required failed: no required claim FAIL or INCONCLUSIVE, no regression, no failed seed. */
  readonly ok: boolean;
  /** A shard's claims are decided on the merged run: its verdict counts seeds only. */
  readonly shard: boolean;
  readonly claims: readonly ClaimLine[];
  readonly regression: RegressionLine | null;
  readonly seeds_planned: number;
  readonly seeds_completed: readonly number[];
  readonly seeds_failed: readonly number[];
  /** Why the run is not ok, one short sentence each ("seed 0 failed", "required claim x FAIL"). */
  readonly failures: readonly string[];
}

/** What {@link runVerdict} reads: the parts of a finished run that carry verdicts. */
export interface RunVerdictInput {
  readonly claimAudit: ClaimAuditV2;
  readonly pairedStats: PairedStatsV1 | null;
  readonly seedsPlanned: readonly number[];
  readonly seedsCompleted: readonly number[];
  readonly seedsFailed: readonly number[];
  /** A shard of a larger plan (claims are decided after the merge). */
  readonly shard?: boolean;
}

/**
 * The verdict of a finished run: its claims, the regression verdict against a baseline when one
 * was given, and its failed seeds. Not ok when a required claim is FAIL or INCONCLUSIVE (the gate
 * refuses both), the regression verdict is FAIL, or a seed failed. A shard is judged on its seeds
 * only: its claims cover part of the plan and are decided on the merged run.
 */
export function runVerdict(input: RunVerdictInput): RunVerdict {
  const shard = input.shard ?? false;
  const claims: ClaimLine[] = input.claimAudit.claims.map((c) => ({
    id: c.id,
    verdict: c.verdict,
    required: c.required,
    observed: c.observed,
    threshold: c.threshold,
    p_holm: c.p_holm,
    alpha: c.alpha,
    reason: c.reason,
  }));
  const baseline = input.pairedStats?.baseline_run ?? null;
  const regression: RegressionLine | null =
    baseline?.regression != null
      ? {
          baseline_run_id: baseline.run_id,
          verdict: baseline.regression.verdict,
          meta_p: baseline.regression.meta_p,
          alpha: baseline.regression.alpha,
          n_slots: baseline.regression.n_slots,
          flagged: baseline.regression.flagged,
        }
      : null;
  const failures: string[] = input.seedsFailed.map((seed) => `seed ${seed} failed`);
  if (!shard) {
    for (const c of claims) {
      if (!c.required || c.verdict === 'PASS' || (c.id === 'completeness' && failures.length))
        continue;
      failures.push(
        c.verdict === 'INCONCLUSIVE'
          ? `required claim ${c.id} INCONCLUSIVE (too few seeds for it to pass)`
          : `required claim ${c.id} FAIL`,
      );
    }
  }
  if (regression?.verdict === 'FAIL')
    failures.push(
      `regression against ${regression.baseline_run_id} (meta p ${formatP(regression.meta_p)} < alpha ${regression.alpha})`,
    );
  return {
    ok: failures.length === 0,
    shard,
    claims,
    regression,
    seeds_planned: input.seedsPlanned.length,
    seeds_completed: input.seedsCompleted,
    seeds_failed: input.seedsFailed,
    failures,
  };
}
