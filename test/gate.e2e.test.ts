/**
 * End-to-end tests of the real `benchmark-gate` and `zpbench validate` binaries on the committed
 * fixtures and on tampered copies of them.
 */
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const RUN = join(ROOT, 'fixtures/scientific/run_20260101_000000_nogit');
const PERF = join(ROOT, 'fixtures/performance');

const gate = (...args: string[]) =>
  execa(process.execPath, [GATE, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
let run: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-gate-'));
  run = join(temp, 'run');
  cpSync(RUN, run, { recursive: true });
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const path = join(run, file);
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
}

describe('benchmark-gate on valid fixtures', () => {
  it('passes the scientific fixture with exit 0', async () => {
    const result = await gate('--family', 'scientific', run);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`PASS  scientific  ${run}\n0 failed, 1 passed`);
  });

  it('passes the performance fixture and prints JSON with --json', async () => {
    const result = await gate('--family', 'performance', PERF, '--json');
    expect(result.exitCode).toBe(0);
    const verdict = JSON.parse(result.stdout);
    expect(verdict.ok).toBe(true);
    expect(verdict.results[0].comparisons).toHaveLength(2);
  });

  it('fails the performance fixture with exit 1 under a tighter budget', async () => {
    const result = await gate('--family', 'performance', PERF, '--max-slowdown', '1.01');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      "benchmarks_20260102T000000Z.json: slowdown: expected nn.mlp_4_64_64_2.train_step p50 at most 1.01× the baseline's 2.250 ms, found 2.363 ms (1.05×)",
    );
  });

  it('passes the performance fixture against itself', async () => {
    const candidate = join(PERF, 'benchmarks_20260102T000000Z.json');
    const result = await gate('--family', 'performance', PERF, '--baseline', candidate);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('2 benchmarks compared, slowest');
  });

  it('refuses a baseline of another machine class with exit 2 and one line', async () => {
    const perf = join(temp, 'perf');
    cpSync(PERF, perf, { recursive: true });
    const baseline = join(perf, 'baseline.json');
    const value = JSON.parse(readFileSync(baseline, 'utf8'));
    value.environment.machine_class = 'linux-arm64-other-64cpu';
    writeFileSync(baseline, JSON.stringify(value));
    const result = await gate('--family', 'performance', perf);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `benchmark-gate: refusing to compare benchmarks_20260102T000000Z.json (machine class fixture-x64-2cpu) with ${baseline} (machine class linux-arm64-other-64cpu): performance figures compare only like with like; rerun the suite on that machine, or record a baseline here with \`zpbench perf baseline update --src ${perf}\``,
    );
  });

  it('zpbench validate runs the same checks', async () => {
    const result = await execa(process.execPath, [ZPBENCH, 'validate', run], { reject: false });
    expect(result.exitCode).toBe(0);
  });
});

describe('benchmark-gate on tampered fixtures exits 1 naming the file', () => {
  const cases: [string, () => void, string][] = [
    [
      'flipped byte',
      () => {
        const path = join(run, 'seed_1/per_seed_result.json');
        const bytes = readFileSync(path);
        bytes[20] = (bytes[20] as number) ^ 0x02;
        writeFileSync(path, bytes);
      },
      'seed_1/per_seed_result.json: sha256',
    ],
    [
      'deleted file',
      () => unlinkSync(join(run, 'aggregated/paired_stats.md')),
      'aggregated/paired_stats.md: exists',
    ],
    [
      'bumped schema version',
      () =>
        editJson('provenance.json', (v) => {
          v.schema_version = 8;
        }),
      'provenance.json: schema-version: expected version 7, found version 8',
    ],
    [
      '../ path',
      () =>
        editJson('manifest.json', (m) => {
          (m.artifacts as Record<string, unknown>).x = {
            path: '../x.json',
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'json',
          };
        }),
      'manifest.json: schema',
    ],
    [
      'absolute path',
      () =>
        editJson('manifest.json', (m) => {
          (m.artifacts as Record<string, unknown>).x = {
            path: '/etc/hostname',
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'text',
          };
        }),
      'manifest.json: schema',
    ],
    [
      'symlink pointing outside',
      () => {
        writeFileSync(join(temp, 'outside.md'), readFileSync(join(run, 'CLAIM_AUDIT.md')));
        unlinkSync(join(run, 'CLAIM_AUDIT.md'));
        symlinkSync(join(temp, 'outside.md'), join(run, 'CLAIM_AUDIT.md'));
      },
      'CLAIM_AUDIT.md: path',
    ],
    [
      'truncated JSON',
      () =>
        writeFileSync(
          join(run, 'aggregated/summary.json'),
          '{"schema": "zeroproofml_benchmark_sum',
        ),
      'aggregated/summary.json: json',
    ],
    [
      'wrong marker',
      () =>
        editJson('resume_state.json', (v) => {
          v.schema = 'zeroproofml_provenance';
        }),
      'resume_state.json: schema-marker',
    ],
  ];
  for (const [name, tamper, expected] of cases) {
    it(name, async () => {
      tamper();
      const result = await gate('--family', 'scientific', run);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(`FAIL  scientific  ${run}`);
      expect(result.stdout).toContain(expected);
      expect(result.stderr).toBe('');
    });
  }
});

describe('benchmark-gate usage errors exit 2 with one line and no stack trace', () => {
  const cases: [string, string[], string][] = [
    [
      'unknown flag',
      ['--family', 'scientific', '--frob', 'x'],
      "benchmark-gate: unknown option '--frob'; see `benchmark-gate --help`",
    ],
    [
      'missing family',
      ['x'],
      "benchmark-gate: required option '--family <family>' not specified; see `benchmark-gate --help`",
    ],
    [
      'bad family',
      ['--family', 'speed', 'x'],
      "benchmark-gate: option '--family <family>' argument 'speed' is invalid. Allowed choices are scientific, performance; see `benchmark-gate --help`",
    ],
    [
      'scientific dir as performance',
      ['--family', 'performance', RUN],
      `benchmark-gate: ${RUN} looks like a scientific run directory; use --family scientific`,
    ],
    [
      'performance dir as scientific',
      ['--family', 'scientific', PERF],
      `benchmark-gate: ${PERF} looks like a performance-suite directory; use --family performance`,
    ],
    [
      'missing directory',
      ['--family', 'scientific', '/nonexistent/run'],
      'benchmark-gate: <dirs...> /nonexistent/run does not exist; expected a run directory (scientific) or a performance-suite directory (performance)',
    ],
    [
      'bad ratio',
      ['--family', 'performance', PERF, '--max-slowdown', 'fast'],
      `benchmark-gate: option '--max-slowdown <ratio>' argument 'fast' is invalid. --max-slowdown takes a number from 1 to 1000000, got "fast"; see \`benchmark-gate --help\``,
    ],
  ];
  for (const [name, args, line] of cases) {
    it(name, async () => {
      const result = await gate(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(line);
      expect(result.stdout).toBe('');
    });
  }

  it('--help exits 0 with an example', async () => {
    const result = await gate('--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      '$ benchmark-gate --family scientific results/benchmarks/dose/',
    );
  });
});
