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
    // Only options before a `--` count: `--json` there is the user asking for JSON.
    const args = process.argv.slice(2);
    const end = args.indexOf('--');
    const own = end === -1 ? args : args.slice(0, end);
    // `--format json` (runs compare) asks for JSON as `--json` does elsewhere.
    const json =
      own.includes('--json') ||
      own.includes('--format=json') ||
      own.some((a, i) => a === '--format' && own[i + 1] === 'json');
    process.exitCode = reportError(programName, error, json);
  }
}

/** A message as one line: whatever it quotes, an error is one line on stderr. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** An error as the CLI reports it: the stderr text, the exit code and a machine-readable code. */
export interface DescribedError {
  readonly exitCode: number;
  /** What goes to stderr (one line, except an internal error's stack). */
  readonly text: string;
  /** The error's code (`ZPB_…`, a commander code, an errno) or null. */
  readonly code: string | null;
  /** The one-line message without the program prefix. */
  readonly message: string;
}

/** How the CLI reports an error; null for commander's help and version exits. */
export function describeError(programName: string, error: unknown): DescribedError | null {
  const make = (exitCode: number, message: string, code: string | null, suffix = '') => ({
    exitCode,
    text: `${programName}: ${message}${suffix}\n`,
    code,
    message: message + suffix,
  });
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return null;
    }
    const message = error.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.$/, '');
    const help = (error as { commandPath?: string }).commandPath ?? programName;
    return make(EXIT.usage, message, error.code, `; see \`${help} --help\``);
  }
  if (isCodedError(error) && error.code === 'ZPB_INTERRUPTED') {
    const { exitCode } = ((error as { details?: unknown }).details ?? {}) as { exitCode?: number };
    return make(exitCode ?? EXIT.interrupted, oneLine(error.message), error.code);
  }
  if (isCodedError(error) && CHECK_FAILURES.has(error.code))
    return make(EXIT.failed, oneLine(error.message), error.code);
  if (isCodedError(error) && error.code.startsWith('ZPB_'))
    return make(EXIT.usage, oneLine(error.message), error.code);
  if (isCodedError(error) && ['ENOSPC', 'EACCES', 'EROFS', 'EDQUOT'].includes(error.code))
    return make(
      EXIT.usage,
      oneLine(error.message),
      error.code,
      '; free space or fix permissions and rerun',
    );
  const stack = (error as Error)?.stack ?? String(error);
  return {
    exitCode: EXIT.internal,
    text: `${programName}: internal error: ${stack}\nThis is a bug in zpbench; please report it with the command you ran.\n`,
    code: null,
    message: `internal error: ${oneLine((error as Error)?.message ?? String(error))}`,
  };
}

/**
 * Prints an error the way the CLI does and returns its exit code. With `json` the error is also
 * printed on stdout as `{"error": {"code", "message", "exit_code"}}`, so a script reading
 * `--json` output always gets JSON.
 */
export function reportError(programName: string, error: unknown, json = false): number {
  const described = describeError(programName, error);
  if (!described) return EXIT.ok;
  process.stderr.write(described.text);
  if (json)
    process.stdout.write(
      `${JSON.stringify({ error: { code: described.code, message: described.message, exit_code: described.exitCode } }, null, 2)}\n`,
    );
  return described.exitCode;
}
