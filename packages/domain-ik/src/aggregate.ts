import { type AggregateContext, formatArtifactJson, type RunFile } from '@zpbench/core';
import type { IkConfig } from './config.js';
import { AGGREGATED_DIAGNOSTICS, SEED_DIAGNOSTICS, SEED_TRAJECTORIES } from './contract.js';
import { addModelDiagnostics } from './diagnostics.js';
import type { IkDetails } from './schemas/details.js';
import {
  AGGREGATED_DIAGNOSTICS_MARKER,
  DIAGNOSTICS_VERSION,
  type IkAggregatedDiagnosticsV1,
  type IkDiagnosticsV1,
} from './schemas/diagnostics.js';

/** Mean and sample variance (n − 1) of the finite values; null when there are too few. */
export function meanAndVariance(values: readonly (number | null)[]): {
  mean: number | null;
  variance: number | null;
} {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, variance: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, variance: null };
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

const sumArrays = (a: readonly number[], b: readonly number[]) =>
  a.map((v, k) => v + (b[k] as number));

/**
 * The aggregation hook: sums every seed's diagnostics (the figure pack's source), tallies the
 * rollouts from the trajectory summaries, and records the seed spread of near_pole_mse with each
 * model's variance ratio to the claimed model's (the numbers the variance-ratio claims test).
 */
export function aggregateIk(ctx: AggregateContext<IkConfig, IkDetails>): RunFile[] {
  const claimed = 'scm';
  let merged: IkDiagnosticsV1 | null = null;
  const rollouts: IkAggregatedDiagnosticsV1['rollouts'] = {};
  for (const seed of ctx.seeds) {
    const doc = ctx.read(SEED_DIAGNOSTICS, { seed });
    if (doc !== null) {
      if (merged === null) merged = doc;
      else {
        const prev: IkDiagnosticsV1 = merged;
        const d = prev.dataset;
        merged = {
          ...prev,
          dataset: {
            ...d,
            n_samples: d.n_samples + doc.dataset.n_samples,
            n_train: d.n_train + doc.dataset.n_train,
            n_test: d.n_test + doc.dataset.n_test,
            augmented: d.augmented + doc.dataset.augmented,
            bucket_counts: {
              train: sumArrays(d.bucket_counts.train, doc.dataset.bucket_counts.train),
              test: sumArrays(d.bucket_counts.test, doc.dataset.bucket_counts.test),
            },
            singular: {
              train: d.singular.train + doc.dataset.singular.train,
              test: d.singular.test + doc.dataset.singular.test,
            },
            detj_histogram: {
              log10_edges: d.detj_histogram.log10_edges,
              train: sumArrays(d.detj_histogram.train, doc.dataset.detj_histogram.train),
              test: sumArrays(d.detj_histogram.test, doc.dataset.detj_histogram.test),
            },
          },
          models: Object.fromEntries(
            Object.entries(prev.models).map(([id, m]) => {
              const other = doc.models[id];
              return [id, other ? addModelDiagnostics(m, other) : m];
            }),
          ),
        };
      }
    }
    const traj = ctx.read(SEED_TRAJECTORIES, { seed });
    for (const [id, m] of Object.entries(traj?.models ?? {})) {
      const r = rollouts[id] ?? { trajectories: 0, failed: 0, steps: 0, fallback_steps: 0 };
      rollouts[id] = {
        trajectories: r.trajectories + m.summaries.length,
        failed: r.failed + m.summaries.filter((s) => s.failed).length,
        steps: r.steps + m.summaries.length * (traj?.steps ?? 0),
        fallback_steps: r.fallback_steps + m.summaries.reduce((a, s) => a + s.fallback_steps, 0),
      };
    }
  }
  if (merged === null) return [];
  const models = Object.keys(merged.models);
  const spread = Object.fromEntries(
    models.map((id) => {
      const values = ctx.seeds.map(
        (seed) => ctx.seedResults.get(seed)?.runs[id]?.metrics.near_pole_mse ?? null,
      );
      return [id, { values, ...meanAndVariance(values) }];
    }),
  );
  const claimedVar = spread[claimed]?.variance ?? null;
  const { test_indices: _indices, ...dataset } = merged.dataset;
  const doc: IkAggregatedDiagnosticsV1 = {
    schema: AGGREGATED_DIAGNOSTICS_MARKER,
    schema_version: DIAGNOSTICS_VERSION,
    seeds: [...ctx.seeds],
    tau_infer: merged.tau_infer,
    bucket_edges: merged.bucket_edges,
    workspace_grid: merged.workspace_grid,
    claimed_model: claimed,
    dataset,
    models: merged.models,
    near_pole: Object.fromEntries(
      models.map((id) => {
        const s = spread[id] as {
          values: (number | null)[];
          mean: number | null;
          variance: number | null;
        };
        const ratio =
          s.variance !== null && claimedVar !== null && claimedVar > 0
            ? s.variance / claimedVar
            : null;
        return [id, { ...s, variance_ratio_to_claimed: ratio }];
      }),
    ),
    rollouts,
  };
  return [{ path: AGGREGATED_DIAGNOSTICS.path, content: formatArtifactJson(doc, 'compact') }];
}
