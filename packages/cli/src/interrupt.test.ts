import { ZpbenchError } from '@zpbench/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resumeCommandLine, shellQuote, signalExitCode, watchInterrupts } from './interrupt.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('watchInterrupts', () => {
  it('aborts on the first SIGINT and exits at once on the second', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const watch = watchInterrupts(() => 'unused');
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(watch.signal.aborted).toBe(true);
      expect(watch.signal.reason).toBe('SIGINT');
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(stderr.mock.calls.map(([text]) => String(text))).toEqual([
        'zpbench: SIGINT: stopping the workers and saving the run (again to exit at once)\n',
        'zpbench: SIGINT again: exiting now; continue later with --resume\n',
      ]);
    } finally {
      watch.stop();
    }
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('turns the runner’s interruption into one line with the command that continues the run', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const watch = watchInterrupts((runDir) => `zpbench synthetic --out-root ${runDir} --resume`);
    process.emit('SIGTERM', 'SIGTERM');
    watch.stop();
    const interrupted = new ZpbenchError('ZPB_INTERRUPTED', 'interrupted: 2 of 5 seeds complete', {
      details: { runDir: '/r' },
    });
    let thrown: unknown;
    try {
      watch.explain(interrupted);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe(
      'interrupted: 2 of 5 seeds complete; continue with: zpbench synthetic --out-root /r --resume',
    );
    expect((thrown as ZpbenchError).details).toEqual({ runDir: '/r', exitCode: 143 });
    const other = new Error('other');
    expect(() => watch.explain(other)).toThrow(other);
  });
});

describe('resumeCommandLine', () => {
  it('repeats the contract and outputs of the run, quoted for a shell', () => {
    expect(
      resumeCommandLine({
        domain: 'synthetic',
        mode: 'paper',
        runDir: "/runs/it's here",
        domainOptions: { 'compute-repeats': '5', 'inject-regression': 'local' },
        workers: 2,
        baselineRunDir: '/runs/base',
        htmlReport: true,
      }),
    ).toBe(
      "zpbench synthetic --mode paper --out-root '/runs/it'\\''s here' --resume --compute-repeats 5 --inject-regression local --workers 2 --baseline-run-dir /runs/base --html-report",
    );
    expect(
      resumeCommandLine({
        domain: 'dose',
        mode: 'paper',
        runDir: 'results/shards/dose/shard_2',
        domainOptions: {},
        device: 'cpu',
        shard: { index: 2, count: 3 },
      }),
    ).toBe(
      'zpbench dose --mode paper --out-root results/shards/dose/shard_2 --resume --device cpu --shard 2/3',
    );
    // --against-baseline is repeated, with its store only when it is not the default.
    const against = {
      domain: 'dose',
      mode: 'smoke',
      runDir: 'r',
      domainOptions: {},
      againstBaseline: true,
    };
    expect(resumeCommandLine({ ...against, baselineStore: 'results/baselines' })).toBe(
      'zpbench dose --mode smoke --out-root r --resume --against-baseline',
    );
    expect(resumeCommandLine({ ...against, baselineStore: 'my store' })).toBe(
      "zpbench dose --mode smoke --out-root r --resume --against-baseline --baseline-store 'my store'",
    );
    expect(shellQuote('')).toBe("''");
    expect(signalExitCode('SIGINT')).toBe(130);
  });
});
