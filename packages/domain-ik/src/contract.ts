import {
  defineArtifact,
  defineCheckpointArtifact,
  defineDomainContract,
  defineFigureArtifacts,
} from '@zpbench/core';
import {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  ikCheckpointV1Schema,
} from './schemas/checkpoint.js';
import { ikDetailsSchema } from './schemas/details.js';
import {
  AGGREGATED_DIAGNOSTICS_MARKER,
  DIAGNOSTICS_MARKER,
  DIAGNOSTICS_VERSION,
  ikAggregatedDiagnosticsV1Schema,
  ikDiagnosticsV1Schema,
} from './schemas/diagnostics.js';
import {
  ikTrajectoriesV1Schema,
  TRAJECTORIES_MARKER,
  TRAJECTORIES_VERSION,
} from './schemas/trajectories.js';

/** `seed_<n>/ik_diagnostics.json`. */
export const SEED_DIAGNOSTICS = defineArtifact({
  id: 'ik_diagnostics',
  path: 'seed_{seed}/ik_diagnostics.json',
  kind: 'json',
  role: 'sidecar',
  description:
    'Per-seed dataset and test diagnostics: bucket tallies, |det J| histogram, workspace grids, bottom-decision reliability, the persisted split.',
  schema: {
    marker: DIAGNOSTICS_MARKER,
    version: DIAGNOSTICS_VERSION,
    schema: ikDiagnosticsV1Schema,
  },
  required: true,
});
/** `seed_<n>/ik_trajectories.json`. */
export const SEED_TRAJECTORIES = defineArtifact({
  id: 'ik_trajectories',
  path: 'seed_{seed}/ik_trajectories.json',
  kind: 'json',
  role: 'sidecar',
  description:
    'Trajectory summaries of the closed-loop rollouts near full extension, with step-by-step timelines.',
  schema: {
    marker: TRAJECTORIES_MARKER,
    version: TRAJECTORIES_VERSION,
    schema: ikTrajectoriesV1Schema,
  },
  required: true,
});
/** `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT = defineCheckpointArtifact(
  { marker: CHECKPOINT_MARKER, version: CHECKPOINT_VERSION, schema: ikCheckpointV1Schema },
  'A learned model’s parameters (referenced by the per-seed result with its sha256).',
);
/** `aggregated/ik_diagnostics.json`. */
export const AGGREGATED_DIAGNOSTICS = defineArtifact({
  id: 'ik_diagnostics_aggregated',
  path: 'aggregated/ik_diagnostics.json',
  kind: 'json',
  role: 'aggregate',
  description:
    'The diagnostics summed over seeds, the seed spread of near_pole_mse and the rollout tallies.',
  schema: {
    marker: AGGREGATED_DIAGNOSTICS_MARKER,
    version: DIAGNOSTICS_VERSION,
    schema: ikAggregatedDiagnosticsV1Schema,
  },
  required: true,
});
/** `figures/robotics_figure_pack/<name>.svg` and its vega-lite spec `<name>.vl.json`. */
export const [FIGURE_PACK, FIGURE_PACK_SPEC] = defineFigureArtifacts({
  id: 'robotics_figure',
  path: 'figures/robotics_figure_pack/{name}.svg',
  description:
    'The robotics figure pack, regenerated from the stored diagnostics and trajectory summaries.',
  specDescription: 'vega-lite spec of a robotics figure.',
});

/** The IK contract: every artifact the domain writes, with its schema. */
export const ikContract = defineDomainContract({
  id: 'ik',
  title: 'IK: planar RR arm near singular Jacobians',
  claimBoundary:
    'Measures, on a seeded planar two-link arm (docs/domains/ik.md), the seed-to-seed variance of near-pole error (|det J| ≤ 1e-3) of a rational SCM controller against learned smooth baselines, its coverage and its mask invariants, plus closed-loop rollouts near full extension. It does not measure training stability in general (with the default pole targets the SCM can represent the target exactly and the baselines cannot), unreachable targets, arms other than the planar RR arm with unit links, real robots, or speed.',
  metricSemantics:
    'Each metric is computed per seed on the test split over accepted (non-bottom) samples, with e = ‖Δθ̂ − Δθ‖²/2 per sample, per |det J| bucket B0–B4 where named (near pole = B0–B2 pooled); rates are fractions in [0, 1], rollout errors in link lengths, joint steps in radians; aggregated over seeds as mean, sample sd, median and a 95% Student-t interval; the variance claims compare var(baseline)/var(SCM) of near_pole_mse over seeds with 3.18, the mean claims are paired sign-flip tests, Holm-corrected, and never gate.',
  seedDetails: ikDetailsSchema,
  artifacts: [
    SEED_DIAGNOSTICS,
    SEED_TRAJECTORIES,
    CHECKPOINT,
    AGGREGATED_DIAGNOSTICS,
    FIGURE_PACK,
    FIGURE_PACK_SPEC,
  ],
  schemaDir: new URL('../schemas/', import.meta.url),
  presetDir: new URL('../presets/', import.meta.url),
});
