import type { ReportSection, RunView } from '@zpbench/core';
import { BUCKET_NAMES } from './buckets.js';
import {
  LEARNED_BASELINES,
  NEAR_POLE_VARIANCE_RATIO_MIN,
  PUBLISHED_VARIANCE_RATIO,
} from './claims.js';
import { AGGREGATED_DIAGNOSTICS } from './contract.js';
import type { IkDetails } from './schemas/details.js';
import type { IkAggregatedDiagnosticsV1 } from './schemas/diagnostics.js';

const sd = (variance: number | null) => (variance === null ? null : Math.sqrt(variance));

/**
 * The bias–variance section: per model the across-seed mean, sd and variance of near_pole_mse,
 * the variance ratio to the SCM against the claim threshold and the published 31.8×, the
 * near-pole coverage, and in words whether the SCM's mean is higher or lower than each learned
 * baseline's (the trade-off the published claim concedes).
 */
export function nearPoleSection(
  run: RunView<IkDetails>,
  doc: IkAggregatedDiagnosticsV1,
): ReportSection {
  const claimed = doc.claimed_model;
  const mine = doc.near_pole[claimed];
  const coverage = (id: string) => run.summary.metrics[id]?.near_pole_success_rate?.mean ?? null;
  const verdicts = LEARNED_BASELINES.map(([id, label]) => {
    const other = doc.near_pole[id];
    if (!other || !mine || other.mean === null || mine.mean === null) return `${label}: no value`;
    const ratio = other.variance_ratio_to_claimed;
    const side = mine.mean > other.mean ? 'higher' : 'lower';
    const spread =
      ratio === null
        ? 'not comparable (a variance is undefined or zero)'
        : ratio >= 1
          ? `${ratio.toPrecision(4)}× lower`
          : `${(1 / ratio).toPrecision(4)}× higher`;
    return `${label}: the SCM's mean near-pole MSE is ${side} (${mine.mean.toPrecision(4)} vs ${other.mean.toPrecision(4)} rad²); its seed variance is ${spread} (the claim needs a ratio above ${NEAR_POLE_VARIANCE_RATIO_MIN}; published ${PUBLISHED_VARIANCE_RATIO}×).`;
  });
  return {
    id: 'ik-near-pole-stability',
    title: 'Near-pole seed stability (bias and variance)',
    blocks: [
      {
        kind: 'text',
        text: `near_pole_mse is the mean ‖Δθ̂ − Δθ‖²/2 over the accepted test samples with |det J| ≤ 1e-3 (buckets B0–B2), one value per seed. The claim compares its variance over seeds ${doc.seeds.join(', ')}; the ratio is var(model) / var(${claimed}). It is computed on accepted samples only, so read it with the near-pole coverage beside it.`,
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          { header: 'mean near-pole MSE', align: 'right', format: 'number' },
          { header: 'sd over seeds', align: 'right', format: 'number' },
          { header: 'variance', align: 'right', format: 'number' },
          { header: `variance / var(${claimed})`, align: 'right', format: 'number' },
          { header: 'near-pole coverage', align: 'right', format: 'percent' },
        ],
        rows: Object.entries(doc.near_pole).map(([id, s]) => [
          id,
          s.mean,
          sd(s.variance),
          s.variance,
          s.variance_ratio_to_claimed,
          coverage(id),
        ]),
      },
      { kind: 'list', items: verdicts },
    ],
  };
}

/** Per-bucket MSE and fallback rate of every model, summed over seeds. */
export function bucketSection(doc: IkAggregatedDiagnosticsV1): ReportSection {
  return {
    id: 'ik-buckets',
    title: 'Error and fallback by |det J| bucket',
    blocks: [
      {
        kind: 'text',
        text: `Test samples of every seed pooled per bucket (B0 = [0, 1e-5], then (1e-5, 1e-4], (1e-4, 1e-3], (1e-3, 1e-2], (1e-2, ∞)). MSE over the accepted samples; "routed" is the fraction bottomed and handed to the analytic DLS solver. Test samples per bucket: ${doc.dataset.bucket_counts.test.join(', ')}.`,
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          ...BUCKET_NAMES.map((b) => ({
            header: `MSE ${b}`,
            align: 'right' as const,
            format: 'number' as const,
          })),
          ...BUCKET_NAMES.map((b) => ({
            header: `routed ${b}`,
            align: 'right' as const,
            format: 'percent' as const,
          })),
        ],
        rows: Object.entries(doc.models).map(([id, m]) => [
          id,
          ...m.buckets.map((b) => (b.accepted === 0 ? null : b.sse / b.accepted)),
          ...m.buckets.map((b) => (b.n === 0 ? null : b.bottom / b.n)),
        ]),
      },
    ],
  };
}

/** Fault vs semantic bottoms of the gated models, per bucket. */
export function bottomBreakdownSection(doc: IkAggregatedDiagnosticsV1): ReportSection | null {
  const gated = Object.entries(doc.models).filter(([, m]) => m.buckets.some((b) => b.bottom > 0));
  if (gated.length === 0) return null;
  return {
    id: 'ik-bottom-breakdown',
    title: 'Fault vs semantic bottoms by bucket',
    blocks: [
      {
        kind: 'text',
        text: 'Bottoms split by provenance: faults (a non-finite payload) and semantic bottoms (|Q̂| < tau_infer), counted over every seed. The two may overlap; bottom = fault ∨ semantic. The reliability diagram of the figure pack scores the same decision against |det J| at the pole.',
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          { header: 'bucket', format: 'code' },
          { header: 'test samples', align: 'right', format: 'number' },
          { header: 'bottoms', align: 'right', format: 'number' },
          { header: 'faults', align: 'right', format: 'number' },
          { header: 'semantic', align: 'right', format: 'number' },
          { header: 'gap (accepted)', align: 'right', format: 'number' },
        ],
        rows: gated.flatMap(([id, m]) =>
          m.buckets.map((b) => [id, b.bucket, b.n, b.bottom, b.fault, b.semantic, b.gap]),
        ),
      },
    ],
  };
}

/** The rollouts near full extension: tracking, failures, fallbacks and joint steps. */
export function rolloutSection(
  run: RunView<IkDetails>,
  doc: IkAggregatedDiagnosticsV1,
): ReportSection {
  const mean = (id: string, key: string) => run.summary.metrics[id]?.[key]?.mean ?? null;
  return {
    id: 'ik-rollouts',
    title: 'Rollouts near full extension',
    blocks: [
      {
        kind: 'text',
        text: 'Each model drives the arm in closed loop along task-space paths that run out towards full extension (θ2 → 0) and back; a bottomed output is replaced by the analytic DLS step. Means over seeds of the per-seed metrics; failures and fallbacks also as counts over every seed.',
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          { header: 'tracking error', align: 'right', format: 'number' },
          { header: 'failure rate', align: 'right', format: 'percent' },
          { header: 'failed / rollouts', align: 'right' },
          { header: 'fallback rate', align: 'right', format: 'percent' },
          { header: 'max joint step (rad)', align: 'right', format: 'number' },
          { header: 'P95', align: 'right', format: 'number' },
          { header: 'P99', align: 'right', format: 'number' },
        ],
        rows: Object.keys(doc.models).map((id) => {
          const t = doc.rollouts[id];
          return [
            id,
            mean(id, 'rollout_tracking_error'),
            mean(id, 'rollout_failure_rate'),
            t ? `${t.failed} / ${t.trajectories}` : null,
            mean(id, 'rollout_fallback_rate'),
            mean(id, 'rollout_max_joint_step'),
            mean(id, 'rollout_joint_step_p95'),
            mean(id, 'rollout_joint_step_p99'),
          ];
        }),
      },
    ],
  };
}

/** IK's sections of RUN_REPORT.md, from the aggregated diagnostics and the summary. */
export function ikReportSections(run: RunView<IkDetails>): ReportSection[] {
  const doc = run.read(AGGREGATED_DIAGNOSTICS);
  if (!doc) return [];
  const sections = [nearPoleSection(run, doc), bucketSection(doc), rolloutSection(run, doc)];
  const bottoms = bottomBreakdownSection(doc);
  if (bottoms) sections.push(bottoms);
  return sections;
}
