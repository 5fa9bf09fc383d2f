import { setTimeout as sleep } from 'node:timers/promises';
import type { PerfBenchmark } from '@zpbench/core';
import type { AnyBenchmark } from './define-benchmark.js';
import { summarizeLatencies } from './latency.js';

/** Progress of a measurement, for a live line on a terminal. */
export interface MeasureProgress {
  readonly name: string;
  readonly phase: 'setup' | 'warmup' | 'measure' | 'done';
  /** Measured iterations finished so far. */
  readonly done: number;
  readonly total: number;
}

/** Options of {@link measureBenchmark} and {@link measureInterleaved}. */
export interface MeasureOptions {
  /** Measured iterations of every benchmark (default: each benchmark's own). */
  readonly iterations?: number | undefined;
  /** Warm-up iterations (default: each benchmark's own). */
  readonly warmup?: number | undefined;
  /** Iterations in flight at once (default 1; measureInterleaved always runs one at a time). */
  readonly concurrency?: number | undefined;
  /** Millisecond clock (default `performance.now`); tests inject a fake one. */
  readonly now?: () => number;
  /**
   * measureInterleaved only: an untimed pause before each turn (default 0), so that threads a
   * benchmark leaves spinning (a BLAS pool waiting for its next call) have gone to sleep
   * before the next benchmark's turn is timed.
   */
  readonly pauseMs?: number;
  readonly onProgress?: (event: MeasureProgress) => void;
}

interface Prepared {
  readonly definition: AnyBenchmark;
  readonly iterations: number;
  readonly warmup: number;
  readonly batch: number;
  readonly state: unknown;
  calls: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Runs one iteration (`batch` calls); awaits only what `run` returns as a promise. */
async function iterate(p: Prepared): Promise<void> {
  for (let b = 0; b < p.batch; b++) {
    const result = p.definition.run(p.state, p.calls++);
    if (isThenable(result)) await result;
  }
}

function countOf(value: number | undefined, fallback: number, what: string, low: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < low) {
    throw new RangeError(`${what} must be a whole number ≥ ${low}, got ${n}`);
  }
  return n;
}

async function prepare(
  definition: AnyBenchmark,
  options: MeasureOptions,
  concurrency: number,
): Promise<Prepared> {
  const iterations = countOf(
    options.iterations,
    definition.iterations ?? 10,
    `iterations of ${definition.name}`,
    1,
  );
  const warmup = countOf(options.warmup, definition.warmup ?? 1, 'warmup', 0);
  const batch = countOf(definition.batch, 1, `batch of ${definition.name}`, 1);
  options.onProgress?.({ name: definition.name, phase: 'setup', done: 0, total: iterations });
  const state = await definition.setup?.({ iterations, concurrency });
  return { definition, iterations, warmup, batch, state, calls: 0 };
}

const round = (ms: number): number => Math.round(ms * 1e6) / 1e6;

function toBenchmark(
  p: Prepared,
  samples: readonly number[],
  wallMs: number,
  concurrency: number,
): PerfBenchmark {
  const items = (p.definition.items ?? 1) * p.batch * samples.length;
  return {
    name: p.definition.name,
    group: p.definition.group,
    description: p.definition.description,
    iterations: samples.length,
    warmup: p.warmup,
    concurrency,
    latency_ms: Object.fromEntries(
      Object.entries(summarizeLatencies(samples)).map(([k, v]) => [k, round(v)]),
    ) as PerfBenchmark['latency_ms'],
    throughput: {
      value: wallMs > 0 ? Number(((items * 1000) / wallMs).toPrecision(6)) : 0,
      unit: `${p.definition.itemUnit ?? 'calls'}/s`,
    },
    samples_ms: samples.map(round),
  };
}

/**
 * Measures one benchmark: setup, warm-up, `iterations` timed iterations with up to
 * `concurrency` in flight (each timed from its own start to its own end; throughput is items
 * over the wall time of all of them), cleanup in `finally`. Returns the artifact's entry.
 *
 * @example
 * const result = await measureBenchmark(bench, { iterations: 20 });
 * console.log(result.latency_ms.p50, result.throughput);
 */
export async function measureBenchmark(
  definition: AnyBenchmark,
  options: MeasureOptions = {},
): Promise<PerfBenchmark> {
  const now = options.now ?? (() => performance.now());
  const concurrency = countOf(options.concurrency, 1, 'concurrency', 1);
  const p = await prepare(definition, options, concurrency);
  try {
    for (let w = 0; w < p.warmup; w++) {
      options.onProgress?.({
        name: definition.name,
        phase: 'warmup',
        done: 0,
        total: p.iterations,
      });
      await iterate(p);
    }
    const samples = new Array<number>(p.iterations);
    let next = 0;
    let done = 0;
    const lane = async (): Promise<void> => {
      while (next < p.iterations) {
        const i = next++;
        const start = now();
        await iterate(p);
        samples[i] = (now() - start) / p.batch;
        done++;
        options.onProgress?.({
          name: definition.name,
          phase: 'measure',
          done,
          total: p.iterations,
        });
      }
    };
    const started = now();
    await Promise.all(Array.from({ length: Math.min(concurrency, p.iterations) }, lane));
    const wallMs = now() - started;
    options.onProgress?.({ name: definition.name, phase: 'done', done, total: p.iterations });
    return toBenchmark(p, samples, wallMs, concurrency);
  } finally {
    await definition.cleanup?.(p.state);
  }
}

/**
 * Measures benchmarks side by side: one iteration of each in turn, the order reversed every
 * other round (A B, B A, …), so drift in the machine's load falls on all of them alike and
 * sample i of every result comes from the same round (see `ratioSpread`). One at a time.
 */
export async function measureInterleaved(
  definitions: readonly AnyBenchmark[],
  options: MeasureOptions = {},
): Promise<PerfBenchmark[]> {
  const now = options.now ?? (() => performance.now());
  const prepared: Prepared[] = [];
  try {
    for (const definition of definitions) prepared.push(await prepare(definition, options, 1));
    const rounds = Math.max(...prepared.map((p) => p.iterations));
    for (const p of prepared) for (let w = 0; w < p.warmup; w++) await iterate(p);
    const samples = prepared.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      const order = prepared.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        const p = prepared[i] as Prepared;
        if ((samples[i] as number[]).length >= p.iterations) continue;
        if (options.pauseMs) await sleep(options.pauseMs);
        const start = now();
        await iterate(p);
        (samples[i] as number[]).push((now() - start) / p.batch);
        options.onProgress?.({
          name: p.definition.name,
          phase: 'measure',
          done: (samples[i] as number[]).length,
          total: p.iterations,
        });
      }
    }
    return prepared.map((p, i) => {
      const own = samples[i] as number[];
      const wallMs = own.reduce((a, b) => a + b, 0) * p.batch;
      return toBenchmark(p, own, wallMs, 1);
    });
  } finally {
    for (const p of prepared) await p.definition.cleanup?.(p.state);
  }
}
