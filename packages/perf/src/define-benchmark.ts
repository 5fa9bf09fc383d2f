/** What a benchmark's setup learns about the run it is part of. */
export interface BenchmarkContext {
  /** Measured iterations this run will time. */
  readonly iterations: number;
  /** Iterations in flight at once (a benchmark may start that many workers in setup). */
  readonly concurrency: number;
}

/**
 * One benchmark: `setup` builds its state once, `run` is one timed operation, `cleanup` runs in
 * `finally`. An iteration times `batch` calls of `run` and records the latency per call, so a
 * 20 µs operation is timed in batches far above the clock's resolution.
 */
export interface BenchmarkDefinition<S = unknown> {
  /** `<group>.<what>`, lowercase with underscores: the key the performance gate compares. */
  readonly name: string;
  /** Suite id the benchmark belongs to (stats, nn, io, …). */
  readonly group: string;
  /** What one call of `run` does, in a sentence (goes into the artifact). */
  readonly description: string;
  /** Items one call processes, for throughput (default 1). */
  readonly items?: number;
  /** What an item is: samples, calls, seeds, … (default `calls`); throughput is `<unit>/s`. */
  readonly itemUnit?: string;
  /** Measured iterations unless the caller overrides them (default 10). */
  readonly iterations?: number;
  /** Iterations run before measuring, not timed (default 1). */
  readonly warmup?: number;
  /** Calls of `run` per iteration (default 1). */
  readonly batch?: number;
  readonly setup?: (context: BenchmarkContext) => S | Promise<S>;
  readonly run: (state: S, call: number) => unknown;
  readonly cleanup?: (state: S) => void | Promise<void>;
}

/**
 * Identity helper that types a benchmark's state from its `setup`.
 *
 * @example
 * const bench = defineBenchmark({
 *   name: 'stats.sort_1e5',
 *   group: 'stats',
 *   description: 'sorts 100,000 seeded doubles',
 *   setup: () => Float64Array.from({ length: 1e5 }, (_, i) => Math.sin(i)),
 *   run: (xs) => xs.slice().sort(),
 * });
 */
export function defineBenchmark<S = undefined>(
  definition: BenchmarkDefinition<S>,
): BenchmarkDefinition<S> {
  return definition;
}

/** A benchmark of any state type, as suites list them. */
// biome-ignore lint/suspicious/noExplicitAny: a list of benchmarks holds many state types
export type AnyBenchmark = BenchmarkDefinition<any>;
