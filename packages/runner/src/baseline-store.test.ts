import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchmarkRun } from '@zpbench/core';
import { FIXTURE_CONTRACT, writeFixtureRunDir } from '@zpbench/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBaselineRef, readBaselineRef, saveBaseline } from './baseline-store.js';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-baseline-store-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

const read = (dir: string) =>
  readBenchmarkRun(dir, {
    domains: (id) => (id === FIXTURE_CONTRACT.id ? FIXTURE_CONTRACT : undefined),
  });

describe('the baseline store', () => {
  it('saves a reference (relative path, manifest hash), reads it back, and replaces it', async () => {
    const runDir = join(temp, 'results/benchmarks/fixture/run_a');
    writeFixtureRunDir(runDir);
    const store = join(temp, 'results/baselines');
    expect(readBaselineRef(store, 'fixture', 'smoke')).toBeNull();
    const { path, ref } = saveBaseline(await read(runDir), {
      store,
      zpbenchVersion: '9.9.9',
      now: () => new Date('2026-02-03T04:05:06.789Z'),
    });
    expect(path).toBe(join(store, 'fixture/smoke.json'));
    expect(ref).toMatchObject({
      schema: 'zpbench_baseline',
      domain: 'fixture',
      mode: 'smoke',
      run_id: 'run_20260101_000000_nogit',
      run_dir: '../../benchmarks/fixture/run_a',
      seeds: [0, 1, 2, 3, 4],
      saved_utc: '2026-02-03T04:05:06Z',
      zpbench_version: '9.9.9',
    });
    const stored = readBaselineRef(store, 'fixture', 'smoke');
    expect(stored?.runDir).toBe(join(store, 'fixture', '../../benchmarks/fixture/run_a'));
    expect(() => checkBaselineRef(stored as NonNullable<typeof stored>)).not.toThrow();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(ref);
  });

  it('refuses a baseline whose manifest changed since it was saved, and one filed under another name', async () => {
    const runDir = join(temp, 'run');
    writeFixtureRunDir(runDir);
    const store = join(temp, 'store');
    saveBaseline(await read(runDir), { store, zpbenchVersion: 't' });
    const manifest = join(runDir, 'manifest.json');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}\n`);
    const stored = readBaselineRef(store, 'fixture', 'smoke');
    expect(() => checkBaselineRef(stored as NonNullable<typeof stored>)).toThrow(
      /^the baseline run .*\/run changed since it was saved in .*smoke\.json \(manifest sha256 [0-9a-f]{12}… ≠ saved [0-9a-f]{12}…\); restore it, or save it again with `zpbench baseline save /,
    );
    expect(() => readBaselineRef(store, 'fixture', 'paper')).not.toThrow();
    writeFileSync(
      join(store, 'fixture/paper.json'),
      readFileSync(join(store, 'fixture/smoke.json')),
    );
    expect(() => readBaselineRef(store, 'fixture', 'paper')).toThrow(
      /names the fixture smoke baseline, not the fixture paper one/,
    );
  });
});
