import * as z from '@zpbench/core/zod';

const d = (description: string) => ({ description });

/** A point of a trace on the dense grid. */
export const tracePointSchema = z
  .strictObject({
    index: z.number().int().min(0).meta(d('Index on the trace’s dense grid.')),
    omega: z.number().positive().meta(d('Frequency ω (rad/s).')),
    magnitude: z.number().min(0).meta(d('|Ĥ(jω)|.')),
  })
  .meta(d('A point of a trace.'));

/** An invented peak. */
export const inventedPeakSchema = tracePointSchema
  .extend({
    true_magnitude: z.number().min(0).meta(d('|H(jω)| of the true resonator at that ω.')),
  })
  .meta(d('A local maximum of |Ĥ| far from the resonance and at least 3× the true |H|.'));

/** Where a model's |Q(jω)| is smallest on the dense grid. */
export const denominatorMinimumSchema = z
  .strictObject({
    index: z.number().int().min(0).meta(d('Index of the minimum on the dense grid.')),
    omega: z.number().positive().meta(d('Frequency of the minimum.')),
    q_abs: z.number().min(0).meta(d('The minimum of |Q(jω)|.')),
    offset_decades: z.number().meta(d('log10(ω_min / ω0): where the minimum sits relative to ω0.')),
    near_min_fraction: z
      .number()
      .min(0)
      .max(1)
      .meta(d('Share of the log-grid axis with |Q| ≤ near_min_factor · min |Q|.')),
    on_edge: z.boolean().meta(d('The minimum is the first or last point of the sweep.')),
  })
  .meta(d('The denominator minimum of a trace.'));

/** The peak analysis of one trace (as computed at full precision when the seed ran). */
export const peakAnalysisSchema = z
  .strictObject({
    peak: tracePointSchema
      .nullable()
      .meta(d('Largest accepted |Ĥ| in the search band, or null when none is accepted there.')),
    band: z
      .enum(['resonance', 'third_octave'])
      .meta(d('Search band: |ω − ω0| ≤ 2ω0/Q, or the ⅓-octave fallback when that holds no point.')),
    retained: z.boolean().meta(d('Peak retained (≥ 0.5·Q within 0.05 decades of the true peak).')),
    invented_peaks: z.array(inventedPeakSchema).meta(d('Invented peaks, in frequency order.')),
    peak_on_edge: z
      .boolean()
      .meta(d('The largest accepted |Ĥ| of the sweep lies on its first or last point.')),
    denominator: denominatorMinimumSchema
      .nullable()
      .meta(d('The denominator minimum; null for a model without a denominator.')),
  })
  .meta(d('Peak retention, invented peaks and the denominator minimum of one trace.'));
/** The peak analysis of one trace. */
export type PeakAnalysisV1 = z.infer<typeof peakAnalysisSchema>;
