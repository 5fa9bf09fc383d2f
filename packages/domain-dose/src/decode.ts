import { createMatrix, strictDecode } from '@zpbench/nn';

/** Output of the strict decode gate for a scalar payload (domains.md §1.1–1.2, v0.6 semantics). */
export interface StrictDecoded {
  /** P / Q where accepted, NaN where bottomed. */
  readonly decoded: Float64Array;
  readonly bottom: Uint8Array;
  /** Non-finite P or Q. */
  readonly fault: Uint8Array;
  /** |Q| < tau_infer. */
  readonly semantic: Uint8Array;
  /** ¬bottom ∧ tau_infer ≤ |Q| < tau_train (all zero unless tau_train > tau_infer). */
  readonly gap: Uint8Array;
  /** 0 none, 1 fault only, 2 semantic only, 3 both. */
  readonly provenance: Uint8Array;
}

/** The strict SCM decode of scalar (P, Q) pairs, via `@zpbench/nn`'s `strictDecode`. */
export function decodeStrict(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  tauInfer: number,
  tauTrain: number | null,
): StrictDecoded {
  const n = q.length;
  const d = strictDecode(createMatrix(n, 1, Float64Array.from(p)), Float64Array.from(q), {
    tauInfer,
    ...(tauTrain === null ? {} : { tauTrain }),
  });
  return {
    decoded: d.decoded.data,
    bottom: d.bottom,
    fault: d.fault,
    semantic: d.semantic,
    gap: d.gap,
    provenance: d.provenance,
  };
}
