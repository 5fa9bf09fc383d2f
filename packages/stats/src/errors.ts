/** Stable error codes thrown by the stats package; the CLI maps every one of them to exit 2. */
export type StatsErrorCode =
  | 'ZPB_STATS_ALPHA_GUARD'
  | 'ZPB_STATS_SHAPE'
  | 'ZPB_STATS_NON_FINITE'
  | 'ZPB_STATS_INPUT';

/** Typed input error of the stats package: `code` is stable, the message says what, where and how to fix. */
export class StatsError extends Error {
  readonly code: StatsErrorCode;

  constructor(code: StatsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StatsError';
    this.code = code;
  }
}
