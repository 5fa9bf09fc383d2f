import { InvalidArgumentError } from 'commander';

/** Commander parsers for numeric flags: one-line usage errors naming the flag. */
export function numberIn(flag: string, low: number, high: number, { integer = false } = {}) {
  return (value: string): number => {
    const x = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(x) ||
      x < low ||
      x > high ||
      (integer && !Number.isInteger(x))
    ) {
      throw new InvalidArgumentError(
        `${flag} takes ${integer ? 'a whole number' : 'a number'} from ${low} to ${high}`,
      );
    }
    return x;
  };
}
