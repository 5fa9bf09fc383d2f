import { N_BUCKETS, NEAR_POLE_BUCKETS } from './buckets.js';
import type { IkPredictions } from './ik-model.js';

/** Rounds a stored metric to 12 significant digits (the same text on every machine). */
export function roundMetric(x: number | null): number | null {
  return x === null ? null : Number(x.toPrecision(12));
}

/** Per-sample error ‖Δθ̂ − Δθ‖²/2 (§6.3), NaN on bottomed rows. */
export function halfSquaredErrors(pred: IkPredictions, target: Float64Array): Float64Array {
  const e = new Float64Array(pred.n);
  for (let i = 0; i < pred.n; i++) {
    if (pred.bottom[i]) {
      e[i] = Number.NaN;
      continue;
    }
    const a = (pred.decoded[2 * i] as number) - (target[2 * i] as number);
    const b = (pred.decoded[2 * i + 1] as number) - (target[2 * i + 1] as number);
    e[i] = (a * a + b * b) / 2;
  }
  return e;
}

/** Mean of `errors` over accepted rows where `include(i)`; its n (null mean when n = 0). */
export function meanAccepted(
  errors: Float64Array,
  bottom: ArrayLike<number>,
  include: (i: number) => boolean = () => true,
): { value: number | null; n: number } {
  let s = 0;
  let n = 0;
  for (let i = 0; i < errors.length; i++) {
    if (bottom[i] || !include(i)) continue;
    s += errors[i] as number;
    n++;
  }
  return { value: n === 0 ? null : s / n, n };
}

function rate(
  mask: ArrayLike<number>,
  include: (i: number) => boolean = () => true,
): number | null {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!include(i)) continue;
    n++;
    if (mask[i]) s++;
  }
  return n === 0 ? null : s / n;
}

/**
 * Test rows breaking an invariant of the strict gate (domains.md §1.2): bottom ≠ fault ∨ semantic,
 * bottom ≠ (provenance ≠ 0), provenance ≠ fault | semantic ≪ 1, gap ∧ bottom, or a bottomed row
 * that decodes to a number (or an accepted one to NaN or ±∞).
 */
export function maskInvariantViolations(pred: IkPredictions): number {
  let bad = 0;
  for (let i = 0; i < pred.n; i++) {
    const b = pred.bottom[i] ? 1 : 0;
    const f = pred.fault[i] ? 1 : 0;
    const s = pred.semantic[i] ? 1 : 0;
    const finite =
      Number.isFinite(pred.decoded[2 * i] as number) &&
      Number.isFinite(pred.decoded[2 * i + 1] as number);
    const nan =
      Number.isNaN(pred.decoded[2 * i] as number) &&
      Number.isNaN(pred.decoded[2 * i + 1] as number);
    if (
      b !== (f | s) ||
      b !== (pred.provenance[i] !== 0 ? 1 : 0) ||
      pred.provenance[i] !== (f | (s << 1)) ||
      (pred.gap[i] && b) ||
      (b ? !nan : !finite)
    )
      bad++;
  }
  return bad;
}

/**
 * The test-split metrics of one model (everything of §6.3 except the rollouts):
 * `mse_valid_only`, `success_rate`, `near_pole_mse` / `near_pole_success_rate` (B0–B2),
 * `mse_b<k>` / `count_b<k>` per bucket, the four mask rates and `mask_invariant_violations`.
 */
export function testMetrics(
  pred: IkPredictions,
  target: Float64Array,
  bucket: ArrayLike<number>,
): Record<string, number | null> {
  const err = halfSquaredErrors(pred, target);
  const nearPole = (i: number) => NEAR_POLE_BUCKETS.includes(bucket[i] as number);
  const accepted = Uint8Array.from(pred.bottom, (b) => (b ? 0 : 1));
  const out: Record<string, number | null> = {
    mse_valid_only: meanAccepted(err, pred.bottom).value,
    success_rate: rate(accepted),
    near_pole_mse: meanAccepted(err, pred.bottom, nearPole).value,
    near_pole_success_rate: rate(accepted, nearPole),
  };
  for (let k = 0; k < N_BUCKETS; k++) {
    const inBucket = (i: number) => bucket[i] === k;
    const m = meanAccepted(err, pred.bottom, inBucket);
    out[`mse_b${k}`] = m.value;
    out[`count_b${k}`] = m.n;
  }
  out.bottom_rate = rate(pred.bottom);
  out.gap_rate = rate(pred.gap);
  out.fault_rate = rate(pred.fault);
  out.semantic_bottom_rate = rate(pred.semantic);
  out.mask_invariant_violations = maskInvariantViolations(pred);
  return out;
}

/**
 * The p-quantile of sorted values by linear interpolation between order statistics (Hyndman–Fan
 * type 7, numpy's default): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). Null when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}
