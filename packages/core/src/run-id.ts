/**
 * Run ids name a run directory: `run_<YYYYMMDD>_<HHMMSS>_<git sha7 | nogit>`, in UTC.
 */
export const RUN_ID_PATTERN = /^run_\d{8}_\d{6}_(?:[0-9a-f]{7}|nogit)(?:_\d+)?$/;

/** Builds a run id from a start time and an optional git commit. */
export function createRunId(startedAt: Date, gitCommit?: string | null): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${startedAt.getUTCFullYear()}${pad(startedAt.getUTCMonth() + 1)}${pad(startedAt.getUTCDate())}`;
  const time = `${pad(startedAt.getUTCHours())}${pad(startedAt.getUTCMinutes())}${pad(startedAt.getUTCSeconds())}`;
  const sha =
    gitCommit && /^[0-9a-f]{7,}$/i.test(gitCommit) ? gitCommit.slice(0, 7).toLowerCase() : 'nogit';
  return `run_${date}_${time}_${sha}`;
}
