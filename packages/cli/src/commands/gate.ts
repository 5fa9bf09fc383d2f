import { join } from 'node:path';
import {
  checkPerfDir,
  checkRunDir,
  claimViolations,
  DEFAULT_MAX_SLOWDOWN,
  ERROR_CODES,
  type LoadedBudgetFile,
  PERF_SUITE_SCHEMA,
  readArtifact,
  type Violation,
  ZpbenchError,
} from '@zpbench/core';
import {
  type BudgetEvidence,
  evaluateBudgets,
  performanceEvidenceFromSuite,
  scientificEvidence,
} from '@zpbench/runner';
import { Command, Option } from 'commander';
import {
  budgetFileOption,
  checkFormat,
  formatOption,
  loadBudget,
  printBudgetVerdict,
} from '../budget-output.js';
import { lookupContract } from '../domains.js';
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

/** Runs the gate for a family on the given directories; returns the exit code. */
export async function runGate(
  family: 'scientific' | 'performance',
  dirs: readonly string[],
  options: {
    json?: boolean;
    baseline?: string;
    maxSlowdown?: number;
    budget?: LoadedBudgetFile | null;
    format?: string;
  },
): Promise<number> {
  const results: (GateResult & Record<string, unknown>)[] = [];
  const evidence: BudgetEvidence[] = [];
  for (const dir of dirs) {
    if (family === 'scientific') {
      // Structure first (only the run's own domain is loaded, schemas only); then the verdicts.
      const check = await checkRunDir(dir, { domains: lookupContract });
      const violations = [...check.violations, ...claimViolations(check.artifacts.claimAudit)];
      results.push({ dir, ok: violations.length === 0, violations });
      const { summary, claimAudit, pairedStats } = check.artifacts;
      if (options.budget && check.ok && summary && claimAudit && check.manifest)
        evidence.push(
          scientificEvidence({
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
      results.push({ ...check, dir });
      // Performance-suite v1 through its adapter; the v2 artifact of `zpbench perf` plugs in here.
      const candidateBroken = check.violations.some(
        (v) => v.file === check.candidate && v.check.startsWith('schema'),
      );
      if (options.budget && check.candidate && !candidateBroken)
        evidence.push(
          performanceEvidenceFromSuite(
            readArtifact(join(dir, check.candidate), PERF_SUITE_SCHEMA),
            check.candidate,
          ),
        );
    }
  }
  // A budget is evaluated only over inputs that passed the structural gate: a broken run's
  // numbers are not evidence (its own violations already fail the gate).
  const gate = options.budget
    ? evaluateBudgets(options.budget.file, evidence, options.budget.ref.sha256)
    : null;
  const ok = results.every((r) => r.ok) && (gate?.ok ?? true);
  if (options.json)
    printJson({ family, ok, results, ...(gate ? { gate, budget_file: options.budget?.ref } : {}) });
  else if (options.format === 'csv' && gate && options.budget)
    printBudgetVerdict(gate, options.budget.ref.path, 'csv');
  else {
    printResults(results, family);
    if (gate && options.budget) printBudgetVerdict(gate, options.budget.ref.path, 'text');
  }
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
      '\nExamples:\n  $ benchmark-gate --family scientific results/benchmarks/dose/run_20260407_150800_abcd123\n  $ benchmark-gate --family performance benchmark_results --max-slowdown 1.2 --json\n  $ benchmark-gate --family scientific results/benchmarks/dose/<run_id> --budget-file budgets/dose.json --format csv',
    )
    .exitOverride()
    .action(
      async (
        dirs: string[],
        options: {
          family: 'scientific' | 'performance';
          json?: boolean;
          baseline?: string;
          maxSlowdown?: number;
          budgetFile?: string;
          format?: string;
        },
        command: Command,
      ) => {
        const budget = loadBudget(options.budgetFile);
        checkFormat(options.format, budget);
        if (options.json && options.format === 'csv')
          throw new ZpbenchError(
            ERROR_CODES.USAGE,
            '--json and --format csv cannot be combined; choose one',
          );
        refuseInapplicable(
          command,
          ['--baseline', '--max-slowdown'],
          options.family === 'performance',
          'applies only to --family performance',
        );
        process.exitCode = await runGate(options.family, dirs, { ...options, budget });
      },
    );
}
