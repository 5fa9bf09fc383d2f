import * as z from '@zpbench/core/zod';

const meta = (description: string) => ({ description });

/** Generator constants (docs/domains/dose.md §Generator). Every value enters the config hash. */
export const doseGeneratorConfigSchema = z
  .strictObject({
    dataset_name: z.literal('zpbench-dose-4pl').meta(meta('Dataset name.')),
    dataset_version: z.literal(1).meta(meta('Dataset contract version.')),
    n_compounds: z.number().int().min(8).meta(meta('Compounds generated per seed.')),
    n_descriptors: z.number().int().min(1).meta(meta('Descriptor features per compound.')),
    descriptor_min: z
      .number()
      .meta(meta('Descriptors are uniform on [descriptor_min, descriptor_max].')),
    descriptor_max: z.number().meta(meta('Upper end of the descriptor range.')),
    mixing: z
      .array(z.array(z.number()))
      .length(4)
      .meta(
        meta(
          '4 × n_descriptors matrix: z_k = Σ_j mixing[k][j]·d_j drives log10 EC50, Hill, bottom, top.',
        ),
      ),
    log10_ec50_center: z
      .number()
      .meta(meta('log10 EC50 = center + halfwidth·tanh(z_0) + compound noise.')),
    log10_ec50_halfwidth: z.number().min(0).meta(meta('Half-width of the log10 EC50 range.')),
    log10_ec50_compound_sd: z
      .number()
      .min(0)
      .meta(meta('sd of the per-compound log10 EC50 offset the descriptors do not explain.')),
    hill_center: z.number().meta(meta('Hill slope = center + halfwidth·tanh(z_1).')),
    hill_halfwidth: z.number().min(0).meta(meta('Half-width of the Hill-slope range.')),
    bottom_center: z.number().meta(meta('Bottom E0 = center + halfwidth·tanh(z_2).')),
    bottom_halfwidth: z.number().min(0).meta(meta('Half-width of the bottom range.')),
    top_center: z.number().meta(meta('Top Emax = center + halfwidth·tanh(z_3).')),
    top_halfwidth: z.number().min(0).meta(meta('Half-width of the top range.')),
    inhibitor_weights: z
      .array(z.number())
      .meta(
        meta(
          'A compound is an inhibitor (response falls from top to bottom with dose) when Σ_j w_j·d_j > 0, else an agonist (rises).',
        ),
      ),
    log10_dose_min: z.number().meta(meta('First dose of the log grid (log10 molar).')),
    log10_dose_step: z.number().positive().meta(meta('Grid step in log10 units (0.5 = half-log).')),
    doses_per_compound: z.number().int().min(2).meta(meta('Dose points per compound.')),
    noise_frac_of_span: z
      .number()
      .min(0)
      .meta(meta('Gaussian noise sd as a fraction of |Emax − E0|.')),
    lloq: z.number().meta(meta('Lower limit of quantification (response units).')),
    uloq: z.number().meta(meta('Upper limit of quantification (response units).')),
    split_fractions: z
      .strictObject({
        train: z.number().min(0).max(1),
        val: z.number().min(0).max(1),
        calibration: z.number().min(0).max(1),
        test: z.number().min(0).max(1),
      })
      .meta(meta('Fractions of compounds per split (by compound, no leakage); sum 1.')),
  })
  .meta(meta('DOSE generator constants.'));
/** DOSE generator constants. */
export type DoseGeneratorConfig = z.infer<typeof doseGeneratorConfigSchema>;

/** Model sizes (protocol v1: roughly matched parameter counts). */
export const doseModelConfigSchema = z
  .strictObject({
    hidden: z
      .number()
      .int()
      .min(1)
      .meta(meta('Width of the two tanh hidden layers of SCM, Rational+ε and MLP.')),
    ensemble_hidden: z
      .number()
      .int()
      .min(1)
      .meta(meta('Width of each EpsEnsemble member (members × params ≈ the single models).')),
    rational_eps: z
      .number()
      .positive()
      .meta(meta('ε of the Rational+ε baseline: y = N / (|D| + ε).')),
    ensemble_eps: z
      .array(z.number().positive())
      .min(1)
      .meta(meta('ε of each EpsEnsemble member; outputs are averaged.')),
    dirhead_hidden: z
      .number()
      .int()
      .min(0)
      .meta(
        meta(
          'Hidden width of the frozen-dirhead direction head (0 = logistic on the frozen features).',
        ),
      ),
  })
  .meta(meta('Model sizes.'));
/** Model sizes. */
export type DoseModelConfig = z.infer<typeof doseModelConfigSchema>;

/** Training budget and loss weights, shared by every model. */
export const doseTrainConfigSchema = z
  .strictObject({
    steps: z
      .number()
      .int()
      .min(1)
      .meta(meta('Optimizer steps per model (the protocol-v1 budget).')),
    batch_size: z.number().int().min(1).meta(meta('Minibatch size.')),
    lr: z.number().positive().meta(meta('Adam learning rate.')),
    beta1: z.number().min(0).max(1).meta(meta('Adam β1.')),
    beta2: z.number().min(0).max(1).meta(meta('Adam β2.')),
    adam_eps: z.number().positive().meta(meta('Adam ε.')),
    log_every: z
      .number()
      .int()
      .min(1)
      .meta(meta('Steps between train-log entries (one log "epoch").')),
    grad_clip_norm: z
      .number()
      .positive()
      .meta(meta('Global L2 gradient-norm clip applied to every network before each step.')),
    implicit_gamma: z.number().positive().meta(meta('γ of the implicit loss (§1.3).')),
    margin_weight: z
      .number()
      .min(0)
      .meta(meta('Weight of the margin loss relu(tau_train − |Q|)² on finite targets.')),
    direction_weight: z
      .number()
      .min(0)
      .meta(meta('Weight of the direction-head cross-entropy on censored samples.')),
    classifier_weight: z.number().min(0).meta(meta('Weight of the MLP classifier cross-entropy.')),
    dirhead_steps: z
      .number()
      .int()
      .min(1)
      .meta(meta('Steps of the frozen-dirhead direction-head training.')),
  })
  .meta(meta('Training budget.'));
/** Training budget. */
export type DoseTrainConfig = z.infer<typeof doseTrainConfigSchema>;

/** Configuration of the DOSE domain; everything here enters the config hash. */
export const doseConfigSchema = z
  .strictObject({
    generator: doseGeneratorConfigSchema,
    models: doseModelConfigSchema,
    train: doseTrainConfigSchema,
    tau_infer: z
      .number()
      .positive()
      .meta(meta('Strict-gate threshold on the normalised |Q| at inference.')),
    tau_train: z
      .number()
      .positive()
      .meta(meta('Margin threshold on |Q| during training (gap band = [tau_infer, tau_train)).')),
    tau_sweep: z
      .array(z.number().positive())
      .min(1)
      .meta(meta('tau_infer values of the calibration sweep.')),
    histogram_bins: z.number().int().min(1).meta(meta('Bins of the log10 |Q| histogram.')),
    borderline_k: z
      .number()
      .int()
      .min(0)
      .meta(meta('Borderline mistakes kept per end in the diagnostics.')),
  })
  .meta(meta('DOSE domain configuration.'));
/** Configuration of the DOSE domain. */
export type DoseConfig = z.infer<typeof doseConfigSchema>;

/** Fixed descriptor mixing matrix (chosen once, by hand, before any result). */
const MIXING: number[][] = [
  [0.9, -0.5, 0.3, 0.0, 0.2],
  [0.2, 0.6, 0.0, -0.7, 0.3],
  [0.0, 0.3, 0.8, 0.4, -0.4],
  [-0.4, 0.0, 0.3, 0.5, 0.7],
];

const GENERATOR_BASE: Omit<DoseGeneratorConfig, 'n_compounds'> = {
  dataset_name: 'zpbench-dose-4pl',
  dataset_version: 1,
  n_descriptors: 5,
  descriptor_min: -1,
  descriptor_max: 1,
  mixing: MIXING,
  inhibitor_weights: [0.5, 0.4, -0.6, 0.3, -0.5],
  log10_ec50_center: -7,
  log10_ec50_halfwidth: 2,
  log10_ec50_compound_sd: 0.1,
  hill_center: 1.75,
  hill_halfwidth: 1.25,
  bottom_center: 5,
  bottom_halfwidth: 5,
  top_center: 100,
  top_halfwidth: 20,
  log10_dose_min: -10,
  log10_dose_step: 0.5,
  doses_per_compound: 12,
  noise_frac_of_span: 0.03,
  lloq: 10,
  uloq: 90,
  split_fractions: { train: 0.6, val: 0.1, calibration: 0.15, test: 0.15 },
};

const TAU_FIELDS = {
  tau_infer: 0.7,
  tau_train: 0.75,
  tau_sweep: [0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85],
  histogram_bins: 16,
  borderline_k: 5,
} as const;

/** Smoke mode: ≈2k samples, short budget (one seed ≲ 5 s of training on one core). */
export const DOSE_SMOKE_CONFIG: DoseConfig = {
  generator: { ...GENERATOR_BASE, n_compounds: 168 },
  models: {
    hidden: 24,
    ensemble_hidden: 12,
    rational_eps: 1e-2,
    ensemble_eps: [1e-3, 1e-2, 1e-1],
    dirhead_hidden: 0,
  },
  train: {
    steps: 1500,
    batch_size: 64,
    lr: 3e-3,
    beta1: 0.9,
    beta2: 0.999,
    adam_eps: 1e-8,
    log_every: 250,
    grad_clip_norm: 1,
    implicit_gamma: 0.1,
    margin_weight: 0.1,
    direction_weight: 1,
    classifier_weight: 1,
    dirhead_steps: 500,
  },
  ...TAU_FIELDS,
  tau_sweep: [...TAU_FIELDS.tau_sweep],
};

/** Paper mode: ≈20k samples, 10 seeds, 32,000 steps. */
export const DOSE_PAPER_CONFIG: DoseConfig = {
  ...DOSE_SMOKE_CONFIG,
  generator: { ...GENERATOR_BASE, n_compounds: 1680 },
  models: { ...DOSE_SMOKE_CONFIG.models, hidden: 32, ensemble_hidden: 16 },
  train: {
    ...DOSE_SMOKE_CONFIG.train,
    // 32,000 rather than 8,000 steps: the pre-registered refusal analysis (docs/domains/dose.md,
    // rule R2) found eps_ensemble still converging at 8,000; one budget for every model.
    steps: 32000,
    batch_size: 128,
    log_every: 4000,
    dirhead_steps: 2000,
  },
};

/** frozen-dirhead mode: the paper budget (for the base it trains without --parent-run-dir, and for the direction head). */
export const DOSE_FROZEN_DIRHEAD_CONFIG: DoseConfig = { ...DOSE_PAPER_CONFIG };
