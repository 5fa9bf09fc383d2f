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

  it('finds a repeat past rows of numbers, and where a repeated key dropped an object', () => {
    const rows = JSON.stringify(Array.from({ length: 50 }, (_, s) => [s, s + 0.5, -s]));
    expect(check(`{"loss":${rows},"acc":${rows}}`)).toBe(false);
    expect(check(`{"loss":${rows},"acc":${rows},"loss":${rows}}`)).toBe(true);
    expect(check(`{"loss":[[1,2],[3,{"a":1,"a":2}]]}`)).toBe(true);
    expect(check(`{"loss":[[1,2],[3,{"a":1,"b":2}]],"acc":[[{"c":1}]]}`)).toBe(false);
    // JSON.parse keeps the second "a": the text has two objects, the value one.
    expect(check('{"a":{"x":1},"a":[1,2]}')).toBe(true);
    expect(check('{"a":{"x":{"y":1}},"a":{"z":1}}')).toBe(true);
    // A brace inside a string counts, which only lets the walk go further.
    expect(check('{"{":[1,{"b":1}],"c":"{{"}')).toBe(false);
    expect(check('{"{":[1,{"b":1,"b":2}],"c":"{{"}')).toBe(true);
  });
});
