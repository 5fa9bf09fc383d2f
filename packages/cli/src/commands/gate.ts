import {
  type BenchmarkRun,
  benchmarkRunOf,
  checkPerfDir,
  checkRunDir,
  claimViolations,
  DEFAULT_MAX_SLOWDOWN,
  type RunDirCheck,
  readBenchmarkRun,
  readSigningKey,
  type Violation,
} from '@zpbench/core';
import { Command, Option } from 'commander';
import { loadDomain, lookupContract } from '../domains.js';
import { numberIn, pathIn, pathsIn, refuseInapplicable } from '../flags.js';
import { EXIT } from '../main.js';
import { paint, printJson, println } from '../output.js';

interface GateResult {
  readonly dir: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
}

function printResults(results: readonly GateResult[], family: string): void {
  for (const result of results) {
    println(
      `${result.ok ? paint('PASS', 'green') : paint('FAIL', 'red')}  ${family}  ${result.dir}`,
    );
    for (const v of result.violations) {
      println(`  ${v.file}: ${v.check}: expected ${v.expected}, found ${v.found}`);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  println(`${failed} failed, ${results.length - failed} passed`);
}

/** Options of {@link runGate}. */
export interface GateOptions {
  readonly json?: boolean;
  readonly baseline?: string;
  readonly maxSlowdown?: number;
  /** Recompute the aggregates from the per-seed results and compare byte for byte. */
  readonly deep?: boolean;
  /** The baseline run a deep check needs for a run compared with one. */
  readonly baselineRunDir?: string;
  /** Public key file the manifest must be signed with. */
  readonly verifyKey?: string;
}

/**
 * The deep check of one run: loads the full plugin of its domain (only here: the default gate
 * stays light) and the runner's aggregation, and compares what they recompute with the run.
 */
async function deepViolations(
  check: RunDirCheck,
  baseline: BenchmarkRun | null,
): Promise<Violation[]> {
  const run = benchmarkRunOf(check);
  // A run that fails a structural check is not recomputed: its per-seed results are not trusted.
  if (!run) return [];
  const [{ checkRunAggregates }, entry] = await Promise.all([
    import('@zpbench/runner'),
    loadDomain(run.manifest.domain),
  ]);
  if (!entry) return [];
  return checkRunAggregates(entry.plugin, run, baseline);
}

/** Runs the gate for a family on the given directories; returns the exit code. */
export async function runGate(
  family: 'scientific' | 'performance',
  dirs: readonly string[],
  options: GateOptions,
): Promise<number> {
  const results: (GateResult & Record<string, unknown>)[] = [];
  const verifyKey = options.verifyKey
    ? readSigningKey(options.verifyKey, 'public', `--verify-key ${options.verifyKey}`)
    : null;
  const baseline =
    options.deep && options.baselineRunDir
      ? await readBenchmarkRun(options.baselineRunDir, { domains: lookupContract })
      : null;
  for (const dir of dirs) {
    if (family === 'scientific') {
      // Structure first (only the run's own domain is loaded, schemas only); then the verdicts.
      const check = await checkRunDir(dir, { domains: lookupContract, verifyKey });
      const violations = [
        ...check.violations,
        ...(options.deep ? await deepViolations(check, baseline) : []),
        ...claimViolations(check.artifacts.claimAudit),
      ];
      results.push({ dir, ok: violations.length === 0, violations });
    } else {
      const check = checkPerfDir(dir, {
        baselinePath: options.baseline,
        maxSlowdown: options.maxSlowdown,
      });
      results.push({ ...check, dir });
    }
  }
  const ok = results.every((r) => r.ok);
  if (options.json) printJson({ family, ok, results });
  else printResults(results, family);
  return ok ? EXIT.ok : EXIT.failed;
}

/** The `benchmark-gate` program. */
export function createGateProgram(): Command {
  return new Command('benchmark-gate')
    .description(
      'Validate scientific benchmark run directories or performance-suite artifacts and fail CI with a clear reason.\n' +
        'Exit 0 when every check holds, 1 when a check fails (each violation listed), 2 on usage or input errors.',
    )
    .addOption(
      new Option('--family <family>', 'benchmark family of the directories')
        .choices(['scientific', 'performance'])
        .makeOptionMandatory(),
    )
    .option('--json', 'print a machine-readable verdict on stdout')
    .option(
      '--baseline <file>',
      'performance only: baseline JSON (default <dir>/baseline.json)',
      pathIn('--baseline', { kind: 'file', expected: 'a performance-suite baseline JSON file' }),
    )
    .option(
      '--max-slowdown <ratio>',
      `performance only: tolerated slowdown against the baseline (default ${DEFAULT_MAX_SLOWDOWN})`,
      numberIn('--max-slowdown', 1, 1e6),
    )
    .option(
      '--deep',
      'scientific only: also recompute the aggregates (summary, paired stats, metric log, claim audit) from the per-seed results and compare byte for byte',
    )
    .option(
      '--baseline-run-dir <dir>',
      'with --deep: the baseline run a run was compared with (its paired stats are recomputed against it)',
      pathIn('--baseline-run-dir', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .option(
      '--verify-key <public_key>',
      'scientific only: require manifest.sig.json, an Ed25519 signature of the manifest by this public key (PEM)',
      pathIn('--verify-key', { kind: 'file', expected: 'an Ed25519 public key file (PEM)' }),
    )
    .argument(
      '<dirs...>',
      'run directories (scientific) or performance-suite directories (performance)',
      pathsIn('<dirs...>', {
        kind: 'directory',
        expected: 'a run directory (scientific) or a performance-suite directory (performance)',
      }),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ benchmark-gate --family scientific results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family scientific --deep --verify-key zpbench_signing.pub results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family performance benchmark_results --max-slowdown 1.2 --json',
    )
    .exitOverride()
    .action(
      async (
        dirs: string[],
        options: GateOptions & { family: 'scientific' | 'performance' },
        command: Command,
      ) => {
        refuseInapplicable(
          command,
          ['--baseline', '--max-slowdown'],
          options.family === 'performance',
          'applies only to --family performance',
        );
        refuseInapplicable(
          command,
          ['--deep', '--verify-key', '--baseline-run-dir'],
          options.family === 'scientific',
          'applies only to --family scientific',
        );
        refuseInapplicable(
          command,
          ['--baseline-run-dir'],
          Boolean(options.deep),
          'applies only with --deep (the structural gate never recomputes paired statistics)',
        );
        process.exitCode = await runGate(options.family, dirs, options);
      },
    );
}
