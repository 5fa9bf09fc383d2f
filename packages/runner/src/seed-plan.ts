import { ERROR_CODES, ZpbenchError } from '@zpbench/core';

/**
 * Parses a seed list: `0-9`, `0,3,7`, or a mix (`0-2,5`). Returns ascending unique seeds.
 * Throws `ZPB_USAGE` naming the flag on anything else.
 */
export function parseSeedList(text: string, flag = '--seeds'): number[] {
  const seeds = new Set<number>();
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    const range = /^(\d+)-(\d+)$/.exec(trimmed);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (hi < lo || hi - lo > 100_000) {
        throw new ZpbenchError(
          ERROR_CODES.USAGE,
          `${flag} range "${trimmed}" is invalid; write low-high with low ≤ high (e.g. 0-9)`,
        );
      }
      for (let s = lo; s <= hi; s++) seeds.add(s);
    } else if (/^\d+$/.test(trimmed)) {
      seeds.add(Number(trimmed));
    } else {
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `${flag} "${text}" is not a seed list; use a range (0-9), a list (0,3,7) or both (0-2,5)`,
      );
    }
  }
  for (const seed of seeds) {
    if (seed > 2 ** 32 - 1)
      throw new ZpbenchError(ERROR_CODES.USAGE, `${flag}: seed ${seed} exceeds 2^32-1`);
  }
  return [...seeds].sort((a, b) => a - b);
}
