import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from './progress.js';

/** A writable that records what is written, posing as a TTY or not. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 200, write: (s: string) => chunks.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

/** What log-update writes to erase a one-row status: that row and the newline after it. */
const ERASE = '\u001b[2K\u001b[1A\u001b[2K\u001b[G';

const start = {
  type: 'start',
  runDir: '/runs/x',
  runId: 'x',
  seeds: [0, 1],
  skipped: [],
  workers: 2,
} as const;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createProgressReporter', () => {
  it('when quiet prints only the warning that a plan cannot pass', () => {
    const { stream, text } = fakeStream(false);
    const report = createProgressReporter({ quiet: true, stream });
    report({ type: 'note', message: 'removed 1 temp file' });
    report({ type: 'warning', message: 'this plan cannot pass' });
    report(start);
    report({ type: 'seed-failed', seed: 1, message: 'boom' });
    expect(text()).toBe('warning: this plan cannot pass\n');
  });

  it('says a run without worker threads runs inline, and prints notes', () => {
    const { stream, text } = fakeStream(false);
    const report = createProgressReporter({ quiet: false, stream });
    report({ type: 'note', message: 'removed 1 temp file' });
    report({ ...start, workers: 0 });
    expect(text()).toBe('removed 1 temp file\nrunning 2 seeds inline → /runs/x\n');
  });

  it('prints one plain line per finished seed when not on a TTY', () => {
    const { stream, text } = fakeStream(false);
    const report = createProgressReporter({ quiet: false, stream });
    report(start);
    report({ type: 'seed-start', seed: 0 });
    report({
      type: 'seed-progress',
      seed: 0,
      event: { model: 'scm', phase: 'train', epoch: 2, epochs: 10 },
    });
    report({ type: 'seed-done', seed: 0, wallSeconds: 1.25 });
    report({ type: 'seed-failed', seed: 1, message: 'boom' });
    expect(text()).toBe(
      'running 2 seeds on 2 workers → /runs/x\nseed 0 done in 1.3s (1/2)\nseed 1 FAILED: boom\n',
    );
  });

  it('draws a live status line with the running model, epoch and ETA on a TTY', () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('NO_COLOR', '1');
    vi.useFakeTimers({ now: 0 });
    try {
      const { stream, text } = fakeStream(true);
      const report = createProgressReporter({ quiet: false, stream });
      report(start);
      report({ type: 'seed-start', seed: 0 });
      vi.setSystemTime(4000);
      report({ type: 'seed-done', seed: 0, wallSeconds: 4 });
      vi.setSystemTime(4200); // past the 100 ms redraw throttle
      report({
        type: 'seed-progress',
        seed: 1,
        event: { model: 'scm', phase: 'train', epoch: 2, epochs: 10 },
      });
      const out = text();
      // log-update erases the status rows it drew (the line and the newline after it) first.
      expect(out).toContain(`${ERASE}seed 0 done in 4.0s (1/2)\n`);
      // 4.2 s for one seed, one left.
      expect(out).toContain('seeds 1/2 · seed 1: scm train epoch 3/10 · ETA 4s');
      expect(out).not.toContain('\u001b[32m'); // NO_COLOR: no colour codes
      expect(out).not.toContain('\u001b[31m');
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts resumed seeds against the whole plan, names the phases, and finish() clears the line', () => {
    vi.stubEnv('CI', '');
    const { stream, text } = fakeStream(true);
    const report = createProgressReporter({ quiet: false, stream });
    report({ ...start, seeds: [3, 4], skipped: [0, 1, 2] });
    report({ type: 'seed-done', seed: 3, wallSeconds: 1 });
    report({ type: 'seed-done', seed: 4, wallSeconds: 1 });
    report({ type: 'phase', phase: 'report' });
    report.finish();
    const out = text();
    expect(out).toContain('running 2 of 5 seeds on 2 workers → /runs/x (3 already complete)\n');
    expect(out).toContain('seed 3 \u001b[32mdone\u001b[0m in 1.0s (4/5)\n');
    expect(out.endsWith(`${ERASE}seeds 5/5 · writing the reports…\n${ERASE}`)).toBe(true);
  });

  it('names start-up before the plan is known, and says a line of its own without losing the live one', () => {
    vi.stubEnv('CI', '');
    const { stream, text } = fakeStream(true);
    const report = createProgressReporter({ quiet: false, stream });
    report.say('zpbench: SIGINT: stopping the workers and saving the run (again to exit at once)');
    report.finish();
    expect(text()).toBe(
      'starting up: resolving the config and the seed plan…\n' +
        `${ERASE}zpbench: SIGINT: stopping the workers and saving the run (again to exit at once)\n` +
        `starting up: resolving the config and the seed plan…\n${ERASE}`,
    );
  });

  it('writes nothing when quiet', () => {
    const { stream, text } = fakeStream(true);
    const report = createProgressReporter({ quiet: true, stream });
    report(start);
    report({ type: 'seed-done', seed: 0, wallSeconds: 1 });
    expect(text()).toBe('');
  });
});
