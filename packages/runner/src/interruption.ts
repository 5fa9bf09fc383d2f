import { type Attempt, ERROR_CODES, type ResumeStateV2, ZpbenchError } from '@zpbench/core';

/**
 * Closes an attempt stopped by a signal: it is interrupted, and the seeds it was running are
 * pending again (they wrote nothing; a seed is complete only with its canonical result).
 */
export function recordInterruption(state: ResumeStateV2, attempt: Attempt, at: Date): void {
  attempt.status = 'interrupted';
  attempt.finished_utc = at.toISOString();
  attempt.seeds_completed.sort((a, b) => a - b);
  attempt.seeds_failed.sort((a, b) => a - b);
  for (const [seed, status] of Object.entries(state.seed_status)) {
    if (status === 'running') state.seed_status[seed] = 'pending';
  }
}

/** The error of an interrupted run; `details.runDir` names the directory to resume. */
export function interruptedError(runDir: string, state: ResumeStateV2): ZpbenchError {
  const statuses = Object.values(state.seed_status);
  const complete = statuses.filter((s) => s === 'complete').length;
  return new ZpbenchError(
    ERROR_CODES.INTERRUPTED,
    `interrupted: ${complete} of ${statuses.length} seeds complete in ${runDir}, nothing lost`,
    { details: { runDir } },
  );
}
