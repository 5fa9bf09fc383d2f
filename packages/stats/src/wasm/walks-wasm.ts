import { WALKS_WASM_BASE64 } from './walks-wasm.generated.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The few WebAssembly JS-API members used here (lib ES2023 and @types/node 20 do not type them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The exports of walks.wat; pointers are byte offsets into `memory`. */
export interface WalksExports {
  readonly memory: WasmMemory;
  setup(
    invN: number,
    nnm1: number,
    tCrit: number,
    tCrit2: number,
    nm1: number,
    invSqrtN: number,
  ): void;
  /** (K, k, kEnd, n, len, d, F, theta, sumSq, gateNeg, ssFloor, code, step, T, candF, candJ) */
  exact_chunk(...args: number[]): void;
  /** (K, k, kEnd, n, len, d, rowSum, theta, sumSq, gateNeg, ssFloor, masks, table, T, candF, candJ) */
  mc_chunk(...args: number[]): void;
  count_ge(T: number, len: number, tObs: number): number;
  /** (n, len, masks, state): drawChunk's masks from alea state (c, s0, s1, s2 read and written back as s0, s1, s2, c) */
  mc_draw(...args: number[]): void;
  /**
   * (K, stats, magnitude, denom, out, √n, ZERO_SD, ZERO_SD_T, cdf, ν, B(ν/2, ½), t_crit, gate,
   * −min_effect) → severity: checkRegression's per-slot results, 8 f64 per slot at out.
   */
  slot_results(...args: number[]): number;
  /**
   * (K, n, baseSum, magnitude, sumSq, out, EFFECT_EPS, ZERO_SD, gate, −min_effect, t_crit):
   * prepare's seven per-slot arrays, K f64 each from out (the denominator flag as 0/1).
   */
  prepare(...args: number[]): void;
  /** (K, F, theta, sumSq, gateNeg, ssFloor) → the identity pattern's severity (after setup) */
  observed(...args: number[]): number;
  /** betaContinuedFraction(a, b, x) of ../student-t.ts */
  beta_cf(a: number, b: number, x: number): number;
  /** (K, n, idx, maxAbs) → how many values are not finite; slot k's runs at i32 idx + 16k: (address, stride) × 2 */
  slot_max_abs(...args: number[]): number;
  /** (K, n, idx, coef, d, sums, stats) */
  slot_sums(...args: number[]): void;
}

/** The slot share of the near-zero-variance fallback, (slot k, flipped sum F, pattern j) → share. */
export type WalkFallback = (k: number, F: number, j: number) => number;

/** One instance of walks.wat and the fallback its current walk calls. */
export interface WalksKernel {
  readonly wasm: WalksExports;
  /** Set before each walk: the JS two-pass share of that walk's slots. */
  setFallback(fallback: WalkFallback): void;
  /** The memory as f64 and i32 views of at least `bytes` bytes (grown when needed), or null. */
  views(bytes: number): { f64: Float64Array; i32: Int32Array } | null;
}

let kernel: WalksKernel | null | undefined;
let enabled = true;

/**
 * Use the WebAssembly kernel (default: the walks, the severity test's per-seed pass and its
 * observed statistics, the Monte-Carlo sign draws, the t CDF's continued fraction) or the JS
 * reference loops; for the tests that compare the two and for a runtime without WebAssembly
 * nothing changes but speed.
 */
export function setWasmWalks(on: boolean): void {
  enabled = on;
}

/**
 * The walks kernel, compiled and instantiated synchronously on first use (a ~1 KiB module, so
 * this costs well under a millisecond), or null without WebAssembly or when disabled.
 */
export function walksKernel(): WalksKernel | null {
  if (!enabled) return null;
  if (kernel !== undefined) return kernel;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  kernel = null;
  if (api === undefined) return kernel;
  try {
    const module = new api.Module(new Uint8Array(Buffer.from(WALKS_WASM_BASE64, 'base64')));
    let fallback: WalkFallback = () => 0;
    const imports = {
      env: { fallback: (k: number, F: number, j: number) => fallback(k, F, j), pow: Math.pow },
    };
    const wasm = new api.Instance(module, imports).exports as WalksExports;
    kernel = {
      wasm,
      setFallback(f) {
        fallback = f;
      },
      views(bytes) {
        const have = wasm.memory.buffer.byteLength;
        if (bytes > have) {
          try {
            wasm.memory.grow(Math.ceil((bytes - have) / 65536));
          } catch {
            return null; // no memory for this walk: the JS loops run it instead
          }
        }
        const buffer = wasm.memory.buffer;
        return { f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
      },
    };
  } catch {
    // A runtime that refuses the module keeps the JS loops, which give the same counts.
    kernel = null;
  }
  return kernel;
}
