import { describe, expect, it } from 'vitest';
import { defineBenchmark } from './define-benchmark.js';
import { measureBenchmark, measureInterleaved } from './measure.js';

/** A fake millisecond clock that each call of `run` advances by a known amount. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('measureBenchmark', () => {
  it('times each iteration per call of run, after the warm-up, and derives throughput', async () => {
    const clock = fakeClock();
    const log: string[] = [];
    const durations = [5, 5, 1, 2, 3, 4, 10]; // two warm-up calls, then 5 iterations of 1 call
    const bench = defineBenchmark({
      name: 'test.fake',
      group: 'test',
      description: 'advances the fake clock',
      items: 4,
      itemUnit: 'samples',
      warmup: 2,
      iterations: 5,
      setup: (context) => {
        log.push(`setup ${context.iterations}x${context.concurrency}`);
        return { calls: 0 };
      },
      run: (state, call) => {
        state.calls++;
        clock.advance(durations[call] as number);
      },
      cleanup: (state) => {
        log.push(`cleanup after ${state.calls}`);
      },
    });
    const result = await measureBenchmark(bench, { now: clock.now });
    expect(log).toEqual(['setup 5x1', 'cleanup after 7']);
    expect(result).toEqual({
      name: 'test.fake',
      group: 'test',
      description: 'advances the fake clock',
      iterations: 5,
      warmup: 2,
      concurrency: 1,
      // p95 at rank 0.95·4 = 3.8: 4 + 0.8·(10 − 4).
      latency_ms: { min: 1, p50: 3, p95: 8.8, max: 10, mean: 4 },
      // 5 iterations × 4 samples in 20 ms.
      throughput: { value: 1000, unit: 'samples/s' },
      samples_ms: [1, 2, 3, 4, 10],
    });
  });

  it('divides a batch of calls into the latency of one call, and lets the caller override counts', async () => {
    const clock = fakeClock();
    const result = await measureBenchmark(
      defineBenchmark({
        name: 'test.batched',
        group: 'test',
        description: 'one ms per call',
        batch: 10,
        run: () => clock.advance(1),
      }),
      { now: clock.now, iterations: 3, warmup: 0 },
    );
    expect(result.samples_ms).toEqual([1, 1, 1]);
    expect(result.throughput).toEqual({ value: 1000, unit: 'calls/s' });
  });

  it('keeps `concurrency` asynchronous iterations in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await measureBenchmark(
      defineBenchmark({
        name: 'test.async',
        group: 'test',
        description: 'waits a tick',
        run: async () => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
        },
      }),
      { iterations: 8, warmup: 0, concurrency: 4 },
    );
    expect(peak).toBe(4);
    expect(result.concurrency).toBe(4);
    expect(result.iterations).toBe(8);
    expect(result.latency_ms.min).toBeGreaterThanOrEqual(4);
  });

  it('cleans up when run throws, and rejects bad counts', async () => {
    let cleaned = false;
    const failing = defineBenchmark({
      name: 'test.failing',
      group: 'test',
      description: 'throws',
      setup: () => 1,
      run: () => {
        throw new Error('boom');
      },
      cleanup: () => {
        cleaned = true;
      },
    });
    await expect(measureBenchmark(failing)).rejects.toThrow('boom');
    expect(cleaned).toBe(true);
    await expect(measureBenchmark(failing, { iterations: 0 })).rejects.toThrow(
      'iterations of test.failing must be a whole number ≥ 1, got 0',
    );
  });
});

describe('measureInterleaved', () => {
  it('alternates the order every round so sample i of each comes from the same round', async () => {
    const clock = fakeClock();
    const order: string[] = [];
    const make = (id: string, ms: number) =>
      defineBenchmark({
        name: `test.${id}`,
        group: 'test',
        description: id,
        warmup: 0,
        iterations: 4,
        run: () => {
          order.push(id);
          clock.advance(ms);
        },
      });
    const [a, b] = await measureInterleaved([make('a', 2), make('b', 3)], { now: clock.now });
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(a?.samples_ms).toEqual([2, 2, 2, 2]);
    expect(b?.samples_ms).toEqual([3, 3, 3, 3]);
    expect(b?.throughput).toEqual({ value: 333.333, unit: 'calls/s' });
  });

  it('pauses before each turn without timing the pause', async () => {
    const clock = fakeClock();
    const bench = defineBenchmark({
      name: 'test.one_ms',
      group: 'test',
      description: 'one fake ms',
      warmup: 0,
      iterations: 2,
      run: () => clock.advance(1),
    });
    const started = performance.now();
    const [only] = await measureInterleaved([bench], { now: clock.now, pauseMs: 20 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    expect(only?.samples_ms).toEqual([1, 1]);
  });
});
