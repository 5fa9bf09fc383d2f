import { describe, expect, it } from 'vitest';
import { ensureMatrix, gemmNN, gemmTN, setGemmBackend } from '../matrix.js';
import { createRng } from '../rng.js';
import { createResidentArray } from './gemm-wasm.js';
import { RESIDENT_MAX_BYTES, ResidentHeap } from './resident-heap.js';

function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 256, shared: true });
}

describe('ResidentHeap', () => {
  it('hands out zeroed, disjoint, 64-byte aligned blocks that stay resident after a grow', () => {
    const heap = new ResidentHeap(sharedMemory());
    const a = heap.alloc(10) as Float64Array;
    const b = heap.alloc(5000) as Float64Array;
    expect([a.byteOffset, b.byteOffset]).toEqual([0, 256]);
    expect(heap.capacity(a)).toBe(32);
    expect(heap.capacity(b)).toBe(8192);
    expect(b.every((v) => v === 0)).toBe(true);
    // A grow replaces the memory's buffer object; the earlier views still count as resident.
    const c = heap.alloc(40000) as Float64Array;
    expect(c.byteOffset).toBe(256 + 65536);
    expect([heap.offsetOf(a), heap.offsetOf(b), heap.offsetOf(c)]).toEqual([0, 256, 65792]);
    expect(heap.offsetOf(new Float64Array(4))).toBe(-1);
    const d = heap.derive(b, 3);
    expect([d.byteOffset, d.length, heap.capacity(d)]).toEqual([256, 3, 8192]);
  });

  it('reuses a scratch slot that is large enough and refuses blocks beyond its budget', () => {
    const heap = new ResidentHeap(sharedMemory());
    const first = heap.scratch(1000, 0);
    expect(heap.scratch(900, 0)).toBe(first);
    expect(heap.scratch(100, 1)).not.toBe(first);
    expect(heap.alloc(RESIDENT_MAX_BYTES / 8 + 1)).toBeUndefined();
  });
});

describe('resident operands', () => {
  it('give the bits of plain arrays, also when C overlaps A (then C is copied)', () => {
    const rng = createRng('resident');
    const [m, n, k] = [64, 48, 40];
    const fill = (x: Float64Array) => {
      for (let i = 0; i < x.length; i++) x[i] = rng.normal() * 10 ** rng.uniformRange(-3, 3);
      return x;
    };
    const a = fill(new Float64Array(m * k));
    const b = fill(new Float64Array(k * n));
    const c0 = fill(new Float64Array(m * n));
    const resident = (x: Float64Array) => {
      const r = createResidentArray(x.length) as Float64Array;
      r.set(x);
      return r;
    };
    const ra = resident(a);
    const rb = resident(b);
    const rc = resident(c0);
    const plain = c0.slice();
    setGemmBackend('js');
    gemmNN(m, n, k, a, b, plain, true);
    setGemmBackend('auto');
    gemmNN(m, n, k, ra, rb, rc, true);
    expect(Array.from(rc)).toEqual(Array.from(plain));
    // C = Aᵀ·B written over A's own block: the result must not read what it already wrote.
    const sq = fill(new Float64Array(k * k));
    const rs = resident(sq);
    const expected = new Float64Array(k * k);
    setGemmBackend('js');
    gemmTN(k, k, k, sq, sq, expected);
    setGemmBackend('auto');
    gemmTN(k, k, k, rs, rs, rs);
    expect(Array.from(rs)).toEqual(Array.from(expected));
  });

  it('lets ensureMatrix shrink and regrow a resident buffer within its block', () => {
    const first = ensureMatrix(undefined, 64, 8);
    expect(first.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    const small = ensureMatrix(first, 10, 8);
    const again = ensureMatrix(small, 64, 8);
    expect([small.data.byteOffset, again.data.byteOffset]).toEqual([
      first.data.byteOffset,
      first.data.byteOffset,
    ]);
    expect(again.data.length).toBe(512);
  });
});
