import {
  type ClaimAuditV2,
  encodeHref,
  escapeMarkdown,
  formatNumber,
  formatP,
  heading,
  joinBlocks,
  MISSING,
  markdownCode,
  markdownTable,
  type PairedStatsV1,
  type ProvenanceEnvelopeV2,
  type ProvenanceV8,
  type ReportSection,
  type ResumeStateV3,
  renderEnvelopeMarkdown,
  type SummaryV1,
} from '@zpbench/core';
import { renderPairedSections } from './paired-stats-markdown.js';
import { renderReportSections } from './sections.js';
import { intervalNote, renderMetricSections, renderModelTable } from './summary-markdown.js';

/** A figure the run report links to, with run-relative paths. */
export interface ReportFigure {
  readonly path: string;
  readonly specPath: string;
  readonly title: string;
}

/** Everything RUN_REPORT.md is rendered from: stored artifacts only. */
export interface RunReportInput {
  /** The provenance envelope of the run (null without provenance.json). */
  readonly envelope?: ProvenanceEnvelopeV2 | null;
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1 | null;
  readonly claimAudit: ClaimAuditV2 | null;
  readonly provenance: ProvenanceV8 | null;
  readonly resumeState: ResumeStateV3 | null;
  readonly figures: readonly ReportFigure[];
  /** The domain's own sections (`DomainPlugin.reportSections`), rendered after the comparisons. */
  readonly domainSections: readonly ReportSection[];
  /** One line saying the run directory failed its integrity check; null for a verified run. */
  readonly integrityNotice: string | null;
}

/** The run's verdict in one word and the reasons behind it, from the stored audit and stats. */
export interface ReportVerdict {
  readonly verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  readonly reasons: readonly string[];
}

/**
 * The verdict a run's report opens with: FAIL when a required claim fails or the regression
 * against the baseline is FAIL, INCONCLUSIVE when nothing failed but a required claim could not
 * pass with the seeds given, PASS otherwise; null without a claim audit.
 */
export function reportVerdict(
  audit: ClaimAuditV2 | null,
  pairedStats: PairedStatsV1 | null,
): ReportVerdict | null {
  if (!audit) return null;
  const required = audit.claims.filter((c) => c.required);
  const failed = required.filter((c) => c.verdict === 'FAIL').map((c) => c.id);
  const inconclusive = required.filter((c) => c.verdict === 'INCONCLUSIVE').map((c) => c.id);
  const regression = pairedStats?.baseline_run?.regression ?? null;
  const reasons: string[] = [];
  if (failed.length)
    reasons.push(`required claim${failed.length === 1 ? '' : 's'} ${failed.join(', ')} FAIL`);
  if (regression?.verdict === 'FAIL')
    reasons.push(
      `regression against ${pairedStats?.baseline_run?.run_id} (meta p ${formatP(regression.meta_p)}; ${regression.flagged.join(', ') || 'no slot'} flagged)`,
    );
  if (inconclusive.length)
    reasons.push(
      `required claim${inconclusive.length === 1 ? '' : 's'} ${inconclusive.join(', ')} INCONCLUSIVE (too few seeds to pass)`,
    );
  const passed = audit.claims.filter((c) => c.verdict === 'PASS').length;
  if (reasons.length === 0)
    reasons.push(
      `every required claim passes (${passed} of ${audit.claims.length} claims pass)${regression ? `; no regression against ${pairedStats?.baseline_run?.run_id}` : ''}`,
    );
  const verdict =
    failed.length || regression?.verdict === 'FAIL'
      ? 'FAIL'
      : inconclusive.length
        ? 'INCONCLUSIVE'
        : 'PASS';
  return { verdict, reasons };
}

function verdictLine(verdict: ReportVerdict | null): string | null {
  if (!verdict) return null;
  return `**Verdict: ${verdict.verdict}**: ${escapeMarkdown(verdict.reasons.join('; '))}.`;
}

function identitySection(input: RunReportInput): string[] {
  const { summary, provenance, resumeState } = input;
  const planned = resumeState?.contract.seeds ?? summary.seeds;
  const failed = resumeState
    ? Object.entries(resumeState.seed_status)
        .filter(([, status]) => status === 'failed')
        .map(([seed]) => Number(seed))
        .sort((a, b) => a - b)
    : [];
  const rows: [string, string][] = [
    ['run id', provenance ? markdownCode(provenance.run_id) : MISSING],
    ['domain', markdownCode(summary.domain)],
    ['mode', markdownCode(summary.mode)],
    [
      'seeds',
      `${summary.n_seeds} aggregated of ${planned.length} planned (${summary.seeds.join(', ') || 'none'})`,
    ],
    ['failed seeds', failed.length > 0 ? failed.join(', ') : 'none'],
    ['config hash', markdownCode(summary.config_hash)],
    ['zpbench version', provenance ? markdownCode(provenance.zpbench_version) : MISSING],
    ['created (UTC)', provenance ? escapeMarkdown(provenance.created_utc) : MISSING],
  ];
  return [heading(2, 'Run identity'), markdownTable(['field', 'value'], rows)];
}

function claimSection(audit: ClaimAuditV2 | null): string[] {
  const blocks = [heading(2, 'Claim audit')];
  if (!audit) return [...blocks, 'No claim audit (`aggregated/claim_audit.json`) was found.'];
  if (audit.claims.length === 0)
    return [
      ...blocks,
      'The domain declares no claims for this mode. See [CLAIM_AUDIT.md](CLAIM_AUDIT.md).',
    ];
  const count = (verdict: string, required?: boolean) =>
    audit.claims.filter((c) => c.verdict === verdict && (required === undefined || c.required))
      .length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const requiredFailed = count('FAIL', true);
  const requiredInconclusive = count('INCONCLUSIVE', true);
  const requiredLine =
    requiredFailed + requiredInconclusive === 0
      ? 'no required claim fails'
      : `**${[
          requiredFailed ? `${plural(requiredFailed, 'required claim')} FAIL` : '',
          requiredInconclusive
            ? `${plural(requiredInconclusive, 'required claim')} INCONCLUSIVE (too few seeds)`
            : '',
        ]
          .filter(Boolean)
          .join(', ')}**`;
  blocks.push(
    `${count('PASS')} of ${audit.claims.length} claims pass, ${count('FAIL')} fail, ${count('INCONCLUSIVE')} inconclusive; ${requiredLine}. FAIL is evidence against a claim; INCONCLUSIVE means no outcome could pass it with the seeds given. Evidence and per-seed values: [CLAIM_AUDIT.md](CLAIM_AUDIT.md).`,
  );
  blocks.push(
    markdownTable(
      [
        'claim',
        'kind',
        'metric',
        'claimed vs baseline',
        'observed',
        'threshold',
        'p',
        'p (Holm)',
        'required',
        'verdict',
      ],
      audit.claims.map((claim) => [
        markdownCode(claim.id),
        escapeMarkdown(claim.kind),
        markdownCode(claim.metric),
        `${markdownCode(claim.claimed_model)}${claim.baseline_model === null ? '' : ` vs ${markdownCode(claim.baseline_model)}`}`,
        formatNumber(claim.observed),
        formatNumber(claim.threshold),
        formatP(claim.p_value),
        formatP(claim.p_holm),
        claim.required ? 'yes' : 'no',
        claim.verdict === 'PASS' ? 'PASS' : `**${claim.verdict}**`,
      ]),
      'llllrrrrll',
    ),
  );
  blocks.push(
    audit.claims
      .map(
        (claim) =>
          `- ${markdownCode(claim.id)}: ${escapeMarkdown(claim.description.replace(/\.\s*$/, ''))}. ${escapeMarkdown(claim.reason)}`,
      )
      .join('\n'),
  );
  return blocks;
}

/** Libraries the report names beside zpbench's own packages; the full list stays in provenance. */
const KEY_PACKAGES = new Set([
  'ajv',
  'commander',
  'marked',
  'seedrandom',
  'simple-statistics',
  'vega',
  'vega-lite',
  'zod',
]);

function provenanceSection(provenance: ProvenanceV8 | null): string[] {
  const blocks = [heading(2, 'Provenance')];
  if (!provenance) return [...blocks, 'No `provenance.json` was found.'];
  const git = provenance.git;
  const all = Object.entries(provenance.runtime.packages);
  const shown = all.filter(([name]) => name.startsWith('@zpbench/') || KEY_PACKAGES.has(name));
  const packages =
    shown.map(([name, version]) => `${markdownCode(name)} ${escapeMarkdown(version)}`).join(', ') +
    (all.length > shown.length
      ? `; ${all.length} packages in all, each with its version in \`provenance.json\``
      : '');
  const attempts = provenance.resume.attempts;
  const rows: [string, string][] = [
    [
      'git',
      git.commit === null
        ? 'not a git checkout'
        : `${markdownCode(git.commit)}${git.branch === null ? '' : ` on ${markdownCode(git.branch)}`}${git.dirty === true ? ' (**dirty worktree**)' : git.dirty === false ? ' (clean)' : ''}`,
    ],
    [
      'invocation',
      provenance.invocation.argv.length > 0
        ? `\`zpbench\` ${escapeMarkdown(provenance.invocation.argv.join(' '))}`
        : MISSING,
    ],
    [
      'node',
      `${escapeMarkdown(provenance.runtime.node)} (V8 ${escapeMarkdown(provenance.runtime.v8)})`,
    ],
    ['packages', packages || 'none recorded'],
    [
      'system',
      `${escapeMarkdown(provenance.system.os)}, ${escapeMarkdown(provenance.system.arch)}, ${escapeMarkdown(provenance.system.cpu_model)} × ${provenance.system.cpu_count}; device ${escapeMarkdown(provenance.environment.device)}; GPU ${provenance.environment.gpu_devices.length === 0 ? 'none found' : escapeMarkdown(provenance.environment.gpu_devices.map((g) => g.name).join(', '))}`,
    ],
    ['dataset fingerprints', `${Object.keys(provenance.dataset_fingerprints).length} seeds`],
    [
      'attempts',
      attempts.length === 0
        ? 'none'
        : attempts
            .map(
              (a) =>
                `#${a.attempt} ${escapeMarkdown(a.status)} (${escapeMarkdown(a.started_utc)} → ${a.finished_utc === null ? 'unfinished' : escapeMarkdown(a.finished_utc)})`,
            )
            .join('; '),
    ],
  ];
  blocks.push(markdownTable(['field', 'value'], rows));
  const errors = Object.entries(provenance.seed_errors).sort(([a], [b]) => Number(a) - Number(b));
  if (errors.length > 0) {
    blocks.push(
      `Seed errors of the last failed attempts:\n\n${errors.map(([seed, message]) => `- seed ${seed}: ${escapeMarkdown(message)}`).join('\n')}`,
    );
  }
  blocks.push(
    'Full details: [provenance.json](provenance.json) and [manifest.json](manifest.json).',
  );
  return blocks;
}

function figureSection(figures: readonly ReportFigure[]): string[] {
  if (figures.length === 0) return [];
  return [
    heading(2, 'Figures'),
    'Every figure is an SVG rendered from a vega-lite spec kept beside it (`*.vl.json`), so it can be restyled and re-rendered.',
    ...figures.map(
      (figure) =>
        `${heading(3, escapeMarkdown(figure.title))}\n\n![${escapeMarkdown(figure.title)}](${encodeHref(figure.path)})\n\n[${markdownCode(figure.path)}](${encodeHref(figure.path)}) · spec [${markdownCode(figure.specPath)}](${encodeHref(figure.specPath)})`,
    ),
  ];
}

/**
 * Renders RUN_REPORT.md: integrity notice (only for an unverified run, on the first line), run
 * identity, claim audit, summary tables with intervals, paired comparisons, the domain's own
 * sections, provenance highlights and links to every figure.
 */
export function renderRunReportMarkdown(input: RunReportInput): string {
  const { summary } = input;
  return joinBlocks([
    input.integrityNotice,
    heading(1, `Run report: ${markdownCode(summary.domain)} / ${markdownCode(summary.mode)}`),
    verdictLine(reportVerdict(input.claimAudit, input.pairedStats)),
    'Regenerated from the stored artifacts of this run directory alone; all paths are relative to it.',
    ...identitySection(input),
    ...claimSection(input.claimAudit),
    heading(2, 'Summary'),
    `Means over seeds. ${intervalNote(summary)} Source: [aggregated/summary.json](aggregated/summary.json), also as [aggregated/summary.md](aggregated/summary.md).`,
    renderModelTable(summary),
    ...renderMetricSections(summary, 3),
    heading(2, 'Paired comparisons'),
    input.pairedStats
      ? 'Source: [aggregated/paired_stats.json](aggregated/paired_stats.json), also as [aggregated/paired_stats.md](aggregated/paired_stats.md).'
      : 'No `aggregated/paired_stats.json` was found.',
    ...(input.pairedStats ? renderPairedSections(input.pairedStats, 3) : []),
    ...renderReportSections(input.domainSections),
    ...provenanceSection(input.provenance),
    ...(input.envelope ? renderEnvelopeMarkdown(input.envelope) : []),
    ...figureSection(input.figures),
  ]);
}
