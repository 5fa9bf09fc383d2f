/**
 * Input checks shared by the paired and the unpaired severity tests: the options' alpha and
 * permutation budget, and every slot's values. Each throws a StatsError whose message names the
 * option or the slot and seed, and how to fix it.
 */
import { StatsError } from './errors.js';

/** The slot fields the checks read. */
interface SlotValues {
  readonly metric: string;
  readonly step: number;
  readonly baseline: readonly number[];
  readonly current: readonly number[];
}

/** Throws ZPB_STATS_INPUT unless alpha is in (0, 1). */
export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `alpha is ${alpha}, expected a number in (0, 1); pass e.g. --alpha 0.05`,
    );
  }
}

/** Throws ZPB_STATS_INPUT unless the permutation budget is a positive integer. */
export function checkNPerm(nPerm: number): void {
  if (!(Number.isInteger(nPerm) && nPerm >= 1)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `nPerm is ${nPerm}, expected a positive integer; pass e.g. --n-perm 4096`,
    );
  }
}

/** Throws ZPB_STATS_SHAPE when there is no slot. */
export function checkHasSlots(slots: readonly SlotValues[]): void {
  if (slots.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      'regression input has no slots; give at least one (metric, step) slot',
    );
  }
}

/** How a message names a slot. */
export function slotWhere(slot: SlotValues): string {
  return `slot (metric ${JSON.stringify(slot.metric)}, step ${slot.step})`;
}

/**
 * Throws ZPB_STATS_NON_FINITE at the first non-finite baseline, then current, value of a slot;
 * `fix` ends the message (what to do with that seed).
 */
export function checkFiniteSlot(slot: SlotValues, fix: string): void {
  // A plain loop per run: this runs on every slot, mostly before V8 has optimised anything.
  checkFiniteRun(slot, 'baseline', slot.baseline, fix);
  checkFiniteRun(slot, 'current', slot.current, fix);
}

function checkFiniteRun(
  slot: SlotValues,
  run: string,
  values: ArrayLike<number>,
  fix: string,
): void {
  let bad = 0;
  while (bad < values.length && Number.isFinite(values[bad])) bad++;
  if (bad < values.length) {
    throw new StatsError(
      'ZPB_STATS_NON_FINITE',
      `${slotWhere(slot)} ${run} seed ${bad} is ${values[bad]}; the test needs finite values, so ${fix}`,
    );
  }
}
