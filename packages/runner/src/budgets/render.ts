import { type BudgetCheck, type BudgetVerdictV1, markdownTable } from '@zpbench/core';

const cell = (value: BudgetCheck['observed']) =>
  value === null ? '—' : typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;

const COLUMNS = [
  'budget',
  'selector',
  'source',
  'subject',
  'threshold_name',
  'threshold',
  'observed',
  'reason',
] as const;

/**
 * The gate report of a verdict as plain text lines: one line of totals, then the violation
 * table (budget index, selector, source, subject, threshold name, threshold, observed, reason).
 */
export function renderBudgetReport(verdict: BudgetVerdictV1, budgetPath: string): string {
  const head = `budget gate ${verdict.ok ? 'PASS' : 'FAIL'}: ${verdict.n_violations} violation${verdict.n_violations === 1 ? '' : 's'} in ${verdict.n_checks} check${verdict.n_checks === 1 ? '' : 's'} (${budgetPath}, ${verdict.budget_sha256.slice(0, 19)}…)`;
  const violations = verdict.checks.filter((c) => !c.ok);
  if (violations.length === 0) return `${head}\n`;
  const rows = violations.map((c) => [
    String(c.budget),
    c.selector,
    c.source || '—',
    c.subject,
    c.threshold_name,
    cell(c.threshold),
    cell(c.observed),
    c.reason,
  ]);
  return `${head}\n${markdownTable([...COLUMNS], rows)}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The violation table as CSV (RFC 4180), header first; every check with `--all`. */
export function budgetViolationsCsv(verdict: BudgetVerdictV1, { all = false } = {}): string {
  const rows = verdict.checks
    .filter((c) => all || !c.ok)
    .map((c) =>
      [
        String(c.budget),
        c.selector,
        c.source,
        c.subject,
        c.threshold_name,
        c.threshold === null ? '' : String(c.threshold),
        c.observed === null ? '' : String(c.observed),
        c.ok ? 'pass' : 'fail',
        c.reason,
      ]
        .map(csvField)
        .join(','),
    );
  return `${[[...COLUMNS.slice(0, 7), 'status', 'reason'].join(','), ...rows].join('\r\n')}\r\n`;
}

/** How a gated command prints: the command's own output, the gate report, or the CSV table. */
export type GateOutputFormat = 'text' | 'csv' | 'json';

/** What {@link gatedOutput} combines. */
export interface GatedOutputInput<R> {
  /** The command's own result (its `--json` object without a budget). */
  readonly result: R;
  /** The command's own text output, printed first in text format. */
  readonly text: string;
  /** The budget verdict, or null without `--budget-file`. */
  readonly gate: BudgetVerdictV1 | null;
  /** Path and digest of the budget file, as given. */
  readonly budgetFile: { readonly path: string } | null;
  /** Whether the command passes as a whole (the result and the gate). */
  readonly ok: boolean;
}

/**
 * The output of a command gated by a budget, one rule for `zpbench <domain>`, `runs compare` and
 * `benchmark-gate` (as the seed's): `json` holds `{ok, result, gate, budget_file}` with a budget
 * (the bare result without one), `csv` the violation table alone, `text` the command's own
 * output then the gate report.
 */
export function gatedOutput<R>(input: GatedOutputInput<R>, format: GateOutputFormat): string {
  const { gate, budgetFile } = input;
  if (format === 'json')
    return `${JSON.stringify(
      gate && budgetFile
        ? { ok: input.ok, result: input.result, gate, budget_file: budgetFile }
        : input.result,
      null,
      2,
    )}\n`;
  if (format === 'csv') {
    if (!gate) throw new Error('gatedOutput: the csv format needs a budget verdict');
    return budgetViolationsCsv(gate);
  }
  const report = gate && budgetFile ? renderBudgetReport(gate, budgetFile.path) : '';
  const text = input.text === '' || input.text.endsWith('\n') ? input.text : `${input.text}\n`;
  return report ? `${text}\n${report}` : text;
}
