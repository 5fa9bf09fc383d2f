import {
  ERROR_CODES,
  isZpbenchError,
  type PathArgumentSpec,
  parseNumberArgument,
  resolvePathArgument,
  ZpbenchError,
} from '@zpbench/core/light';
import { type Command, InvalidArgumentError } from 'commander';

/**
 * Commander parser of a numeric flag (core's `parseNumberArgument`): a one-line usage error
 * naming the flag, its range and the value given.
 */
export function numberIn(flag: string, low: number, high: number, { integer = false } = {}) {
  return (value: string): number => {
    try {
      return parseNumberArgument(flag, value, { min: low, max: high, integer });
    } catch (error) {
      if (isZpbenchError(error)) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/**
 * Commander parser of a path flag or argument (core's `resolvePathArgument`), checked while the
 * command line is parsed, before any work.
 */
export function pathIn(name: string, spec: PathArgumentSpec) {
  return (value: string): string => resolvePathArgument(name, value, spec);
}

/** {@link pathIn} for a variadic argument: checks each path and collects them. */
export function pathsIn(name: string, spec: PathArgumentSpec) {
  return (value: string, previous: string[] | undefined): string[] => [
    ...(previous ?? []),
    resolvePathArgument(name, value, spec),
  ];
}

/**
 * Refuses an empty flag value (`--compute-repeats ""`) for every option of every command, before
 * its action runs: an empty value is a mistake, never a request for the default.
 */
export function refuseEmptyValues(program: Command): void {
  program.hook('preAction', (_root, command) => {
    for (const option of command.options) {
      const value = command.getOptionValue(option.attributeName());
      const empty = value === '' || (Array.isArray(value) && value.includes(''));
      if (empty && command.getOptionValueSource(option.attributeName()) === 'cli') {
        throw new ZpbenchError(
          ERROR_CODES.USAGE,
          `${option.long ?? option.flags} has an empty value; give a value or leave the flag out`,
        );
      }
    }
  });
}

/**
 * Refuses flags that have no effect in the chosen mode (`--baseline` without `--family
 * performance`): a flag that is silently ignored hides a mistake.
 */
export function refuseInapplicable(
  command: Command,
  flags: readonly string[],
  applies: boolean,
  reason: string,
): void {
  for (const flag of flags) {
    const option = command.options.find((o) => o.long === flag);
    if (!applies && option && command.getOptionValueSource(option.attributeName()) === 'cli') {
      throw new ZpbenchError(ERROR_CODES.USAGE, `${flag} ${reason}; drop it`);
    }
  }
}
