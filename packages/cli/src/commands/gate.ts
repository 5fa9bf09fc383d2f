import { join } from 'node:path';
import type { BenchmarkRun, PerfDirCheck, RunDirCheck, Violation } from '@zpbench/core';
import { DEFAULT_MAX_SLOWDOWN, DEFAULT_PERF_BASELINE } from '@zpbench/core/light';
import type { BudgetEvidence } from '@zpbench/runner';
import { Command, Option } from 'commander';
import { type BudgetGate, budgetFileOption, budgetGate, formatOption } from '../budget-output.js';
import { loadDomain, lookupContract } from '../domains.js';
import { numberIn, pathIn, pathsIn, refuseInapplicable } from '../flags.js';
import { EXIT } from '../main.js';
import { paint } from '../output.js';

interface GateResult {
  readonly dir: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly perf?: PerfDirCheck;
}

/** The performance gate's comparison summary and notes, under its PASS/FAIL line. */
function perfDetails(check: PerfDirCheck): string[] {
  const lines: string[] = [];
  if (check.baseline !== null && check.comparisons.length > 0) {
    const worst = check.comparisons.reduce((a, b) => (b.slowdown > a.slowdown ? b : a));
    lines.push(
      `  ${check.candidate} vs ${check.baseline} (machine class ${check.machine_class}): ${check.comparisons.length} benchmarks compared, slowest ${worst.name} ${worst.slowdown.toFixed(2)}× (allowed ${check.max_slowdown}×)`,
    );
  }
  for (const note of check.notes) lines.push(`  note: ${note}`);
  return lines;
}

function resultLines(results: readonly GateResult[], family: string): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(
      `${result.ok ? paint('PASS', 'green') : paint('FAIL', 'red')}  ${family}  ${result.dir}`,
    );
    if (result.perf) lines.push(...perfDetails(result.perf));
    for (const v of result.violations)
      lines.push(`  ${v.file}: ${v.check}: expected ${v.expected}, found ${v.found}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push(`${failed} failed, ${results.length - failed} passed`);
  return lines;
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
  /** `--budget-file`, `--format` and `--json`: the budget, evaluated over the inputs that pass the gate, and the output. */
  readonly gate: BudgetGate;
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
    PERF_SUITE_SCHEMA,
    readArtifact,
    readRunEnvelope,
  } = await import('@zpbench/core');
  const { budget } = options.gate;
  const budgets = budget ? await import('@zpbench/runner') : null;
  const evidence: BudgetEvidence[] = [];
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
      // The envelope cites the run's numbers (JSON only); none for a run that fails its structure.
      const envelope =
        options.gate.json && check.ok && check.contract
          ? readRunEnvelope(dir, check.contract)
          : null;
      results.push({ dir, ok: violations.length === 0, violations, envelope });
      const { summary, claimAudit, pairedStats } = check.artifacts;
      if (budgets && check.ok && summary && claimAudit && check.manifest)
        evidence.push(
          budgets.scientificEvidence({
            runId: check.manifest.run_id,
            summary,
            pairedStats,
            claimAudit,
            failedSeeds: check.manifest.seeds_failed,
          }),
        );
    } else {
      const check = checkPerfDir(dir, {
        baselinePath: options.baseline,
        maxSlowdown: options.maxSlowdown,
      });
      // The budget reads the candidate artifact (its own latency percentiles and throughput)
      // unless its schema check failed: a broken artifact's numbers are not evidence; the same
      // for the candidate's envelope in the JSON.
      const candidateBroken = check.violations.some(
        (v) => v.file === check.candidate && v.check.startsWith('schema'),
      );
      const suite =
        check.candidate && !candidateBroken && (budgets || options.gate.json)
          ? readArtifact(join(dir, check.candidate), PERF_SUITE_SCHEMA)
          : null;
      results.push({
        dir,
        ok: check.ok,
        violations: check.violations,
        perf: check,
        envelope: suite?.envelope ?? null,
      });
      if (budgets && suite && check.candidate)
        evidence.push(budgets.performanceEvidenceFromSuite(suite, check.candidate));
    }
  }
  // A budget is evaluated only over inputs that passed the structural gate: a broken run's
  // numbers are not evidence (its own violations already fail the gate).
  const gate =
    budgets && budget ? budgets.evaluateBudgets(budget.file, evidence, budget.ref.sha256) : null;
  const ok = results.every((r) => r.ok) && (gate?.ok ?? true);
  await options.gate.print({
    result: {
      family,
      ok: results.every((r) => r.ok),
      results: results.map(({ perf, ...result }) => ({ ...result, ...perf })),
    },
    text: resultLines(results, family).join('\n'),
    gate,
    ok,
  });
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
    .addOption(budgetFileOption())
    .addOption(formatOption())
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
      '\nExamples:\n  $ benchmark-gate --family scientific results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family scientific results/benchmarks/dose/<run_against_baseline> --allow-regression\n  $ benchmark-gate --family scientific --deep --verify-key zpbench_signing.pub results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family performance benchmark_results --baseline perf/baseline.json --max-slowdown 1.2 --json\n  $ benchmark-gate --family scientific results/benchmarks/dose/<run_id> --budget-file budgets/dose.json --format csv\n  $ benchmark-gate --family performance benchmark_results --budget-file budgets/perf.json\n\nPerformance: compares the p50 latency of every benchmark of the newest benchmarks_<timestamp>.json\nwith the baseline; a baseline from another machine class, Node.js major or suite version is refused (exit 2).',
    )
    .exitOverride()
    .action(
      async (
        dirs: string[],
        options: Omit<GateOptions, 'gate'> & {
          family: 'scientific' | 'performance';
          budgetFile?: string;
          format?: string;
        },
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
        const gate = await budgetGate(options);
        process.exitCode = await runGate(options.family, dirs, { ...options, gate });
      },
    );
}
