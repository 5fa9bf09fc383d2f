import {
  escapeMarkdown,
  formatMeanInterval,
  formatNumber,
  formatP,
  heading,
  joinBlocks,
  markdownCode,
  markdownTable,
  type PairedComparison,
  type PairedStatsV1,
} from '@zpbench/core';

const COMPARISON_HEADERS = [
  'metric',
  'model − reference',
  'n',
  'mean Δ [95% CI]',
  'sign-flip p',
  'Wilcoxon p',
  'sign-test p',
  'W/L/T',
  'd_z',
];
const COMPARISON_ALIGN = 'llrrrrrrr';

function comparisonRow(comparison: PairedComparison): string[] {
  return [
    markdownCode(comparison.metric),
    `${markdownCode(comparison.model)} − ${markdownCode(comparison.reference)}`,
    String(comparison.n),
    formatMeanInterval(comparison.mean_delta, comparison.ci95),
    formatP(comparison.sign_flip_p),
    formatP(comparison.wilcoxon_p),
    formatP(comparison.sign_test_p),
    `${comparison.wins}/${comparison.losses}/${comparison.ties}`,
    formatNumber(comparison.cohens_dz, 3),
  ];
}

/** A regression verdict's severity: a number, or unbounded when a zero-variance slot regressed. */
export function formatSeverity(severity: number | null): string {
  return severity === null
    ? 'unbounded (a slot with zero-variance differences regressed)'
    : formatNumber(severity);
}

type VerdictSlots = NonNullable<NonNullable<PairedStatsV1['baseline_run']>['regression']>['slots'];

/**
 * The current-minus-baseline table with the p the regression verdict flags each slot by (its
 * one-sided severity-test p; ✗ when flagged), beside the two-sided tests of the mean Δ.
 */
function renderBaselineTable(deltas: readonly PairedComparison[], slots: VerdictSlots): string {
  if (deltas.length === 0) return 'No paired deltas against the baseline run.';
  if (!slots) return renderComparisonTable(deltas, '');
  const bySlot = new Map(slots.map((s) => [s.slot, s]));
  const rows = deltas.map((d) => {
    const slot = bySlot.get(`${d.model}/${d.metric}`);
    const p = slot
      ? `${formatP(slot.p)}${slot.zero_variance ? ' (zero variance)' : ''}${slot.flagged ? ' ✗' : ''}`
      : 'not tested';
    const row = comparisonRow(d);
    return [...row.slice(0, 4), p, ...row.slice(4)];
  });
  return markdownTable(
    [...COMPARISON_HEADERS.slice(0, 4), 'regression p', ...COMPARISON_HEADERS.slice(4)],
    rows,
    `${COMPARISON_ALIGN.slice(0, 4)}r${COMPARISON_ALIGN.slice(4)}`,
  );
}

/** A table of paired comparisons, or a sentence when there are none. */
export function renderComparisonTable(
  comparisons: readonly PairedComparison[],
  none: string,
): string {
  if (comparisons.length === 0) return none;
  return markdownTable(COMPARISON_HEADERS, comparisons.map(comparisonRow), COMPARISON_ALIGN);
}

/** The within-run and baseline-run sections of paired stats, at a given heading level. */
export function renderPairedSections(paired: PairedStatsV1, level: number): string[] {
  const blocks: string[] = [
    heading(level, 'Within-run comparisons'),
    `Claimed model ${paired.claimed_model === null ? 'none' : markdownCode(paired.claimed_model)} against each baseline, paired by seed. Wins, losses and ties count seeds where the model is better, worse or equal by the metric's direction; d_z is the mean difference over the sd of differences.`,
    renderComparisonTable(paired.comparisons, 'No within-run comparisons were recorded.'),
    heading(level, 'Against a baseline run'),
  ];
  const baseline = paired.baseline_run;
  if (!baseline) {
    blocks.push('No baseline run was given; there are no current-minus-baseline deltas.');
    return blocks;
  }
  blocks.push(
    `Baseline run ${markdownCode(baseline.run_id)} (config hash ${markdownCode(baseline.config_hash)}, manifest sha256 ${markdownCode(baseline.manifest_sha256)}).`,
  );
  const verdict = baseline.regression;
  if (verdict) {
    const flagged =
      verdict.flagged.length > 0 ? verdict.flagged.map(markdownCode).join(', ') : 'none';
    blocks.push(
      `Regression verdict: **${escapeMarkdown(verdict.verdict)}**: severity sign-flip meta p ${formatP(verdict.meta_p)} (alpha ${formatNumber(verdict.alpha)}, ${escapeMarkdown(verdict.method)}, ${verdict.n_perm} permutations), severity ${formatSeverity(verdict.severity)}, ${verdict.n_flagged} of ${verdict.n_slots} slots flagged: ${flagged}.`,
    );
    if (verdict.slots)
      blocks.push(
        `The regression p is the one-sided slot p the verdict flags a slot by (✗: below alpha ${formatNumber(verdict.alpha)}); the sign-flip, Wilcoxon and sign-test p are two-sided tests of the mean Δ alone.`,
      );
  } else {
    blocks.push('No regression verdict was recorded.');
  }
  blocks.push(renderBaselineTable(baseline.deltas, verdict?.slots));
  return blocks;
}

/**
 * Renders `aggregated/paired_stats.md` from a parsed `aggregated/paired_stats.json`: within-run
 * paired comparisons and, when present, current-minus-baseline deltas with the regression verdict. Pure.
 * @example
 * writeFileSync('paired_stats.md', renderPairedStatsMarkdown(paired));
 */
export function renderPairedStatsMarkdown(paired: PairedStatsV1): string {
  return joinBlocks([
    heading(1, `Paired statistics: ${markdownCode(paired.domain)} / ${markdownCode(paired.mode)}`),
    `Seeds ${paired.seeds.join(', ') || 'none'}; config hash ${markdownCode(paired.config_hash)}. Intervals are 95% t-intervals of the mean paired difference; p-values are two-sided.`,
    ...renderPairedSections(paired, 2),
  ]);
}
