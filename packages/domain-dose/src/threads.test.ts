import { availableParallelism } from 'node:os';
import { configHash, type SeedContext, type SeedOutput } from '@zpbench/core';
import { prepareThreads, setThreadCount } from '@zpbench/nn';
import { describe, expect, it } from 'vitest';
import { DOSE_PAPER_CONFIG, type DoseConfig } from './config.js';
import { doseDomain as domain } from './domain.js';

// Paper-sized layers (hidden 32, batch 128: above nn's thresholds for splitting a product or a
// tanh layer across threads), few steps.
const MID: DoseConfig = {
  ...DOSE_PAPER_CONFIG,
  generator: { ...DOSE_PAPER_CONFIG.generator, n_compounds: 60 },
  train: { ...DOSE_PAPER_CONFIG.train, steps: 40, log_every: 20, dirhead_steps: 20 },
};

function run(threads?: Int32Array): string {
  const ctx: SeedContext<DoseConfig> = {
    domain: 'dose',
    mode: 'paper',
    seed: 5,
    config: MID,
    configHash: configHash(MID),
    parent: null,
    ...(threads ? { threads } : {}),
    progress: () => {},
  };
  const out = domain.runSeed(ctx) as SeedOutput;
  return JSON.stringify({ result: out.result, files: out.files.map((f) => String(f.content)) });
}

describe.runIf(availableParallelism() >= 2)('dose seed with a thread budget', () => {
  it('gives byte-identical results and files on two threads as on one', async () => {
    setThreadCount(2);
    expect(await prepareThreads(2)).toBe(2);
    setThreadCount(1);
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cell, 0, 2);
    expect(run(cell)).toBe(run());
  });
});
