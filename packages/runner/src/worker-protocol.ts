import type { ProgressEvent, SeedOutput } from '@zpbench/core';

/** A seed sent to a worker. */
export interface SeedTask {
  readonly domain: string;
  readonly mode: string;
  readonly seed: number;
  readonly config: unknown;
  readonly configHash: string;
  readonly runDir: string;
}

/** What a worker sends back. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly seed: number; readonly event: ProgressEvent }
  | { readonly type: 'result'; readonly seed: number; readonly output: SeedOutput }
  | { readonly type: 'error'; readonly seed: number; readonly message: string };

/** The message a failed seed is recorded with (resume state, provenance, progress). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
