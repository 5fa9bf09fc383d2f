import type { MetricDefinition } from '@zpbench/core';
import { ABOVE, BELOW, IN_RANGE } from './generator.js';

/** Decoded predictions of one model on one split, the input of every DOSE metric. */
export interface DosePredictions {
  /** True class per sample: 0 below, 1 in_range, 2 above. */
  readonly label: ArrayLike<number>;
  /** True measured response (response units). */
  readonly response: ArrayLike<number>;
  /** Decoded value in response units; NaN where bottomed. */
  readonly decoded: ArrayLike<number>;
  /** 1 where the output is bottomed (not accepted). */
  readonly bottom: ArrayLike<number>;
  /** 1 where the payload is non-finite (IEEE fault). */
  readonly fault: ArrayLike<number>;
  /** 1 where the gate fired semantically (|Q| < tau_infer; for baselines: finite output outside the window). */
  readonly semantic: ArrayLike<number>;
  /** 1 where tau_infer ≤ |Q| < tau_train on a non-bottom sample; null for models without a gap band. */
  readonly gap: ArrayLike<number> | null;
  /** Direction head's call per sample: 0 below or 2 above (used for bottomed samples). */
  readonly direction: ArrayLike<number>;
}

/** Predicted class: in_range where accepted, else the direction head's below/above. */
export function predictedClasses(p: DosePredictions): Int8Array {
  const out = new Int8Array(p.label.length);
  for (let i = 0; i < out.length; i++)
    out[i] = p.bottom[i] ? (p.direction[i] === ABOVE ? ABOVE : BELOW) : IN_RANGE;
  return out;
}

/**
 * Macro-F1 over `classes`: per-class F1 = 2TP / (2TP + FP + FN), averaged over classes that have
 * support or predictions (a class with neither is excluded). Null when no class qualifies.
 */
export function macroF1(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: readonly number[],
): number | null {
  let sum = 0;
  let count = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === c;
      const p = predicted[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    if (tp + fp + fn === 0) continue;
    sum += (2 * tp) / (2 * tp + fp + fn);
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** `macro_f1`: 3-way macro-F1 over below / in_range / above. */
export function macroF1ThreeWay(p: DosePredictions): number | null {
  return macroF1(p.label, predictedClasses(p), [BELOW, IN_RANGE, ABOVE]);
}

/** `finite_mae`: mean |decoded − response| over truly in-range, accepted samples, with its n. */
export function finiteMae(p: DosePredictions): { value: number | null; n: number } {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < p.label.length; i++) {
    if (p.label[i] !== IN_RANGE || p.bottom[i]) continue;
    sum += Math.abs((p.decoded[i] as number) - (p.response[i] as number));
    n++;
  }
  return { value: n === 0 ? null : sum / n, n };
}

/** `false_in_range_rate_on_censored`: #{censored ∧ accept} / #{censored}. */
export function falseInRangeRateOnCensored(p: DosePredictions): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.label.length; i++) {
    if (p.label[i] === IN_RANGE) continue;
    den++;
    if (!p.bottom[i]) num++;
  }
  return den === 0 ? null : num / den;
}

/** `false_censored_rate_on_in_range`: #{in_range ∧ bottom} / #{in_range}. */
export function falseCensoredRateOnInRange(p: DosePredictions): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.label.length; i++) {
    if (p.label[i] !== IN_RANGE) continue;
    den++;
    if (p.bottom[i]) num++;
  }
  return den === 0 ? null : num / den;
}

/** `direction_only_macro_f1_on_censored`: macro-F1 over {below, above} of the direction call on truly censored samples, regardless of the gate. */
export function directionOnlyMacroF1OnCensored(p: DosePredictions): number | null {
  const truth: number[] = [];
  const pred: number[] = [];
  for (let i = 0; i < p.label.length; i++) {
    if (p.label[i] === IN_RANGE) continue;
    truth.push(p.label[i] as number);
    pred.push(p.direction[i] === ABOVE ? ABOVE : BELOW);
  }
  return macroF1(truth, pred, [BELOW, ABOVE]);
}

function meanOf(mask: ArrayLike<number>): number | null {
  if (mask.length === 0) return null;
  let s = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) s++;
  return s / mask.length;
}

/** `accept_rate`: fraction of inputs not bottomed (= 1 − bottom_rate). */
export function acceptRate(p: DosePredictions): number | null {
  const b = meanOf(p.bottom);
  return b === null ? null : 1 - b;
}

/** `bottom_rate`: fraction of inputs bottomed. */
export function bottomRate(p: DosePredictions): number | null {
  return meanOf(p.bottom);
}

/** `fault_rate`: fraction of inputs with a non-finite payload, over all inputs. */
export function faultRate(p: DosePredictions): number | null {
  return meanOf(p.fault);
}

/** `semantic_bottom_rate`: fraction of inputs with a semantic (below-threshold) bottom, over all inputs. */
export function semanticBottomRate(p: DosePredictions): number | null {
  return meanOf(p.semantic);
}

/** `gap_rate`: monitor-only fraction with tau_infer ≤ |Q| < tau_train, over all inputs; null without a gap band. */
export function gapRate(p: DosePredictions): number | null {
  return p.gap === null ? null : meanOf(p.gap);
}

/** Every DOSE metric of one model on one split, keyed as in the DOSE table. */
export function computeDoseMetrics(p: DosePredictions): Record<string, number | null> {
  return {
    macro_f1: macroF1ThreeWay(p),
    finite_mae: finiteMae(p).value,
    false_in_range_rate_on_censored: falseInRangeRateOnCensored(p),
    false_censored_rate_on_in_range: falseCensoredRateOnInRange(p),
    direction_only_macro_f1_on_censored: directionOnlyMacroF1OnCensored(p),
    accept_rate: acceptRate(p),
    bottom_rate: bottomRate(p),
    fault_rate: faultRate(p),
    semantic_bottom_rate: semanticBottomRate(p),
    gap_rate: gapRate(p),
  };
}

/** Definitions of the DOSE metrics (000_8c9b60ada718c036 table; domains.md §4.4). */
export const DOSE_METRICS: readonly MetricDefinition[] = [
  {
    key: 'macro_f1',
    description: '3-way macro-F1 over below / in-range / above classes.',
    direction: 'higher',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'finite_mae',
    description:
      'Conditional finite MAE on truly in-range inputs, averaged only over accepted finite predictions.',
    direction: 'lower',
    unit: 'response units',
    subset: 'test in_range ∧ accepted',
  },
  {
    key: 'false_in_range_rate_on_censored',
    description:
      'Fraction of truly censored inputs predicted as in-range, conditional on the truly censored subset.',
    direction: 'lower',
    unit: 'fraction',
    subset: 'test censored',
  },
  {
    key: 'false_censored_rate_on_in_range',
    description:
      'Fraction of truly in-range inputs predicted as censored, conditional on the truly in-range subset.',
    direction: 'lower',
    unit: 'fraction',
    subset: 'test in_range',
  },
  {
    key: 'direction_only_macro_f1_on_censored',
    description:
      'Direction-only macro-F1 over below / above on truly censored inputs, regardless of the gate.',
    direction: 'higher',
    unit: 'fraction',
    subset: 'test censored',
  },
  {
    key: 'accept_rate',
    description: 'Coverage: fraction of inputs not bottomed (accept_rate = 1 − bottom_rate).',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'bottom_rate',
    description:
      'Fraction of inputs bottomed (strict |Q| < tau_infer gate; for baselines, a predicted-censored or non-finite output).',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'fault_rate',
    description:
      'Fraction of inputs with a non-finite payload (fault provenance), over all inputs.',
    direction: 'lower',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'semantic_bottom_rate',
    description:
      'Fraction of inputs with a semantic bottom (|Q| < tau_infer; for baselines, finite output outside the window), over all inputs.',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
  {
    key: 'gap_rate',
    description:
      'Monitor-only fraction with tau_infer ≤ |Q| < tau_train on non-bottom inputs, over all inputs; null for models without Q.',
    direction: 'none',
    unit: 'fraction',
    subset: 'test',
  },
];
