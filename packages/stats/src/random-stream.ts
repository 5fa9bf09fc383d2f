import seedrandom from 'seedrandom';

/** A deterministic random stream (alea) seeded by a number or string; never Math.random. */
export interface RandomStream {
  /** The seed string this stream was created from (forks append `/label`). */
  readonly seed: string;
  /** Uniform double in [0, 1) with 53 bits of resolution. */
  uniform(): number;
  /** Normal draw with the given mean and standard deviation (Box–Muller, spare value cached). */
  normal(mean?: number, sd?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** −1 or +1 with probability 1/2 each. */
  sign(): number;
  /** An independent substream whose seed is `<seed>/<label>`; does not advance this stream. */
  fork(label: string): RandomStream;
}

/** The state of a stream's alea generator (seedrandom's own fields). */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/** Read and replace a stream's generator state: for code that steps alea itself (the wasm draws). */
export interface AleaAccess {
  get(): AleaState;
  set(state: AleaState): void;
}

const aleaAccess = new WeakMap<RandomStream, AleaAccess>();

/**
 * The generator state of a stream made by createRandomStream (undefined for any other stream), so
 * a kernel can draw what `sign()` would and hand the stream on where `sign()` would have left it.
 */
export function aleaStateOf(stream: RandomStream): AleaAccess | undefined {
  return aleaAccess.get(stream);
}

/** Create a seeded random stream; the same seed gives the same draws on every machine. */
export function createRandomStream(seed: number | string): RandomStream {
  const seedText = String(seed);
  let prng = seedrandom.alea(seedText, { state: true });
  let spare: number | null = null;
  const uniform = (): number => prng.double();
  const stream: RandomStream = {
    seed: seedText,
    uniform,
    normal(mean = 0, sd = 1): number {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + sd * z;
      }
      // Box–Muller on (0, 1]: 1 − u avoids log(0).
      const u1 = 1 - uniform();
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return mean + sd * r * Math.cos(2 * Math.PI * u2);
    },
    int(n: number): number {
      return Math.floor(uniform() * n);
    },
    sign(): number {
      return prng.int32() & 1 ? -1 : 1;
    },
    fork(label: string): RandomStream {
      return createRandomStream(`${seedText}/${label}`);
    },
  };
  aleaAccess.set(stream, {
    get: () => prng.state() as AleaState,
    set(state) {
      prng = seedrandom.alea('', { state });
    },
  });
  return stream;
}
