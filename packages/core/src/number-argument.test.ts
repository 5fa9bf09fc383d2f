import { describe, expect, it } from 'vitest';
import { parseNumberArgument } from './number-argument.js';

const refusal = (value: string, integer = false) => {
  try {
    parseNumberArgument('--n', value, { min: 0, max: 10, integer });
  } catch (error) {
    expect((error as { code: string }).code).toBe('ZPB_USAGE');
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
};

describe('parseNumberArgument', () => {
  it('accepts plain decimals in range', () => {
    expect(parseNumberArgument('--n', '3', { min: 0, max: 10, integer: true })).toBe(3);
    expect(parseNumberArgument('--n', '0.25', { min: 0, max: 10 })).toBe(0.25);
    expect(parseNumberArgument('--n', '.5', { min: 0, max: 10 })).toBe(0.5);
    expect(parseNumberArgument('--n', '1e1', { min: 0, max: 10 })).toBe(10);
    expect(parseNumberArgument('--n', '+2', { min: 0, max: 10 })).toBe(2);
  });

  it('refuses empty, blank-padded, hex, non-finite, out-of-range and fractional values', () => {
    expect(refusal('')).toMatchInlineSnapshot(`"--n takes a number from 0 to 10, got """`);
    expect(refusal(' 3')).toMatchInlineSnapshot(`"--n takes a number from 0 to 10, got " 3""`);
    expect(refusal('0x3')).toMatchInlineSnapshot(`"--n takes a number from 0 to 10, got "0x3""`);
    expect(refusal('Infinity')).toMatchInlineSnapshot(
      `"--n takes a number from 0 to 10, got "Infinity""`,
    );
    expect(refusal('1e400')).toMatchInlineSnapshot(
      `"--n takes a number from 0 to 10, got "1e400""`,
    );
    expect(refusal('11')).toMatchInlineSnapshot(`"--n takes a number from 0 to 10, got "11""`);
    expect(refusal('-0.5')).toMatchInlineSnapshot(`"--n takes a number from 0 to 10, got "-0.5""`);
    expect(refusal('2.5', true)).toMatchInlineSnapshot(
      `"--n takes a whole number from 0 to 10, got "2.5""`,
    );
  });
});
