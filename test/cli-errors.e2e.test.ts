/** `zpbench` usage and input errors: exit 2, exactly one line on stderr naming the flag or file, no stack. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ZPBENCH = join(resolve(import.meta.dirname, '..'), 'packages/cli/dist/zpbench.js');
const zpbench = (...args: string[]) =>
  execa(process.execPath, [ZPBENCH, ...args], { reject: false, env: { NO_COLOR: '1' } });

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-cli-errors-'));
  writeFileSync(join(temp, 'truncated.json'), '{"min:loss": [[1, 2], [3');
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('zpbench usage and input errors', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'an unknown command (with a suggestion)',
      () => ['dosee'],
      /^zpbench: unknown command 'dosee' \(Did you mean dose\?\); see `zpbench --help`$/,
    ],
    [
      'an unknown flag',
      () => ['dose', '--frob'],
      /^zpbench: unknown option '--frob'; see `zpbench dose --help`$/,
    ],
    [
      'an unknown mode',
      () => ['dose', '--mode', 'fast'],
      /^zpbench: option '--mode <mode>' argument 'fast' is invalid\. Allowed choices are smoke, paper, frozen-dirhead; see `zpbench dose --help`$/,
    ],
    [
      'an unknown option of a nested command (pointing at that command’s help)',
      () => ['report', 'benchmark', '--frob'],
      /^zpbench: unknown option '--frob'; see `zpbench report benchmark --help`$/,
    ],
    [
      'a bad seed list',
      () => ['synthetic', '--seeds', '3-1'],
      /^zpbench: --seeds range "3-1" is invalid/,
    ],
    [
      'a bad worker count',
      () => ['synthetic', '--workers', '-1'],
      /--workers takes a whole number from 0 to 256/,
    ],
    [
      'a missing run directory',
      () => ['report', 'benchmark', join(temp, 'absent')],
      /^zpbench: <run_dir> .*absent does not exist; expected a completed run directory$/,
    ],
    [
      '--resume without a run',
      () => ['synthetic', '--out-root', join(temp, 'empty'), '--resume'],
      /^zpbench: --resume: .*empty does not exist; start the run without --resume$/,
    ],
    [
      '--parent-run-dir in a mode that reads no parent',
      () => [
        'dose',
        '--mode',
        'smoke',
        '--parent-run-dir',
        temp,
        '--out-root',
        join(temp, 'no-parent'),
      ],
      /^zpbench: --parent-run-dir has no effect in --mode smoke; it applies to --mode frozen-dirhead only$/,
    ],
    [
      'an unsupported device',
      () => ['synthetic', '--device', 'cuda', '--out-root', join(temp, 'no-parent')],
      /^zpbench: --device cuda is not supported: this build of zpbench computes on cpu only; pass --device cpu$/,
    ],
    [
      'frozen-dirhead with a parent that is not a run',
      () => [
        'dose',
        '--mode',
        'frozen-dirhead',
        '--parent-run-dir',
        temp,
        '--out-root',
        join(temp, 'bad-parent'),
      ],
      /^zpbench: --parent-run-dir \/.* is not a completed run directory \(no manifest\.json\); pass a completed dose smoke or paper run directory$/,
    ],
    [
      'truncated JSON input',
      () => [
        'regress',
        '--baseline',
        join(temp, 'truncated.json'),
        '--current',
        join(temp, 'truncated.json'),
      ],
      /truncated\.json/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await zpbench(...args());
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      // Refused before anything is written.
      expect(existsSync(join(temp, 'no-parent')) || existsSync(join(temp, 'bad-parent'))).toBe(
        false,
      );
    });
  }

  it('under --json an input error is also a JSON error object on stdout', async () => {
    const missing = join(temp, 'missing');
    const r = await zpbench('regress', '--baseline', missing, '--current', missing, '--json');
    expect(r.exitCode).toBe(2);
    const message = `--baseline ${missing} does not exist; expected a run directory or a JSON file (a slot matrix or pybench step records)`;
    expect(r.stderr).toBe(`zpbench: ${message}`);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'ZPB_USAGE', message, exit_code: 2 },
    });
    const usage = await zpbench('synthetic', '--frob', '--json');
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout).error).toEqual({
      code: 'commander.unknownOption',
      message: "unknown option '--frob'; see `zpbench synthetic --help`",
      exit_code: 2,
    });
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const r = await zpbench();
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: zpbench \[options\] \[command\]\n/);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'zpbench: no command given; see `zpbench --help`',
    );
  });

  it('documents the exit codes in the help of the program and of a run', async () => {
    for (const command of [[], ['synthetic']]) {
      const r = await zpbench(...command, '--help');
      expect(r.stdout).toContain('Exit status:\n  0  ');
      expect(r.stdout).toContain('\n  2  usage or input error');
    }
  });

  it('prints help with an example for every command', async () => {
    for (const command of [
      ['dose'],
      ['ik'],
      ['synthetic'],
      ['list'],
      ['report', 'benchmark'],
      ['report', 'training-log'],
      ['report', 'bundle'],
      ['validate'],
      ['repro'],
      ['regress'],
      ['plan'],
    ]) {
      const r = await zpbench(...command, '--help');
      expect(r.exitCode, command.join(' ')).toBe(0);
      expect(r.stdout, command.join(' ')).toMatch(/Examples?:\n\s+\$ zpbench /);
    }
  });
});
