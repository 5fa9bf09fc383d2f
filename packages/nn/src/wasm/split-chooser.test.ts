import { afterEach, describe, expect, it } from 'vitest';
import {
  elementwiseShape,
  gemmShape,
  PROBE_CALLS,
  REPROBE_CALLS,
  SPLIT_POLICY,
  SplitChooser,
  WARMUP_CALLS,
} from './split-chooser.js';

/** Runs `calls` calls of `shape`, each taking `ms(split)`, and returns how many split. */
function drive(
  chooser: SplitChooser,
  shape: number,
  calls: number,
  ms: (split: boolean, call: number) => number,
) {
  let splits = 0;
  for (let call = 0; call < calls; call++) {
    const split = chooser.splits(shape);
    if (split) splits++;
    chooser.record(shape, split, ms(split, call));
  }
  return splits;
}

/** A shape's warm-up calls, alternating, with times that would decide the opposite way. */
function warm(chooser: SplitChooser, shape: number, misleading: (split: boolean) => number) {
  expect(drive(chooser, shape, WARMUP_CALLS, misleading)).toBe(WARMUP_CALLS / 2);
}

const BIG = gemmShape(256, 128, 128, 1, 1, false, true, false);
const SMALL = gemmShape(256, 128, 3, 1, 1, false, true, false);
const S = elementwiseShape(2, 32768);

afterEach(() => {
  SPLIT_POLICY.always = false;
});

describe('SplitChooser', () => {
  it('alternates while probing, then keeps the way with the lower median', () => {
    const chooser = new SplitChooser();
    // Warm-up calls are not timed: splits that look 100× slower there change nothing.
    warm(chooser, BIG, (split) => (split ? 36 : 0.36));
    // Probing: half the calls split, starting with a split.
    const first = Array.from({ length: PROBE_CALLS }, () => {
      const split = chooser.splits(BIG);
      chooser.record(BIG, split, split ? 0.26 : 0.36);
      return split;
    });
    expect(first.filter(Boolean)).toHaveLength(PROBE_CALLS / 2);
    expect(first[0]).toBe(true);
    // 0.26 ms split against 0.36 ms alone: every later call splits.
    expect(drive(chooser, BIG, 100, () => 1)).toBe(100);
    // Shapes are separate: a small one whose split is slower stays on one thread.
    warm(chooser, SMALL, (split) => (split ? 0 : 1));
    drive(chooser, SMALL, PROBE_CALLS, (split) => (split ? 0.05 : 0.016));
    expect(drive(chooser, SMALL, 100, () => 1)).toBe(0);
  });

  it('goes by the median, so one lucky split does not make a slow shape split', () => {
    const chooser = new SplitChooser();
    warm(chooser, S, () => 1);
    // Splits take 0.5 ms except the first (0.01 ms); one thread always takes 0.3 ms.
    drive(chooser, S, PROBE_CALLS, (split, call) => (split ? (call === 0 ? 0.01 : 0.5) : 0.3));
    expect(drive(chooser, S, 10, () => 1)).toBe(0);
  });

  it('probes again after REPROBE_CALLS calls and follows a change of load', () => {
    const chooser = new SplitChooser();
    warm(chooser, S, () => 1);
    drive(chooser, S, PROBE_CALLS, (split) => (split ? 0.2 : 0.4));
    // Split won; the calls until the next probing round all split.
    expect(drive(chooser, S, REPROBE_CALLS - PROBE_CALLS, () => 1)).toBe(
      REPROBE_CALLS - PROBE_CALLS,
    );
    // The other core is busy now: splits take twice as long as one thread.
    drive(chooser, S, PROBE_CALLS, (split) => (split ? 0.8 : 0.4));
    expect(drive(chooser, S, 50, () => 1)).toBe(0);
  });

  it('names every gemm variant and element-wise pass differently', () => {
    const names = [
      gemmShape(256, 128, 128, 1, 1, false, true, false), // Dense forward (NN + bias)
      gemmShape(128, 128, 256, 128, 1, true, false, true), // dW (TN + column sums)
      gemmShape(256, 128, 128, 1, 128, false, false, false), // dX (NT)
      gemmShape(256, 128, 128, 1, 1, false, false, false),
      gemmShape(128, 256, 128, 1, 1, false, false, false),
      gemmShape(256, 128, 128, 1, 1, false, true, false, 1), // Dense forward + ReLU
      gemmShape(256, 128, 128, 1, 128, false, false, false, 2), // dX + ReLU backward
      gemmShape(32767, 32767, 32767, 1, 1, true, true, true, 2),
      gemmShape(32767, 32767, 32767, 1, 1, true, true, true, 1),
      elementwiseShape(2, 32768),
      elementwiseShape(3, 32768),
      elementwiseShape(2, 32769),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it('times a call between begin and end', () => {
    const chooser = new SplitChooser();
    for (let call = 0; call < WARMUP_CALLS + PROBE_CALLS; call++) {
      chooser.begin(BIG);
      chooser.end();
    }
    // Both ways took about the same (no work): a decision is made and kept.
    const next = chooser.begin(BIG);
    chooser.end();
    expect(chooser.begin(BIG)).toBe(next);
  });

  it('splits every call under SPLIT_POLICY.always', () => {
    const chooser = new SplitChooser();
    SPLIT_POLICY.always = true;
    expect(drive(chooser, S, 3 * PROBE_CALLS, (split) => (split ? 9 : 1))).toBe(3 * PROBE_CALLS);
  });
});
