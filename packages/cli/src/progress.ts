import type { RunEvent } from '@zpbench/runner';
import { paint } from './output.js';

/**
 * Progress display of a run, on stderr. On a TTY a live status line (seeds done/total, the
 * running model and epoch, ETA); off a TTY one line per finished seed; when quiet only the
 * warning that a plan cannot pass its required claims.
 */
export function createProgressReporter(options: {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
}): (event: RunEvent) => void {
  const stream = options.stream ?? process.stderr;
  // A plan that cannot pass is said even when quiet: it is about the exit code, not progress.
  if (options.quiet)
    return (event) => {
      if (event.type === 'warning') stream.write(`warning: ${event.message}\n`);
    };
  const live = Boolean(stream.isTTY) && process.env.CI !== 'true';
  let total = 0;
  let done = 0;
  let failed = 0;
  let startedAt = Date.now();
  const running = new Map<number, string>();
  let lastDraw = 0;

  const status = () => {
    const elapsed = (Date.now() - startedAt) / 1000;
    const eta = done > 0 ? Math.max(0, (elapsed / done) * (total - done - failed)) : null;
    const active = [...running].map(([seed, what]) => `seed ${seed}: ${what}`).join(' · ');
    return `seeds ${done}/${total}${failed ? ` (${failed} failed)` : ''}${active ? ` · ${active}` : ''}${eta !== null ? ` · ETA ${eta.toFixed(0)}s` : ''}`;
  };
  const draw = (force = false) => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const columns = stream.columns ?? 100;
    stream.write(`\r\u001b[2K${status().slice(0, columns - 1)}`);
  };
  const line = (text: string) => {
    if (live) stream.write('\r\u001b[2K');
    stream.write(`${text}\n`);
    draw(true);
  };

  return (event) => {
    switch (event.type) {
      case 'start':
        total = event.seeds.length;
        startedAt = Date.now();
        line(
          `running ${total} seed${total === 1 ? '' : 's'} ${event.workers === 0 ? 'inline' : `on ${event.workers} worker${event.workers === 1 ? '' : 's'}`} → ${event.runDir}` +
            (event.skipped.length ? ` (${event.skipped.length} already complete)` : ''),
        );
        break;
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
        if (live) draw(true);
        break;
    }
  };
}
