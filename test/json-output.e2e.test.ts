/**
 * Every command's `--json` output, end to end on two synthetic smoke runs: each object key is
 * snake_case (map keys that are data — file paths, test and case ids — aside), and an input
 * error under `--json` is a JSON error object on stdout (exit 2) beside the one line on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const exec = (bin: string, args: readonly string[]) =>
  execa(process.execPath, [bin, ...args], {
    reject: false,
    env: { NO_COLOR: '1', CI: 'true' },
  });

const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)*$/;
/** Objects whose keys are data, not field names: the path of the object (`*` for any key). */
const DATA_MAPS = [
  /\.envelope\.runtime\.references$/, // file paths
  /\.reproducibility_env$/, // environment variable names (LANG, PYTHONHASHSEED)
  /^\.(rates|pybench)(\.[^.]+)?$/, // calibrate-tests: test id → case id → rate
];

/** Every key that is neither snake_case nor a key of a data map, by its path. */
function nonSnakeKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => nonSnakeKeys(v, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  const dataMap = DATA_MAPS.some((re) => re.test(path));
  return Object.entries(value).flatMap(([key, v]) => [
    ...(dataMap || SNAKE.test(key) ? [] : [`${path}.${key}`]),
    ...nonSnakeKeys(v, `${path}.${key}`),
  ]);
}

let temp: string;
const at = (...parts: string[]) => join(temp, ...parts);

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-json-'));
  const a = await exec(ZPBENCH, ['synthetic', '--out-root', at('runs/a'), '--workers', '0']);
  expect(a.exitCode, a.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('--json output of every command', () => {
  // Each row: a name, the bin, its arguments; the domain run comes first (the others read it).
  const rows: [string, string, () => string[]][] = [
    [
      'a domain run (against a baseline)',
      ZPBENCH,
      () => [
        'synthetic',
        '--out-root',
        at('runs/b'),
        '--workers',
        '0',
        '--baseline-run-dir',
        at('runs/a'),
        '--json',
      ],
    ],
    [
      'regress',
      ZPBENCH,
      () => ['regress', '--baseline', at('runs/a'), '--current', at('runs/b'), '--json'],
    ],
    [
      'regress --holm --margin',
      ZPBENCH,
      () => [
        'regress',
        '--baseline',
        at('runs/a'),
        '--current',
        at('runs/b'),
        '--holm',
        '--margin',
        '0.05',
        '--json',
      ],
    ],
    ['plan', ZPBENCH, () => ['plan', '--baseline', at('runs/a'), '--effect', '0.2', '--json']],
    [
      'runs compare',
      ZPBENCH,
      () => ['runs', 'compare', at('runs/a'), at('runs/b'), '--format', 'json'],
    ],
    [
      'runs compare --mode regression',
      ZPBENCH,
      () => [
        'runs',
        'compare',
        at('runs/a'),
        at('runs/b'),
        '--mode',
        'regression',
        '--format',
        'json',
      ],
    ],
    ['runs list', ZPBENCH, () => ['runs', 'list', at('runs'), '--json']],
    [
      'runs trend',
      ZPBENCH,
      () => [
        'runs',
        'trend',
        at('runs'),
        '--domain',
        'synthetic',
        '--model',
        'candidate',
        '--metric',
        'loss_step_100',
        '--json',
      ],
    ],
    ['list', ZPBENCH, () => ['list', '--json']],
    ['validate', ZPBENCH, () => ['validate', at('runs/a'), '--json']],
    ['benchmark-gate', GATE, () => ['--family', 'scientific', at('runs/a'), '--json']],
    ['repro', ZPBENCH, () => ['repro', at('runs/a'), '--seed', '0', '--json']],
    [
      'budgets calibrate',
      ZPBENCH,
      () => [
        'budgets',
        'calibrate',
        '--report',
        at('runs/a'),
        at('runs/b'),
        '--output',
        at('calibration'),
        '--machine-class',
        'test',
        '--json',
      ],
    ],
    ['--show-preset (presets)', ZPBENCH, () => ['--show-preset', 'synthetic-smoke']],
    [
      'run --preset',
      ZPBENCH,
      () => ['run', '--preset', 'synthetic-smoke', '--out-root', at('runs/preset'), '--json'],
    ],
    [
      'calibrate-tests',
      ZPBENCH,
      () => ['calibrate-tests', '--replications', '10', '--cases', 'local', '--json'],
    ],
    [
      'perf run',
      ZPBENCH,
      () => [
        'perf',
        'run',
        '--suite',
        'stats',
        '--iterations',
        '2',
        '--output',
        at('perf'),
        '--json',
      ],
    ],
    [
      'baseline save',
      ZPBENCH,
      () => ['baseline', 'save', at('runs/a'), '--store', at('store'), '--json'],
    ],
  ];
  for (const [name, bin, args] of rows) {
    it(`${name}: snake_case keys only`, async () => {
      const r = await exec(bin, args());
      expect(r.exitCode, r.stderr).toBeLessThan(2);
      const json = JSON.parse(r.stdout);
      expect(Object.keys(json).length).toBeGreaterThan(0);
      expect(nonSnakeKeys(json)).toEqual([]);
    }, 120_000);
  }

  it('the walker finds camelCase keys, also deep in arrays, and spares data maps', () => {
    expect(
      nonSnakeKeys({
        ok_key: [{ nSeeds: 1, deep: { standardError: 0 } }],
        envelope: { runtime: { references: { 'a/manifest.json': 'x' } } },
        environment: { reproducibility_env: { LANG: 'C' } },
      }),
    ).toEqual(['.ok_key[].nSeeds', '.ok_key[].deep.standardError']);
  });
});

describe('an input error under --json', () => {
  // A path that does not exist wherever a run or file is read; a bad value where none is read.
  const missing = () => at('no-such-run');
  const rows: [string, string, () => string[]][] = [
    ['a domain run', ZPBENCH, () => ['synthetic', '--baseline-run-dir', missing(), '--json']],
    [
      'regress',
      ZPBENCH,
      () => ['regress', '--baseline', missing(), '--current', missing(), '--json'],
    ],
    ['plan', ZPBENCH, () => ['plan', '--baseline', missing(), '--effect', '0.2', '--json']],
    ['runs compare', ZPBENCH, () => ['runs', 'compare', missing(), missing(), '--format', 'json']],
    ['runs list', ZPBENCH, () => ['runs', 'list', missing(), '--json']],
    ['runs trend', ZPBENCH, () => ['runs', 'trend', missing(), '--domain', 'synthetic', '--json']],
    ['list', ZPBENCH, () => ['list', '--domain', 'nope', '--json']],
    ['validate', ZPBENCH, () => ['validate', missing(), '--json']],
    ['benchmark-gate', GATE, () => ['--family', 'scientific', missing(), '--json']],
    ['repro', ZPBENCH, () => ['repro', missing(), '--seed', '0', '--json']],
    [
      'budgets calibrate',
      ZPBENCH,
      () => ['budgets', 'calibrate', '--report', missing(), '--machine-class', 'x', '--json'],
    ],
    ['run --preset', ZPBENCH, () => ['run', '--preset', 'no-such-preset', '--json']],
    ['calibrate-tests', ZPBENCH, () => ['calibrate-tests', '--replications', '4', '--json']],
    ['perf run', ZPBENCH, () => ['perf', 'run', '--suite', 'nope', '--json']],
    ['baseline save', ZPBENCH, () => ['baseline', 'save', missing(), '--json']],
    ['merge', ZPBENCH, () => ['merge', missing(), '--out', at('merged'), '--json']],
    ['sign', ZPBENCH, () => ['sign', missing(), '--key', missing(), '--json']],
  ];
  for (const [name, bin, args] of rows) {
    it(`${name}: a JSON error object on stdout, the same message on stderr, exit 2`, async () => {
      const r = await exec(bin, args());
      expect(r.exitCode, r.stderr).toBe(2);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out)).toEqual(['error']);
      expect(out.error.exit_code).toBe(2);
      expect(typeof out.error.code).toBe('string');
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^(zpbench|benchmark-gate): /);
      expect(r.stderr.endsWith(out.error.message)).toBe(true);
    });
  }
});
