import { defineArtifact, defineDomainContract } from '@zpbench/core';
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
export const CHECKPOINT = defineArtifact({
  id: 'checkpoint',
  path: 'seed_{seed}/checkpoints/{model}.json',
  kind: 'json',
  role: 'checkpoint',
  description: 'A learned model’s parameters (referenced by the per-seed result with its sha256).',
  schema: { marker: CHECKPOINT_MARKER, version: CHECKPOINT_VERSION, schema: ikCheckpointV1Schema },
  required: false,
});
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
/** `figures/robotics_figure_pack/<name>.svg`. */
export const FIGURE_PACK = defineArtifact({
  id: 'robotics_figure',
  path: 'figures/robotics_figure_pack/{name}.svg',
  kind: 'svg',
  role: 'figure',
  description:
    'The robotics figure pack, regenerated from the stored diagnostics and trajectory summaries.',
  required: false,
});
/** `figures/robotics_figure_pack/<name>.vl.json`. */
export const FIGURE_PACK_SPEC = defineArtifact({
  id: 'robotics_figure_spec',
  path: 'figures/robotics_figure_pack/{name}.vl.json',
  kind: 'json',
  role: 'figure',
  description: 'vega-lite spec of a robotics figure.',
  required: false,
});

/** The IK contract: every artifact the domain writes, with its schema. */
export const ikContract = defineDomainContract({
  id: 'ik',
  title: 'IK: planar RR arm near singular Jacobians',
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
});
