/**
 * Whether splitting a kernel call across threads pays, decided per call shape by timing both
 * ways. A split gives the same bits as one thread (disjoint output blocks), so the choice only
 * changes speed, and it depends on things a fixed threshold cannot see: the shared-memory copies
 * (about 3× slower than into a private buffer), the hand-off, how much of a product is packing,
 * and whether the other core is free. Measured on the 2-core dev container (idle): a 256×128×128
 * product ran 1.38× faster on two threads, but the first layer's 256×128×3 product, the 128→2
 * output layer and every ReLU pass ran 2–4× slower, which made a whole 3→128→128→2 training step
 * slower on two threads than on one.
 *
 * Each shape alternates one-thread and split calls for its first {@link PROBE_CALLS} calls and
 * then runs the way with the lower median time (a median, not the fastest call: a split's best
 * call is far better than its typical one when the helper is sometimes asleep or descheduled), probing again every {@link REPROBE_CALLS}
 * calls (the load of a shared machine changes while a run trains).
 */

/** Calls per shape timed while choosing (half on one thread, half split). */
export const PROBE_CALLS = 24;
/**
 * Calls per shape before its first probing round, alternating but untimed: a fresh process's
 * first calls are slow in ways that say nothing about the split (code not yet optimised, fresh
 * scratch pages faulting in, a helper just started), and a probe taken then decided the
 * 3→128→128→2 step's products wrongly for the rest of a run.
 */
export const WARMUP_CALLS = 16;
/** Calls per shape between two rounds of probing. */
export const REPROBE_CALLS = 4096;

/**
 * The way the next call of a shape runs. `always` splits every call that can be split (tests use
 * it to check the split path bit for bit on shapes where one thread would be faster).
 */
export const SPLIT_POLICY: { always: boolean } = { always: false };

/** The median of `values` (infinity when empty: a way never timed is never chosen). */
function median(values: readonly number[]): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface ShapeTimes {
  /** Calls since the last probing round began. */
  calls: number;
  /** Warm-up calls left before the first probing round. */
  warmup: number;
  /** The one-thread and split calls of this probing round, ms. */
  readonly alone: number[];
  readonly split: number[];
  /** Whether calls after the probing round split. */
  splits: boolean;
}

/** Per-shape timings of one thread's kernels (each thread of a process keeps its own). */
export class SplitChooser {
  private readonly shapes = new Map<number, ShapeTimes>();
  private shape = 0;
  private split = false;
  private started = 0;

  /**
   * Starts a call of `shape` (any number naming it, see {@link gemmShape}) and says whether it
   * should split; {@link end} then records its time. Not re-entrant (kernel calls do not nest).
   */
  begin(shape: number): boolean {
    this.shape = shape;
    this.split = this.splits(shape);
    this.started = performance.now();
    return this.split;
  }

  /** Ends the call started by {@link begin}. */
  end(): void {
    this.record(this.shape, this.split, performance.now() - this.started);
  }

  /** Whether the next call of `shape` should split (then time it and call {@link record}). */
  splits(shape: number): boolean {
    if (SPLIT_POLICY.always) return true;
    let s = this.shapes.get(shape);
    if (s === undefined) {
      s = { calls: 0, warmup: WARMUP_CALLS, alone: [], split: [], splits: false };
      this.shapes.set(shape, s);
    }
    if (s.warmup > 0) return s.warmup-- % 2 === 0;
    if (s.calls >= REPROBE_CALLS) {
      s.calls = 0;
      s.alone.length = 0;
      s.split.length = 0;
    }
    s.calls++;
    if (s.calls <= PROBE_CALLS) return s.calls % 2 === 1;
    if (s.calls === PROBE_CALLS + 1) s.splits = median(s.split) < median(s.alone);
    return s.splits;
  }

  /** Records how long a call of `shape` took (ms), split or on one thread. */
  record(shape: number, split: boolean, ms: number): void {
    const s = this.shapes.get(shape);
    if (s === undefined || s.calls === 0 || s.calls > PROBE_CALLS) return;
    (split ? s.split : s.alone).push(ms);
  }
}

/**
 * A number naming a gemm call's shape: m, n, k, whether A's and B's inner strides are 1 (NN, NT,
 * TN), which extras it has and its epilogue (0 none, 1 ReLU, 2 ReLU backward). Exact for
 * m, n, k < 2¹⁵; larger products share names, which only pools their timings (they are far above
 * any hand-off cost anyway).
 */
export function gemmShape(
  m: number,
  n: number,
  k: number,
  aps: number,
  bjs: number,
  accumulate: boolean,
  bias: boolean,
  bSums: boolean,
  epilogue = 0,
): number {
  const flags =
    (aps === 1 ? 1 : 0) |
    (bjs === 1 ? 2 : 0) |
    (accumulate ? 4 : 0) |
    (bias ? 8 : 0) |
    (bSums ? 16 : 0) |
    (epilogue * 32);
  return ((flags * 32768 + (m & 0x7fff)) * 32768 + (n & 0x7fff)) * 32768 + (k & 0x7fff);
}

/** A number naming an element-wise call (`op` 1, 2, 3…) of `n` elements, disjoint from gemm's. */
export function elementwiseShape(op: number, n: number): number {
  return -(op * 2 ** 32 + n);
}
