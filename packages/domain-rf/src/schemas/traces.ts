import { markerField, seedSchema, sha256Schema, versionField } from '@zpbench/core';
import * as z from '@zpbench/core/zod';
import { peakAnalysisSchema, tracePointSchema } from './analysis.js';

/** Schema marker of `seed_<n>/rf_signal_traces.json`. */
export const TRACES_MARKER = 'zpbench_rf_signal_traces';
/** Current version of the trace sidecar. */
export const TRACES_VERSION = 1;

const d = (description: string) => ({ description });
const values = (description: string) =>
  z.array(z.number().nullable()).meta(d(`${description} One per grid point; null where bottom.`));
const indices = (description: string) => z.array(z.number().int().min(0)).meta(d(description));

/** One model's trace on a filter's dense grid. */
export const modelTraceSchema = z
  .strictObject({
    re: values('Re Ĥ(jω).'),
    im: values('Im Ĥ(jω).'),
    q_abs: values('|Q(jω)|.')
      .nullable()
      .meta(d('|Q(jω)| per grid point; null for a model without a denominator.')),
    bottom: indices('Grid indices where the model returned bottom (no finite value).'),
    trigger: indices('Grid indices where the model’s gate fired on a small |Q| (strict trigger).'),
    analysis: peakAnalysisSchema,
  })
  .meta(d('A model’s response on the dense grid of one filter.'));

/** One saved test filter. */
export const traceSchema = z
  .strictObject({
    filter: z.number().int().min(0).meta(d('Test filter id (its index in the test split).')),
    subset: z
      .enum(['in_band', 'extrapolation'])
      .meta(d('in_band: Q ≤ q_max_train; extrapolation: Q > q_max_train.')),
    w0: z.number().positive().meta(d('Resonance frequency ω0.')),
    q: z.number().positive().meta(d('Quality factor Q.')),
    selection: z
      .array(z.string())
      .min(1)
      .meta(
        d(
          'Why the filter was saved: representative, or <kind>:<model> for a targeted failure (washout, invented_peak).',
        ),
      ),
    omega: z
      .array(z.number().positive())
      .meta(d('The dense grid: log grid plus local points, ascending.')),
    truth: z
      .strictObject({
        re: values('Re H(jω) of the true resonator.'),
        im: values('Im H(jω).'),
        q_abs: values('|Q(jω)| of the true denominator.'),
        peak: tracePointSchema.meta(d('The true peak on the grid (largest |H|).')),
      })
      .meta(d('The analytic resonator on the grid.')),
    predictions: z.record(z.string(), modelTraceSchema).meta(d('Learned model id → its trace.')),
  })
  .meta(d('One test filter’s traces.'));
/** One saved test filter. */
export type TraceV1 = z.infer<typeof traceSchema>;

/** `seed_<n>/rf_signal_traces.json`: the representative and targeted traces of a seed. */
export const signalTracesV1Schema = z
  .strictObject({
    schema: markerField(TRACES_MARKER),
    schema_version: versionField(TRACES_VERSION),
    seed: seedSchema,
    config_hash: sha256Schema,
    tau_infer: z.number().positive().meta(d('Strict gate of the SCM models.')),
    digits: z
      .number()
      .int()
      .min(1)
      .meta(
        d('Significant digits of the saved values (the analyses were computed before rounding).'),
      ),
    models: z
      .array(
        z.strictObject({
          id: z.string().meta(d('Model id.')),
          label: z.string().meta(d('Display label.')),
          exposes_denominator: z.boolean().meta(d('The model exposes Q(jω).')),
        }),
      )
      .meta(d('The learned models of the traces, in report order.')),
    traces: z
      .array(traceSchema)
      .meta(d('Saved filters: representatives first, then targeted failures.')),
  })
  .meta({
    title: 'zpbench RF signal traces v1',
    description:
      'Representative and targeted frequency-response traces of a seed on the dense grid, saved so the frequency-response figure and the qualitative pack regenerate from this file alone.',
  });
/** The trace sidecar. */
export type SignalTracesV1 = z.infer<typeof signalTracesV1Schema>;
