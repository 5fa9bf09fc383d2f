/**
 * Sums of any subset of the rows of a seed-major matrix (m[s*K + k]) from per-block tables: the
 * rows are cut into blocks of up to 8 seeds and every block holds all 2^bits subset sums per
 * column, so a subset costs one add per block and column instead of one per member seed.
 */
export class SubsetSums {
  readonly n: number;
  readonly K: number;
  readonly bits: number;
  readonly nBlocks: number;
  private readonly tables: Float64Array[];

  constructor(m: Float64Array, n: number, K: number, bits = 8) {
    this.n = n;
    this.K = K;
    this.bits = Math.max(1, Math.min(bits, n));
    this.nBlocks = Math.ceil(n / this.bits);
    this.tables = [];
    for (let b = 0; b < this.nBlocks; b++) {
      const lo = b * this.bits;
      const size = 2 ** Math.min(this.bits, n - lo);
      const table = new Float64Array(size * K);
      for (let mask = 1; mask < size; mask++) {
        const low = mask & -mask;
        const s = lo + 31 - Math.clz32(low);
        const prev = (mask ^ low) * K;
        const cur = mask * K;
        const off = s * K;
        for (let k = 0; k < K; k++) table[cur + k] = table[prev + k]! + m[off + k]!;
      }
      this.tables.push(table);
    }
  }

  /** The block masks of a membership vector (member[s] ≠ 0: seed s is in the subset). */
  masksOf(member: ArrayLike<number>, masks: Int32Array): Int32Array {
    masks.fill(0);
    for (let s = 0; s < this.n; s++) {
      if (member[s]) masks[(s / this.bits) | 0]! |= 1 << (s % this.bits);
    }
    return masks;
  }

  /** out[k] = Σ_{s in subset} m[s,k], blocks added in order (the same order for every subset). */
  sum(masks: Int32Array, out: Float64Array): Float64Array {
    const K = this.K;
    const t0 = this.tables[0]!;
    const o0 = masks[0]! * K;
    for (let k = 0; k < K; k++) out[k] = t0[o0 + k]!;
    for (let b = 1; b < this.nBlocks; b++) {
      const t = this.tables[b]!;
      const o = masks[b]! * K;
      for (let k = 0; k < K; k++) out[k]! += t[o + k]!;
    }
    return out;
  }
}
