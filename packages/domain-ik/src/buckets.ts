/**
 * The |det J| buckets of domains.md §6.1: edges [0, 1e-5, 1e-4, 1e-3, 1e-2, ∞] give B0…B4. B0 is
 * closed, [0, 1e-5]; every other bucket is (lo, hi]. B0–B2 are the near-pole buckets the claim is
 * measured on.
 */

/** Finite bucket edges; the last bucket runs to +∞. */
export const BUCKET_EDGES = [0, 1e-5, 1e-4, 1e-3, 1e-2] as const;

/** Number of buckets (B0…B4). */
export const N_BUCKETS = BUCKET_EDGES.length;

/** Bucket names in order. */
export const BUCKET_NAMES = ['B0', 'B1', 'B2', 'B3', 'B4'] as const;

/** The near-pole buckets (B0–B2): |det J| ≤ 1e-3. */
export const NEAR_POLE_BUCKETS: readonly number[] = [0, 1, 2];

/**
 * Bucket index of |det J| under `edges` (ascending, first edge 0): the first k with |det| ≤ the
 * upper edge of bucket k (so every bucket is (lo, hi] and the first is [0, hi]); the last bucket
 * takes everything above the last finite edge. NaN has no bucket (−1).
 */
export function bucketOf(absDet: number, edges: readonly number[] = BUCKET_EDGES): number {
  if (Number.isNaN(absDet)) return -1;
  for (let k = 1; k < edges.length; k++) if (absDet <= (edges[k] as number)) return k - 1;
  return edges.length - 1;
}

/** A bucket's interval as text, e.g. `[0, 0.00001]`, `(0.001, 0.01]`, `(0.01, ∞)`. */
export function bucketLabel(k: number, edges: readonly number[] = BUCKET_EDGES): string {
  const lo = edges[k] as number;
  const hi = edges[k + 1];
  const left = k === 0 ? '[' : '(';
  return hi === undefined ? `${left}${lo}, ∞)` : `${left}${lo}, ${hi}]`;
}
