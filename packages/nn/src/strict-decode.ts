import { NnError } from './errors.js';
import { createMatrix, type Matrix } from './matrix.js';

/** Default strict-gate threshold τ_infer (domains.md §1.1). */
export const DEFAULT_TAU_INFER = 1e-6;

/** Provenance codes of a bottom (a bitmask: fault = 1, semantic = 2). */
export const PROVENANCE = { NONE: 0, FAULT: 1, SEMANTIC: 2, BOTH: 3 } as const;

/** Options of {@link strictDecode}. */
export interface StrictDecodeOptions {
  /** Strict gate: semantic bottom where |Q| < tauInfer (default 1e-6). */
  tauInfer?: number;
  /** Monitor threshold; gap only when tauTrain > tauInfer. */
  tauTrain?: number;
  /**
   * Wrapper variant: compute bottom/gap/fault/semantic from this denominator (length n)
   * instead of Q. The payload division still guards against the model's own |Q| < tauInfer.
   */
  maskDenominator?: Float64Array | Matrix;
}

/** Result of {@link strictDecode}; masks are 0/1 bytes, one per sample. */
export interface StrictDecodeResult {
  /** n × d; NaN on bottom rows, P/Q elsewhere, never ±Inf. */
  decoded: Matrix;
  bottom: Uint8Array;
  gap: Uint8Array;
  fault: Uint8Array;
  semantic: Uint8Array;
  /** 0 none, 1 fault only, 2 semantic only, 3 both. */
  provenance: Uint8Array;
}

function asVector(q: Float64Array | Matrix, n: number, what: string): Float64Array {
  const v = q instanceof Float64Array ? q : q.cols === 1 ? q.data : undefined;
  if (v === undefined || v.length !== n) {
    throw new NnError(
      'ZPB_NN_SHAPE',
      `strictDecode: ${what} must have one value per sample (${n})`,
    );
  }
  return v;
}

/**
 * The strict SCM decode gate of domains.md §1.1–§1.2 (v0.6 semantics), for P (n × d) and Q
 * (one per sample):
 * - fault = any non-finite P component or non-finite Q (NaN or ±Inf);
 * - semantic = |Q| < tauInfer (strict);
 * - bottom = fault ∨ semantic, provenance = fault | semantic << 1;
 * - gap = ¬bottom ∧ tauInfer ≤ |Q| < tauTrain, only when tauTrain > tauInfer;
 * - decoded = NaN at bottom, else P / Q with a safe denominator 1 at guarded rows.
 * Division overflow (finite P, |Q| ≥ τ, |P/Q| = ∞) is an IEEE fault of the payload: it is flagged
 * as fault and decoded as NaN, so no infinity is ever produced.
 *
 * @example
 * const { decoded, bottom, gap } = strictDecode(p, q, { tauInfer: 1e-6, tauTrain: 1e-4 });
 */
export function strictDecode(
  p: Matrix,
  q: Float64Array | Matrix,
  options: StrictDecodeOptions = {},
): StrictDecodeResult {
  const n = p.rows;
  const d = p.cols;
  const tauInfer = options.tauInfer ?? DEFAULT_TAU_INFER;
  const tauTrain = options.tauTrain;
  const useGap = tauTrain !== undefined && tauTrain > tauInfer;
  const qv = asVector(q, n, 'Q');
  const mv =
    options.maskDenominator === undefined
      ? qv
      : asVector(options.maskDenominator, n, 'maskDenominator');
  const decoded = createMatrix(n, d);
  const bottom = new Uint8Array(n);
  const gap = new Uint8Array(n);
  const fault = new Uint8Array(n);
  const semantic = new Uint8Array(n);
  const provenance = new Uint8Array(n);
  const pd = p.data;
  const out = decoded.data;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let f = !Number.isFinite(mv[i] as number);
    for (let j = 0; j < d && !f; j++) f = !Number.isFinite(pd[o + j] as number);
    const mAbs = Math.abs(mv[i] as number);
    // NaN compares false, so a NaN denominator is fault only, never semantic.
    const s = mAbs < tauInfer;
    const qi = qv[i] as number;
    // Safe denominator 1 where the row is bottom or the model's own Q would be rejected.
    const guard = f || s || !Number.isFinite(qi) || Math.abs(qi) < tauInfer;
    const den = guard ? 1 : qi;
    let overflow = false;
    if (!(f || s)) {
      for (let j = 0; j < d; j++) {
        const v = (pd[o + j] as number) / den;
        if (!Number.isFinite(v)) overflow = true;
        out[o + j] = v;
      }
    }
    const isFault = f || overflow;
    fault[i] = isFault ? 1 : 0;
    semantic[i] = s ? 1 : 0;
    const b = isFault || s;
    bottom[i] = b ? 1 : 0;
    provenance[i] = (isFault ? 1 : 0) | (s ? 2 : 0);
    if (b) out.fill(Number.NaN, o, o + d);
    else if (useGap && mAbs >= tauInfer && mAbs < (tauTrain as number)) gap[i] = 1;
  }
  return { decoded, bottom, gap, fault, semantic, provenance };
}
