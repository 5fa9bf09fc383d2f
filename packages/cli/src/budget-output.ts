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

/** The flags a gated command takes. */
export interface BudgetFlags {
  readonly budgetFile?: string;
  /** `csv` prints the violation table; other values are the command's own formats. */
  readonly format?: string;
  readonly json?: boolean;
}

/** What a gated command prints once it has its result (see `gatedOutput` in the runner). */
export interface GatedPrint<R> {
  readonly result: R;
  /** The command's own text output (printed before the gate report). */
  readonly text: string;
  readonly gate: BudgetVerdictV1 | null;
  readonly ok: boolean;
}

/** The budget of a gated command and how it prints its output. */
export interface BudgetGate {
  readonly budget: LoadedBudgetFile | null;
  /** Whether the output is JSON (`--json` or `--format json`). */
  readonly json: boolean;
  /** Prints the output in the flags' format: JSON, the violation table, or text and the gate report. */
  print<R>(output: GatedPrint<R>): Promise<void>;
}

/**
 * The `--budget-file`/`--format`/`--json` handling of `zpbench <domain>`, `runs compare` and
 * `benchmark-gate`, in one place: reads and validates the budget file (exit 2 naming it), refuses
 * `--format csv` without one and `--json` with `--format csv`, and prints through the runner's
 * `gatedOutput`.
 */
export async function budgetGate(
  flags: BudgetFlags,
  { ownCsv = false }: { readonly ownCsv?: boolean } = {},
): Promise<BudgetGate> {
  const json = Boolean(flags.json) || flags.format === 'json';
  if (flags.json && flags.format === 'csv')
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      '--json and --format csv cannot be combined; choose one',
    );
  let budget: LoadedBudgetFile | null = null;
  if (flags.budgetFile !== undefined) {
    const { readBudgetFile } = await import('@zpbench/core');
    budget = readBudgetFile(flags.budgetFile, `--budget-file ${flags.budgetFile}`);
  }
  if (flags.format === 'csv' && !budget && !ownCsv)
    throw new ZpbenchError(
      ERROR_CODES.USAGE,
      '--format csv prints the budget violation table; add --budget-file',
    );
  const format = json ? 'json' : flags.format === 'csv' && budget ? 'csv' : 'text';
  return {
    budget,
    json,
    async print(output) {
      // Without a budget there is nothing to combine: the runner is not loaded (the gate stays light).
      if (!budget || !output.gate) {
        const text = json ? `${JSON.stringify(output.result, null, 2)}\n` : output.text;
        process.stdout.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
        return;
      }
      const { gatedOutput } = await import('@zpbench/runner');
      process.stdout.write(gatedOutput({ ...output, budgetFile: budget.ref }, format));
    },
  };
}
