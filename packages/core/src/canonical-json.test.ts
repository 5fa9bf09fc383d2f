import { describe, expect, it } from 'vitest';
import { canonicalJson, compareCodePoints } from './canonical-json.js';
import { configHash, sha256Hex } from './hash.js';
import { createRunId } from './run-id.js';

describe('canonicalJson', () => {
  it('sorts keys by code point at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, B: true })).toBe(
      '{"B":true,"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes numbers in shortest round-trip form and -0 as 0', () => {
    expect(canonicalJson([0.1, 1e21, 1e-7, -0, 5])).toBe('[0.1,1e+21,1e-7,0,5]');
  });

  it('omits undefined properties like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('rejects non-finite numbers with the field path', () => {
    expect(() => canonicalJson({ a: { b: [1, Number.NaN] } })).toThrow(/\$\.a\.b\[1\]: NaN/);
  });

  it('orders astral characters by code point, not UTF-16 unit', () => {
    // U+FF5E (fullwidth tilde) < U+1F600 (emoji) by code point, but not by UTF-16 units.
    expect(compareCodePoints('\u{FF5E}', '\u{1F600}')).toBe(-1);
    expect(['\u{1F600}', '\u{FF5E}', 'a'].sort(compareCodePoints)).toEqual([
      'a',
      '\u{FF5E}',
      '\u{1F600}',
    ]);
  });
});

describe('hashing and run ids', () => {
  it('hashes a known string to its published sha256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the same config hash whatever the key order', () => {
    expect(configHash({ a: 1, b: [1, 2] })).toBe(configHash({ b: [1, 2], a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
  });

  it('builds run ids in UTC with the short git sha or nogit', () => {
    const at = new Date(Date.UTC(2026, 3, 7, 15, 8, 0));
    expect(createRunId(at, 'ABCD1234ef')).toBe('run_20260407_150800_abcd123');
    expect(createRunId(at, null)).toBe('run_20260407_150800_nogit');
  });
});
