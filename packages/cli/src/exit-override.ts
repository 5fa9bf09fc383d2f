import type { Command } from 'commander';

/** `zpbench report benchmark`: the command's name with its parents', as a user types it. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Makes commander throw instead of exiting, for every command, so runMain owns the exit code;
 * each error carries the path of the command it came from (`commandPath`), so the message can
 * point at that command's --help rather than the program's.
 */
export function applyExitOverride(command: Command): void {
  command.exitOverride((error) => {
    Object.assign(error, { commandPath: commandPath(command) });
    throw error;
  });
  // runMain prints the one-line error; commander must not print its own.
  command.configureOutput({ outputError: () => {} });
  for (const sub of command.commands) applyExitOverride(sub);
}
