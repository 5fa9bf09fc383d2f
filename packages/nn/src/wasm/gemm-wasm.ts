import { GEMM_WASM_PRIVATE_BASE64, GEMM_WASM_SHARED_BASE64 } from './gemm-wasm.generated.js';
import { finishJob, HelperPool, OP, postJob } from './helpers.js';
import { ResidentHeap } from './resident-heap.js';
import { elementwiseShape, gemmShape, SplitChooser } from './split-chooser.js';

interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The few WebAssembly JS-API members we use (lib ES2023 and @types/node 20 do not type them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** The exports of gemm.wat; every argument is an i32 (sizes, byte offsets, byte strides). */
interface GemmExports {
  /** (m, n, k, a, ais, aps, b, bps, bjs, c, mode, bias, pa, pb, t, iLo, iHi, jLo, jHi) */
  gemm(...args: number[]): void;
  /** (x, rs, rows, out, jLo, jHi) */
  colsum(...args: number[]): void;
  relu(x: number, y: number, n: number): void;
  relu_backward(x: number, g: number, d: number, n: number): void;
  /** (x, g, m, v, n, l2, decay, b1, 1 − b1, b2, 1 − b2, step size, √(1 − b2ᵗ), eps) */
  adam(...args: number[]): void;
}

/**
 * A gemm job: gemm's 19 arguments, a flag, then colsum's 6, then an epilogue code and its 4
 * arguments (the helper source reads the same).
 */
const GEMM_ARGS = 19;
/** Where a gemm job's epilogue code sits (0 none, OP.relu or OP.reluBackward, then its args). */
const EPILOGUE_AT = GEMM_ARGS + 7;

/**
 * What runs on C right after a product, on the same thread and rows that computed them (C still
 * in cache, no pass of its own): `relu` stores out = ReLU(C) (a Dense forward then a ReLU layer),
 * `reluBackward` stores out[i] = x[i] > 0 ? C[i] : 0 (a Dense dX then the ReLU below it). The
 * results are those of the element-wise call after the product.
 */
export type GemmEpilogue =
  | { readonly kind: 'relu'; readonly out: Float64Array }
  | { readonly kind: 'reluBackward'; readonly x: Float64Array; readonly out: Float64Array };

/** What a gemm call adds to the plain product (see gemmStrided in ../matrix.ts). */
export interface GemmExtras {
  /** C = product + bias[j] on every row (a Dense forward), instead of `accumulate`. */
  readonly bias?: Float64Array | undefined;
  /** sums[j] += B(0,j) + B(1,j) + … in that order (a Dense bias gradient); B's rows must be contiguous. */
  readonly bSums?: Float64Array | undefined;
  /** An element-wise pass over C after the product (C itself keeps the product). */
  readonly then?: GemmEpilogue | undefined;
}

/**
 * A strided gemm with the contract of gemmStrided in ../matrix.ts (element strides), computed by
 * up to `threads` threads on disjoint blocks of C.
 */
export type StridedGemm = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  ais: number,
  aps: number,
  b: Float64Array,
  bps: number,
  bjs: number,
  c: Float64Array,
  accumulate: boolean,
  threads: number,
  extras?: GemmExtras,
) => void;

/** The element-wise kernels (same results as the JS loops), each on up to `threads` threads. */
export interface WasmElementwise {
  /** out[i] = Math.max(x[i], 0) for i < n (NaN in, the x64 default NaN out). */
  relu(x: Float64Array, out: Float64Array, n: number, threads?: number): void;
  /** out[i] = x[i] > 0 ? g[i] : 0 for i < n. */
  reluBackward(
    x: Float64Array,
    g: Float64Array,
    out: Float64Array,
    n: number,
    threads?: number,
  ): void;
  /** out[i] = Math.tanh(x[i]) for i < n, the helpers' slices through the shared memory. */
  tanh(x: Float64Array, out: Float64Array, n: number, threads: number): void;
}

/**
 * One whole product (the arguments of {@link StridedGemm}, `threads` ≥ 2) computed by a helper
 * thread while `beside` runs on this one: the two results are those of running them one after
 * the other, as each is computed whole by one thread. Returns false, having done nothing, when no
 * helper can take it.
 */
export type GemmBeside = (beside: () => void, ...product: Parameters<StridedGemm>) => boolean;

/** The kernels of one instance of gemm.wat, sharing its memory with the helper threads. */
export interface WasmKernels {
  gemm: StridedGemm;
  gemmBeside: GemmBeside;
  elementwise: WasmElementwise;
  /** How many helper threads are ready, up to `wanted` (starting the missing ones). */
  helpers(wanted: number): number;
  /** Wakes up to `wanted` helpers that are asleep, so they spin for the jobs to come. */
  wake(wanted: number): void;
  /**
   * Adam's update (../optimizer.ts) in place on resident x, g, m and v: returns how many leading
   * elements it updated (an even count, 0 when an array is not resident); the caller does the rest.
   */
  adam(
    x: Float64Array,
    g: Float64Array,
    m: Float64Array,
    v: Float64Array,
    n: number,
    coefficients: readonly number[],
  ): number;
  /**
   * Adam's update on elements [lo, hi) of resident x, g, m and v (lo and hi even) on a helper
   * thread while `beside` runs here (the rest of the step's update: other elements, so the same
   * bits in any order), or both here one after the other when `threads` is 1 or no helper is
   * ready. False, having done nothing, when an array is not resident.
   */
  adamBeside(
    x: Float64Array,
    g: Float64Array,
    m: Float64Array,
    v: Float64Array,
    lo: number,
    hi: number,
    coefficients: readonly number[],
    threads: number,
    beside: () => void,
  ): boolean;
  /** The resident arrays of the shared instance (undefined on a private one). */
  readonly resident?: ResidentHeap | undefined;
}

const PAGE_BYTES = 65536;
// Byte offsets are i32 in the module; stay well inside its signed range (and the memory's maximum).
const MAX_BYTES = 2 ** 30;
const MAX_PAGES = MAX_BYTES / PAGE_BYTES;
const TILE_BYTES = 16 * 8;
/** Adam's f64 arguments (see GemmExports.adam). */
const ADAM_COEFFICIENTS = 9;
/** A wait for a helper's result this long (or longer than the caller's own share) is slow. */
const SLOW_WAIT_MS = 0.2;
/** Shortest and longest stretch of one-thread calls after a slow hand-off, ms. */
const MIN_PENALTY_MS = 1;
const MAX_PENALTY_MS = 1000;

/** Bytes rounded up to a 16-byte boundary (v128 alignment for C, the panels and the tile). */
function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** How many elements of a strided operand the product reads: its largest index + 1. */
function extent(rows: number, cols: number, rs: number, cs: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * rs + (cols - 1) * cs + 1;
}

/** Start of part `t` of `parts` over `units` blocks of `size` elements, clipped to `length`. */
function partStart(t: number, parts: number, units: number, size: number, length: number): number {
  return Math.min(length, Math.floor((t * units) / parts) * size);
}

/** Whether the first `aLen` elements of `a` and the first `bLen` of `b` share memory. */
function overlaps(a: Float64Array, aLen: number, b: Float64Array, bLen: number): boolean {
  if (a.buffer !== b.buffer) return false;
  const aEnd = a.byteOffset + aLen * 8;
  const bEnd = b.byteOffset + bLen * 8;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}

/** A product laid out in memory: its jobs, and where C and the column sums are (-1: in place). */
interface GemmLayout {
  readonly jobs: number[][];
  readonly cOff: number;
  readonly sumOff: number;
  /**
   * The epilogue over all of C when this thread runs it after the jobs (split by columns), [] when
   * the jobs run it, undefined when it is not fused (the caller runs it as an element-wise call).
   */
  readonly epilogueAfter: readonly number[] | undefined;
}

/** A job's epilogue fields when it runs none. */
const NO_EPILOGUE: readonly number[] = [0, 0, 0, 0, 0];

/** A job's epilogue code and arguments over elements [lo, lo + len) of C (all byte offsets). */
function epilogueArgs(
  then: GemmEpilogue | undefined,
  xOff: number,
  cOff: number,
  outOff: number,
  lo: number,
  len: number,
): readonly number[] {
  if (then === undefined) return NO_EPILOGUE;
  const at = lo * 8;
  return then.kind === 'relu'
    ? [OP.relu, cOff + at, outOff + at, len, 0]
    : [OP.reluBackward, xOff + at, cOff + at, outOff + at, len];
}

interface Instantiated {
  readonly exports: GemmExports;
  readonly module: object;
  readonly memory: WasmMemory;
}

/**
 * An instance of gemm.wat on a fresh memory: shared (for helper threads) or private. V8 copies
 * between JS arrays and a SharedArrayBuffer about 3× slower than into a plain buffer (a relaxed
 * atomic memcpy), so calls that run on one thread use the private instance.
 */
function instantiate(shared: boolean): Instantiated | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    const b64 = shared ? GEMM_WASM_SHARED_BASE64 : GEMM_WASM_PRIVATE_BASE64;
    const module = new api.Module(new Uint8Array(Buffer.from(b64, 'base64')));
    const memory = new api.Memory({ initial: 1, maximum: MAX_PAGES, shared });
    const instance = new api.Instance(module, { env: { memory } });
    return { exports: instance.exports as GemmExports, module, memory };
  } catch {
    // A runtime without wasm SIMD (or shared memory) rejects the module; the JS kernel (or the
    // private instance) then stays in use.
    return undefined;
  }
}

/**
 * The kernels of one instance. With `threading` (a shared instance) calls are split across the
 * helper threads of a pool, and a call that ends up on one thread goes to `threading.alone`.
 */
function createWasmKernels(
  { exports: wasm, module, memory }: Instantiated,
  threading?: { readonly alone: WasmKernels },
): WasmKernels {
  const pool = threading ? new HelperPool(module, memory) : undefined;
  const resident = threading ? new ResidentHeap(memory) : undefined;
  let heap = resident ? resident.heap() : new Float64Array(memory.buffer);
  /** Grow the private memory to at least `end` bytes (the view is replaced when it grows). */
  const reserve = (end: number, what: string): void => {
    if (end > MAX_BYTES) throw new RangeError(`wasm ${what} needs ${end} bytes`);
    if (end > memory.buffer.byteLength) {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    }
    if (heap.byteLength !== memory.buffer.byteLength) heap = new Float64Array(memory.buffer);
  };
  /** The byte offset of `bytes` of scratch in `slot` (the private memory's scratch starts at 0). */
  const scratch = (bytes: number, slot: number, what: string): number => {
    if (resident === undefined) {
      reserve(bytes, what);
      return 0;
    }
    const base = resident.scratch(bytes, slot);
    heap = resident.heap();
    return base;
  };
  /** `array`'s byte offset when the kernels can use it in place (resident), else -1. */
  const inPlace = (array: Float64Array | undefined): number =>
    resident === undefined || array === undefined ? -1 : resident.offsetOf(array);
  /** Whether the kernels can use every one of `arrays` in place. */
  const allInPlace = (...arrays: Float64Array[]): boolean => arrays.every((a) => inPlace(a) >= 0);
  // Back-off for a machine with no free core: when a helper did not take its job in time, or
  // kept this thread waiting longer than its own share took (it was descheduled), calls run on
  // this thread alone for a while (the helpers fall asleep): 1 ms, doubling on every slow
  // hand-off up to 1 s, halving on every prompt one. Measured in wall time, because what is
  // busy is the machine, and its time slices are milliseconds whatever the size of the calls.
  let penaltyMs = 0;
  let aloneUntil = 0;
  /** How many parts (this thread and ready helpers) to split `units` blocks of work into. */
  const partsFor = (threads: number, units: number): number => {
    if (pool === undefined || threads <= 1 || units <= 1) return 1;
    if (aloneUntil > 0 && performance.now() < aloneUntil) return 1;
    return 1 + pool.available(Math.min(threads, units) - 1);
  };
  /** Runs a helper's job on this thread (the same kernels on the same bytes, so the same bits). */
  const runHere = (op: number, args: ArrayLike<number>, floats?: ArrayLike<number>): void => {
    const arg = (i: number): number => args[i] as number;
    switch (op) {
      case OP.gemm:
        wasm.gemm(...Array.prototype.slice.call(args, 0, GEMM_ARGS));
        if (arg(GEMM_ARGS) !== 0)
          wasm.colsum(...Array.prototype.slice.call(args, GEMM_ARGS + 1, EPILOGUE_AT));
        if (arg(EPILOGUE_AT) !== 0)
          runHere(arg(EPILOGUE_AT), Array.prototype.slice.call(args, EPILOGUE_AT + 1));
        break;
      case OP.relu:
        wasm.relu(arg(0), arg(1), arg(2));
        break;
      case OP.reluBackward:
        wasm.relu_backward(arg(0), arg(1), arg(2), arg(3));
        break;
      case OP.adam:
        wasm.adam(
          ...Array.prototype.slice.call(args, 0, 5),
          ...Array.prototype.slice.call(floats as ArrayLike<number>, 0, ADAM_COEFFICIENTS),
        );
        break;
      case OP.tanh:
        for (let i = arg(0), end = arg(0) + arg(1); i < end; i++)
          heap[i] = Math.tanh(heap[i] as number);
        break;
    }
  };
  /** Finishes the helpers' jobs of a call whose own share started at `started` (ms). */
  const helper = (t: number) => (pool as HelperPool).helper(t - 1);
  const waitAll = (parts: number, started: number): void => {
    if (parts <= 1) return;
    const ownMs = performance.now() - started;
    let waitedMs = 0;
    for (let t = 1; t < parts; t++) waitedMs += finishJob(helper(t), runHere);
    if (waitedMs > Math.max(SLOW_WAIT_MS, ownMs)) {
      penaltyMs = Math.min(Math.max(2 * penaltyMs, MIN_PENALTY_MS), MAX_PENALTY_MS);
      aloneUntil = performance.now() + penaltyMs;
    } else if (penaltyMs > 0) {
      penaltyMs = penaltyMs < MIN_PENALTY_MS ? 0 : penaltyMs / 2;
      aloneUntil = 0;
    }
  };

  /**
   * Lays a product out in memory for `parts` threads, copies in the operands that are not
   * resident and returns the jobs (one per thread) and where C and the column sums are. Scratch
   * layout: one 4×4 tile per thread, then A, B and C (as the caller laid them out), the bias and
   * the column sums unless resident, then each thread's packed panels. The longer side of C is
   * split into runs of whole 4-row (4-column) panels, one per thread; each thread packs its own
   * rows (columns) of one operand and all of the other.
   */
  const prepareGemm = (
    parts: number,
    slot: number,
    ...[m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, , extras]: Parameters<StridedGemm>
  ): GemmLayout => {
    const bias = extras?.bias;
    const bSums = extras?.bSums;
    const byRows = m >= n;
    const units = Math.ceil((byRows ? m : n) / 4);
    const aLen = extent(m, k, ais, aps);
    const bLen = extent(k, n, bps, bjs);
    // Operands used in place; C only when it overlaps none of the inputs it is computed from.
    const aAt = inPlace(a);
    const bAt = inPlace(b);
    const biasAt = inPlace(bias);
    const sumAt = inPlace(bSums);
    let cAt = inPlace(c);
    if (cAt >= 0 && (overlaps(c, m * n, a, aLen) || overlaps(c, m * n, b, bLen))) cAt = -1;
    if (cAt >= 0 && bias !== undefined && overlaps(c, m * n, bias, n)) cAt = -1;
    // The epilogue runs in the jobs when its arrays are resident, its output overlaps nothing the
    // product reads or writes, its mask is not C and m·n is even (its kernels write pairs).
    const then = extras?.then;
    const outAt = inPlace(then?.out);
    const maskAt = then?.kind === 'reluBackward' ? inPlace(then.x) : 0;
    const fused =
      then !== undefined &&
      outAt >= 0 &&
      maskAt >= 0 &&
      (m * n) % 2 === 0 &&
      !overlaps(then.out, m * n, c, m * n) &&
      !overlaps(then.out, m * n, a, aLen) &&
      !overlaps(then.out, m * n, b, bLen) &&
      !(bias !== undefined && overlaps(then.out, m * n, bias, n)) &&
      !(then.kind === 'reluBackward' && overlaps(then.x, m * n, c, m * n)) &&
      !(then.kind === 'reluBackward' && overlaps(then.x, m * n, then.out, m * n));
    // Each thread's block is whole rows of C when split by rows (or not split).
    const epilogueInJobs = fused && (byRows || parts === 1);
    let end = parts * TILE_BYTES;
    const place = (at: number, len: number): number => {
      if (at >= 0) return -1;
      const rel = end;
      end = align16(end + len * 8);
      return rel;
    };
    const aRel = place(aAt, aLen);
    const bRel = place(bAt, bLen);
    const cRel = place(cAt, m * n);
    const biasRel = bias ? place(biasAt, n) : -1;
    const sumRel = bSums ? place(sumAt, n) : -1;
    const panels: [number, number, number, number, number, number, number, number][] = [];
    const sumUnits = Math.ceil(n / 4);
    for (let t = 0; t < parts; t++) {
      const lo = partStart(t, parts, units, 4, byRows ? m : n);
      const hi = partStart(t + 1, parts, units, 4, byRows ? m : n);
      const [iLo, iHi, jLo, jHi] = byRows ? [lo, hi, 0, n] : [0, m, lo, hi];
      const pa = end;
      const pb = pa + Math.ceil((iHi - iLo) / 4) * 4 * k * 8;
      end = pb + Math.ceil((jHi - jLo) / 4) * 4 * k * 8;
      const sLo = partStart(t, parts, sumUnits, 4, n);
      const sHi = partStart(t + 1, parts, sumUnits, 4, n);
      panels.push([iLo, iHi, jLo, jHi, pa, pb, sLo, sHi]);
    }
    const base = scratch(end, slot, `gemm ${m}x${n}x${k}`);
    const at = (own: number, rel: number): number => (rel >= 0 ? base + rel : own);
    const aOff = at(aAt, aRel);
    const bOff = at(bAt, bRel);
    const cOff = at(cAt, cRel);
    const biasOff = bias ? at(biasAt, biasRel) : 0;
    const sumOff = bSums ? at(sumAt, sumRel) : 0;
    const epilogue = (lo: number, len: number): readonly number[] =>
      epilogueArgs(then, maskAt, cOff, outAt, lo, len);
    const jobs = panels.map(([iLo, iHi, jLo, jHi, pa, pb, sLo, sHi], t) => [
      m,
      n,
      k,
      aOff,
      ais * 8,
      aps * 8,
      bOff,
      bps * 8,
      bjs * 8,
      cOff,
      bias ? 2 : accumulate ? 1 : 0,
      biasOff,
      base + pa,
      base + pb,
      base + t * TILE_BYTES,
      iLo,
      iHi,
      jLo,
      jHi,
      bSums ? 1 : 0,
      bOff,
      bps * 8,
      k,
      sumOff,
      sLo,
      sHi,
      ...(epilogueInJobs ? epilogue(iLo * n, (iHi - iLo) * n) : NO_EPILOGUE),
    ]);
    if (aRel >= 0) heap.set(a.subarray(0, aLen), aOff / 8);
    if (bRel >= 0) heap.set(b.subarray(0, bLen), bOff / 8);
    if (bias && biasRel >= 0) heap.set(bias.subarray(0, n), biasOff / 8);
    if (!bias && accumulate && cRel >= 0) heap.set(c.subarray(0, m * n), cOff / 8);
    if (bSums && sumRel >= 0) heap.set(bSums.subarray(0, n), sumOff / 8);
    return {
      jobs,
      cOff: cRel >= 0 ? cOff : -1,
      sumOff: sumRel >= 0 ? sumOff : -1,
      epilogueAfter: !fused ? undefined : epilogueInJobs ? [] : epilogue(0, m * n),
    };
  };
  /**
   * Copies a product's C (and column sums) out of memory, unless they were computed in place, and
   * runs its epilogue where the jobs did not.
   */
  const finishGemm = (
    m: number,
    n: number,
    c: Float64Array,
    extras: GemmExtras | undefined,
    { cOff, sumOff, epilogueAfter }: GemmLayout,
  ): void => {
    if (epilogueAfter !== undefined && epilogueAfter.length > 0)
      runHere(epilogueAfter[0] as number, epilogueAfter.slice(1));
    if (cOff >= 0) c.set(heap.subarray(cOff / 8, cOff / 8 + m * n));
    const bSums = extras?.bSums;
    if (bSums && sumOff >= 0) bSums.set(heap.subarray(sumOff / 8, sumOff / 8 + n));
    const then = extras?.then;
    if (then !== undefined && epilogueAfter === undefined) {
      if (then.kind === 'relu') elementwise.relu(c, then.out, m * n);
      else elementwise.reluBackward(then.x, c, then.out, m * n);
    }
  };
  /** Whether C and A or B are resident (then the few copies left are cheaper than C's). */
  const residentProduct = (a: Float64Array, b: Float64Array, c: Float64Array): boolean =>
    inPlace(c) >= 0 && (inPlace(a) >= 0 || inPlace(b) >= 0);

  const gemm: StridedGemm = (m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, threads, extras) => {
    const units = Math.ceil(Math.max(m, n) / 4);
    const parts = partsFor(threads, units);
    if (parts === 1 && threading && !residentProduct(a, b, c)) {
      threading.alone.gemm(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, 1, extras);
      return;
    }
    const product = [m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, threads, extras] as const;
    const layout = prepareGemm(parts, 0, ...product);
    const { jobs } = layout;
    const started = performance.now();
    for (let t = 1; t < parts; t++) postJob(helper(t), OP.gemm, jobs[t] as number[]);
    runHere(OP.gemm, jobs[0] as number[]);
    waitAll(parts, started);
    finishGemm(m, n, c, extras, layout);
  };

  /**
   * One whole product on a helper thread while `beside` runs here (its calls use scratch slot
   * 0, the helper's product slot 1); false, with nothing done, when no helper is ready or
   * hand-offs are backing off.
   */
  const gemmBeside: GemmBeside = (beside, ...product) => {
    const [m, n, , , , , , , , c, , threads, extras] = product;
    if (partsFor(threads, 2) < 2) return false;
    const layout = prepareGemm(1, 1, ...product);
    const job = layout.jobs[0] as number[];
    postJob(helper(1), OP.gemm, job);
    const started = performance.now();
    beside();
    waitAll(2, started);
    finishGemm(m, n, c, extras, layout);
    return true;
  };

  // The element-wise kernels process pairs, so each region gets room for n rounded up to even
  // and each thread's slice starts on an even element.
  const evenParts = (n: number, threads: number): number => partsFor(threads, Math.ceil(n / 2));
  const sliceStart = (t: number, parts: number, n: number): number =>
    partStart(t, parts, Math.ceil(n / 2), 2, n);
  /**
   * Byte offsets of the `n`-element operands of an element-wise call: resident ones in place
   * (the output only when it is an input or overlaps none), the others in scratch, inputs copied.
   */
  const placeElementwise = (
    n: number,
    inputs: readonly Float64Array[],
    out: Float64Array,
    what: string,
  ): { offsets: number[]; outCopied: boolean } => {
    const bytes = align16(n * 8);
    const at = [...inputs, out].map(inPlace);
    const outAt = at.length - 1;
    if (at[outAt] !== -1 && inputs.some((x) => x !== out && overlaps(x, n, out, n))) at[outAt] = -1;
    const copied = at.filter((o) => o < 0).length;
    const base = copied > 0 ? scratch(copied * bytes, 0, what) : 0;
    let next = base;
    const offsets = at.map((o) => {
      if (o >= 0) return o;
      const own = next;
      next += bytes;
      return own;
    });
    inputs.forEach((x, i) => {
      if ((at[i] as number) < 0) heap.set(x.subarray(0, n), (offsets[i] as number) / 8);
    });
    return { offsets, outCopied: (at[outAt] as number) < 0 };
  };
  const elementwise: WasmElementwise = {
    relu(x, out, n, threads = 1) {
      const parts = evenParts(n, threads);
      if (parts === 1 && threading && !allInPlace(x, out)) {
        threading.alone.elementwise.relu(x, out, n);
        return;
      }
      const { offsets, outCopied } = placeElementwise(n, [x], out, `relu of ${n}`);
      const [xOff, yOff] = offsets as [number, number];
      const started = performance.now();
      for (let t = 1; t < parts; t++) {
        const lo = sliceStart(t, parts, n);
        const len = sliceStart(t + 1, parts, n) - lo;
        postJob(helper(t), OP.relu, [xOff + lo * 8, yOff + lo * 8, len]);
      }
      wasm.relu(xOff, yOff, sliceStart(1, parts, n));
      waitAll(parts, started);
      if (outCopied) out.set(heap.subarray(yOff / 8, yOff / 8 + n));
    },
    reluBackward(x, g, out, n, threads = 1) {
      const parts = evenParts(n, threads);
      if (parts === 1 && threading && !allInPlace(x, g, out)) {
        threading.alone.elementwise.reluBackward(x, g, out, n);
        return;
      }
      const { offsets, outCopied } = placeElementwise(n, [x, g], out, `relu backward of ${n}`);
      const [xOff, gOff, dOff] = offsets as [number, number, number];
      const started = performance.now();
      for (let t = 1; t < parts; t++) {
        const lo = sliceStart(t, parts, n);
        const len = sliceStart(t + 1, parts, n) - lo;
        postJob(helper(t), OP.reluBackward, [xOff + lo * 8, gOff + lo * 8, dOff + lo * 8, len]);
      }
      wasm.relu_backward(xOff, gOff, dOff, sliceStart(1, parts, n));
      waitAll(parts, started);
      if (outCopied) out.set(heap.subarray(dOff / 8, dOff / 8 + n));
    },
    tanh(x, out, n, threads) {
      const parts = evenParts(n, threads);
      if (parts === 1) {
        for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i] as number);
        return;
      }
      // The helpers' slices go through scratch in the shared memory; this thread's stays in place.
      const base = scratch(n * 8, 0, `tanh of ${n}`) / 8;
      const started = performance.now();
      for (let t = 1; t < parts; t++) {
        const lo = sliceStart(t, parts, n);
        const hi = sliceStart(t + 1, parts, n);
        heap.set(x.subarray(lo, hi), base + lo);
        postJob(helper(t), OP.tanh, [base + lo, hi - lo]);
      }
      const own = sliceStart(1, parts, n);
      for (let i = 0; i < own; i++) out[i] = Math.tanh(x[i] as number);
      waitAll(parts, started);
      out.set(heap.subarray(base + own, base + n), own);
    },
  };
  return {
    gemm,
    gemmBeside: pool === undefined ? () => false : gemmBeside,
    elementwise,
    helpers: (wanted) => pool?.available(wanted) ?? 0,
    wake: (wanted) => pool?.wake(wanted),
    adam(x, g, m, v, n, coefficients) {
      const at = [x, g, m, v].map(inPlace);
      if (at.some((o) => o < 0)) return 0;
      const even = n - (n % 2);
      wasm.adam(...at, even, ...coefficients);
      return even;
    },
    adamBeside(x, g, m, v, lo, hi, coefficients, threads, beside) {
      const at = [x, g, m, v].map(inPlace);
      if (at.some((o) => o < 0)) return false;
      const args = [...at.map((o) => o + lo * 8), hi - lo];
      if (partsFor(threads, 2) < 2) {
        wasm.adam(...args, ...coefficients);
        beside();
        return true;
      }
      postJob(helper(1), OP.adam, args, coefficients);
      const started = performance.now();
      beside();
      waitAll(2, started);
      return true;
    },
    resident,
  };
}

let cached: WasmKernels | null | undefined;
/** The shared instance's resident heap (set with the kernels; undefined without shared memory). */
let residentHeap: () => ResidentHeap | undefined = () => undefined;

/**
 * A zero-filled `n`-element array in the kernels' shared memory, used there in place by every
 * kernel call (no copies in or out), or undefined when this runtime has no shared wasm memory or
 * the resident heap is full (then use a plain array: the values are the same either way).
 */
export function createResidentArray(n: number): Float64Array | undefined {
  if (loadWasmKernels() === undefined) return undefined;
  return residentHeap()?.alloc(n);
}

/**
 * A view of the first `n` elements of resident `array`'s block when the block holds that many,
 * else undefined (also when `array` is not resident).
 */
export function residentView(array: Float64Array, n: number): Float64Array | undefined {
  const heap = residentHeap();
  if (heap === undefined || heap.capacity(array) < n) return undefined;
  return heap.derive(array, n);
}

/**
 * The kernels of gemm.wat, instantiated once per thread on first use, or undefined when this
 * runtime cannot run them (no WebAssembly SIMD). Calls asking for one thread run on a private
 * instance; the shared instance and its helper threads are created when a call first asks for
 * more (and the private instance stays in use if shared memory is unavailable). A call that may
 * use several threads splits only when splitting its shape measured faster than one thread
 * (./split-chooser.ts); the bits are the same either way.
 */
export function loadWasmKernels(): WasmKernels | undefined {
  if (cached === undefined) {
    const own = instantiate(false);
    if (own === undefined) {
      cached = null;
    } else {
      const alone = createWasmKernels(own);
      let threaded: WasmKernels | null | undefined;
      const pick = (threads: number): WasmKernels => {
        if (threads <= 1) return alone;
        if (threaded === undefined) {
          const shared = instantiate(true);
          threaded = shared === undefined ? null : createWasmKernels(shared, { alone });
        }
        return threaded ?? alone;
      };
      // A call that may use several threads runs split or alone as measured for its shape;
      // while a helper computes a product beside this thread, this thread's calls run alone.
      const chooser = new SplitChooser();
      const besideChooser = new SplitChooser();
      let besideRunning = false;
      // One-thread calls go to the shared instance when their operands are resident there (no
      // copies), else to the private one (copies into it are faster).
      const oneThread = (a: Float64Array): WasmKernels =>
        (threaded?.resident?.offsetOf(a) ?? -1) >= 0 ? (threaded as WasmKernels) : alone;
      /**
       * An element-wise call of `op` over `n` elements writing `out`: split on `run`'s kernels
       * with `threads` when that measured faster for its shape, else on one thread (tanh's
       * one-thread path is the same JS loop on either instance). Returns what `run` returns.
       */
      const elementwiseCall = <T>(
        op: number,
        n: number,
        threads: number,
        out: Float64Array,
        run: (kernels: WasmKernels, threads: number) => T,
      ): T => {
        const timed = threads > 1 && !besideRunning;
        if (timed) threaded?.wake(threads - 1);
        const split = timed && chooser.begin(elementwiseShape(op, n));
        const result = run(split ? pick(threads) : oneThread(out), split ? threads : 1);
        if (timed) chooser.end();
        return result;
      };
      const kernels: WasmKernels = {
        gemm: (m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, threads, extras) => {
          if (threads <= 1 || besideRunning) {
            oneThread(c).gemm(m, n, k, a, ais, aps, b, bps, bjs, c, accumulate, 1, extras);
            return;
          }
          threaded?.wake(threads - 1);
          const bias = extras?.bias !== undefined;
          const sums = extras?.bSums !== undefined;
          const epilogue = extras?.then === undefined ? 0 : extras.then.kind === 'relu' ? 1 : 2;
          const split = chooser.begin(
            gemmShape(m, n, k, aps, bjs, accumulate, bias, sums, epilogue),
          );
          const chosen = split ? pick(threads) : oneThread(c);
          chosen.gemm(
            m,
            n,
            k,
            a,
            ais,
            aps,
            b,
            bps,
            bjs,
            c,
            accumulate,
            split ? threads : 1,
            extras,
          );
          chooser.end();
        },
        gemmBeside: (beside, ...product) => {
          const [m, n, k, , , aps, , , bjs, , accumulate, threads, extras] = product;
          const bias = extras?.bias !== undefined;
          const sums = extras?.bSums !== undefined;
          const timed = threads > 1 && !besideRunning;
          const together =
            timed && besideChooser.begin(gemmShape(m, n, k, aps, bjs, accumulate, bias, sums));
          let done = false;
          if (together) {
            besideRunning = true;
            try {
              done = pick(threads).gemmBeside(beside, ...product);
            } finally {
              besideRunning = false;
            }
          }
          if (!done) {
            kernels.gemm(...product);
            beside();
          }
          if (timed) besideChooser.end();
          return true;
        },
        elementwise: {
          relu: (x, out, n, threads = 1) =>
            elementwiseCall(OP.relu, n, threads, out, (k, t) => k.elementwise.relu(x, out, n, t)),
          reluBackward: (x, g, out, n, threads = 1) =>
            elementwiseCall(OP.reluBackward, n, threads, out, (k, t) =>
              k.elementwise.reluBackward(x, g, out, n, t),
            ),
          tanh: (x, out, n, threads) =>
            elementwiseCall(OP.tanh, n, threads, out, (k, t) => k.elementwise.tanh(x, out, n, t)),
        },
        helpers: (wanted) => (wanted > 0 ? pick(wanted + 1).helpers(wanted) : 0),
        wake: (wanted) => {
          if (wanted > 0) pick(wanted + 1).wake(wanted);
        },
        adam: (x, g, m, v, n, coefficients) => pick(2).adam(x, g, m, v, n, coefficients),
        // Unsplit, the update runs on the shared instance that holds the resident arrays (a
        // private one holds none and refuses, as the shared one does for a plain array).
        adamBeside: (x, g, m, v, lo, hi, coefficients, threads, beside) =>
          elementwiseCall(OP.adam, hi - lo, threads, x, (k, t) =>
            k.adamBeside(x, g, m, v, lo, hi, coefficients, t, beside),
          ),
        resident: undefined,
      };
      residentHeap = () => pick(2).resident;
      cached = kernels;
    }
  }
  return cached ?? undefined;
}

/** The WebAssembly SIMD gemm of gemm.wat, or undefined when this runtime cannot run it. */
export function loadWasmGemm(): StridedGemm | undefined {
  return loadWasmKernels()?.gemm;
}
