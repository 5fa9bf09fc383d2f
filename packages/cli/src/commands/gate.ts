import type { BenchmarkRun, PerfDirCheck, RunDirCheck, Violation } from '@zpbench/core';
import { DEFAULT_MAX_SLOWDOWN, DEFAULT_PERF_BASELINE } from '@zpbench/core/light';
import { Command, Option } from 'commander';
import { loadDomain, lookupContract } from '../domains.js';
import { numberIn, pathIn, pathsIn, refuseInapplicable } from '../flags.js';
import { EXIT } from '../main.js';
import { paint, printJson, println } from '../output.js';

interface GateResult {
  readonly dir: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly perf?: PerfDirCheck;
}

/** The performance gate's comparison summary and notes, under its PASS/FAIL line. */
function printPerfDetails(check: PerfDirCheck): void {
  if (check.baseline !== null && check.comparisons.length > 0) {
    const worst = check.comparisons.reduce((a, b) => (b.slowdown > a.slowdown ? b : a));
    println(
      `  ${check.candidate} vs ${check.baseline} (machine class ${check.machine_class}): ${check.comparisons.length} benchmarks compared, slowest ${worst.name} ${worst.slowdown.toFixed(2)}× (allowed ${check.max_slowdown}×)`,
    );
  }
  for (const note of check.notes) println(`  note: ${note}`);
}

function printResults(results: readonly GateResult[], family: string): void {
  for (const result of results) {
    println(
      `${result.ok ? paint('PASS', 'green') : paint('FAIL', 'red')}  ${family}  ${result.dir}`,
    );
    if (result.perf) printPerfDetails(result.perf);
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
  /** Pass a run whose stored regression verdict against its baseline is FAIL. */
  readonly allowRegression?: boolean;
}

/**
 * The deep check of one run: loads the full plugin of its domain (only here: the default gate
 * stays light) and the runner's aggregation, and compares what they recompute with the run.
 */
async function deepViolations(
  check: RunDirCheck,
  baseline: BenchmarkRun | null,
): Promise<Violation[]> {
  const { benchmarkRunOf } = await import('@zpbench/core');
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
  const {
    checkPerfDir,
    checkRunDir,
    claimViolations,
    readBenchmarkRun,
    readSigningKey,
    regressionViolations,
  } = await import('@zpbench/core');
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
      // Structure first (only the run's own domain is loaded, schemas only); then the verdicts:
      // required claims, and the regression verdict a run made against a baseline stored.
      const check = await checkRunDir(dir, { domains: lookupContract, verifyKey });
      const violations = [
        ...check.violations,
        ...(options.deep ? await deepViolations(check, baseline) : []),
        ...claimViolations(check.artifacts.claimAudit),
        ...(options.allowRegression ? [] : regressionViolations(check.artifacts.pairedStats)),
      ];
      results.push({ dir, ok: violations.length === 0, violations });
    } else {
      const check = checkPerfDir(dir, {
        baselinePath: options.baseline,
        maxSlowdown: options.maxSlowdown,
      });
      results.push({ dir, ok: check.ok, violations: check.violations, perf: check });
    }
  }
  const ok = results.every((r) => r.ok);
  if (options.json)
    printJson({
      family,
      ok,
      results: results.map(({ perf, ...result }) => ({ ...result, ...perf })),
    });
  else printResults(results, family);
  return ok ? EXIT.ok : EXIT.failed;
}

/** The `benchmark-gate` program. */
export function createGateProgram(): Command {
  return new Command('benchmark-gate')
    .description(
      'Validate scientific benchmark run directories or performance-suite artifacts and fail CI with a clear reason.\n' +
        'Scientific: structure, schemas and hashes, every required claim, and the regression verdict of a run made against a baseline\n' +
        '(--baseline-run-dir or --against-baseline): a stored FAIL fails the gate, naming the regressed slots, unless --allow-regression.\n' +
        'Exit 0 when every check holds, 1 when a check fails (each violation listed), 2 on usage or input errors.',
    )
    .addOption(
      new Option('--family <family>', 'benchmark family of the directories')
        .choices(['scientific', 'performance'])
        .makeOptionMandatory(),
    )
    .option('--json', 'print a machine-readable verdict on stdout')
    .option(
      '--allow-regression',
      'scientific only: pass a run whose stored regression verdict against its baseline is FAIL (the claims and structure still count)',
    )
    .option(
      '--baseline <file>',
      `performance only: baseline JSON (default <dir>/baseline.json, else ${DEFAULT_PERF_BASELINE})`,
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
      '\nExamples:\n  $ benchmark-gate --family scientific results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family scientific results/benchmarks/dose/<run_against_baseline> --allow-regression\n  $ benchmark-gate --family scientific --deep --verify-key zpbench_signing.pub results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family performance benchmark_results --baseline perf/baseline.json --max-slowdown 1.2 --json\n\nPerformance: compares the p50 latency of every benchmark of the newest benchmarks_<timestamp>.json\nwith the baseline; a baseline from another machine class, Node.js major or suite version is refused (exit 2).',
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
          ['--allow-regression', '--deep', '--verify-key', '--baseline-run-dir'],
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
