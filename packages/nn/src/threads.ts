import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { NnError } from './errors.js';
import { loadWasmKernels } from './wasm/gemm-wasm.js';

/**
 * How many threads the kernels of one training step may use: a fixed count, or a shared cell
 * (`Int32Array`, element 0) that the caller raises and lowers while training runs, for example a
 * runner that hands a seed the cores other seeds have left idle.
 */
export type ThreadSetting = number | Int32Array;

let setting: ThreadSetting = 1;
const CORES = Math.max(1, availableParallelism());

/**
 * Let the kernels of this thread use up to `count` threads (this one and `count − 1` helpers,
 * started on first use), or as many as `count[0]` says at each kernel call when given a shared
 * `Int32Array` cell; returns the previous setting. The threads compute disjoint blocks of each
 * product (and disjoint slices of element-wise layers), so every result is bit-identical whatever
 * the count; only the speed changes. The effective count never exceeds the machine's cores.
 *
 * @example
 * const previous = setThreadCount(2);
 * try { train(); } finally { setThreadCount(previous); }
 */
export function setThreadCount(count: ThreadSetting): ThreadSetting {
  if (typeof count === 'number' && !(Number.isInteger(count) && count >= 1)) {
    throw new NnError(
      'ZPB_NN_ARGUMENT',
      `setThreadCount: expected a whole number ≥ 1 or a shared Int32Array cell, got ${count}`,
    );
  }
  if (typeof count !== 'number' && !(count instanceof Int32Array && count.length >= 1)) {
    throw new NnError('ZPB_NN_ARGUMENT', 'setThreadCount: the cell must be a non-empty Int32Array');
  }
  const previous = setting;
  setting = count;
  return previous;
}

/** The number of threads a kernel may use now: the setting (or its cell), capped by the cores. */
export function threadCount(): number {
  const wanted = typeof setting === 'number' ? setting : Atomics.load(setting, 0);
  return wanted <= 1 ? 1 : Math.min(wanted, CORES);
}

/**
 * Start the helper threads for `count` threads (default: the current setting) and resolve with
 * how many threads are ready (1 when there is no wasm, or after `timeoutMs`). Optional: kernels
 * start helpers themselves on first use and compute alone until they are ready; a benchmark
 * awaits this so it does not time the start-up.
 */
export async function prepareThreads(count = threadCount(), timeoutMs = 10_000): Promise<number> {
  const kernels = loadWasmKernels();
  const wanted = Math.min(Math.max(1, count), CORES) - 1;
  if (kernels === undefined || wanted === 0) return 1;
  const deadline = Date.now() + timeoutMs;
  while (kernels.helpers(wanted) < wanted && Date.now() < deadline) await sleep(5);
  return 1 + kernels.helpers(wanted);
}
