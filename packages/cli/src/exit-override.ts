import type { Command } from 'commander';

/** Makes commander throw instead of exiting, for every command, so runMain owns the exit code. */
export function applyExitOverride(command: Command): void {
  command.exitOverride();
  // runMain prints the one-line error; commander must not print its own.
  command.configureOutput({ outputError: () => {} });
  for (const sub of command.commands) applyExitOverride(sub);
}
