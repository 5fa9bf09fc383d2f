import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkPerfDir,
  JsonSchemaValidator,
  PERF_SUITE_SCHEMA,
  perfSuiteV3Schema,
} from '@zpbench/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updatePerfBaseline } from './baseline.js';
import { defineBenchmark } from './define-benchmark.js';
import { defineSuite } from './define-suite.js';
import { runPerfSuite } from './run-suite.js';
import { PERF_SUITES, selectSuites } from './suites.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-perf-suite-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tiny = defineSuite({
  id: 'tiny',
  description: 'two cheap benchmarks',
  load: async () => [
    defineBenchmark({
      name: 'tiny.sum_1e4',
      group: 'tiny',
      description: 'sums 10,000 doubles',
      items: 10_000,
      itemUnit: 'values',
      iterations: 3,
      setup: () => Float64Array.from({ length: 10_000 }, (_, i) => i),
      run: (xs) => xs.reduce((a, b) => a + b, 0),
    }),
    defineBenchmark({
      name: 'tiny.sleep',
      group: 'tiny',
      description: 'waits 1 ms',
      iterations: 2,
      run: () => new Promise((resolve) => setTimeout(resolve, 1)),
    }),
  ],
});

const run = (outputDir: string, extra: Partial<Parameters<typeof runPerfSuite>[0]> = {}) =>
  runPerfSuite({
    suite: 'all',
    outputDir,
    registry: [tiny],
    zpbenchVersion: '0.1.0',
    argv: ['zpbench', 'perf', 'run'],
    now: () => new Date('2026-03-04T05:06:07.890Z'),
    ...extra,
  });

describe('runPerfSuite', () => {
  it('writes benchmarks_<timestamp>.json that both validators and the gate accept', async () => {
    const out = join(dir, 'benchmark_results');
    const { path, artifact } = await run(out, { machineClass: 'test-class' });
    expect(path).toBe(join(out, 'benchmarks_20260304T050607Z.json'));
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toEqual(artifact);
    expect(perfSuiteV3Schema.parse(written)).toEqual(artifact);
    expect(new JsonSchemaValidator().validate(PERF_SUITE_SCHEMA, written)).toEqual([]);
    expect(artifact.suites).toEqual(['tiny']);
    expect(artifact.benchmarks.map((b) => [b.name, b.iterations, b.throughput.unit])).toEqual([
      ['tiny.sum_1e4', 3, 'values/s'],
      ['tiny.sleep', 2, 'calls/s'],
    ]);
    expect(artifact.environment.machine_class).toBe('test-class');
    expect(artifact.provenance).toMatchObject({
      zpbench_version: '0.1.0',
      suite_version: 1,
      command: ['zpbench', 'perf', 'run'],
      options: { iterations: null, concurrency: 1 },
    });
    const check = checkPerfDir(out, { cwd: dir });
    expect(check.ok).toBe(true);
    expect(check.notes[0]).toMatch(/^no baseline/);
  });

  it('never overwrites an artifact of the same second, and the newer sorts last', async () => {
    const out = join(dir, 'r');
    await run(out);
    const second = await run(out, { iterations: 1 });
    expect(readdirSync(out).sort()).toEqual([
      'benchmarks_20260304T050607Z.json',
      'benchmarks_20260304T050607Z_2.json',
    ]);
    updatePerfBaseline({ src: out, baseline: join(dir, 'perf/baseline.json') });
    expect(JSON.parse(readFileSync(join(dir, 'perf/baseline.json'), 'utf8'))).toEqual(
      second.artifact,
    );
    // The baseline is the candidate: the gate passes against itself.
    const check = checkPerfDir(out, { cwd: dir, maxSlowdown: 1 });
    expect(check.baseline).toBe(join(dir, 'perf/baseline.json'));
    expect(check.comparisons.map((c) => c.slowdown)).toEqual([1, 1]);
  });

  it('refuses an unknown suite, an output that is a file and a malformed machine class', async () => {
    await expect(run(join(dir, 'x'), { suite: 'bundle' })).rejects.toThrow(
      '--suite bundle is not a performance suite; use all, tiny',
    );
    const file = join(dir, 'file');
    writeFileSync(file, '');
    await expect(run(file)).rejects.toThrow(`--output ${file} is a file`);
    await expect(run(join(dir, 'y'), { machineClass: 'My Laptop' })).rejects.toThrow(
      '--machine-class "My Laptop" must be lowercase letters',
    );
  });
});

describe('updatePerfBaseline', () => {
  it('refuses a source without a valid artifact', () => {
    expect(() => updatePerfBaseline({ src: join(dir, 'none') })).toThrow(
      `--src ${join(dir, 'none')} is not a directory`,
    );
    expect(() => updatePerfBaseline({ src: dir })).toThrow(
      `--src ${dir} holds no performance-suite JSON`,
    );
    writeFileSync(
      join(dir, 'benchmarks_20260101T000000Z.json'),
      JSON.stringify({ schema: 'zpbench_perf_suite', schema_version: 3, suite: 'all' }),
    );
    expect(() => updatePerfBaseline({ src: dir, baseline: join(dir, 'b.json') })).toThrow(
      /cannot become the baseline: schema: expected valid zpbench_perf_suite v3/,
    );
  });
});

describe('the built-in suites', () => {
  it('are stats, nn and io; every benchmark is named <suite>.<what>, once', async () => {
    expect(PERF_SUITES.map((s) => s.id)).toEqual(['stats', 'nn', 'io']);
    expect(selectSuites('all').map((s) => s.id)).toEqual(['stats', 'nn', 'io']);
    const names: string[] = [];
    for (const suite of PERF_SUITES) {
      for (const b of await suite.load()) {
        expect(b.group).toBe(suite.id);
        expect(b.name.startsWith(`${suite.id}.`)).toBe(true);
        names.push(b.name);
      }
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('stats.severity_exact_12x3x200');
    expect(names).toContain('stats.severity_monte_carlo_30x5x200');
    expect(names).toContain('io.gate_100_seeds');
  });

  it('time the RF complex head and its shared-denominator decode (nn), each a real pass', async () => {
    const nn = PERF_SUITES.find((s) => s.id === 'nn')!;
    const byName = new Map((await nn.load()).map((b) => [b.name, b]));
    const context = { iterations: 1, concurrency: 1 };
    const head = byName.get('nn.complex_rational_head_256_d2.forward_backward')!;
    // Gradients on the 3 numerator and 2 free monic-denominator coefficients of every row.
    const dCoeffs = head.run(await head.setup!(context), 0) as {
      rows: number;
      cols: number;
      data: Float64Array;
    };
    expect([dCoeffs.rows, dCoeffs.cols]).toEqual([256, 5]);
    expect(dCoeffs.data.every(Number.isFinite)).toBe(true);
    expect(dCoeffs.data.filter((v) => v !== 0).length).toBeGreaterThan(1000);
    const decode = byName.get('nn.shared_denominator_decode_4096')!;
    const decoded = decode.run(await decode.setup!(context), 0) as {
      decoded: { rows: number; data: Float64Array };
      bottom: Uint8Array;
    };
    expect(decoded.decoded.rows).toBe(4096);
    // Positive monic denominators of degree 2 have no zero on jω here: nothing decodes to ⊥.
    expect(decoded.bottom.every((b) => b === 0)).toBe(true);
    expect(decoded.decoded.data.every(Number.isFinite)).toBe(true);
  });
});
