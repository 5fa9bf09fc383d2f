import { constants } from 'node:os';
import {
  DEFAULT_BASELINE_STORE,
  ERROR_CODES,
  isZpbenchError,
  ZpbenchError,
} from '@zpbench/core/light';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Exit code of a process stopped by a signal, as shells report it: 128 + the signal number. */
export function signalExitCode(signal: string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? constants.signals.SIGINT);
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function notice(line: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\u001b[2K' : ''}${line}\n`);
}

/** Where a watch says what it does on a signal: a line of its own on stderr. */
export type Say = (line: string) => void;

/** What continues an interrupted run: the same contract and outputs, with --resume. */
export function resumeCommandLine(run: {
  readonly domain: string;
  readonly mode: string;
  readonly runDir: string;
  readonly domainOptions: Readonly<Record<string, string>>;
  /** The parent run a mode reads (`--<flag> <dir>`): it is part of the contract. */
  readonly parentRun?: { readonly flag: string; readonly dir: string };
  readonly device?: string;
  /** The shard the run is of, resolved (`--shard auto` may not resolve the same by hand). */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly workers?: number;
  readonly baselineRunDir?: string;
  /** `--against-baseline`, with its store when not the default. */
  readonly againstBaseline?: boolean;
  readonly baselineStore?: string;
  readonly htmlReport?: boolean;
  /** `--budget-file`: the resumed attempt gates the run with the same budget. */
  readonly budgetFile?: string;
}): string {
  return [
    ...['zpbench', run.domain, '--mode', run.mode, '--out-root', run.runDir, '--resume'],
    ...(run.device ? ['--device', run.device] : []),
    ...(run.shard ? ['--shard', `${run.shard.index}/${run.shard.count}`] : []),
    ...Object.entries(run.domainOptions).flatMap(([name, value]) => [`--${name}`, value]),
    ...(run.parentRun ? [`--${run.parentRun.flag}`, run.parentRun.dir] : []),
    ...(run.workers === undefined ? [] : ['--workers', String(run.workers)]),
    ...(run.baselineRunDir ? ['--baseline-run-dir', run.baselineRunDir] : []),
    ...(run.againstBaseline ? ['--against-baseline'] : []),
    ...(run.againstBaseline && run.baselineStore && run.baselineStore !== DEFAULT_BASELINE_STORE
      ? ['--baseline-store', run.baselineStore]
      : []),
    ...(run.htmlReport ? ['--html-report'] : []),
    ...(run.budgetFile ? ['--budget-file', run.budgetFile] : []),
  ]
    .map(shellQuote)
    .join(' ');
}

/** A watch over SIGINT and SIGTERM for one run. */
export interface InterruptWatch {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /** Rethrows an error, an interruption with the command that continues the run. */
  readonly explain: (error: unknown) => never;
  /** Stops watching (the default signal handling returns). */
  readonly stop: () => void;
}

/**
 * Turns SIGINT and SIGTERM into an abort of `signal` until `stop` is called: the first signal
 * stops the run cleanly (the runner stops its workers, records the attempt as interrupted and
 * releases the lock), a second one exits at once. `explain` rethrows the runner's
 * `ZPB_INTERRUPTED` with the command that continues the run and the signal's exit code.
 */
export function watchInterrupts(
  resumeCommand: (runDir: string) => string,
  // A live progress display passes its own, so its status line is erased first and redrawn after.
  say: Say = notice,
): InterruptWatch {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`zpbench: ${signal} again: exiting now; continue later with --resume`);
      // The lock is released by its exit hook; the next run marks this attempt interrupted.
      process.exit(signalExitCode(signal));
      return;
    }
    say(`zpbench: ${signal}: stopping the workers and saving the run (again to exit at once)`);
    controller.abort(signal);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    explain: (error: unknown): never => {
      if (isZpbenchError(error) && error.code === ERROR_CODES.INTERRUPTED) {
        const { runDir } = error.details as { runDir: string };
        throw new ZpbenchError(
          ERROR_CODES.INTERRUPTED,
          `${error.message}; continue with: ${resumeCommand(runDir)}`,
          { cause: error, details: { runDir, exitCode: signalExitCode(controller.signal.reason) } },
        );
      }
      throw error;
    },
    stop: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
