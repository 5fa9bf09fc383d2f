import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CalibrationSource } from '@zpbench/runner';
import { Command } from 'commander';
import { lookupContract } from '../domains.js';
import { pathIn, pathsIn } from '../flags.js';
import { EXIT } from '../main.js';
import { printJson, println } from '../output.js';
import { ZPBENCH_VERSION } from '../version.js';

async function readSource(path: string): Promise<CalibrationSource> {
  const { PERF_SUITE_SCHEMA, RUN_FILES, readArtifact, readBenchmarkRun, sha256Hex } = await import(
    '@zpbench/core'
  );
  if (statSync(path).isDirectory()) {
    const run = await readBenchmarkRun(path, { domains: lookupContract });
    return {
      kind: 'run',
      path,
      id: run.manifest.run_id,
      sha256: `sha256:${sha256Hex(readFileSync(join(path, RUN_FILES.manifest)))}`,
      summary: run.summary,
    };
  }
  return {
    kind: 'performance',
    path,
    id: basename(path),
    sha256: `sha256:${sha256Hex(readFileSync(path))}`,
    suite: readArtifact(path, PERF_SUITE_SCHEMA, `--report ${path}`),
  };
}

/** `zpbench budgets calibrate …`: candidate budgets from preserved runs, never editing the current file. */
export function createBudgetsCommand(): Command {
  const budgets = new Command('budgets').description(
    'Budget files: calibrate candidate thresholds from preserved runs (docs/budgets.md).',
  );
  budgets
    .command('calibrate')
    .summary('derive candidate budgets from preserved runs and performance artifacts')
    .description(
      'Derive candidate budgets from preserved run directories and performance JSON by a one-sided tolerance bound (coverage 0.95, confidence 0.95); writes budget-calibration.json, candidate-budgets.json and budget-calibration.md, never editing the current budget.',
    )
    .requiredOption(
      '--report <paths...>',
      'run directories or performance-suite JSON files (several: the spread across runs counts)',
      pathsIn('--report', {
        kind: 'file-or-directory',
        expected: 'a completed run directory or a performance-suite JSON file',
      }),
    )
    .option(
      '--current-budget <file>',
      'the budget file in force (read only): its thresholds become the "old" column',
      pathIn('--current-budget', { kind: 'file', expected: 'a budget JSON file' }),
    )
    .requiredOption(
      '--output <dir>',
      'directory for the three calibration files',
      pathIn('--output', {
        kind: 'output-directory',
        expected: 'a directory for the calibration files',
        writable: true,
      }),
    )
    .requiredOption('--machine-class <name>', 'the machine class the thresholds hold for')
    .option('--json', 'print budget-calibration.json on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench budgets calibrate --report results/benchmarks/dose/run_a results/benchmarks/dose/run_b \\\n      --current-budget budgets/dose.json --output results/calibration --machine-class linux-x64-2core',
    )
    .action(
      async (options: {
        report: string[];
        currentBudget?: string;
        output: string;
        machineClass: string;
        json?: boolean;
      }) => {
        const { formatArtifactJson, readBudgetFile, writeFileAtomic } = await import(
          '@zpbench/core'
        );
        const { calibrateBudgets } = await import('@zpbench/runner');
        const sources: CalibrationSource[] = [];
        for (const path of options.report) sources.push(await readSource(path));
        const current = options.currentBudget
          ? readBudgetFile(options.currentBudget, `--current-budget ${options.currentBudget}`)
          : null;
        const out = calibrateBudgets({
          sources,
          current,
          machineClass: options.machineClass,
          argv: process.argv.slice(2),
          zpbenchVersion: ZPBENCH_VERSION,
          now: new Date(),
        });
        writeFileAtomic(
          join(options.output, 'budget-calibration.json'),
          formatArtifactJson(out.calibration),
        );
        writeFileAtomic(
          join(options.output, 'candidate-budgets.json'),
          formatArtifactJson(out.candidates),
        );
        writeFileAtomic(join(options.output, 'budget-calibration.md'), out.markdown);
        if (options.json) printJson(out.calibration);
        else {
          const counts = new Map<string, number>();
          for (const row of out.calibration.rows)
            counts.set(row.change, (counts.get(row.change) ?? 0) + 1);
          println(
            `${out.calibration.rows.length} thresholds from ${sources.length} source${sources.length === 1 ? '' : 's'} (${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}) → ${options.output}`,
          );
        }
        process.exitCode = EXIT.ok;
      },
    );
  return budgets;
}
