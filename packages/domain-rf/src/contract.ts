import {
  defineArtifact,
  defineCheckpointArtifact,
  defineDomainContract,
  defineFigureArtifacts,
} from '@zpbench/core';
import {
  CHECKPOINT_MARKER,
  CHECKPOINT_VERSION,
  rfCheckpointV1Schema,
} from './schemas/checkpoint.js';
import { rfDetailsSchema } from './schemas/details.js';
import {
  QUALITATIVE_MARKER,
  QUALITATIVE_VERSION,
  qualitativePackV1Schema,
} from './schemas/qualitative-pack.js';
import { signalTracesV1Schema, TRACES_MARKER, TRACES_VERSION } from './schemas/traces.js';

/** `seed_<n>/rf_signal_traces.json`. */
export const SIGNAL_TRACES = defineArtifact({
  id: 'rf_signal_traces',
  path: 'seed_{seed}/rf_signal_traces.json',
  kind: 'json',
  role: 'sidecar',
  description:
    'Representative and targeted frequency-response traces on the dense grid, saved for figure regeneration.',
  schema: { marker: TRACES_MARKER, version: TRACES_VERSION, schema: signalTracesV1Schema },
  required: true,
});
/**
 * `seed_<n>/rf_frequency_response.svg`, rendered by the report from the traces alone, and its
 * vega-lite spec `seed_<n>/rf_frequency_response.vl.json`.
 */
export const [FREQUENCY_RESPONSE, FREQUENCY_RESPONSE_SPEC] = defineFigureArtifacts({
  id: 'rf_frequency_response',
  path: 'seed_{seed}/rf_frequency_response.svg',
  description:
    'Bode-style magnitude and phase of the representative traces with peak annotations, strict-trigger bands and denominator minima.',
  specDescription: 'vega-lite spec of the frequency-response figure.',
  required: true,
});
/** `seed_<n>/rf_qualitative_figure_pack/manifest.json`. */
export const QUALITATIVE_MANIFEST = defineArtifact({
  id: 'rf_qualitative_manifest',
  path: 'seed_{seed}/rf_qualitative_figure_pack/manifest.json',
  kind: 'json',
  role: 'sidecar',
  description: 'The targeted washout / invented-peak examples selected from the saved traces.',
  schema: {
    marker: QUALITATIVE_MARKER,
    version: QUALITATIVE_VERSION,
    schema: qualitativePackV1Schema,
  },
  required: true,
});
/** `seed_<n>/rf_qualitative_figure_pack/README.md`. */
export const QUALITATIVE_README = defineArtifact({
  id: 'rf_qualitative_readme',
  path: 'seed_{seed}/rf_qualitative_figure_pack/README.md',
  kind: 'markdown',
  role: 'sidecar',
  description: 'What the qualitative pack shows and how its examples were chosen.',
  required: true,
});
/** `seed_<n>/rf_qualitative_figure_pack/<name>.svg` and its vega-lite spec `<name>.vl.json`. */
export const [QUALITATIVE_FIGURE, QUALITATIVE_FIGURE_SPEC] = defineFigureArtifacts({
  id: 'rf_qualitative_figure',
  path: 'seed_{seed}/rf_qualitative_figure_pack/{name}.svg',
  description: 'One targeted failure example, rendered from the saved traces.',
  specDescription: 'vega-lite spec of a qualitative example.',
});
/** `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT = defineCheckpointArtifact({
  marker: CHECKPOINT_MARKER,
  version: CHECKPOINT_VERSION,
  schema: rfCheckpointV1Schema,
});

/** The RF contract: every artifact the domain writes, with its schema. */
export const rfContract = defineDomainContract({
  id: 'rf',
  title: 'RF: resonator extrapolation to high Q',
  claimBoundary:
    'Measures, on seeded synthetic second-order resonators (docs/domains/rf.md), whether models trained on Q ≤ 30 keep the resonance peak (within 0.5·Q and 0.05 decades of its frequency), avoid invented peaks and keep a lower phase error when they extrapolate to Q in (30, 200], with matched parameter counts and step budgets. It does not measure measured hardware or circuit data, filter design quality, Q beyond 200, frequencies outside [0.1, 10], robustness to noise, or wall-clock speed, and its datasets are our own (not the original’s torch stream).',
  metricSemantics:
    'Each metric is computed per seed on the test split’s declared subset (in band: test filters with Q ≤ 30; extrapolation: Q > 30) over accepted (non-bottom) points; peak metrics use a dense per-filter grid, MSE and phase metrics the 64 test points per filter; yields and rates are fractions of filters or points in [0, 1], phase errors in degrees; aggregated over seeds as mean, sample sd, median and a 95% Student-t interval; claims are paired over seeds (sign-flip permutation, Holm-corrected over the eight tests), required in paper mode only.',
  seedDetails: rfDetailsSchema,
  artifacts: [
    SIGNAL_TRACES,
    FREQUENCY_RESPONSE,
    FREQUENCY_RESPONSE_SPEC,
    QUALITATIVE_MANIFEST,
    QUALITATIVE_README,
    QUALITATIVE_FIGURE,
    QUALITATIVE_FIGURE_SPEC,
    CHECKPOINT,
  ],
  schemaDir: new URL('../schemas/', import.meta.url),
  presetDir: new URL('../presets/', import.meta.url),
});
