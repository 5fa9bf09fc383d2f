/**
 * End-to-end tests of `zpbench perf` and the performance gate on what it writes: the real
 * binaries, tiny iteration counts, temp directories (the gate runs with cwd there, so a
 * committed perf/baseline.json of another machine class is never picked up).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const UPDATE = join(ROOT, 'scripts/update-benchmark-baseline');
const RUN = join(ROOT, 'fixtures/scientific/run_20260101_000000_nogit');

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-perf-e2e-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const node = (script: string, ...args: string[]) =>
  execa(process.execPath, [script, ...args], {
    reject: false,
    cwd: temp,
    env: { NO_COLOR: '1', ZPBENCH_MACHINE_CLASS: 'e2e-test' },
  });

describe('zpbench perf run, baseline update and the performance gate', () => {
  it('runs every suite into an artifact the gate accepts, then passes against its own baseline', async () => {
    const run = await node(
      ZPBENCH,
      'perf',
      'run',
      '--suite',
      'all',
      '--iterations',
      '1',
      '--output',
      'out',
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [artifact] = readdirSync(join(temp, 'out'));
    expect(artifact).toMatch(/^benchmarks_\d{8}T\d{6}Z\.json$/);
    expect(run.stdout.split('\n')[0]).toBe(
      `wrote out/${artifact}: 18 benchmarks, machine class e2e-test, ${/, ([\d.]+ s)$/.exec(run.stdout.split('\n')[0] ?? '')?.[1]}`,
    );
    const written = JSON.parse(readFileSync(join(temp, 'out', artifact as string), 'utf8'));
    expect(written.suites).toEqual(['stats', 'nn', 'io', 'bundle']);
    expect(
      written.benchmarks
        .filter((b: { group: string }) => b.group === 'bundle')
        .map((b: { name: string; throughput: { unit: string } }) => [b.name, b.throughput.unit]),
    ).toEqual([
      ['bundle.predict_batch_1', 'predictions/s'],
      ['bundle.predict_batch_1024', 'predictions/s'],
    ]);

    const alone = await node(GATE, '--family', 'performance', 'out');
    expect(alone.exitCode).toBe(0);
    expect(alone.stdout).toContain('note: no baseline');

    const update = await node(UPDATE, '--src', 'out');
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toBe(
      `perf/baseline.json ← out/${artifact} (18 benchmarks, machine class e2e-test)`,
    );
    const gate = await node(GATE, '--family', 'performance', 'out', '--json');
    expect(gate.exitCode).toBe(0);
    const verdict = JSON.parse(gate.stdout);
    expect(verdict.results[0].baseline).toBe(join(temp, 'perf/baseline.json'));
    expect(verdict.results[0].comparisons).toHaveLength(18);
    expect(
      verdict.results[0].comparisons.every((c: { slowdown: number }) => c.slowdown === 1),
    ).toBe(true);
  });

  it('runs the bundle suite with --concurrency 2 in worker threads', async () => {
    const run = await node(
      ZPBENCH,
      'perf',
      'run',
      '--suite',
      'bundle',
      '--concurrency',
      '2',
      '--iterations',
      '4',
      '--output',
      'bundle-out',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const written = JSON.parse(run.stdout);
    expect(written.suites).toEqual(['bundle']);
    expect(written.provenance.options).toEqual({ iterations: 4, concurrency: 2 });
    // The environment a run's provenance records; GPUs and CUDA only as nvidia-smi reports them
    // (this machine has none: an empty list and false, never a guess).
    const smi = spawnSync('nvidia-smi', ['-L']).status === 0;
    expect(written.provenance.environment).toMatchObject({ device: 'cpu', cuda_available: smi });
    if (!smi) expect(written.provenance.environment.gpu_devices).toEqual([]);
    expect(written.envelope).toMatchObject({
      kind: 'performance',
      suite_id: 'bundle',
      models: written.benchmarks.map((b: { name: string }) => b.name),
      event_count: 4 * written.benchmarks.length,
      runtime: { device: 'cpu', cuda_available: smi },
    });
    for (const b of written.benchmarks) {
      expect(b.concurrency).toBe(2);
      expect(b.iterations).toBe(4);
      expect(b.description).toMatch(/^predict\(\) of a dose scm bundle/);
      expect(b.latency_ms.min).toBeGreaterThan(0);
      expect(b.latency_ms.min).toBeLessThanOrEqual(b.latency_ms.p50);
      expect(b.latency_ms.p50).toBeLessThanOrEqual(b.latency_ms.max);
    }
    // From a directory without perf/baseline.json (the first test committed one of --concurrency 1).
    const gate = await execa(
      process.execPath,
      [GATE, '--family', 'performance', join(temp, 'bundle-out')],
      {
        reject: false,
        cwd: join(temp, 'bundle-out'),
        env: { NO_COLOR: '1' },
      },
    );
    expect(gate.stdout).toContain('PASS  performance');
    expect(gate.exitCode).toBe(0);
  });

  it('fails a candidate slower than allowed, naming the benchmark and both figures', async () => {
    const out = join(temp, 'out');
    const [artifact] = readdirSync(out);
    const slower = JSON.parse(readFileSync(join(out, artifact as string), 'utf8'));
    const bench = slower.benchmarks.find((b: { name: string }) => b.name === 'io.gate_100_seeds');
    const base = bench.latency_ms.p50;
    bench.latency_ms.p50 = base * 1.5;
    writeFileSync(join(out, 'benchmarks_29990101T000000Z.json'), JSON.stringify(slower));
    const gate = await node(GATE, '--family', 'performance', 'out', '--max-slowdown', '1.2');
    expect(gate.exitCode).toBe(1);
    expect(gate.stdout).toMatch(
      /benchmarks_29990101T000000Z\.json: slowdown: expected io\.gate_100_seeds p50 at most 1\.20× the baseline's [\d.]+ ms, found [\d.]+ ms \(1\.50×\)/,
    );
    rmSync(join(out, 'benchmarks_29990101T000000Z.json'));
  });

  it('parity writes its three files', async () => {
    const result = await node(ZPBENCH, 'perf', 'parity', '--output', 'parity');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'wrote parity/parity_report.json, parity/coverage_accuracy.svg and parity/coverage_accuracy.png',
    );
    for (const file of ['parity_report.json', 'coverage_accuracy.svg', 'coverage_accuracy.png'])
      expect(existsSync(join(temp, 'parity', file)), file).toBe(true);
  });
});

describe('zpbench perf usage errors exit 2 with one line', () => {
  const cases: [string, string[], string][] = [
    [
      'unknown suite',
      ['perf', 'run', '--suite', 'gpu'],
      'zpbench: --suite gpu is not a performance suite; use all, stats, nn, io, bundle',
    ],
    [
      'zero iterations',
      ['perf', 'run', '--iterations', '0'],
      "zpbench: option '--iterations <n>' argument '0' is invalid. --iterations takes a whole number from 1 to 1000000, got \"0\"; see `zpbench perf run --help`",
    ],
    [
      'output is a file',
      ['perf', 'run', '--suite', 'stats', '--output', `${RUN}/manifest.json`],
      `zpbench: --output ${RUN}/manifest.json is a file; pass a directory for benchmarks_<timestamp>.json (e.g. benchmark_results)`,
    ],
    [
      'baseline from an empty directory',
      ['perf', 'baseline', 'update', '--src', '.'],
      'zpbench: --src . holds no performance-suite JSON; run `zpbench perf run --output .` first',
    ],
    [
      'baseline update without --src',
      ['perf', 'baseline', 'update'],
      "zpbench: required option '--src <dir>' not specified; see `zpbench perf baseline update --help`",
    ],
  ];
  for (const [name, args, line] of cases) {
    it(name, async () => {
      const result = await node(ZPBENCH, ...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(line);
      expect(result.stdout).toBe('');
    });
  }

  it('a scientific run directory given as performance exits 2', async () => {
    const result = await node(GATE, '--family', 'performance', RUN);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `benchmark-gate: ${RUN} looks like a scientific run directory; use --family scientific`,
    );
  });

  it.each([
    [['perf', 'run', '--help'], '$ zpbench perf run --suite all --output benchmark_results'],
    [['perf', 'parity', '--help'], '$ zpbench perf parity --output benchmark_results'],
    [
      ['perf', 'baseline', 'update', '--help'],
      '$ zpbench perf baseline update --src benchmark_results',
    ],
  ])('%j shows an example', async (args, example) => {
    const result = await node(ZPBENCH, ...args);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(example);
  });
});
