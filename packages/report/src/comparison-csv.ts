import type { BaselineComparison, ComparisonV1, MetricDiff } from '@zpbench/core';
import { diffLabel } from './comparison-markdown.js';

/** The columns of the CSV, one row per baseline–candidate pair × model × metric. */
export const COMPARISON_CSV_COLUMNS = [
  'baseline_run_id',
  'candidate_run_id',
  'pair_status',
  'model',
  'metric',
  'series',
  'step',
  'direction',
  'unit',
  'baseline_n',
  'baseline_mean',
  'baseline_ci95_low',
  'baseline_ci95_high',
  'candidate_n',
  'candidate_mean',
  'candidate_ci95_low',
  'candidate_ci95_high',
  'n_pairs',
  'delta',
  'delta_ci95_low',
  'delta_ci95_high',
  'p',
  'test',
  'cohens_d',
  'sign_agreement',
  'status',
  'regression_flagged',
  'regression_verdict',
  'regression_meta_p',
  'note',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a text field that
 * a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return) is
 * prefixed with `'`. Numbers are written in full precision, as JSON writes them.
 */
function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function diffRow(pair: BaselineComparison, diff: MetricDiff): (string | number | boolean | null)[] {
  const verdict = pair.regression?.verdict ?? null;
  return [
    pair.baseline.run_id,
    pair.candidate.run_id,
    pair.status,
    diff.model,
    diff.metric,
    diff.series,
    diff.step,
    diff.direction,
    diff.unit,
    diff.baseline.n,
    diff.baseline.mean,
    diff.baseline.ci95?.[0] ?? null,
    diff.baseline.ci95?.[1] ?? null,
    diff.candidate.n,
    diff.candidate.mean,
    diff.candidate.ci95?.[0] ?? null,
    diff.candidate.ci95?.[1] ?? null,
    diff.n_pairs,
    diff.delta,
    diff.delta_ci95?.[0] ?? null,
    diff.delta_ci95?.[1] ?? null,
    diff.p,
    diff.test,
    diff.cohens_d,
    diff.sign_agreement,
    diff.status,
    pair.regression ? (verdict?.flagged.includes(diffLabel(diff)) ?? false) : null,
    verdict?.verdict ?? null,
    verdict?.meta_p ?? null,
    diff.note,
  ];
}

/**
 * The comment preamble of a comparison CSV that carries its provenance envelope: exactly two
 * lines starting with `#`, the second the envelope's JSON on one line. A preamble rather than a
 * sidecar file, because the CSV may go to stdout, and a cited table must carry its envelope in
 * the one file that is attached; a reader skips the two lines (`skiprows=2`, `grep -v '^#'`).
 */
export function comparisonCsvPreamble(comparison: ComparisonV1): string[] {
  if (!comparison.envelope) return [];
  return [
    `# ${comparison.envelope.schema} v${comparison.envelope.schema_version}: the next line is its JSON; skip the 2 lines starting with # to read the table`,
    `# ${JSON.stringify(comparison.envelope)}`,
  ];
}

/**
 * Renders a comparison as CSV: the envelope preamble (when the comparison has one, see
 * {@link comparisonCsvPreamble}), a header, then one row per pair × model × metric with both
 * distributions, the delta, its interval, p, d, sign agreement and status (in regression mode
 * also whether the verdict flags the row, the verdict and its meta p); a refused pair is one row
 * with its reasons as the note. Numbers keep full precision. Pure.
 */
export function renderComparisonCsv(comparison: ComparisonV1): string {
  const lines = [...comparisonCsvPreamble(comparison), COMPARISON_CSV_COLUMNS.join(',')];
  for (const pair of comparison.baselines) {
    if (pair.status === 'refused') {
      const row = COMPARISON_CSV_COLUMNS.map((column) =>
        column === 'baseline_run_id'
          ? pair.baseline.run_id
          : column === 'candidate_run_id'
            ? pair.candidate.run_id
            : column === 'pair_status'
              ? pair.status
              : column === 'note'
                ? pair.refusals.map((r) => `${r.check}: ${r.reason}`).join('; ')
                : null,
      );
      lines.push(row.map(field).join(','));
      continue;
    }
    for (const diff of pair.diffs) lines.push(diffRow(pair, diff).map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
