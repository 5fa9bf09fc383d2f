import { defineArtifact, defineDomainContract } from '@zpbench/core';
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
/** `seed_<n>/rf_frequency_response.svg`: rendered by the report from the traces alone. */
export const FREQUENCY_RESPONSE = defineArtifact({
  id: 'rf_frequency_response',
  path: 'seed_{seed}/rf_frequency_response.svg',
  kind: 'svg',
  role: 'figure',
  description:
    'Bode-style magnitude and phase of the representative traces with peak annotations, strict-trigger bands and denominator minima.',
  required: true,
});
/** `seed_<n>/rf_frequency_response.vl.json`. */
export const FREQUENCY_RESPONSE_SPEC = defineArtifact({
  id: 'rf_frequency_response_spec',
  path: 'seed_{seed}/rf_frequency_response.vl.json',
  kind: 'json',
  role: 'figure',
  description: 'vega-lite spec of the frequency-response figure.',
  required: false,
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
/** `seed_<n>/rf_qualitative_figure_pack/<name>.svg`. */
export const QUALITATIVE_FIGURE = defineArtifact({
  id: 'rf_qualitative_figure',
  path: 'seed_{seed}/rf_qualitative_figure_pack/{name}.svg',
  kind: 'svg',
  role: 'figure',
  description: 'One targeted failure example, rendered from the saved traces.',
  required: false,
});
/** `seed_<n>/rf_qualitative_figure_pack/<name>.vl.json`. */
export const QUALITATIVE_FIGURE_SPEC = defineArtifact({
  id: 'rf_qualitative_figure_spec',
  path: 'seed_{seed}/rf_qualitative_figure_pack/{name}.vl.json',
  kind: 'json',
  role: 'figure',
  description: 'vega-lite spec of a qualitative example.',
  required: false,
});
/** `seed_<n>/checkpoints/<model>.json`. */
export const CHECKPOINT = defineArtifact({
  id: 'checkpoint',
  path: 'seed_{seed}/checkpoints/{model}.json',
  kind: 'json',
  role: 'checkpoint',
  description: 'A trained model’s parameters (referenced by the per-seed result with its sha256).',
  schema: { marker: CHECKPOINT_MARKER, version: CHECKPOINT_VERSION, schema: rfCheckpointV1Schema },
  required: false,
});

/** The RF contract: every artifact the domain writes, with its schema. */
export const rfContract = defineDomainContract({
  id: 'rf',
  title: 'RF: resonator extrapolation to high Q',
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
});
