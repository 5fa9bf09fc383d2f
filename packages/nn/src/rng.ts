import seedrandom from 'seedrandom';

/** A seeded, machine-independent random stream (Alea via `seedrandom`). */
export interface Rng {
  /** The seed string this stream was created from. */
  readonly seed: string;
  /** Uniform double in [0, 1) with 53 bits of randomness. */
  uniform(): number;
  /** Uniform double in [lo, hi). */
  uniformRange(lo: number, hi: number): number;
  /** Normal draw (Box–Muller, one draw per call, no cached spare). */
  normal(mean?: number, sd?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns its argument. */
  shuffle<T extends Int32Array | number[]>(indices: T): T;
  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
  /**
   * An independent substream named by `label`. It depends only on this stream's seed and
   * the label, never on how many draws were taken, so adding draws elsewhere cannot shift it.
   */
  fork(label: string): Rng;
}

/**
 * Create a deterministic random stream. The same seed gives the same draws on every machine.
 *
 * @example
 * const rng = createRng(42);
 * const init = rng.fork('init');
 * const w = init.normal(0, 0.1);
 * const order = rng.fork('shuffle').permutation(100);
 */
export function createRng(seed: number | string): Rng {
  const seedStr = String(seed);
  const prng = seedrandom.alea(seedStr);
  const uniform = (): number => prng.double();
  const rng: Rng = {
    seed: seedStr,
    uniform,
    uniformRange: (lo, hi) => lo + (hi - lo) * uniform(),
    normal(mean = 0, sd = 1) {
      // 1 - u lies in (0, 1], so the log is finite.
      const u1 = 1 - uniform();
      const u2 = uniform();
      return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int: (n) => Math.floor(uniform() * n),
    shuffle(indices) {
      for (let i = indices.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const t = indices[i] as number;
        indices[i] = indices[j] as number;
        indices[j] = t;
      }
      return indices;
    },
    permutation(n) {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      return rng.shuffle(out);
    },
    fork: (label) => createRng(`${seedStr}/${label}`),
  };
  return rng;
}
