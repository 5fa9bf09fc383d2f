import * as z from '@zpbench/core/zod';

/** Configuration of the synthetic loss-curve domain (pybench's sampler, stats.md §4). */
export const syntheticConfigSchema = z.strictObject({
  n_steps: z.number().int().min(2).meta({ description: 'Length of each loss curve.' }),
  checkpoints: z
    .array(z.number().int().min(0))
    .min(1)
    .meta({ description: 'Steps reported as metrics.' }),
  amp: z.number().meta({ description: 'Amplitude of the exponential decay.' }),
  tau: z.number().positive().meta({ description: 'Decay constant, in steps.' }),
  floor: z.number().meta({ description: 'Asymptotic loss of the candidate model.' }),
  reference_floor_offset: z
    .number()
    .meta({ description: 'How much higher the reference model’s floor is.' }),
  noise: z.number().min(0).meta({ description: 'Per-step Gaussian noise sd.' }),
  seed_sigma: z
    .number()
    .min(0)
    .meta({ description: 'Per-seed offset sd (correlates a curve’s steps).' }),
  inject_regression: z
    .enum(['none', 'global', 'local'])
    .meta({ description: 'Regression injected into the candidate.' }),
  global_shift: z
    .number()
    .meta({ description: 'Loss added at every checkpoint by a global regression.' }),
  local_shift: z
    .number()
    .meta({ description: 'Loss added at the last checkpoint by a local regression.' }),
  compute_repeats: z.number().int().min(0).meta({
    description:
      'Extra deterministic resampling passes, to make a seed compute-bound for benchmarks.',
  }),
});
/** Configuration of the synthetic domain. */
export type SyntheticConfig = z.infer<typeof syntheticConfigSchema>;

/** Defaults: pybench's walkthrough bench (amp 1, tau 30, floor 0.10, noise 0.05, checkpoints 1/30/100). */
export const SYNTHETIC_DEFAULTS: SyntheticConfig = {
  n_steps: 101,
  checkpoints: [1, 30, 100],
  amp: 1.0,
  tau: 30.0,
  floor: 0.1,
  reference_floor_offset: 0.05,
  noise: 0.05,
  seed_sigma: 0,
  inject_regression: 'none',
  global_shift: 0.05,
  local_shift: 0.2,
  compute_repeats: 0,
};
