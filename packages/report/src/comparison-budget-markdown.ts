import {
  type BaselineComparison,
  escapeMarkdown,
  heading,
  markdownCode,
  markdownTable,
} from '@zpbench/core';

const value = (x: number | string | null) => (x === null ? '—' : escapeMarkdown(String(x)));

/**
 * The budget blocks of one pair (`runs compare --budget-file`): both runs' verdicts, then every
 * threshold whose status changed (pass ↔ fail, or evaluated in one run only). Strings escaped.
 */
export function comparisonBudgetBlocks(
  pair: BaselineComparison,
  index: number,
  total: number,
): string[] {
  const budget = pair.budget;
  if (!budget) return [];
  const verdict = (v: typeof budget.baseline) =>
    `${v.ok ? 'PASS' : 'FAIL'} (${v.n_violations} of ${v.n_checks} thresholds violated)`;
  const blocks = [
    heading(2, `Budget status${total > 1 ? ` (pair ${index + 1})` : ''}`),
    `Budget file ${markdownCode(budget.budget_file.path)} (${markdownCode(budget.budget_file.sha256)}): baseline ${markdownCode(pair.baseline.run_id)} ${verdict(budget.baseline)}; candidate ${markdownCode(pair.candidate.run_id)} ${verdict(budget.candidate)}.`,
  ];
  if (budget.status_changes.length === 0)
    return [...blocks, 'No threshold changed status between the runs.'];
  return [
    ...blocks,
    markdownTable(
      ['budget', 'selector', 'subject', 'threshold', 'baseline', 'candidate'],
      budget.status_changes.map((c) => [
        String(c.budget),
        escapeMarkdown(c.selector),
        escapeMarkdown(c.subject),
        markdownCode(c.threshold_name),
        `${c.baseline} (${value(c.baseline_observed)})`,
        `${c.candidate} (${value(c.candidate_observed)})`,
      ]),
    ),
  ];
}
