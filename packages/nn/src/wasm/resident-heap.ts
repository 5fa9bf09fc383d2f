/**
 * Float64Arrays that live in the shared WebAssembly.Memory of the gemm kernels, so a kernel call
 * reads and writes them where they are instead of copying them in and out (copies into a
 * SharedArrayBuffer are about 4× slower than into a plain buffer in V8; see docs/nn.md). A shared
 * memory never detaches its buffer when it grows, so these views stay valid for good.
 *
 * Blocks come in power-of-two sizes from a bump pointer and return to a free list of their size
 * when the last view of the block is collected (a FinalizationRegistry). The garbage collector
 * does not see the wasm memory as pressure, so the heap stops at {@link RESIDENT_MAX_BYTES} and
 * callers fall back to plain arrays: residency only changes speed, never a value.
 */

interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;
/** The most bytes of resident blocks and scratch one thread keeps in its shared memory. */
export const RESIDENT_MAX_BYTES = 2 ** 28;
/** The smallest block (a multiple of 64, so every block starts on a cache line). */
const MIN_BLOCK_BYTES = 256;

interface Block {
  readonly offset: number;
  readonly bytes: number;
  refs: number;
}

function blockBytes(bytes: number): number {
  return Math.max(MIN_BLOCK_BYTES, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
}

/** The resident blocks and the kernels' scratch regions of one shared memory. */
export class ResidentHeap {
  private top = 0;
  private readonly free = new Map<number, number[]>();
  /** Every buffer object the memory has handed out (a grow makes a new one over the same bytes). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly blockOf = new WeakMap<Float64Array, Block>();
  private readonly registry = new FinalizationRegistry<Block>((block) => this.release(block));
  private readonly scratchBlocks: (Block | undefined)[] = [];
  private view: Float64Array;

  constructor(private readonly memory: WasmMemory) {
    this.view = this.refresh();
  }

  /** The whole memory as a Float64Array (replaced after a grow). */
  heap(): Float64Array {
    return this.view.byteLength === this.memory.buffer.byteLength ? this.view : this.refresh();
  }

  /** A zero-filled resident array of `n` elements, or undefined when the heap is full. */
  alloc(n: number): Float64Array | undefined {
    const block = this.take(n * 8);
    if (block === undefined) return undefined;
    const view = new Float64Array(this.heap().buffer, block.offset, n);
    view.fill(0);
    this.track(view, block);
    return view;
  }

  /** A view of the first `n` elements of `array`'s block (n ≤ {@link capacity}). */
  derive(array: Float64Array, n: number): Float64Array {
    const block = this.blockOf.get(array) as Block;
    const view = new Float64Array(array.buffer, block.offset, n);
    this.track(view, block);
    return view;
  }

  /** How many elements `array`'s block holds, or -1 when `array` is not resident. */
  capacity(array: Float64Array): number {
    const block = this.blockOf.get(array);
    return block === undefined ? -1 : block.bytes / 8;
  }

  /** `array`'s byte offset in the memory, or -1 when it is not in this memory. */
  offsetOf(array: Float64Array): number {
    return this.buffers.has(array.buffer) ? array.byteOffset : -1;
  }

  /**
   * The byte offset of scratch region `slot` (at least `bytes` long, reused by later calls):
   * the kernels' packed panels and the operands that are not resident. Slot 1 serves a product
   * a helper computes while this thread's own calls use slot 0.
   */
  scratch(bytes: number, slot: number): number {
    const held = this.scratchBlocks[slot];
    if (held !== undefined && held.bytes >= bytes) return held.offset;
    if (held !== undefined) this.release(held);
    const block = this.take(bytes) ?? this.grown(blockBytes(bytes));
    this.scratchBlocks[slot] = block;
    this.heap();
    return block.offset;
  }

  private track(view: Float64Array, block: Block): void {
    block.refs++;
    this.blockOf.set(view, block);
    this.registry.register(view, block);
  }

  private release(block: Block): void {
    if (--block.refs > 0) return;
    const list = this.free.get(block.bytes);
    if (list === undefined) this.free.set(block.bytes, [block.offset]);
    else list.push(block.offset);
  }

  private take(bytes: number): Block | undefined {
    const size = blockBytes(bytes);
    const offset = this.free.get(size)?.pop();
    if (offset !== undefined) return { offset, bytes: size, refs: 0 };
    if (this.top + size > RESIDENT_MAX_BYTES) return undefined;
    return this.grown(size);
  }

  /** A new block at the top of the memory (scratch may pass the budget: the kernels need it). */
  private grown(size: number): Block {
    const offset = this.top;
    this.top += size;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE_BYTES));
    return { offset, bytes: size, refs: 0 };
  }

  private refresh(): Float64Array {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    this.view = new Float64Array(buffer);
    return this.view;
  }
}
