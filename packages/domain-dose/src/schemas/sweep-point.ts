import * as z from '@zpbench/core/zod';

const rate = (description: string) => z.number().min(0).max(1).nullable().meta({ description });

/** Operating characteristics of one model at one threshold on one split (a sweep point). */
export const sweepPointSchema = z
  .strictObject({
    tau: z.number().positive().nullable().meta({
      description: 'tau_infer for models with |Q|; null for a baseline’s single window threshold.',
    }),
    accept_rate: rate('Fraction of inputs not bottomed.'),
    bottom_rate: rate('Fraction of inputs bottomed.'),
    false_in_range_rate_on_censored: rate('Accepted fraction of truly censored inputs.'),
    false_censored_rate_on_in_range: rate('Bottomed fraction of truly in-range inputs.'),
    macro_f1: rate('3-way macro-F1 over below / in-range / above.'),
    finite_mae: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: 'Finite MAE on accepted in-range inputs (response units).' }),
    direction_only_macro_f1_on_censored: rate('Direction macro-F1 on truly censored inputs.'),
    fault_rate: rate('Fraction of inputs with a non-finite payload.'),
    semantic_bottom_rate: rate('Fraction of inputs with |Q| < tau.'),
    bottom_cost: z.number().min(0).nullable().meta({
      description: 'Provenance-weighted bottom cost: fault_rate + 0.5 · semantic_bottom_rate.',
    }),
  })
  .meta({ description: 'One point of a tau_infer sweep.' });
/** One point of a tau_infer sweep. */
export type SweepPoint = z.infer<typeof sweepPointSchema>;

/** Mean metrics of an operating-point candidate (a sweep point without its tau). */
export const pointMetricsSchema = sweepPointSchema
  .omit({ tau: true })
  .meta({ description: 'Metrics of a candidate, means over seeds.' });
/** Mean metrics of a candidate. */
export type PointMetrics = z.infer<typeof pointMetricsSchema>;
