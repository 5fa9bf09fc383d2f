import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPlanProgress } from './plan-progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 200, write: (s: string) => chunks.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('createPlanProgress', () => {
  it('draws the phase, reruns done and an ETA on a TTY, and clears the line at the end', () => {
    vi.stubEnv('CI', '');
    vi.useFakeTimers({ now: 1_000 });
    const { stream, text } = fakeStream(true);
    const progress = createPlanProgress({ quiet: false, stream });
    progress.onProgress?.({ phase: 'minimum-effect', nSeeds: 200, done: 0, total: 200 });
    vi.setSystemTime(6_000);
    progress.onProgress?.({ phase: 'minimum-effect', nSeeds: 200, done: 50, total: 200 });
    progress.done();
    // 50 reruns in 5 s: 150 more take 15 s.
    expect(text()).toBe(
      '\r\u001b[2Kplan: minimum detectable effect 200 seeds · 0/200 simulated reruns · ETA 0s' +
        '\r\u001b[2Kplan: minimum detectable effect 200 seeds · 50/200 simulated reruns · ETA 15s' +
        '\r\u001b[2K',
    );
  });

  it('is silent off a TTY, in CI and when quiet', () => {
    for (const [isTTY, ci, quiet] of [
      [false, '', false],
      [true, 'true', false],
      [true, '', true],
    ] as const) {
      vi.stubEnv('CI', ci);
      const { stream, text } = fakeStream(isTTY);
      const progress = createPlanProgress({ quiet, stream });
      expect(progress.onProgress).toBeUndefined();
      progress.done();
      expect(text()).toBe('');
    }
  });
});
