import type { BudgetVerdictV1, LoadedBudgetFile } from '@zpbench/core';
import { ERROR_CODES, ZpbenchError } from '@zpbench/core/light';
import { Option } from 'commander';
import { pathIn } from './flags.js';

/** `--budget-file <file>`: checked while parsing (a readable file). */
export function budgetFileOption(): Option {
  return new Option(
    '--budget-file <file>',
    'gate the result with a budget file ({"budgets": [ … ]}, docs/budgets.md): prints the gate report, exit 1 on a violation',
  ).argParser(pathIn('--budget-file', { kind: 'file', expected: 'a budget JSON file' }));
}

/** `--format <text|csv>`: csv prints the budget violation table. */
export function formatOption(): Option {
  return new Option(
    '--format <format>',
    'output format; csv prints the budget violation table (with --budget-file)',
  )
    .choices(['text', 'csv'])
    .default('text');
}

/** Reads the budget file of `--budget-file`, or null. */
export async function loadBudget(path: string | undefined): Promise<LoadedBudgetFile | null> {
  if (path === undefined) return null;
  const { readBudgetFile } = await import('@zpbench/core');
  return readBudgetFile(path, `--budget-file ${path}`);
}

/** Refuses `--format csv` without a budget file: there is no table to print. */
export function checkFormat(format: string | undefined, budget: LoadedBudgetFile | null): void {
  if (format === 'csv' && !budget)
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      '--format csv prints the budget violation table; add --budget-file',
    );
}

/** Prints a verdict as the gate report (text) or the violation table (csv). */
export async function printBudgetVerdict(
  verdict: BudgetVerdictV1,
  path: string,
  format: string,
): Promise<void> {
  const { budgetViolationsCsv, renderBudgetReport } = await import('@zpbench/runner');
  process.stdout.write(
    format === 'csv' ? budgetViolationsCsv(verdict) : `\n${renderBudgetReport(verdict, path)}`,
  );
}
