import type { RunEvent } from '@zpbench/runner';
import { createLogUpdate } from 'log-update';
import { paint } from './output.js';

/** A run's progress display: call it with each event, and `finish()` before printing anything else. */
export interface ProgressReporter {
  (event: RunEvent): void;
  /** Erases the live status line (on a TTY), so what follows starts on a clean line. */
  finish(): void;
  /** Prints a line of its own on the display's stream (the live line erased, then redrawn). */
  say(text: string): void;
}

/** The phases of a run after its seeds, by the name the live line shows. */
const PHASE_NAMES: Readonly<Record<string, string>> = {
  aggregate: 'aggregating',
  claims: 'auditing claims',
  report: 'writing the reports',
  manifest: 'writing the manifest',
};

/**
 * Progress display of a run, on stderr. On a TTY a live status line drawn by log-update (start-up
 * until the plan is known; then seeds done of the whole plan, resumed seeds included, the running
 * model and epoch and an ETA; then each post-seed phase by name), erased by `finish()`; off a TTY
 * one line per finished seed; when quiet only the warning that a plan cannot pass its required
 * claims.
 */
export function createProgressReporter(options: {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  // A plan that cannot pass is said even when quiet: it is about the exit code, not progress.
  if (options.quiet)
    return Object.assign(
      (event: RunEvent) => {
        if (event.type === 'warning') stream.write(`warning: ${event.message}\n`);
      },
      { finish: () => {}, say: (text: string) => void stream.write(`${text}\n`) },
    );
  const live = Boolean(stream.isTTY) && process.env.CI !== 'true';
  // log-update erases exactly the rows it drew (wrapped at the terminal's width) before drawing
  // again; the cursor stays visible, so an interrupted run never leaves it hidden.
  // A pseudo-terminal without a size reports 0 rows and columns, which log-update would take
  // literally (it keeps the last `rows` rows: none); it is given a usual size instead.
  const sized = {
    write: (chunk: string) => stream.write(chunk),
    get columns() {
      return stream.columns || 100;
    },
    get rows() {
      return stream.rows || 24;
    },
  } as unknown as NodeJS.WriteStream;
  const liveLine = live ? createLogUpdate(sized, { showCursor: true }) : null;
  let started = false;
  let total = 0;
  let done = 0;
  let ranDone = 0;
  let failed = 0;
  let phase: string | null = null;
  let startedAt = Date.now();
  const running = new Map<number, string>();
  let lastDraw = 0;
  let drawn = false;

  const status = () => {
    if (!started) return 'starting up: resolving the config and the seed plan…';
    const elapsed = (Date.now() - startedAt) / 1000;
    const left = total - done - failed;
    // An ETA under a second says nothing: it is left out, as it is once the seeds are done.
    const eta = ranDone > 0 && left > 0 ? (elapsed / ranDone) * left : null;
    const active = [...running].map(([seed, what]) => `seed ${seed}: ${what}`).join(' · ');
    return `seeds ${done}/${total}${failed ? ` (${failed} failed)` : ''}${phase ? ` · ${phase}…` : ''}${active ? ` · ${active}` : ''}${!phase && eta !== null && eta >= 1 ? ` · ETA ${eta.toFixed(0)}s` : ''}`;
  };
  const clear = () => {
    if (liveLine && drawn) liveLine.clear();
    drawn = false;
  };
  const draw = (force = false) => {
    if (!liveLine) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    // One row: a status longer than the terminal is cut, never wrapped (a pseudo-terminal
    // without a size reports 0 columns).
    const columns = stream.columns || 100;
    liveLine(status().slice(0, columns - 1));
    drawn = true;
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
    draw(true);
  };

  const report = (event: RunEvent) => {
    switch (event.type) {
      case 'start': {
        started = true;
        done = event.skipped.length;
        total = event.seeds.length + done;
        startedAt = Date.now();
        const n = event.seeds.length;
        line(
          `running ${n === total ? '' : `${n} of `}${total} seed${total === 1 ? '' : 's'} ${event.workers === 0 ? 'inline' : `on ${event.workers} worker${event.workers === 1 ? '' : 's'}`} → ${event.runDir}` +
            (event.skipped.length ? ` (${event.skipped.length} already complete)` : ''),
        );
        break;
      }
      case 'seed-start':
        running.set(event.seed, 'starting');
        draw();
        break;
      case 'seed-progress': {
        const e = event.event;
        const epoch =
          e.epoch !== undefined && e.epochs !== undefined
            ? ` epoch ${e.epoch + 1}/${e.epochs}`
            : '';
        running.set(event.seed, `${e.model} ${e.phase}${epoch}`);
        draw();
        break;
      }
      case 'seed-done':
        running.delete(event.seed);
        done++;
        ranDone++;
        line(
          `seed ${event.seed} ${paint('done', 'green', stream)} in ${event.wallSeconds.toFixed(1)}s (${done}/${total})`,
        );
        break;
      case 'seed-failed':
        running.delete(event.seed);
        failed++;
        line(`seed ${event.seed} ${paint('FAILED', 'red', stream)}: ${event.message}`);
        break;
      case 'note':
        line(event.message);
        break;
      case 'warning':
        line(`${paint('warning', 'yellow', stream)}: ${event.message}`);
        break;
      case 'phase':
        phase = PHASE_NAMES[event.phase] ?? event.phase;
        draw(true);
        break;
    }
  };
  // Start-up (config, seed plan, parent and baseline checks) is named before the first event.
  draw(true);
  return Object.assign(report, { finish: clear, say: line });
}
