import { isZpbenchError, type ParentRun, type ProgressEvent, type SeedOutput } from '@zpbench/core';

/** A seed sent to a worker: plain data, copied across the thread boundary. */
export interface SeedTask {
  readonly domain: string;
  readonly mode: string;
  readonly seed: number;
  readonly config: unknown;
  readonly configHash: string;
  readonly parent: ParentRun | null;
}

/**
 * Why a seed failed. `code` is the `ZPB_*` code of a typed error (an input error or a broken
 * plugin contract, which the CLI turns into exit 2); an untyped error fails only the seed.
 */
export interface SeedFailure {
  readonly message: string;
  readonly code: string | null;
}

/** What a worker sends back. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly seed: number; readonly event: ProgressEvent }
  | { readonly type: 'result'; readonly seed: number; readonly output: SeedOutput }
  | { readonly type: 'error'; readonly seed: number; readonly failure: SeedFailure };

/** The failure a thrown value is recorded with (resume state, provenance, progress), code kept. */
export function seedFailure(error: unknown): SeedFailure {
  return {
    message: error instanceof Error ? error.message : String(error),
    code: isZpbenchError(error) ? error.code : null,
  };
}
