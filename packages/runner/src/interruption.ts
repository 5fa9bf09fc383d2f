import { ERROR_CODES, ZpbenchError } from '@zpbench/core';

/** The error of an interrupted run; `details.runDir` names the directory to resume. */
export function interruptedError(runDir: string, complete: number, planned: number): ZpbenchError {
  return new ZpbenchError(
    ERROR_CODES.INTERRUPTED,
    `interrupted: ${complete} of ${planned} seeds complete in ${runDir}, nothing lost`,
    { details: { runDir } },
  );
}
