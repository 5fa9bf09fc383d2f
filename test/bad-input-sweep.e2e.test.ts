/**
 * The bad-input sweep: malformed invocations of every command, each refused with exit 2, exactly
 * one line on stderr naming the flag or file, no stack trace, nothing on stdout, and no file of
 * the working directory created or changed. New commands and flags add their rows here.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = {
  zpbench: join(ROOT, 'packages/cli/dist/zpbench.js'),
  'benchmark-gate': join(ROOT, 'packages/cli/dist/benchmark-gate.js'),
} as const;

const LONG = 'x'.repeat(300);
const matrix = (rows: number[]) => JSON.stringify({ 'min:loss': rows.map((v) => [v]) });

/** The working directory of every row: a run, a performance suite and inputs of every kind. */
function writeFixtures(dir: string): void {
  cpSync(join(ROOT, 'fixtures/scientific/run_20260101_000000_nogit'), join(dir, 'run'), {
    recursive: true,
  });
  cpSync(join(ROOT, 'fixtures/performance'), join(dir, 'perf'), { recursive: true });
  mkdirSync(join(dir, 'not-a-run'));
  writeFileSync(join(dir, 'not-a-run', 'notes.txt'), 'a directory that is not a run\n');
  writeFileSync(join(dir, 'file.txt'), 'a regular file\n');
  writeFileSync(join(dir, 'empty.json'), '');
  writeFileSync(join(dir, 'truncated.json'), '{"min:loss": [[1], [2');
  writeFileSync(join(dir, 'binary.json'), Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d]));
  writeFileSync(join(dir, 'array.json'), '[[1], [2], [3], [4], [5]]');
  writeFileSync(join(dir, 'five.json'), matrix([1, 2, 3, 4, 5]));
  writeFileSync(
    join(dir, 'two-steps.json'),
    JSON.stringify({ 'min:loss': [1, 2, 3, 4, 5].map((v) => [v, v]) }),
  );
  writeFileSync(join(dir, 'inf.json'), '{"min:loss": [[1e400], [2], [3], [4], [5]]}');
  // Slot matrices refused while their rows are read (the rows' values are not scanned again).
  writeFileSync(
    join(dir, 'twice.json'),
    `{"min:loss": ${JSON.stringify([1, 2, 3, 4, 5].map((v) => [v, v]))}, "acc": [1, 2, 3, 4, 5], "min:loss": [[1], [2], [3], [4], [5]]}`,
  );
  writeFileSync(
    join(dir, 'null-value.json'),
    '{"min:loss": [[1, 2], [3, 4], [5, null], [7, 8], [9, 1]]}',
  );
  writeFileSync(
    join(dir, 'nested-value.json'),
    '{"min:loss": [[1, 2], [3, 4], [5, 6], [7, [8]], [9, 1]]}',
  );
  writeFileSync(join(dir, 'budget-no-threshold.json'), '{"budgets": [{"model": "m"}]}');
  writeFileSync(join(dir, 'budget-none.json'), '{"budgets": []}');
  writeFileSync(
    join(dir, 'budget-v9.json'),
    '{"schema": "zpbench_budget_file", "schema_version": 9, "budgets": [{"model": "m", "max_mean": 1}]}',
  );
  writeFileSync(join(dir, 'empty.jsonl'), '');
  writeFileSync(join(dir, 'blank.jsonl'), '\n\n');
  writeFileSync(join(dir, 'garbage.jsonl'), 'not json\n');
  writeFileSync(join(dir, 'binary.jsonl'), Buffer.from([0x00, 0x01, 0x02, 0x0a]));
  writeFileSync(join(dir, 'wrong.jsonl'), '{"schema": "something_else", "schema_version": 1}\n');
  // Sparse, so they cost no disk: inputs refused by their size before they are read.
  writeFileSync(join(dir, 'huge.json'), '');
  truncateSync(join(dir, 'huge.json'), 2 * 1024 ** 3);
  writeFileSync(join(dir, 'huge.jsonl'), '');
  truncateSync(join(dir, 'huge.jsonl'), 966 * 1024 ** 2);
  writeFileSync(join(dir, 'huge600.json'), '');
  truncateSync(join(dir, 'huge600.json'), 600 * 1024 ** 2);
  // What a parent-run check reads of a DOSE frozen-dirhead run first: its manifest's domain and mode.
  cpSync(join(dir, 'run'), join(dir, 'dose-frozen-dirhead'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
  writeFileSync(
    join(dir, 'dose-frozen-dirhead', 'manifest.json'),
    `${JSON.stringify({ ...manifest, domain: 'dose', mode: 'frozen-dirhead' }, null, 2)}\n`,
  );
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  const ed25519 = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'ci.key'), ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'ci.pub'), ed25519.publicKey.export({ type: 'spki', format: 'pem' }));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  writeFileSync(join(dir, 'rsa.key'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  mkdirSync(join(dir, 'keys'));
  writeFileSync(
    join(dir, 'keys', 'zpbench_signing.pub'),
    ed25519.publicKey.export({ type: 'spki', format: 'pem' }),
  );
}

/** Every entry below `dir`: kind, size and content hash (never reading pipes or huge files). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const stats = lstatSync(full);
      const key = relative(dir, full);
      if (stats.isDirectory()) {
        out[key] = 'dir';
        walk(full);
      } else if (stats.isFile() && stats.size < 1024 * 1024) {
        out[key] = createHash('sha256').update(readFileSync(full)).digest('hex');
      } else {
        out[key] = `${stats.mode.toString(8)} ${stats.size} ${stats.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

type Row = readonly [name: string, program: keyof typeof BIN, args: string[], line: RegExp];

const OUT_ROOT = /expected a directory for the run \(new, empty, or the run to continue\)$/;
const SOURCE = /expected a run directory or a JSON file \(a slot matrix or pybench step records\)$/;

const ROWS: readonly Row[] = [
  // zpbench <domain>: path flags
  [
    '--out-root naming a file',
    'zpbench',
    ['synthetic', '--out-root', 'file.txt'],
    /^zpbench: --out-root file\.txt is a regular file, not a directory; /,
  ],
  [
    '--out-root naming /etc/passwd',
    'zpbench',
    ['dose', '--out-root', '/etc/passwd'],
    /^zpbench: --out-root \/etc\/passwd is a regular file, not a directory; /,
  ],
  [
    '--out-root under a regular file',
    'zpbench',
    ['synthetic', '--out-root', 'file.txt/run'],
    /^zpbench: --out-root file\.txt\/run lies under \/.*\/file\.txt, which is not a directory; /,
  ],
  [
    '--out-root with a 300-byte name',
    'zpbench',
    ['synthetic', '--out-root', LONG],
    /^zpbench: --out-root x{24}…\(300 bytes\) is longer than the file system allows/,
  ],
  [
    '--out-root with a 300-byte name to create',
    'zpbench',
    ['dose', '--out-root', `new/${LONG}`],
    /^zpbench: --out-root new\/x{24}…\(300 bytes\) has a name of 300 bytes, longer than the 255 a file system allows; /,
  ],
  ['--out-root ""', 'zpbench', ['synthetic', '--out-root', ''], OUT_ROOT],
  [
    '--out-root naming a directory that is not a run',
    'zpbench',
    ['synthetic', '--out-root', 'not-a-run'],
    /^zpbench: --out-root \/.*\/not-a-run exists and is not a zpbench run directory/,
  ],
  [
    '--baseline-run-dir naming a file',
    'zpbench',
    ['synthetic', '--baseline-run-dir', 'file.txt'],
    /^zpbench: --baseline-run-dir file\.txt is a regular file, not a directory; expected a completed run directory$/,
  ],
  [
    '--baseline-run-dir naming nothing',
    'zpbench',
    ['synthetic', '--baseline-run-dir', 'absent'],
    /^zpbench: --baseline-run-dir absent does not exist; /,
  ],
  [
    '--baseline-run-dir with a 300-byte name',
    'zpbench',
    ['synthetic', '--baseline-run-dir', LONG],
    /^zpbench: --baseline-run-dir x{24}…\(300 bytes\) is longer than the file system allows/,
  ],
  [
    '--baseline-store naming a file',
    'zpbench',
    ['synthetic', '--against-baseline', '--baseline-store', 'file.txt'],
    /^zpbench: --baseline-store file\.txt is a regular file, not a directory; expected a directory for baseline references$/,
  ],
  // zpbench <domain>: the parent run of a mode that reads one (DOSE frozen-dirhead)
  [
    '--parent-run-dir on a smoke run',
    'zpbench',
    ['dose', '--parent-run-dir', 'run'],
    /^zpbench: --parent-run-dir has no effect in --mode smoke; it applies to --mode frozen-dirhead only$/,
  ],
  [
    '--parent-run-dir naming a run of another domain',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'run'],
    /^zpbench: --parent-run-dir run is a synthetic smoke run; --mode frozen-dirhead reads a dose smoke or paper run$/,
  ],
  [
    '--parent-run-dir naming a run of another mode',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'dose-frozen-dirhead'],
    /^zpbench: --parent-run-dir dose-frozen-dirhead is a dose frozen-dirhead run; --mode frozen-dirhead reads a dose smoke or paper run$/,
  ],
  [
    '--parent-run-dir naming a directory that is not a run',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'not-a-run'],
    /^zpbench: --parent-run-dir not-a-run is not a completed run directory \(no manifest\.json\); /,
  ],
  [
    '--parent-run-dir naming a file',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'file.txt'],
    /^zpbench: --parent-run-dir file\.txt is a regular file, not a directory; expected a completed dose run directory$/,
  ],
  [
    '--parent-run-dir naming nothing',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'absent'],
    /^zpbench: --parent-run-dir absent does not exist; /,
  ],
  [
    '--parent-run-dir ""',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', ''],
    /^zpbench: --parent-run-dir "" is an empty path; /,
  ],
  [
    '--parent-run-dir under a regular file',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', 'file.txt/run'],
    /^zpbench: --parent-run-dir file\.txt\/run lies under \/.*\/file\.txt, which is not a directory; /,
  ],
  [
    '--parent-run-dir with a 300-byte name',
    'zpbench',
    ['dose', '--mode', 'frozen-dirhead', '--parent-run-dir', LONG],
    /^zpbench: --parent-run-dir x{24}…\(300 bytes\) is longer than the file system allows/,
  ],
  // zpbench <domain>: values
  [
    '--compute-repeats ""',
    'zpbench',
    ['synthetic', '--compute-repeats', ''],
    /^zpbench: --compute-repeats has an empty value; give a value or leave the flag out$/,
  ],
  [
    '--compute-repeats 1.5',
    'zpbench',
    ['synthetic', '--compute-repeats', '1.5'],
    /^zpbench: --compute-repeats takes a whole number from 0 to 1000000000, got "1\.5"$/,
  ],
  [
    '--inject-regression ""',
    'zpbench',
    ['synthetic', '--inject-regression', ''],
    /--inject-regression/,
  ],
  [
    '--workers 0x2',
    'zpbench',
    ['synthetic', '--workers', '0x2'],
    /--workers takes a whole number from 0 to 256, got "0x2"/,
  ],
  [
    '--seeds ""',
    'zpbench',
    ['synthetic', '--seeds', ''],
    /^zpbench: --seeds "" is not a seed list/,
  ],
  ['--mode ""', 'zpbench', ['dose', '--mode', ''], /--mode/],
  [
    '--sampling outside its choices',
    'zpbench',
    ['rf', '--sampling', 'uniform'],
    /^zpbench: option '--sampling <strategy>' argument 'uniform' is invalid\. Allowed choices are log_uniform, mixture/,
  ],
  [
    '--resume without --out-root',
    'zpbench',
    ['synthetic', '--resume'],
    /^zpbench: --resume needs --out-root <run_dir>/,
  ],
  [
    '--resume with --force-rerun',
    'zpbench',
    ['synthetic', '--out-root', 'run', '--resume', '--force-rerun'],
    /^zpbench: --resume and --force-rerun cannot be combined/,
  ],
  [
    '--resume of a directory that is not a run',
    'zpbench',
    ['synthetic', '--out-root', 'absent', '--resume'],
    /^zpbench: --resume: .*absent does not exist; start the run without --resume$/,
  ],
  // report
  [
    'report benchmark on a file',
    'zpbench',
    ['report', 'benchmark', 'file.txt'],
    /^zpbench: <run_dir> file\.txt is a regular file, not a directory; expected a completed run directory$/,
  ],
  [
    'report benchmark on nothing',
    'zpbench',
    ['report', 'benchmark', 'absent'],
    /^zpbench: <run_dir> absent does not exist; /,
  ],
  [
    'report benchmark ""',
    'zpbench',
    ['report', 'benchmark', ''],
    /^zpbench: <run_dir> "" is an empty path; /,
  ],
  [
    'report benchmark on a directory that is not a run',
    'zpbench',
    ['report', 'benchmark', 'not-a-run'],
    /^zpbench: cannot read not-a-run\/manifest\.json: ENOENT; check the path$/,
  ],
  [
    'report benchmark --baseline-run-dir naming a file',
    'zpbench',
    ['report', 'benchmark', 'run', '--baseline-run-dir', 'file.txt'],
    /^zpbench: --baseline-run-dir file\.txt is a regular file, not a directory; /,
  ],
  [
    'report training-log on nothing',
    'zpbench',
    ['report', 'training-log', 'absent.jsonl'],
    /^zpbench: <metrics_jsonl> absent\.jsonl does not exist; expected a JSONL metric log file/,
  ],
  [
    'report training-log on a directory',
    'zpbench',
    ['report', 'training-log', 'run'],
    /^zpbench: <metrics_jsonl> run is a directory, not a regular file; /,
  ],
  [
    'report training-log on a named pipe',
    'zpbench',
    ['report', 'training-log', 'fifo'],
    /^zpbench: <metrics_jsonl> fifo is a named pipe, not a regular file; /,
  ],
  [
    'report training-log on an empty log',
    'zpbench',
    ['report', 'training-log', 'empty.jsonl'],
    /^zpbench: empty\.jsonl is empty; restore it or regenerate it$/,
  ],
  [
    'report training-log on a log of blank lines',
    'zpbench',
    ['report', 'training-log', 'blank.jsonl'],
    /^zpbench: blank\.jsonl holds no metric records/,
  ],
  [
    'report training-log on a line that is not JSON',
    'zpbench',
    ['report', 'training-log', 'garbage.jsonl'],
    /^zpbench: garbage\.jsonl:1 is not valid JSON/,
  ],
  [
    'report training-log on a binary log',
    'zpbench',
    ['report', 'training-log', 'binary.jsonl'],
    /^zpbench: binary\.jsonl is binary/,
  ],
  [
    'report training-log on records of another schema',
    'zpbench',
    ['report', 'training-log', 'wrong.jsonl'],
    /^zpbench: wrong\.jsonl:1: schema marker is "something_else"/,
  ],
  [
    'report training-log on a 966 MiB log',
    'zpbench',
    ['report', 'training-log', 'huge.jsonl'],
    /^zpbench: huge\.jsonl is 966 MiB, more than the 256 MiB zpbench reads; /,
  ],
  [
    'report bundle on a file',
    'zpbench',
    ['report', 'bundle', 'file.txt'],
    /^zpbench: <bundle_dir> file\.txt is a regular file, not a directory; /,
  ],
  [
    'report bundle on a directory without bundle.json',
    'zpbench',
    ['report', 'bundle', 'not-a-run'],
    /^zpbench: not-a-run has no bundle\.json; /,
  ],
  // validate, repro
  [
    'validate on a file',
    'zpbench',
    ['validate', 'run', 'file.txt'],
    /^zpbench: <run_dirs\.\.\.> file\.txt is a regular file, not a directory; expected a run directory$/,
  ],
  ['validate ""', 'zpbench', ['validate', ''], /^zpbench: <run_dirs\.\.\.> "" is an empty path; /],
  [
    'repro on a file',
    'zpbench',
    ['repro', 'file.txt', '--seed', '0'],
    /^zpbench: <run_dir> file\.txt is a regular file, not a directory; /,
  ],
  [
    'repro --seed -1',
    'zpbench',
    ['repro', 'run', '--seed', '-1'],
    /--seed takes a whole number from 0 to 4294967295, got "-1"/,
  ],
  // regress and plan: inputs
  [
    'regress on a missing file',
    'zpbench',
    ['regress', '--baseline', 'absent.json', '--current', 'five.json'],
    /^zpbench: --baseline absent\.json does not exist; /,
  ],
  [
    'regress --current ""',
    'zpbench',
    ['regress', '--baseline', 'five.json', '--current', ''],
    SOURCE,
  ],
  [
    'regress on a named pipe',
    'zpbench',
    ['regress', '--baseline', 'fifo', '--current', 'five.json'],
    /^zpbench: --baseline fifo is a named pipe, not a regular file or directory; /,
  ],
  [
    'regress on an empty file',
    'zpbench',
    ['regress', '--baseline', 'empty.json', '--current', 'five.json'],
    /^zpbench: empty\.json is empty; /,
  ],
  [
    'regress on truncated JSON',
    'zpbench',
    ['regress', '--baseline', 'truncated.json', '--current', 'five.json'],
    /^zpbench: truncated\.json is not valid JSON \(.*\); the file is truncated or malformed/,
  ],
  [
    'regress on a binary file',
    'zpbench',
    ['regress', '--baseline', 'binary.json', '--current', 'five.json'],
    /^zpbench: binary\.json is binary/,
  ],
  [
    'regress on a list of lists, neither a slot matrix nor pybench step records',
    'zpbench',
    ['regress', '--baseline', 'array.json', '--current', 'five.json'],
    /^zpbench: step records array\.json seed 0 record 0 is 1, expected a \{"step": s, …\} record$/,
  ],
  // runs compare, list and trend; baseline save; --against-baseline
  [
    'runs compare with one run',
    'zpbench',
    ['runs', 'compare', 'run'],
    /^zpbench: missing required argument 'candidates'; see `zpbench runs compare --help`$/,
  ],
  [
    'runs compare --format pdf',
    'zpbench',
    ['runs', 'compare', 'run', 'run', '--format', 'pdf'],
    /^zpbench: option '--format <format>' argument 'pdf' is invalid\. Allowed choices are markdown, html, csv, json; /,
  ],
  [
    'runs compare on a file that is not a manifest',
    'zpbench',
    ['runs', 'compare', 'run', 'file.txt'],
    /^zpbench: file\.txt is a file but not a manifest\.json; pass a run directory or its manifest\.json$/,
  ],
  [
    'runs compare on a directory that is not a run',
    'zpbench',
    ['runs', 'compare', 'run', 'not-a-run'],
    /^zpbench: not-a-run is not a valid run directory: manifest\.json: exists expected file present, found missing; /,
  ],
  [
    'runs compare --output naming a directory',
    'zpbench',
    ['runs', 'compare', 'run', 'run', '--output', 'not-a-run'],
    /^zpbench: --output not-a-run is a directory, not a regular file; expected a file to write the comparison to$/,
  ],
  [
    'runs list on a file',
    'zpbench',
    ['runs', 'list', 'file.txt'],
    /^zpbench: \[dir\] file\.txt is a regular file, not a directory; /,
  ],
  [
    'runs trend without --domain',
    'zpbench',
    ['runs', 'trend', '--model', 'm', '--metric', 'k', '.'],
    /^zpbench: required option '--domain <id>' not specified; see `zpbench runs trend --help`$/,
  ],
  [
    'runs trend of an unknown domain',
    'zpbench',
    ['runs', 'trend', '--domain', 'nope', '--model', 'm', '--metric', 'k', '.'],
    /^zpbench: --domain nope: unknown domain; run `zpbench list` for the known domains$/,
  ],
  [
    'baseline save on a directory that is not a run',
    'zpbench',
    ['baseline', 'save', 'not-a-run'],
    /^zpbench: not-a-run is not a valid run directory: /,
  ],
  [
    '--against-baseline with --baseline-run-dir',
    'zpbench',
    ['synthetic', '--against-baseline', '--baseline-run-dir', 'run'],
    /^zpbench: --against-baseline and --baseline-run-dir cannot be combined/,
  ],
  [
    '--allow-regression with --family performance',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--allow-regression'],
    /^benchmark-gate: --allow-regression applies only to --family scientific; drop it$/,
  ],
  [
    'regress on slot matrices of different shapes',
    'zpbench',
    ['regress', '--baseline', 'two-steps.json', '--current', 'five.json'],
    /^zpbench: baseline two-steps\.json and current five\.json do not pair: metric "min:loss" has 2 baseline steps but 1 current steps/,
  ],
  // Values near ±1e308 no longer overflow: the severity test scales each slot by a power of two
  // first (docs/stats.md), so that row of the sweep became a valid comparison. Different row
  // counts are compared with the unpaired test, also no longer an input error.
  [
    'regress on a value beyond double range',
    'zpbench',
    ['regress', '--baseline', 'inf.json', '--current', 'five.json'],
    /^zpbench: slot matrix inf\.json metric "min:loss" seed 0 step 0 is Infinity, expected a finite number/,
  ],
  [
    'regress on a slot matrix giving a metric twice',
    'zpbench',
    ['regress', '--baseline', 'five.json', '--current', 'twice.json'],
    /^zpbench: twice\.json has the key "min:loss" twice in \$; /,
  ],
  [
    'regress on a slot matrix with null among the values',
    'zpbench',
    ['regress', '--baseline', 'null-value.json', '--current', 'two-steps.json'],
    /^zpbench: slot matrix null-value\.json metric "min:loss" seed 2 step 1 is null, expected a finite number; write every value as a JSON number$/,
  ],
  [
    'regress on a slot matrix with a list among the values',
    'zpbench',
    ['regress', '--baseline', 'two-steps.json', '--current', 'nested-value.json'],
    /^zpbench: slot matrix nested-value\.json metric "min:loss" seed 3 step 1 is an array, expected a finite number; write every value as a JSON number$/,
  ],
  [
    'regress on a 2 GiB file',
    'zpbench',
    ['regress', '--baseline', 'huge.json', '--current', 'five.json'],
    /^zpbench: huge\.json is 2 GiB, more than the 256 MiB zpbench reads; /,
  ],
  [
    'regress --alpha 2',
    'zpbench',
    ['regress', '--baseline', 'five.json', '--current', 'five.json', '--alpha', '2'],
    /--alpha takes a number from 1e-9 to 0\.5, got "2"/,
  ],
  [
    'plan on truncated JSON',
    'zpbench',
    ['plan', '--baseline', 'truncated.json', '--effect', '0.1'],
    /^zpbench: truncated\.json is not valid JSON/,
  ],
  [
    'plan --effect ""',
    'zpbench',
    ['plan', '--baseline', 'five.json', '--effect', ''],
    /--effect takes a number from 1e-9 to 100, got ""/,
  ],
  ['plan --baseline ""', 'zpbench', ['plan', '--baseline', '', '--effect', '0.1'], SOURCE],
  ['list with an argument', 'zpbench', ['list', 'dose'], /^zpbench: too many arguments for 'list'/],
  // merge
  [
    'merge on a file',
    'zpbench',
    ['merge', 'file.txt', '--out', 'merged'],
    /^zpbench: <shard_dirs> file\.txt is a regular file, not a directory; expected a shard run directory$/,
  ],
  [
    'merge on a directory that is not a run',
    'zpbench',
    ['merge', 'not-a-run', '--out', 'merged'],
    /^zpbench: cannot read not-a-run\/manifest\.json: ENOENT; check the path$/,
  ],
  [
    'merge without --out',
    'zpbench',
    ['merge', 'run'],
    /^zpbench: required option '--out <run_dir>' not specified/,
  ],
  [
    'merge --out naming a file',
    'zpbench',
    ['merge', 'run', '--out', 'file.txt'],
    /^zpbench: --out file\.txt is a regular file, not a directory; expected a new or empty directory for the merged run$/,
  ],
  [
    'merge --out ""',
    'zpbench',
    ['merge', 'run', '--out', ''],
    /^zpbench: --out "" is an empty path; /,
  ],
  [
    'merge of a whole run',
    'zpbench',
    ['merge', 'run', '--out', 'merged'],
    /^zpbench: merge: .*\/run is a whole run, not a shard; merge only --shard runs of one plan; nothing was written$/,
  ],
  // calibrate-tests and perf: output paths checked before the work
  [
    'calibrate-tests --figure naming a directory',
    'zpbench',
    ['calibrate-tests', '--replications', '10', '--figure', 'run'],
    /^zpbench: --figure run is a directory, not a regular file; expected an SVG file to write the figure to$/,
  ],
  [
    'calibrate-tests --figure under a regular file',
    'zpbench',
    ['calibrate-tests', '--replications', '10', '--figure', 'file.txt/f.svg'],
    /^zpbench: --figure file\.txt\/f\.svg lies under \/.*\/file\.txt, which is not a directory; /,
  ],
  [
    'perf baseline update --baseline naming a directory',
    'zpbench',
    ['perf', 'baseline', 'update', '--src', 'perf', '--baseline', 'run'],
    /^zpbench: --baseline run is a directory, not a regular file; expected a performance baseline JSON file to write$/,
  ],
  // sign and keygen
  [
    'sign without --key',
    'zpbench',
    ['sign', 'run'],
    /^zpbench: required option '--key <private_key>' not specified/,
  ],
  [
    'sign --key naming nothing',
    'zpbench',
    ['sign', 'run', '--key', 'absent.key'],
    /^zpbench: --key absent\.key does not exist; expected an Ed25519 private key file \(PEM\)$/,
  ],
  [
    'sign --key naming a file that holds no key',
    'zpbench',
    ['sign', 'run', '--key', 'file.txt'],
    /^zpbench: --key file\.txt holds no PEM private key \(/,
  ],
  [
    'sign --key naming an RSA key',
    'zpbench',
    ['sign', 'run', '--key', 'rsa.key'],
    /^zpbench: --key rsa\.key holds a rsa key; zpbench signs with Ed25519 keys/,
  ],
  [
    'sign --key naming the public key',
    'zpbench',
    ['sign', 'run', '--key', 'ci.pub'],
    /^zpbench: --key ci\.pub holds no PEM private key \(/,
  ],
  [
    'sign --key naming a directory',
    'zpbench',
    ['sign', 'run', '--key', 'run'],
    /^zpbench: --key run is a directory, not a regular file; expected an Ed25519 private key file \(PEM\)$/,
  ],
  [
    'sign on a directory that is not a run',
    'zpbench',
    ['sign', 'not-a-run', '--key', 'ci.key'],
    /^zpbench: refusing to sign not-a-run: manifest\.json: exists expected file present, found missing/,
  ],
  [
    'sign --key ""',
    'zpbench',
    ['sign', 'run', '--key', ''],
    /^zpbench: --key "" is an empty path; expected an Ed25519 private key file \(PEM\)$/,
  ],
  [
    'keygen into a file',
    'zpbench',
    ['keygen', 'file.txt'],
    /^zpbench: <dir> file\.txt is a regular file, not a directory; expected a directory for the key files$/,
  ],
  [
    'keygen over an existing key',
    'zpbench',
    ['keygen', 'keys'],
    /^zpbench: keys\/zpbench_signing\.pub already exists; zpbench never overwrites a key/,
  ],
  // benchmark-gate
  [
    '--verify-key naming nothing',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--verify-key', 'absent.pub'],
    /^benchmark-gate: --verify-key absent\.pub does not exist; expected an Ed25519 public key file \(PEM\)$/,
  ],
  [
    '--verify-key naming the private key',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--verify-key', 'ci.key'],
    /^benchmark-gate: --verify-key ci\.key holds a private key; pass the public key/,
  ],
  [
    '--verify-key naming a file that holds no key',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--verify-key', 'file.txt'],
    /^benchmark-gate: --verify-key file\.txt holds no PEM public key \(/,
  ],
  [
    '--verify-key naming a directory',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--verify-key', 'run'],
    /^benchmark-gate: --verify-key run is a directory, not a regular file; expected an Ed25519 public key file \(PEM\)$/,
  ],
  [
    '--verify-key on --family performance',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--verify-key', 'ci.pub'],
    /^benchmark-gate: --verify-key applies only to --family scientific; drop it$/,
  ],
  [
    '--deep on --family performance',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--deep'],
    /^benchmark-gate: --deep applies only to --family scientific; drop it$/,
  ],
  [
    '--baseline-run-dir without --deep',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--baseline-run-dir', 'run'],
    /^benchmark-gate: --baseline-run-dir applies only with --deep/,
  ],
  [
    '--deep against a baseline that is not a run',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--deep', '--baseline-run-dir', 'not-a-run'],
    /^benchmark-gate: not-a-run is not a valid run directory: manifest\.json: exists/,
  ],
  [
    'the gate on a file',
    'benchmark-gate',
    ['--family', 'scientific', 'file.txt'],
    /^benchmark-gate: <dirs\.\.\.> file\.txt is a regular file, not a directory; /,
  ],
  [
    'the gate on nothing',
    'benchmark-gate',
    ['--family', 'scientific', 'absent'],
    /^benchmark-gate: <dirs\.\.\.> absent does not exist; /,
  ],
  [
    'the gate on ""',
    'benchmark-gate',
    ['--family', 'performance', ''],
    /^benchmark-gate: <dirs\.\.\.> "" is an empty path; /,
  ],
  [
    '--baseline on --family scientific',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--baseline', 'perf/baseline.json'],
    /^benchmark-gate: --baseline applies only to --family performance; drop it$/,
  ],
  [
    '--max-slowdown on --family scientific',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--max-slowdown', '2'],
    /^benchmark-gate: --max-slowdown applies only to --family performance; drop it$/,
  ],
  [
    '--baseline naming a missing file',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--baseline', 'absent.json'],
    /^benchmark-gate: --baseline absent\.json does not exist; expected a performance-suite baseline JSON file$/,
  ],
  [
    '--baseline naming an empty file',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--baseline', 'empty.json'],
    /^benchmark-gate: baseline empty\.json: json: expected valid JSON, found empty\.json is empty/,
  ],
  [
    '--baseline naming a directory',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--baseline', 'run'],
    /^benchmark-gate: --baseline run is a directory, not a regular file; /,
  ],
  [
    '--baseline naming a 600 MiB file',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--baseline', 'huge600.json'],
    /^benchmark-gate: baseline huge600\.json: .*huge600\.json is 600 MiB, more than the 256 MiB zpbench reads; /,
  ],
  [
    '--max-slowdown 0.5',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--max-slowdown', '0.5'],
    /--max-slowdown takes a number from 1 to 1000000, got "0\.5"/,
  ],
  [
    'a scientific run as performance',
    'benchmark-gate',
    ['--family', 'performance', 'run'],
    /^benchmark-gate: run looks like a scientific run directory; use --family scientific$/,
  ],
  // Budget files (--budget-file on the run, the gate's two families and runs compare;
  // --current-budget of calibration) and presets.
  [
    '--budget-file empty',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--budget-file', 'empty.json'],
    /^benchmark-gate: --budget-file empty\.json is empty; /,
  ],
  [
    '--budget-file truncated',
    'benchmark-gate',
    ['--family', 'performance', 'perf', '--budget-file', 'truncated.json'],
    /^benchmark-gate: --budget-file truncated\.json is not valid JSON \(/,
  ],
  [
    '--budget-file an array',
    'zpbench',
    ['runs', 'compare', 'run', 'run', '--budget-file', 'array.json'],
    /^zpbench: budget file --budget-file array\.json does not match its schema: .*expected object, received array/,
  ],
  [
    '--budget-file a budget without a threshold',
    'zpbench',
    ['synthetic', '--mode', 'smoke', '--budget-file', 'budget-no-threshold.json'],
    /^zpbench: budget file --budget-file budget-no-threshold\.json does not match its schema: .*at least one threshold.*at budgets\[0\]$/,
  ],
  [
    '--budget-file with no budget',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--budget-file', 'budget-none.json'],
    /^benchmark-gate: budget file --budget-file budget-none\.json does not match its schema: .*at budgets$/,
  ],
  [
    '--budget-file of another version',
    'zpbench',
    ['synthetic', '--mode', 'smoke', '--budget-file', 'budget-v9.json'],
    /^zpbench: --budget-file budget-v9\.json is budget-file version 9; this zpbench reads version 1$/,
  ],
  [
    '--budget-file naming a directory',
    'benchmark-gate',
    ['--family', 'scientific', 'run', '--budget-file', 'not-a-run'],
    /^benchmark-gate: --budget-file not-a-run /,
  ],
  [
    '--format csv without a budget file',
    'zpbench',
    ['synthetic', '--mode', 'smoke', '--format', 'csv'],
    /^zpbench: --format csv prints the budget violation table; add --budget-file$/,
  ],
  [
    '--current-budget truncated',
    'zpbench',
    [
      'budgets',
      'calibrate',
      '--report',
      'run',
      '--current-budget',
      'truncated.json',
      '--output',
      'calibration',
      '--machine-class',
      'x',
    ],
    /^zpbench: --current-budget truncated\.json is not valid JSON \(/,
  ],
  [
    'budgets calibrate --report empty',
    'zpbench',
    [
      'budgets',
      'calibrate',
      '--report',
      'empty.json',
      '--output',
      'calibration',
      '--machine-class',
      'x',
    ],
    /^zpbench: --report empty\.json is empty; /,
  ],
  [
    '--show-preset unknown',
    'zpbench',
    ['--show-preset', 'nope'],
    /^zpbench: unknown preset "nope"; known presets: .*\(zpbench --list-presets\)$/,
  ],
  [
    'run --preset unknown',
    'zpbench',
    ['run', '--preset', 'nope'],
    /^zpbench: unknown preset "nope"; known presets: /,
  ],
];

/** Whether a directory can be made unwritable here: by permissions as a user, by mounting as root. */
function readOnlyUnavailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'zpb-sweep-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return false;
  } catch {
    return true;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const READ_ONLY_UNAVAILABLE = readOnlyUnavailable();

/**
 * Rows on a directory that cannot be written (`readonly/`, holding a copy of the run): a
 * read-only tmpfs when the tests run as root (root writes through any permission bits), its
 * permissions (0555) otherwise. Each write refused at flag time, before any work.
 */
const READ_ONLY_ROWS: readonly Row[] = [
  [
    '--out-root naming a read-only directory',
    'zpbench',
    ['synthetic', '--out-root', 'readonly'],
    /^zpbench: --out-root readonly (is on a read-only file system|cannot be written) \(.*\); expected a directory for the run/,
  ],
  [
    '--out-root to create in a read-only directory',
    'zpbench',
    ['synthetic', '--out-root', 'readonly/new'],
    /^zpbench: --out-root readonly\/new (is on a read-only file system|cannot be written) \(/,
  ],
  [
    '--resume of a run in a read-only directory',
    'zpbench',
    ['synthetic', '--out-root', 'readonly/run', '--resume'],
    /^zpbench: --out-root readonly\/run (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'report benchmark of a run in a read-only directory',
    'zpbench',
    ['report', 'benchmark', 'readonly/run'],
    /^zpbench: <run_dir> readonly\/run (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'merge --out in a read-only directory',
    'zpbench',
    ['merge', 'run', '--out', 'readonly/merged'],
    /^zpbench: --out readonly\/merged (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'keygen into a read-only directory',
    'zpbench',
    ['keygen', 'readonly'],
    /^zpbench: <dir> readonly (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'runs compare --output in a read-only directory',
    'zpbench',
    ['runs', 'compare', 'run', 'run', '--output', 'readonly/compare.md'],
    /^zpbench: --output readonly\/compare\.md (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'baseline save --store in a read-only directory',
    'zpbench',
    ['baseline', 'save', 'run', '--store', 'readonly/store'],
    /^zpbench: --store readonly\/store (is on a read-only file system|cannot be written) \(/,
  ],
  [
    'calibrate-tests --figure in a read-only directory',
    'zpbench',
    ['calibrate-tests', '--replications', '10', '--figure', 'readonly/f.svg'],
    /^zpbench: --figure readonly\/f\.svg (is on a read-only file system|cannot be written) \(/,
  ],
];

/** Makes `dir/readonly` (a copy of the run inside) unwritable; how, or null when it cannot. */
function makeReadOnly(dir: string): 'mount' | 'chmod' | null {
  const target = join(dir, 'readonly');
  mkdirSync(target);
  if (process.getuid?.() === 0) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', target], { stdio: 'ignore' });
    } catch {
      return null;
    }
    cpSync(join(dir, 'run'), join(target, 'run'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', target]);
    return 'mount';
  }
  cpSync(join(dir, 'run'), join(target, 'run'), { recursive: true });
  chmodSync(join(target, 'run'), 0o555);
  chmodSync(target, 0o555);
  return 'chmod';
}

let work: string;
let before: Record<string, string>;
let readOnly: 'mount' | 'chmod' | null = null;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'zpb-sweep-'));
  writeFixtures(work);
  readOnly = makeReadOnly(work);
  before = snapshot(work);
});
afterAll(() => {
  const target = join(work, 'readonly');
  if (readOnly === 'mount') execFileSync('umount', [target]);
  if (readOnly === 'chmod') {
    chmodSync(target, 0o755);
    chmodSync(join(target, 'run'), 0o755);
  }
  rmSync(work, { recursive: true, force: true });
});

describe.concurrent('every malformed invocation exits 2 with one line and changes nothing', () => {
  it('has a few dozen rows, each named once', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(36);
    const names = [...ROWS, ...READ_ONLY_ROWS].map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
  });
  const rows = [
    ...ROWS.map((row) => ({ row, readOnly: false })),
    ...READ_ONLY_ROWS.map((row) => ({ row, readOnly: true })),
  ];
  for (const {
    row: [name, program, args, line],
    readOnly: needsReadOnly,
  } of rows) {
    it.skipIf(needsReadOnly && READ_ONLY_UNAVAILABLE)(name, async () => {
      if (needsReadOnly) expect(readOnly, 'the read-only directory of these rows').not.toBeNull();
      const result = await execa(process.execPath, [BIN[program], ...args], {
        cwd: work,
        reject: false,
        env: { NO_COLOR: '1' },
        // A hung process (a FIFO waited on) is killed before the test times out; under the load
        // of a shared 2-core machine a cold start with every import takes 10-30 s, so leave room.
        timeout: 50_000,
      });
      expect(result.stderr.split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(line);
      expect(result.stderr).not.toMatch(/internal error|\s+at .*:\d+:\d+/);
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(2);
      expect(snapshot(work)).toEqual(before);
    });
  }
});
