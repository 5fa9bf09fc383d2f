/**
 * Per-slot scaling shared by the regression tests. Every statistic of the tests is invariant to
 * multiplying a slot's values by c > 0, so the tests compute on values scaled by a power of two
 * near the slot's largest magnitude: the scaling is exact (the same bits as unscaled arithmetic
 * wherever that neither overflows nor underflows) and squares never overflow or underflow.
 */

/** x·2^e exactly (up to underflow), without forming a power of two outside the double range. */
export function ldexp(x: number, e: number): number {
  if (e > 1023) return x * 2 ** 1023 * 2 ** (e - 1023);
  if (e < -1022) return x * 2 ** -1022 * 2 ** (e + 1022);
  return x * 2 ** e;
}

/**
 * The factors [f1, f2] with ldexp(x, e) = (x·f1)·f2 by the same two multiplications (f2 = 1 where
 * 2^e is a double), for code that scales many values by one exponent, such as the wasm kernel.
 */
export function ldexpFactors(e: number): [number, number] {
  if (e > 1023) return [2 ** 1023, 2 ** (e - 1023)];
  if (e < -1022) return [2 ** -1022, 2 ** (e + 1022)];
  return [2 ** e, 1];
}

/** The exponent e with max|values|·2^−e in about [1, 2); 0 when every value is 0. */
export function scaleExponent(maxAbs: number): number {
  return maxAbs > 0 ? Math.floor(Math.log2(maxAbs)) : 0;
}

/** The largest |x| over any number of value lists. */
export function maxAbsOf(...lists: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const a = Math.abs(list[i]!);
      if (a > m) m = a;
    }
  }
  return m;
}
