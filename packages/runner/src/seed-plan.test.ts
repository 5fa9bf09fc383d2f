import { describe, expect, it } from 'vitest';
import { parseSeedList } from './seed-plan.js';

describe('parseSeedList', () => {
  it('parses ranges, lists and mixes into ascending unique seeds', () => {
    expect(parseSeedList('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeedList('7,0,3')).toEqual([0, 3, 7]);
    expect(parseSeedList('0-2,5,1')).toEqual([0, 1, 2, 5]);
  });

  it('rejects malformed lists naming the flag', () => {
    expect(() => parseSeedList('a-b')).toThrow(
      '--seeds "a-b" is not a seed list; use a range (0-9), a list (0,3,7) or both (0-2,5)',
    );
    expect(() => parseSeedList('5-2')).toThrow('--seeds range "5-2" is invalid');
    expect(() => parseSeedList('-1')).toThrow(/is not a seed list/);
  });
});
