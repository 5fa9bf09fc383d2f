import { describe, expect, it } from 'vitest';
import { findDuplicateKey, hasDuplicateKey } from './duplicate-keys.js';

const check = (text: string) => hasDuplicateKey(text, JSON.parse(text));

describe('hasDuplicateKey', () => {
  it('counts only the strings a colon follows as keys', () => {
    expect(check('{"a":"b:c","d":"\\":","e":["f",":"]}')).toBe(false);
    expect(check('{"a" \n\t\r : {"b":1} , "c": [{"a": 1}, {"a": 2}]}')).toBe(false);
    expect(check('["a", "b", {"c": "d"}]')).toBe(false);
    expect(check('{}')).toBe(false);
  });

  it('reads escaped quotes and backslashes inside strings', () => {
    expect(check('{"a\\"":1,"a":2}')).toBe(false);
    expect(check('{"x\\\\":1,"y\\\\\\"":2}')).toBe(false);
    expect(check('{"x\\\\":1,"x\\\\":2}')).toBe(true);
    expect(check('{"k":"\\\\\\"","k":3}')).toBe(true);
  });

  it('finds a repeat at any depth, __proto__ included', () => {
    expect(check('{"a":1,"a":1}')).toBe(true);
    expect(check('{"a":[{"b":1,"c":{"d":1,"d":2}}]}')).toBe(true);
    expect(check('{"__proto__":1,"__proto__":2}')).toBe(true);
    expect(check('{"__proto__":{"a":1}}')).toBe(false);
    expect(findDuplicateKey('{"a":[{"b":1,"c":{"d":1,"d":2}}]}')).toEqual({
      key: 'd',
      path: '$.a[0].c',
    });
  });
});
