import { ERROR_CODES, ZpbenchError } from './errors.js';

/**
 * Canonical JSON: object keys sorted by code point, no whitespace, numbers in
 * ECMAScript's shortest round-trip form (identical on every machine), `-0` written as `0`.
 * Non-finite numbers and non-JSON values are rejected, so a hash never depends on them.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ZpbenchError(
          ERROR_CODES.CONFIG,
          `cannot hash ${where}: ${value} is not a finite number; canonical JSON holds finite numbers only`,
        );
      }
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => encode(item, `${where}[${i}]`)).join(',')}]`;
      }
      const keys = Object.keys(value as object)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort(compareCodePoints);
      const body = keys.map(
        (key) =>
          `${JSON.stringify(key)}:${encode((value as Record<string, unknown>)[key], `${where}.${key}`)}`,
      );
      return `{${body.join(',')}}`;
    }
    default:
      throw new ZpbenchError(
        ERROR_CODES.CONFIG,
        `cannot hash ${where}: a ${typeof value} is not JSON; use plain objects, arrays, strings, finite numbers, booleans and null`,
      );
  }
}

/** Compares strings by Unicode code point, independent of locale. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const da = ca.value.codePointAt(0) as number;
    const db = cb.value.codePointAt(0) as number;
    if (da !== db) return da < db ? -1 : 1;
  }
}

/**
 * JSON for artifacts on disk, with a final newline and key order as built (artifacts are built in
 * a fixed key order, so the bytes are deterministic): two-space indentation by default, or on one
 * line for bulky numeric payloads (checkpoints, parameter files) with `compact`.
 */
export function formatArtifactJson(value: unknown, style: 'pretty' | 'compact' = 'pretty'): string {
  return `${style === 'compact' ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`;
}
