import { ERROR_CODES, ZpbenchError } from './errors.js';

/** The range and kind a numeric flag accepts. */
export interface NumberArgumentSpec {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
}

/** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses the value of a numeric flag: a plain decimal number (no hex, no surrounding blanks, no
 * "Infinity"), finite, in range, whole when asked. Throws `ZPB_USAGE` naming the flag, the
 * range and the value given.
 *
 * @example
 * parseNumberArgument('--workers', '4', { min: 0, max: 256, integer: true }); // 4
 */
export function parseNumberArgument(name: string, value: string, spec: NumberArgumentSpec): number {
  const x = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (
    !Number.isFinite(x) ||
    x < spec.min ||
    x > spec.max ||
    (spec.integer && !Number.isInteger(x))
  ) {
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      `${name} takes ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}, got ${JSON.stringify(value)}`,
    );
  }
  return x;
}
