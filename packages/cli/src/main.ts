import { CommanderError } from 'commander';

/** Exit codes of every zpbench program. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 70, interrupted: 130 } as const;

/** Typed errors that report a failed check, not bad input: exit 1. */
const CHECK_FAILURES: ReadonlySet<string> = new Set([
  // A rerun seed did not reproduce the bytes recorded for it.
  'ZPB_NOT_REPRODUCED',
]);

function isCodedError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * Runs a CLI entry point: the only place that sets the exit code. Known errors print one line
 * (`<program>: <message>`) and exit 2; a failed check exits 1 from inside the command; anything
 * unexpected prints "internal error" with the stack and a hint to report it.
 */
export async function runMain(
  programName: string,
  main: () => Promise<number | undefined>,
): Promise<void> {
  // A closed pipe (`zpbench … | head`) is a normal way for a reader to stop reading, never a
  // reason to stop working: a run goes on and completes its run directory, writing to nowhere.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  try {
    process.exitCode = (await main()) ?? EXIT.ok;
  } catch (error) {
    process.exitCode = reportError(programName, error);
  }
}

/** A message as one line: whatever it quotes, an error is one line on stderr. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Prints an error the way the CLI does and returns its exit code. */
export function reportError(programName: string, error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return EXIT.ok;
    }
    process.stderr.write(
      `${programName}: ${error.message
        .replace(/^error: /, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(
          /\.$/,
          '',
        )}; see \`${(error as { commandPath?: string }).commandPath ?? programName} --help\`\n`,
    );
    return EXIT.usage;
  }
  if (isCodedError(error) && error.code === 'ZPB_INTERRUPTED') {
    process.stderr.write(`${programName}: ${oneLine(error.message)}\n`);
    const { exitCode } = ((error as { details?: unknown }).details ?? {}) as { exitCode?: number };
    return exitCode ?? EXIT.interrupted;
  }
  if (isCodedError(error) && CHECK_FAILURES.has(error.code)) {
    process.stderr.write(`${programName}: ${oneLine(error.message)}\n`);
    return EXIT.failed;
  }
  if (isCodedError(error) && error.code.startsWith('ZPB_')) {
    process.stderr.write(`${programName}: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  if (isCodedError(error) && ['ENOSPC', 'EACCES', 'EROFS', 'EDQUOT'].includes(error.code)) {
    process.stderr.write(
      `${programName}: ${oneLine(error.message)}; free space or fix permissions and rerun\n`,
    );
    return EXIT.usage;
  }
  process.stderr.write(
    `${programName}: internal error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug in zpbench; please report it with the command you ran.\n`,
  );
  return EXIT.internal;
}
