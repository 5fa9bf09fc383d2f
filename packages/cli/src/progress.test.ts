import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from './progress.js';

/** A writable that records what is written, posing as a TTY or not. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 200, write: (s: string) => chunks.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

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
    const { stream, text } = fakeStream(true);
    const report = createProgressReporter({ quiet: false, stream });
    report(start);
    report({ type: 'seed-start', seed: 0 });
    report({ type: 'seed-done', seed: 0, wallSeconds: 1 });
    report({
      type: 'seed-progress',
      seed: 1,
      event: { model: 'scm', phase: 'train', epoch: 2, epochs: 10 },
    });
    report({ type: 'phase', phase: 'aggregate' });
    const out = text();
    expect(out).toContain('\r\u001b[2Kseed 0 done in 1.0s (1/2)\n');
    expect(out).toMatch(/seeds 1\/2 · seed 1: scm train epoch 3\/10 · ETA \d+s/);
    expect(out).not.toContain('\u001b[32m'); // NO_COLOR: no colour codes
    expect(out).not.toContain('\u001b[31m');
  });

  it('writes nothing when quiet', () => {
    const { stream, text } = fakeStream(true);
    const report = createProgressReporter({ quiet: true, stream });
    report(start);
    report({ type: 'seed-done', seed: 0, wallSeconds: 1 });
    expect(text()).toBe('');
  });
});
