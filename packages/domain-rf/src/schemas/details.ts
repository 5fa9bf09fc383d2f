import * as z from '@zpbench/core/zod';

const d = (description: string) => ({ description });
const rate = (description: string) => z.number().min(0).max(1).nullable().meta(d(description));
const stat = (description: string) => z.number().nullable().meta(d(description));

/** Shared-denominator axis statistics over a subset of test filters. */
export const axisStatsSchema = z
  .strictObject({
    n_filters: z.number().int().min(0).meta(d('Test filters in the subset.')),
    min_frequency_offset_decades: z
      .strictObject({
        mean: stat('Mean of log10(ω_min / ω0).'),
        median: stat('Median of log10(ω_min / ω0).'),
        mean_abs: stat('Mean of |log10(ω_min / ω0)|.'),
        max_abs: stat('Largest |log10(ω_min / ω0)|.'),
      })
      .meta(
        d('Where |Q(jω)| is smallest, relative to ω0 (0 for the true resonator up to the grid).'),
      ),
    near_min_fraction: z
      .strictObject({
        mean: rate('Mean share of the log-grid axis near the minimum.'),
        median: rate('Median share.'),
        max: rate('Largest share.'),
      })
      .meta(
        d(
          'Share of the sampled log axis with |Q| ≤ near_min_factor·min|Q|: about the relative bandwidth for a true resonance, large for a flat denominator.',
        ),
      ),
    min_on_edge_rate: rate('Filters whose |Q| minimum falls on the first or last sweep point.'),
  })
  .meta(d('Shared-denominator axis diagnostics of one subset.'));

const bySubset = <T extends z.ZodType>(value: T, description: string) =>
  z
    .strictObject({
      overall: value.meta(d('Every test filter.')),
      in_band: value.meta(d('Test filters with Q ≤ q_max_train.')),
      extrapolation: value.meta(d('Test filters with Q > q_max_train.')),
    })
    .meta(d(description));

/** The `test_peak_clipping` payload of one model. */
export const peakClippingSchema = z
  .strictObject({
    exposes_denominator: z.boolean().meta(d('The model exposes Q(jω) (every model but the MLP).')),
    peak_on_edge_rate: bySubset(
      rate('Share of filters.'),
      'Filters whose largest accepted |Ĥ| lies on a sweep edge (a peak clipped by the sweep).',
    ),
    axis: bySubset(axisStatsSchema, 'Shared-denominator axis diagnostics per subset.')
      .nullable()
      .meta(d('Denominator axis diagnostics; null for a model without Q(jω).')),
  })
  .meta(d('Peak-clipping diagnostics of one model on the dense grid.'));
/** The `test_peak_clipping` payload of one model. */
export type PeakClipping = z.infer<typeof peakClippingSchema>;

/** `details` of an RF per-seed result. */
export const rfDetailsSchema = z
  .strictObject({
    tau_infer: z.number().positive().meta(d('Strict gate of the SCM models (|Q| < tau_infer).')),
    tau_train: z.number().positive().meta(d('Margin threshold during training.')),
    subsets: z
      .strictObject({
        in_band_filters: z.number().int().min(0).meta(d('Test filters with Q ≤ q_max_train.')),
        extrapolation_filters: z
          .number()
          .int()
          .min(0)
          .meta(d('Test filters with Q > q_max_train (the extrapolation subset).')),
        test_q_min: z.number().positive().meta(d('Smallest Q among the test filters.')),
        test_q_max: z.number().positive().meta(d('Largest Q among the test filters.')),
      })
      .meta(d('Sizes of the test subsets of this seed.')),
    evaluation: z
      .record(z.string(), z.number())
      .meta(d('The evaluation constants of the run config (dense grid, metric thresholds).')),
    matched_budget: z
      .strictObject({
        steps: z.number().int().min(0).meta(d('Optimizer steps of every learned model.')),
        batch_size: z.number().int().min(0).meta(d('Minibatch size of every learned model.')),
        n_params_min: z.number().int().min(0).meta(d('Fewest parameters of a learned model.')),
        n_params_max: z.number().int().min(0).meta(d('Most parameters of a learned model.')),
        n_params_spread: z
          .number()
          .min(0)
          .meta(d('(max − min) / min over the learned models: the protocol-v1 match.')),
      })
      .meta(d('Protocol v1: the same step budget for every learned model, parameters matched.')),
    legacy_metric_keys: z
      .record(z.string(), z.string())
      .meta(d('Legacy metric key → canonical key; each run records both with the same value.')),
    test_peak_clipping: z
      .record(z.string(), peakClippingSchema)
      .meta(d('Model → peak-clipping and shared-denominator axis diagnostics on the dense grid.')),
  })
  .meta(
    d(
      'RF per-seed details. Wall times (per-model training seconds, the seed’s wall_time_s) are kept out of the result and recorded in provenance.json, so the result is byte-deterministic.',
    ),
  );
/** `details` of an RF per-seed result. */
export type RfDetails = z.infer<typeof rfDetailsSchema>;
