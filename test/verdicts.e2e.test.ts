/**
 * What a run tells its user, end to end on the synthetic domain (milliseconds per seed): the
 * verdict block and exit code of a clean paper run, of a paper run with an injected regression
 * (a required claim FAIL and the regression verdict FAIL), of an underpowered paper plan
 * (warned before training, INCONCLUSIVE, exit 1) and of a smoke run (INCONCLUSIVE, not
 * required: exit 0); and that the commands that diagnose a run accept one whose claims failed.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createZpbenchProgram } from '@zpbench/cli';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const run = (bin: string, ...args: string[]) =>
  execa(process.execPath, [bin, ...args], { reject: false, env: { NO_COLOR: '1', CI: 'true' } });
const zpbench = (...args: string[]) => run(ZPBENCH, ...args);

let temp: string;
let clean: string;
let injected: string;
let cleanRun: Awaited<ReturnType<typeof zpbench>>;
let injectedRun: Awaited<ReturnType<typeof zpbench>>;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-verdicts-'));
  clean = join(temp, 'clean');
  injected = join(temp, 'injected');
  cleanRun = await zpbench('synthetic', '--mode', 'paper', '--out-root', clean, '--workers', '0');
  injectedRun = await zpbench(
    'synthetic',
    '--mode',
    'paper',
    '--inject-regression',
    'local',
    '--baseline-run-dir',
    clean,
    '--out-root',
    injected,
    '--workers',
    '0',
  );
}, 240_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the verdict block at the end of a run', () => {
  it('says OK and exits 0 when every required claim passes', () => {
    expect(cleanRun.stderr).not.toContain('warning');
    expect(cleanRun.exitCode).toBe(0);
    const lines = cleanRun.stdout.split('\n');
    expect(lines).toContain(
      '  PASS          mean_loss_superiority       required, observed -0.05229, Holm p 0.00195',
    );
    expect(lines).toContain('seeds: 10 of 10 complete');
    expect(lines).toContain(`  ${join(clean, 'CLAIM_AUDIT.md')}`);
    expect(lines.at(-1)).toBe('verdict: OK: nothing required failed (exit 0)');
  });

  it('names the failed required claim and the regression, and exits 1', () => {
    expect(injectedRun.exitCode).toBe(1);
    const lines = injectedRun.stdout.split('\n');
    const claim = lines.find((l) => l.includes('final_loss_non_inferiority')) ?? '';
    expect(claim).toMatch(
      /^ {2}FAIL {10}final_loss_non_inferiority {2}required, observed 0\.169\d*, threshold 0\.05, Holm p 0\.999/,
    );
    expect(lines).toContain(
      `regression against clean: FAIL (severity sign-flip meta p 0.000977, alpha 0.05; 1 of 8 slots flagged: candidate/loss_step_100)`,
    );
    expect(lines.at(-1)).toBe(
      'verdict: FAILED: required claim final_loss_non_inferiority FAIL; regression against clean (meta p 0.000977 < alpha 0.05) (exit 1)',
    );
  });

  it('warns before training that an underpowered required plan cannot pass; --quiet still says the failure on stderr', async () => {
    const dir = join(temp, 'underpowered');
    const r = await zpbench(
      'synthetic',
      '--mode',
      'paper',
      '--seeds',
      '0-4',
      '--out-root',
      dir,
      '--workers',
      '0',
      '--quiet',
    );
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'warning: this plan cannot pass its required claims: mean_loss_superiority, final_loss_non_inferiority need at least 6 seeds and paper plans 5, so they will be INCONCLUSIVE and the run will fail the gate; pass --seeds 0-5 (or more) to be able to pass',
      `zpbench synthetic: FAILED: required claim mean_loss_superiority INCONCLUSIVE (too few seeds for it to pass); required claim final_loss_non_inferiority INCONCLUSIVE (too few seeds for it to pass); see ${join(dir, 'CLAIM_AUDIT.md')}`,
    ]);
    const gate = await run(GATE, '--family', 'scientific', dir);
    expect(gate.exitCode).toBe(1);
    expect(gate.stdout).toContain(
      'aggregated/claim_audit.json: claim: expected required claim mean_loss_superiority PASS, found INCONCLUSIVE (underpowered: a required claim must be able to pass): ',
    );
    expect(gate.stdout).toContain('run at least 6 seeds');
    expect(gate.stdout).not.toContain('paper mode');
  });

  it('a smoke run is INCONCLUSIVE, not FAIL, on claims it does not require, and exits 0 (--json)', async () => {
    const r = await zpbench(
      'synthetic',
      '--mode',
      'smoke',
      '--out-root',
      join(temp, 'smoke'),
      '--workers',
      '0',
      '--json',
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, exit_code: 0, failures: [], seeds_failed: [] });
    expect(
      out.claims.map((c: { id: string; verdict: string; required: boolean }) => [
        c.id,
        c.verdict,
        c.required,
      ]),
    ).toEqual([
      ['completeness', 'PASS', true],
      ['mean_loss_superiority', 'INCONCLUSIVE', false],
      ['final_loss_non_inferiority', 'INCONCLUSIVE', false],
    ]);
    expect(out.regression).toBe(null);
    expect(out.reports.claim_audit).toBe(join(temp, 'smoke', 'CLAIM_AUDIT.md'));
  });
});

describe('a run whose claims failed is a run to diagnose, not bad input', () => {
  it('regress compares it (exit 1 for the regression, never 2)', async () => {
    const r = await zpbench('regress', '--baseline', clean, '--current', injected, '--json');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('FAIL');
  });

  it('report --baseline-run-dir regenerates its reports, and only the gate refuses it', async () => {
    const r = await zpbench('report', 'benchmark', injected, '--baseline-run-dir', clean);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const gate = await run(GATE, '--family', 'scientific', injected);
    expect(gate.exitCode).toBe(1);
    expect(gate.stdout).toContain(
      'expected required claim final_loss_non_inferiority PASS, found FAIL',
    );
  });

  it('a domain run takes it as --baseline-run-dir: the verdict compares against it, no input error', async () => {
    const r = await zpbench(
      'synthetic',
      '--mode',
      'paper',
      '--baseline-run-dir',
      injected,
      '--out-root',
      join(temp, 'against-failed'),
      '--workers',
      '0',
      '--json',
    );
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    // Clean against injected: the loss fell, which is no regression.
    expect(out.regression).toMatchObject({ baseline_run_id: 'injected', verdict: 'PASS' });
    expect(out.ok).toBe(true);
  });
});

describe('small things', () => {
  it('the quick start says what it installs and builds before it goes quiet', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.quickstart).toMatch(/^pnpm -s run setup && /);
    const steps = (scripts.setup ?? '').split(' && ');
    // Each silent step is announced by an echo just before it.
    const at = (step: RegExp) => steps.findIndex((s) => step.test(s));
    expect(steps[at(/^pnpm install /) - 1]).toMatch(/^echo 'zpbench set-up 1\/2: installing/);
    expect(steps[at(/^pnpm -s build$/) - 1]).toMatch(/^echo 'zpbench set-up 2\/2: building/);
  });

  it('help is consistent: summaries and option descriptions in lower case without a final period', async () => {
    const program = await createZpbenchProgram('all');
    const bad: string[] = [];
    // A leading capital is allowed for a proper name or acronym (SCM, Ed25519, JSON).
    const capitalised = (text: string) =>
      /^[A-Z][a-z]+\b/.test(text) && !/^[A-Z][a-z]*\d/.test(text);
    type Command = Awaited<ReturnType<typeof createZpbenchProgram>>;
    const walk = (command: Command, path: string) => {
      for (const sub of command.commands) {
        if (sub.name() === 'help') continue;
        const name = `${path} ${sub.name()}`.trim();
        const summary = sub.summary() || sub.description();
        if (capitalised(summary) || summary.endsWith('.')) bad.push(`${name}: ${summary}`);
        for (const option of sub.options) {
          const d = option.description;
          if (capitalised(d) || d.endsWith('.')) bad.push(`${name} ${option.flags}: ${d}`);
        }
        walk(sub, name);
      }
    };
    walk(program, '');
    expect(bad).toEqual([]);
    // The walk reaches the nested commands it checks.
    const runs = program.commands.find((c) => c.name() === 'runs');
    expect(runs?.commands.map((c) => c.summary())).toContain(
      'compare preserved runs: means, deltas, intervals, p and status per metric',
    );
  });

  it('the zpbench bin that npx and pnpm exec run from the checkout works', async () => {
    const r = await execa(join(ROOT, 'node_modules/.bin/zpbench'), ['--version'], {
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`npx zpbench synthetic --mode smoke`');
    expect(readme).toContain('exec zpbench');
  });

  it('report training-log prints absolute paths with their leading /', async () => {
    const log = join(temp, 'log.jsonl');
    copyFileSync(
      join(
        ROOT,
        'fixtures/scientific/run_20260101_000000_nogit/aggregated/benchmark_metrics.jsonl',
      ),
      log,
    );
    const r = await zpbench('report', 'training-log', log);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `wrote ${join(temp, 'log_REPORT.md')}`,
      `wrote ${join(temp, 'log_REPORT_metrics.svg')}`,
      `wrote ${join(temp, 'log_REPORT.html')}`,
    ]);
  });
});

/**
 * The rows a terminal shows after `output`: text, \r, \n, and the erase and cursor sequences
 * log-update writes (ESC[2K erase line, ESC[1A up, ESC[G column 1); colour codes are dropped.
 */
function terminalScreen(output: string): string[] {
  const rows: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = rows[row] ?? '';
    rows[row] = line.padEnd(col).slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  for (let i = 0; i < output.length; i++) {
    const ch = output[i] as string;
    if (ch === '\u001b') {
      // ESC is at i; the rest of the sequence follows it.
      const m = /^\[(\d*)([A-Za-z])/.exec(output.slice(i + 1));
      if (!m) continue;
      i += m[0].length;
      const n = Number(m[1] || 1);
      if (m[2] === 'K') rows[row] = '';
      else if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'G') col = n - 1;
    } else if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      if (rows[row] === undefined) rows[row] = '';
    } else put(ch);
  }
  return rows.map((r) => r.trimEnd()).filter((r) => r !== '');
}

describe('progress on a terminal', () => {
  it.skipIf(!existsSync('/usr/bin/script'))(
    'clears the live line before the verdict and names the post-seed phases (a pseudo-terminal)',
    async () => {
      const dir = join(temp, 'tty');
      // util-linux script(1) gives the run a pseudo-terminal: stderr is a TTY, the line is live.
      const r = await execa(
        'script',
        [
          '-qefc',
          `${process.execPath} ${ZPBENCH} synthetic --mode smoke --out-root ${dir} --workers 0`,
          '/dev/null',
        ],
        { reject: false, env: { NO_COLOR: '1', CI: '' } },
      );
      expect(r.exitCode).toBe(0);
      const out = r.stdout;
      // The live line names start-up and each post-seed phase, never "ETA 0s".
      for (const phase of [
        'starting up: resolving the config and the seed plan…',
        'seeds 5/5 · aggregating…',
        'seeds 5/5 · auditing claims…',
        'seeds 5/5 · writing the reports…',
      ])
        expect(out).toContain(phase);
      expect(out).not.toContain('ETA 0s');
      // What the terminal shows at the end: no status line is left, the verdict follows the
      // last seed line directly.
      const screen = terminalScreen(out);
      expect(screen.filter((row) => /^seeds \d+\/\d+ ·|^starting up/.test(row))).toEqual([]);
      const at = screen.findIndex((row) => row.startsWith('run directory: '));
      expect(screen[at - 1]).toMatch(/^seed \d done in [\d.]+s \(5\/5\)$/);
      expect(screen).toContain('verdict: OK: nothing required failed (exit 0)');
    },
  );

  it.skipIf(!existsSync('/usr/bin/script'))(
    'Ctrl-C under the live line prints the exact --resume command, and that command completes the run (a pseudo-terminal)',
    async () => {
      const dir = join(temp, 'tty-sigint');
      const cmd = `${process.execPath} ${ZPBENCH} synthetic --mode smoke --seeds 0-2 --compute-repeats 20000 --workers 1 --out-root ${dir}`;
      // script(1) forwards its stdin to the pseudo-terminal: a \x03 there is the user's Ctrl-C,
      // which the terminal's line discipline turns into SIGINT for the run's process group.
      const child = execa('script', ['-qefc', cmd, '/dev/null'], {
        reject: false,
        stdin: 'pipe',
        env: { NO_COLOR: '1', CI: '' },
      });
      const deadline = Date.now() + 60_000;
      while (!existsSync(join(dir, 'seed_0/per_seed_result.json'))) {
        if (Date.now() > deadline) throw new Error('the run never finished seed 0');
        await new Promise((r) => setTimeout(r, 10));
      }
      child.stdin?.write('\u0003');
      const r = await child;
      child.stdin?.end();
      expect(r.exitCode).toBe(130);
      // The live line was drawn, and the screen the user is left with holds no status line: it
      // ends with the interrupted line and its exact resume command.
      expect(r.stdout).toMatch(/seeds \d\/3/);
      const screen = terminalScreen(r.stdout);
      expect(screen.filter((row) => /^seeds \d+\/\d+/.test(row))).toEqual([]);
      const last = screen.at(-1) ?? '';
      const match =
        /^zpbench: interrupted: (\d) of 3 seeds complete in (.+), nothing lost; continue with: (.+)$/.exec(
          last,
        );
      expect(match, last).not.toBeNull();
      const [, complete, where, command] = match as unknown as [string, string, string, string];
      expect(where).toBe(dir);
      expect(command).toBe(
        `zpbench synthetic --mode smoke --out-root ${dir} --resume --device cpu --compute-repeats 20000 --workers 1`,
      );
      expect(Number(complete)).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(dir, '.zpbench.lock'))).toBe(false);
      const state = JSON.parse(readFileSync(join(dir, 'resume_state.json'), 'utf8'));
      expect(state.attempts.at(-1).status).toBe('interrupted');
      // The printed command, as printed, completes the run.
      const [, ...args] = command.split(' ');
      const resumed = await zpbench(...(args as string[]), '--quiet');
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.seeds_completed).toEqual([0, 1, 2]);
      const gate = await run(GATE, '--family', 'scientific', dir);
      expect(gate.exitCode).toBe(0);
    },
  );

  it('a closed output pipe never kills a run: it completes and the gate passes it', async () => {
    const dir = join(temp, 'pipe');
    const r = await execa(
      'sh',
      [
        '-c',
        `${process.execPath} ${ZPBENCH} synthetic --mode smoke --out-root ${dir} --workers 0 2>&1 | head -c 10; exit $(( 0 ))`,
      ],
      { reject: false, env: { NO_COLOR: '1', CI: 'true' } },
    );
    expect(r.stdout).toBe('running 5 ');
    const gate = await run(GATE, '--family', 'scientific', dir);
    expect(gate.exitCode).toBe(0);
  });
});
