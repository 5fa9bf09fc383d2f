import {
  defineArtifact,
  defineCheckpointArtifact,
  defineDomainContract,
  defineFigureArtifacts,
} from '@zpbench/core';
import {
  BUNDLE_MARKER,
  BUNDLE_PARAMS_MARKER,
  BUNDLE_VERSION,
  type BundleManifest,
  bundleManifestV1Schema,
  bundleParamsV1Schema,
} from './schemas/bundle.js';
import {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  doseCheckpointV1Schema,
} from './schemas/checkpoint.js';
import { doseDetailsSchema } from './schemas/details.js';
import {
  DOSE_DIAGNOSTICS_MARKER,
  DOSE_DIAGNOSTICS_VERSION,
  doseDiagnosticsV1Schema,
} from './schemas/diagnostics.js';
import {
  DIRHEAD_RESULTS_MARKER,
  DIRHEAD_SUMMARY_MARKER,
  DIRHEAD_VERSION,
  dirheadResultsV1Schema,
  dirheadSummaryV1Schema,
} from './schemas/dirhead.js';
import {
  OPERATING_POINTS_MARKER,
  OPERATING_POINTS_VERSION,
  operatingPointsV1Schema,
} from './schemas/operating-points.js';
import { PARETO_MARKER, PARETO_VERSION, paretoFrontV1Schema } from './schemas/pareto-front.js';

const ALL = ['smoke', 'paper', 'frozen-dirhead'] as const;

const diagnostics = {
  marker: DOSE_DIAGNOSTICS_MARKER,
  version: DOSE_DIAGNOSTICS_VERSION,
  schema: doseDiagnosticsV1Schema,
};

/** `seed_<n>/dose_diagnostics.json`. */
export const SEED_DIAGNOSTICS = defineArtifact({
  id: 'dose_diagnostics',
  path: 'seed_{seed}/dose_diagnostics.json',
  kind: 'json',
  role: 'sidecar',
  description:
    'Per-seed confusion matrices, tau sweeps, |Q| histograms, borderline examples, direction quality.',
  schema: diagnostics,
  required: ALL,
});
/** `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT = defineCheckpointArtifact({
  marker: CHECKPOINT_MARKER,
  version: CHECKPOINT_VERSION,
  schema: doseCheckpointV1Schema,
});
/** `seed_<n>/bundles/<model>/bundle.json`. */
export const BUNDLE_MANIFEST = defineArtifact({
  id: 'bundle',
  path: 'seed_{seed}/bundles/{model}/bundle.json',
  kind: 'json',
  role: 'bundle-manifest',
  description: 'Deployment bundle manifest of the strict SCM: contracts, tau, hashes.',
  schema: { marker: BUNDLE_MARKER, version: BUNDLE_VERSION, schema: bundleManifestV1Schema },
  required: false,
});
/** `seed_<n>/bundles/<model>/params.json`. */
export const BUNDLE_PARAMS = defineArtifact({
  id: 'bundle_params',
  path: 'seed_{seed}/bundles/{model}/params.json',
  kind: 'json',
  role: 'bundle-file',
  description: 'Parameters of a bundled network.',
  schema: { marker: BUNDLE_PARAMS_MARKER, version: BUNDLE_VERSION, schema: bundleParamsV1Schema },
  required: false,
});
/** `seed_<n>/dirhead_only_results.json`. */
export const DIRHEAD_RESULTS = defineArtifact({
  id: 'dirhead_only_results',
  path: 'seed_{seed}/dirhead_only_results.json',
  kind: 'json',
  role: 'sidecar',
  description: 'frozen-dirhead: base SCM vs the frozen-feature direction head on the seed.',
  schema: {
    marker: DIRHEAD_RESULTS_MARKER,
    version: DIRHEAD_VERSION,
    schema: dirheadResultsV1Schema,
  },
  required: ['frozen-dirhead'],
});
/** `aggregated/dose_diagnostics.json`. */
export const AGGREGATED_DIAGNOSTICS = defineArtifact({
  id: 'dose_diagnostics_aggregated',
  path: 'aggregated/dose_diagnostics.json',
  kind: 'json',
  role: 'aggregate',
  description: 'Diagnostics summed over seeds (the figure pack’s source).',
  schema: diagnostics,
  required: ALL,
});
/** `aggregated/dose_operating_points.json`. */
export const OPERATING_POINTS = defineArtifact({
  id: 'dose_operating_points',
  path: 'aggregated/dose_operating_points.json',
  kind: 'json',
  role: 'aggregate',
  description: 'Evidence behind the safety_first / accuracy_first / direction_aware presets.',
  schema: {
    marker: OPERATING_POINTS_MARKER,
    version: OPERATING_POINTS_VERSION,
    schema: operatingPointsV1Schema,
  },
  required: ALL,
});
/** `aggregated/dose_operating_points.md`. */
export const OPERATING_POINTS_MD = defineArtifact({
  id: 'dose_operating_points_md',
  path: 'aggregated/dose_operating_points.md',
  kind: 'markdown',
  role: 'aggregate',
  description: 'Markdown rendering of the operating points.',
  required: ALL,
});
/** `aggregated/dose_pareto_front.json`. */
export const PARETO_FRONT = defineArtifact({
  id: 'dose_pareto_front',
  path: 'aggregated/dose_pareto_front.json',
  kind: 'json',
  role: 'aggregate',
  description: 'Nondominated models of the DOSE trade-offs.',
  schema: { marker: PARETO_MARKER, version: PARETO_VERSION, schema: paretoFrontV1Schema },
  required: ALL,
});
/** `aggregated/dose_pareto_front.md`. */
export const PARETO_FRONT_MD = defineArtifact({
  id: 'dose_pareto_front_md',
  path: 'aggregated/dose_pareto_front.md',
  kind: 'markdown',
  role: 'aggregate',
  description: 'Markdown rendering of the Pareto fronts.',
  required: ALL,
});
/** `aggregated/dirhead_only_summary.json`. */
export const DIRHEAD_SUMMARY = defineArtifact({
  id: 'dirhead_only_summary',
  path: 'aggregated/dirhead_only_summary.json',
  kind: 'json',
  role: 'aggregate',
  description: 'frozen-dirhead: base SCM vs the direction head over seeds.',
  schema: {
    marker: DIRHEAD_SUMMARY_MARKER,
    version: DIRHEAD_VERSION,
    schema: dirheadSummaryV1Schema,
  },
  required: ['frozen-dirhead'],
});
/** `figures/dose_figure_pack/<name>.svg` and its vega-lite spec `<name>.vl.json`. */
export const [FIGURE_PACK, FIGURE_PACK_SPEC] = defineFigureArtifacts({
  id: 'dose_figure',
  path: 'figures/dose_figure_pack/{name}.svg',
  description: 'The DOSE figure pack, regenerated from the stored diagnostics and summary.',
  specDescription: 'vega-lite spec of a DOSE figure.',
});

/** The DOSE contract: every artifact the domain writes, with its schema, and its bundle. */
export const doseContract = defineDomainContract({
  id: 'dose',
  title: 'DOSE: censored dose–response',
  claimBoundary:
    'Measures, on a seeded synthetic censored dose–response generator (docs/domains/dose.md), whether a strict |Q| gate with a direction head refuses censored inputs that a rational+ε baseline predicts finitely, and the error of both on uncensored inputs. It does not measure real assay data, clinical or toxicological validity, wall-clock speed, or models outside the declared ones.',
  metricSemantics:
    'Each metric is computed per seed on its declared test subset (the test split and its censored and uncensored parts, as each metric’s definition says) and aggregated over seeds as mean, sample sd, median and a 95% Student-t interval; fractions lie in [0, 1]; direction says which way is better. Claims are paired over seeds (sign-flip permutation, Holm-corrected).',
  seedDetails: doseDetailsSchema,
  artifacts: [
    SEED_DIAGNOSTICS,
    CHECKPOINT,
    BUNDLE_MANIFEST,
    BUNDLE_PARAMS,
    DIRHEAD_RESULTS,
    AGGREGATED_DIAGNOSTICS,
    OPERATING_POINTS,
    OPERATING_POINTS_MD,
    PARETO_FRONT,
    PARETO_FRONT_MD,
    DIRHEAD_SUMMARY,
    FIGURE_PACK,
    FIGURE_PACK_SPEC,
  ],
  schemaDir: new URL('../schemas/', import.meta.url),
  presetDir: new URL('../presets/', import.meta.url),
  bundle: {
    artifact: 'bundle',
    files: (bundle) => {
      const manifest = bundle as BundleManifest;
      return [{ path: manifest.parameters.path, sha256: manifest.parameters.sha256 }];
    },
  },
});
