import {
  type BaselineComparison,
  type ComparedRun,
  type ComparisonRegression,
  type ComparisonV1,
  escapeMarkdown,
  formatInterval,
  formatMeanInterval,
  formatNumber,
  formatP,
  formatPercent,
  heading,
  joinBlocks,
  type MetricDiff,
  MISSING,
  markdownCode,
  markdownTable,
  renderEnvelopeMarkdown,
} from '@zpbench/core';
import { comparisonBudgetBlocks } from './comparison-budget-markdown.js';
import { formatSeverity } from './paired-stats-markdown.js';

/** The slot label a verdict names a row by: `model/metric`. */
export function diffLabel(diff: Pick<MetricDiff, 'model' | 'metric'>): string {
  return `${diff.model}/${diff.metric}`;
}

const STATUS_TEXT: Readonly<Record<MetricDiff['status'], string>> = {
  improved: 'improved',
  regressed: '**regressed**',
  unchanged: 'unchanged',
  'no-direction': 'no direction',
  'not-comparable': 'not comparable',
};

/** A row's test, as its p column's neighbour names it. */
const TEST_TEXT: Readonly<Record<NonNullable<MetricDiff['test']>, string>> = {
  'paired-sign-flip': 'paired sign-flip',
  'unpaired-permutation': 'unpaired permutation',
};

/** How the seeds of a pair were used, in one sentence. */
function pairingText(pair: BaselineComparison): string {
  const { context, baseline: b, candidate: c } = pair;
  const shared = context.common_seeds.length;
  if (context.pairing === 'paired')
    return `paired on the ${shared} seeds both runs have; every p from the paired sign-flip test.`;
  const test =
    'every p from the unpaired permutation test of the difference of means (the runs as two samples)';
  if (context.pairing === 'unpaired')
    return `unpaired: the runs share no seed (${b.seeds.length} baseline, ${c.seeds.length} candidate seeds); ${test}.`;
  return `partial: the runs share ${shared} of their seeds (${b.seeds.length} baseline, ${c.seeds.length} candidate), so they do not pair; ${test}, a shared seed in both samples (conservative).`;
}

function runCell(run: ComparedRun): string {
  return markdownCode(run.run_id);
}

/** A run directory as given, unless it is absolute or climbs out (then it is not shown). */
export function safeRunDir(runDir: string): string | null {
  return /^(\/|[A-Za-z]:|\\)/.test(runDir) || /(^|[\\/])\.\.([\\/]|$)/.test(runDir) ? null : runDir;
}

function dirCell(run: ComparedRun): string {
  const dir = safeRunDir(run.run_dir);
  return dir === null ? 'not shown (absolute path)' : markdownCode(dir);
}

function commit(run: ComparedRun): string {
  if (run.git_commit === null) return 'none (no git checkout)';
  return `${markdownCode(run.git_commit.slice(0, 12))}${run.git_dirty ? ' (dirty)' : ''}`;
}

function contextBlocks(pair: BaselineComparison): string[] {
  const { baseline: b, candidate: c, context } = pair;
  const seeds = (run: ComparedRun) =>
    `${run.seeds.length} (${escapeMarkdown(run.seeds.join(', '))})`;
  const table = markdownTable(
    ['', 'baseline', 'candidate'],
    [
      ['run', runCell(b), runCell(c)],
      ['directory', dirCell(b), dirCell(c)],
      [
        'manifest sha256',
        markdownCode(b.manifest_sha256.slice(0, 16)),
        markdownCode(c.manifest_sha256.slice(0, 16)),
      ],
      [
        'domain / mode',
        `${markdownCode(b.domain)} / ${markdownCode(b.mode)}`,
        `${markdownCode(c.domain)} / ${markdownCode(c.mode)}`,
      ],
      [
        'config hash',
        markdownCode(b.config_hash.slice(0, 16)),
        markdownCode(c.config_hash.slice(0, 16)),
      ],
      ['created (UTC)', escapeMarkdown(b.created_utc), escapeMarkdown(c.created_utc)],
      ['commit', commit(b), commit(c)],
      ['zpbench', escapeMarkdown(b.zpbench_version), escapeMarkdown(c.zpbench_version)],
      ['seeds', seeds(b), seeds(c)],
    ],
  );
  const facts = [
    `- **Pairing:** ${escapeMarkdown(pairingText(pair))}`,
    `- **Dataset fingerprints:** ${escapeMarkdown(context.dataset_fingerprints)}.`,
    `- **Configuration:** ${escapeMarkdown(context.config)}${context.allow_config_diff ? ' (admitted by --allow-config-diff)' : ''}.`,
    `- **Schema versions:** ${Object.entries(context.schema_versions)
      .map(([marker, version]) => `${markdownCode(marker)} v${version}`)
      .join(', ')}.`,
  ].join('\n');
  const blocks = [heading(3, 'Shared context'), table, facts];
  if (context.config_differences.length > 0) {
    blocks.push(
      markdownTable(
        ['differing config key', 'baseline', 'candidate', 'kind'],
        context.config_differences.map((d) => [
          markdownCode(d.key),
          d.baseline === null ? MISSING : markdownCode(d.baseline),
          d.candidate === null ? MISSING : markdownCode(d.candidate),
          d.treatment ? 'treatment' : '**setup**',
        ]),
      ),
    );
  }
  return blocks;
}

/** The columns of the metric table, shared with the HTML page (which renders this Markdown). */
const DIFF_HEADERS = [
  'model',
  'metric',
  'dir.',
  'baseline mean [95% CI]',
  'candidate mean [95% CI]',
  'Δ',
  'Δ 95% CI',
  'p',
  'test',
  'd',
  'sign agreement',
  'status',
];

function diffRow(diff: MetricDiff, flagged: ReadonlySet<string>): string[] {
  return [
    markdownCode(diff.model),
    `${markdownCode(diff.metric)}${flagged.has(diffLabel(diff)) ? ' ✗' : ''}`,
    diff.direction === 'higher' ? '↑' : diff.direction === 'lower' ? '↓' : MISSING,
    formatMeanInterval(diff.baseline.mean, diff.baseline.ci95),
    formatMeanInterval(diff.candidate.mean, diff.candidate.ci95),
    formatNumber(diff.delta),
    formatInterval(diff.delta_ci95),
    formatP(diff.p),
    diff.test === null ? MISSING : TEST_TEXT[diff.test],
    formatNumber(diff.cohens_d),
    formatPercent(diff.sign_agreement),
    STATUS_TEXT[diff.status],
  ];
}

function diffBlocks(pair: BaselineComparison): string[] {
  const flagged = new Set(pair.regression?.verdict?.flagged ?? []);
  const counts = (['regressed', 'improved', 'unchanged'] as const)
    .map((status) => `${pair.diffs.filter((d) => d.status === status).length} ${status}`)
    .join(', ');
  const blocks = [
    heading(3, 'Metrics'),
    `${pair.diffs.length} rows: ${counts}. Δ = candidate − baseline; ↑ higher is better, ↓ lower is better${flagged.size > 0 ? '; ✗ marks a slot the regression verdict flags' : ''}.`,
    markdownTable(
      DIFF_HEADERS,
      pair.diffs.map((diff) => diffRow(diff, flagged)),
      'lllrrrrrlrrl',
    ),
  ];
  const notes = pair.diffs.filter((d) => d.note !== null);
  if (notes.length > 0)
    blocks.push(
      notes
        .map((d) => `- ${markdownCode(diffLabel(d))}: ${escapeMarkdown(d.note as string)}`)
        .join('\n'),
    );
  return blocks;
}

function claimTable(claims: ComparisonRegression['claim_failures']['new']): string {
  return markdownTable(
    ['claim', 'metric', 'required', 'reason'],
    claims.map((c) => [
      markdownCode(c.id),
      markdownCode(c.metric),
      c.required ? 'yes' : 'no',
      escapeMarkdown(c.reason),
    ]),
  );
}

function regressionBlocks(
  regression: ComparisonRegression,
  test: BaselineComparison['context']['test'],
): string[] {
  const v = regression.verdict;
  const name =
    test === 'unpaired-permutation'
      ? 'unpaired severity permutation meta p'
      : 'severity sign-flip meta p';
  const blocks = [heading(3, 'Regression verdict')];
  blocks.push(
    v
      ? `**${escapeMarkdown(v.verdict)}**: ${name} ${formatP(v.meta_p)} at alpha ${formatNumber(v.alpha)} (${escapeMarkdown(v.method)}, ${v.n_perm} permutations), severity ${formatSeverity(v.severity)}, ${v.n_flagged} of ${v.n_slots} slots flagged${v.flagged.length > 0 ? `: ${v.flagged.map(markdownCode).join(', ')}` : ''}.`
      : `No verdict: ${escapeMarkdown(regression.verdict_note ?? 'none recorded')}.`,
  );
  const { claim_failures: claims } = regression;
  blocks.push(heading(3, 'Claim failures'));
  blocks.push(
    `${claims.new.length} new, ${claims.removed.length} removed, ${claims.persisting.length} persisting.`,
  );
  if (claims.new.length > 0) blocks.push('New failures:', claimTable(claims.new));
  if (claims.removed.length > 0) blocks.push('Removed failures:', claimTable(claims.removed));
  if (claims.persisting.length > 0)
    blocks.push('Persisting failures:', claimTable(claims.persisting));
  blocks.push(heading(3, 'Metric status changes'));
  blocks.push(
    regression.metric_status_changes.length === 0
      ? 'No model × metric changed whether it is defined on every seed.'
      : markdownTable(
          ['model', 'metric', 'baseline', 'candidate'],
          regression.metric_status_changes.map((c) => [
            markdownCode(c.model),
            markdownCode(c.metric),
            escapeMarkdown(c.baseline),
            escapeMarkdown(c.candidate),
          ]),
        ),
  );
  blocks.push(heading(3, 'Provenance differences'));
  blocks.push(
    regression.provenance_differences.length === 0
      ? 'Same zpbench and library versions, git state and machine.'
      : markdownTable(
          ['field', 'baseline', 'candidate'],
          regression.provenance_differences.map((d) => [
            markdownCode(d.field),
            d.baseline === null ? MISSING : markdownCode(d.baseline),
            d.candidate === null ? MISSING : markdownCode(d.candidate),
          ]),
        ),
  );
  const drift = regression.artifact_drift;
  const x = drift.excluded;
  blocks.push(heading(3, 'Artifact drift'));
  blocks.push(
    `${drift.compared} safe artifacts compared by sha256: ${drift.changed.length} changed, ${drift.only_in_baseline.length} only in the baseline, ${drift.only_in_candidate.length} only in the candidate; ${drift.not_compared} journal and report files not compared (they hold run ids and timestamps); ${x.count} unsafe references excluded and not shown (${x.absolute} absolute, ${x.outside_run} outside the run, ${x.checkpoint} checkpoints or weights, ${x.binary} binary).`,
  );
  const listed = [
    ...drift.changed.map((d) => [
      markdownCode(d.path),
      escapeMarkdown(d.role),
      'changed',
      `${markdownCode(d.baseline_sha256.slice(0, 12))} → ${markdownCode(d.candidate_sha256.slice(0, 12))}`,
    ]),
    ...drift.only_in_baseline.map((d) => [
      markdownCode(d.path),
      escapeMarkdown(d.role),
      'only in baseline',
      MISSING,
    ]),
    ...drift.only_in_candidate.map((d) => [
      markdownCode(d.path),
      escapeMarkdown(d.role),
      'only in candidate',
      MISSING,
    ]),
  ];
  if (listed.length > 0)
    blocks.push(markdownTable(['artifact', 'role', 'drift', 'sha256'], listed));
  return blocks;
}

function pairBlocks(pair: BaselineComparison, index: number, total: number): string[] {
  const title = `${total > 1 ? `${index + 1}. ` : ''}Baseline ${markdownCode(pair.baseline.run_id)} → candidate ${markdownCode(pair.candidate.run_id)}`;
  const blocks = [heading(2, title), ...contextBlocks(pair)];
  if (pair.status === 'refused') {
    blocks.push(heading(3, 'Refused'));
    blocks.push(
      pair.refusals
        .map((r) => `- **${escapeMarkdown(r.check)}**: ${escapeMarkdown(r.reason)}`)
        .join('\n'),
    );
    return blocks;
  }
  blocks.push(...diffBlocks(pair));
  if (pair.regression) blocks.push(...regressionBlocks(pair.regression, pair.context.test));
  return blocks;
}

/** The title of a comparison page. */
export function comparisonTitle(comparison: ComparisonV1): string {
  const first = comparison.baselines[0];
  const what = comparison.mode === 'regression' ? 'Regression review' : 'Run comparison';
  return first ? `${what}: ${first.context.domain} / ${first.context.mode}` : what;
}

/**
 * Renders a comparison as Markdown: the claim boundary and the metric semantics first, then for
 * each baseline–candidate pair its shared context (both runs, pairing, fingerprints, every
 * differing config key), the refusals or the metric rows, and in regression mode the verdict,
 * claim failures, metric status changes, provenance differences and artifact drift. Every string
 * from an artifact is escaped; unsafe references appear only as counts. Pure.
 */
export function renderComparisonMarkdown(comparison: ComparisonV1): string {
  const total = comparison.baselines.length;
  return joinBlocks([
    heading(1, escapeMarkdown(comparisonTitle(comparison))),
    `**Claim boundary.** ${escapeMarkdown(comparison.claim_boundary)}`,
    `**Metric semantics.** ${escapeMarkdown(comparison.metric_semantics)}`,
    `Compared by zpbench ${escapeMarkdown(comparison.zpbench_version)}, ${escapeMarkdown(comparison.mode)} mode, alpha ${formatNumber(comparison.alpha)}; ${total} baseline–candidate pair${total === 1 ? '' : 's'}.`,
    ...comparison.baselines.flatMap((pair, i) => pairBlocks(pair, i, total)),
    ...comparison.baselines.flatMap((pair, i) => comparisonBudgetBlocks(pair, i, total)),
    ...(comparison.envelope ? renderEnvelopeMarkdown(comparison.envelope) : []),
  ]);
}
