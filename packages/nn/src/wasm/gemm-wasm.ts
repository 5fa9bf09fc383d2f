import { GEMM_WASM_BASE64 } from './gemm-wasm.generated.js';

/** The few WebAssembly JS-API members we use (lib ES2023 and @types/node 20 do not type them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GemmExports {
  memory: WasmMemory;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    ais: number,
    aps: number,
    b: number,
    bps: number,
    bjs: number,
    c: number,
    accumulate: number,
    pa: number,
    pb: number,
    t: number,
  ): void;
  relu(x: number, y: number, n: number): void;
  relu_backward(x: number, g: number, d: number, n: number): void;
}

/** A strided gemm with the contract of gemmStrided in ../matrix.ts (element strides). */
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
) => void;

/** The branch-free element-wise ReLU kernels of gemm.wat (same results as the JS loops). */
export interface WasmElementwise {
  /** out[i] = Math.max(x[i], 0) for i < n (NaN in, the x64 default NaN out). */
  relu(x: Float64Array, out: Float64Array, n: number): void;
  /** out[i] = x[i] > 0 ? g[i] : 0 for i < n. */
  reluBackward(x: Float64Array, g: Float64Array, out: Float64Array, n: number): void;
}

/** The kernels of one instance of gemm.wat, sharing its memory. */
export interface WasmKernels {
  gemm: StridedGemm;
  elementwise: WasmElementwise;
}

const PAGE_BYTES = 65536;
// Byte offsets are i32 in the module; stay well inside its signed range.
const MAX_BYTES = 2 ** 30;
const TILE_BYTES = 16 * 8;

/** Bytes rounded up to a 16-byte boundary (v128 alignment for C, the panels and the tile). */
function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** How many elements of a strided operand the product reads: its largest index + 1. */
function extent(rows: number, cols: number, rs: number, cs: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * rs + (cols - 1) * cs + 1;
}

function instantiate(): GemmExports | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    const bytes = new Uint8Array(Buffer.from(GEMM_WASM_BASE64, 'base64'));
    return new api.Instance(new api.Module(bytes), {}).exports as GemmExports;
  } catch {
    // A runtime without wasm SIMD rejects the module; the JS kernel then stays in use.
    return undefined;
  }
}

function createWasmKernels(wasm: GemmExports): WasmKernels {
  let heap = new Float64Array(wasm.memory.buffer);
  /** Grow the memory to at least `end` bytes (the view is replaced when it grows). */
  const reserve = (end: number, what: string): void => {
    if (end > MAX_BYTES) throw new RangeError(`wasm ${what} needs ${end} bytes`);
    if (end > wasm.memory.buffer.byteLength) {
      wasm.memory.grow(Math.ceil((end - wasm.memory.buffer.byteLength) / PAGE_BYTES));
      heap = new Float64Array(wasm.memory.buffer);
    }
  };
  const gemm: StridedGemm = (m, n, k, a, ais, aps, b, bps, bjs, c, accumulate) => {
    // Layout per call: the 4×4 tile scratch, A, B and C as the caller laid them out, then
    // A and B repacked into panels by the module.
    const aLen = extent(m, k, ais, aps);
    const bLen = extent(k, n, bps, bjs);
    const aOff = TILE_BYTES;
    const bOff = align16(aOff + aLen * 8);
    const cOff = align16(bOff + bLen * 8);
    const paOff = align16(cOff + m * n * 8);
    const pbOff = paOff + Math.ceil(m / 4) * 4 * k * 8;
    const end = pbOff + Math.ceil(n / 4) * 4 * k * 8;
    reserve(end, `gemm ${m}x${n}x${k}`);
    heap.set(a.subarray(0, aLen), aOff / 8);
    heap.set(b.subarray(0, bLen), bOff / 8);
    if (accumulate) heap.set(c.subarray(0, m * n), cOff / 8);
    wasm.gemm(
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
      accumulate ? 1 : 0,
      paOff,
      pbOff,
      0,
    );
    c.set(heap.subarray(cOff / 8, cOff / 8 + m * n));
  };
  // The element-wise kernels process pairs, so each region gets room for n rounded up to even.
  const elementwise: WasmElementwise = {
    relu(x, out, n) {
      const bytes = align16(n * 8);
      reserve(2 * bytes, `relu of ${n}`);
      heap.set(x.subarray(0, n), 0);
      wasm.relu(0, bytes, n);
      out.set(heap.subarray(bytes / 8, bytes / 8 + n));
    },
    reluBackward(x, g, out, n) {
      const bytes = align16(n * 8);
      reserve(3 * bytes, `relu backward of ${n}`);
      heap.set(x.subarray(0, n), 0);
      heap.set(g.subarray(0, n), bytes / 8);
      wasm.relu_backward(0, bytes, 2 * bytes, n);
      out.set(heap.subarray((2 * bytes) / 8, (2 * bytes) / 8 + n));
    },
  };
  return { gemm, elementwise };
}

let cached: WasmKernels | null | undefined;

/**
 * The kernels of gemm.wat, instantiated once per thread on first use, or undefined when this
 * runtime cannot run them (no WebAssembly or no SIMD).
 */
export function loadWasmKernels(): WasmKernels | undefined {
  if (cached === undefined) {
    const wasm = instantiate();
    cached = wasm === undefined ? null : createWasmKernels(wasm);
  }
  return cached ?? undefined;
}

/** The WebAssembly SIMD gemm of gemm.wat, or undefined when this runtime cannot run it. */
export function loadWasmGemm(): StridedGemm | undefined {
  return loadWasmKernels()?.gemm;
}
