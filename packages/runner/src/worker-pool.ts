import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DomainPlugin, ProgressEvent, SeedOutput } from '@zpbench/core';
import {
  type SeedFailure,
  type SeedTask,
  seedFailure,
  type WorkerMessage,
} from './worker-protocol.js';

/** Where the worker-thread entry lives. */
const WORKER_URL = new URL('./seed-worker.js', import.meta.url);

/** Callbacks of a seed schedule; they run on the main thread, one at a time per seed. */
export interface SeedScheduleHandlers {
  readonly onStart?: (seed: number) => void;
  readonly onProgress?: (seed: number, event: ProgressEvent) => void;
  /** Called with each finished seed; may write files. Errors it throws fail that seed. */
  readonly onResult: (seed: number, output: SeedOutput) => void | Promise<void>;
  readonly onError: (seed: number, failure: SeedFailure) => void;
}

/** How to load the plugin inside workers. */
export interface PluginModule {
  readonly moduleUrl: string;
  readonly exportName: string;
}

/**
 * The thread budget of each worker lane, for the tail of a run: one shared `Int32Array` cell per
 * lane holding how many threads that lane's seed may use (`SeedContext.threads`, which a domain
 * hands to `@zpbench/nn`'s `setThreadCount`). The lanes share `workers` threads: each starts with
 * an equal share, and a lane that runs out of seeds gives its share to the lanes still running, so
 * when fewer seeds remain than workers the free cores go to the seeds that are left. Results do
 * not depend on it (nn's threads compute disjoint blocks); only the wall time does.
 */
export class ThreadBudgets {
  private readonly cells: Int32Array[];
  private readonly running: boolean[];

  constructor(
    lanes: number,
    private readonly threads: number,
  ) {
    this.cells = Array.from({ length: lanes }, () => new Int32Array(new SharedArrayBuffer(4)));
    this.running = this.cells.map(() => true);
    this.share();
  }

  /** The cell of `lane`, to pass to its worker. */
  cell(lane: number): Int32Array {
    return this.cells[lane] as Int32Array;
  }

  /** `lane` has no more seeds: its threads go to the lanes still running. */
  release(lane: number): void {
    this.running[lane] = false;
    this.share();
  }

  private share(): void {
    const active = this.running.flatMap((on, lane) => (on ? [lane] : []));
    active.forEach((lane, i) => {
      const share =
        Math.floor(this.threads / active.length) + (i < this.threads % active.length ? 1 : 0);
      Atomics.store(this.cell(lane), 0, Math.max(1, share));
    });
  }
}

/** Default worker count: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** Options of {@link runSeedSchedule}. */
export interface SeedScheduleOptions {
  /**
   * Stops the schedule: no seed starts after it fires and running workers are terminated; their
   * seeds get neither a result nor an error (they stay unfinished, to be resumed). Inline seeds
   * cannot be stopped midway; the schedule stops after the running one.
   */
  readonly signal?: AbortSignal;
}

/**
 * Runs seeds on worker threads (or inline when `workers` is 0), feeding seeds in ascending
 * order to whichever worker is free. A seed that throws, or a worker that dies, fails only that
 * seed; the others finish. Resolves when every seed has a result or an error, or once stopped.
 */
export async function runSeedSchedule(
  plugin: DomainPlugin<unknown>,
  module: PluginModule,
  tasks: readonly SeedTask[],
  workers: number,
  handlers: SeedScheduleHandlers,
  { signal }: SeedScheduleOptions = {},
): Promise<void> {
  if (tasks.length === 0) return;
  if (workers === 0) {
    for (const task of tasks) {
      // Let a pending signal handler run between seeds: inline seeds block the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return;
      handlers.onStart?.(task.seed);
      try {
        const output = await plugin.runSeed({
          ...task,
          progress: (event) => handlers.onProgress?.(task.seed, event),
        });
        await deliver(task.seed, output, handlers);
      } catch (error) {
        handlers.onError(task.seed, seedFailure(error));
      }
    }
    return;
  }
  const queue = [...tasks];
  const count = Math.min(workers, queue.length);
  // A lane that fails (a full disk while recording a seed) stops the others, and the schedule
  // returns only once every worker is gone: nothing may write after the caller has moved on.
  const stop = new AbortController();
  const budgets = new ThreadBudgets(count, workers);
  const forward = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', forward);
  const lanes = await Promise.allSettled(
    Array.from({ length: count }, (_, lane) =>
      runLane(module, queue, handlers, stop.signal, budgets, lane).catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    ),
  );
  signal?.removeEventListener('abort', forward);
  const failed = lanes.find((lane) => lane.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Hands a finished seed to `onResult`; if writing it fails, that seed fails. */
async function deliver(
  seed: number,
  output: SeedOutput,
  handlers: SeedScheduleHandlers,
): Promise<void> {
  try {
    await handlers.onResult(seed, output);
  } catch (error) {
    handlers.onError(seed, seedFailure(error));
  }
}

/** One worker lane: takes seeds from the shared queue until it is empty. */
async function runLane(
  module: PluginModule,
  queue: SeedTask[],
  handlers: SeedScheduleHandlers,
  signal: AbortSignal | undefined,
  budgets: ThreadBudgets,
  lane: number,
): Promise<void> {
  let worker: Worker | null = null;
  try {
    for (let task = queue.shift(); task && !signal?.aborted; task = queue.shift()) {
      worker ??= new Worker(WORKER_URL, {
        workerData: { ...module, threadBudget: budgets.cell(lane) },
      });
      handlers.onStart?.(task.seed);
      const outcome = await runOnWorker(worker, task, handlers, signal);
      if (outcome.type === 'aborted') return; // the finally terminates the worker
      if (outcome.type === 'result') {
        await deliver(task.seed, outcome.output, handlers);
      } else {
        handlers.onError(task.seed, outcome.failure);
        if (outcome.fatal) {
          await worker.terminate();
          worker = null;
        }
      }
    }
  } finally {
    budgets.release(lane);
    await worker?.terminate();
  }
}

type Outcome =
  | { type: 'result'; output: SeedOutput }
  | { type: 'error'; failure: SeedFailure; fatal: boolean }
  | { type: 'aborted' };

function runOnWorker(
  worker: Worker,
  task: SeedTask,
  handlers: SeedScheduleHandlers,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      resolve({ type: 'aborted' });
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.seed !== task.seed) return;
      if (message.type === 'progress') handlers.onProgress?.(task.seed, message.event);
      else {
        cleanup();
        resolve(
          message.type === 'result'
            ? { type: 'result', output: message.output }
            : { type: 'error', failure: message.failure, fatal: false },
        );
      }
    };
    const onError = (error: Error) => {
      cleanup();
      resolve({
        type: 'error',
        failure: { message: `worker crashed: ${error.message}`, code: null },
        fatal: true,
      });
    };
    const onExit = (code: number) => {
      cleanup();
      resolve({
        type: 'error',
        failure: { message: `worker exited with code ${code}`, code: null },
        fatal: true,
      });
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    signal?.addEventListener('abort', onAbort);
    worker.postMessage(task);
  });
}
