import * as z from '@zpbench/core/zod';

const meta = (description: string) => ({ description });
const positive = (description: string) => z.number().positive().meta(meta(description));
const fraction = (description: string) => z.number().min(0).max(1).meta(meta(description));
const count = (description: string, min = 1) => z.number().int().min(min).meta(meta(description));

/** Generator constants of domains.md §6.1. Every value enters the config hash. */
export const ikGeneratorConfigSchema = z
  .strictObject({
    dataset_name: z.literal('zpbench-ik-rr').meta(meta('Dataset name.')),
    dataset_version: z.literal(1).meta(meta('Dataset contract version.')),
    n_samples: count('Samples generated per seed (before any bucket augmentation).', 10),
    link_lengths: z
      .tuple([z.number().positive(), z.number().positive()])
      .meta(meta('Link lengths [L1, L2].')),
    joint_limits: z
      .tuple([z.number(), z.number()])
      .meta(meta('Joint limits [lo, hi] of θ1 and θ2 (radians); singular θ2 draws are clipped.')),
    singular_ratio: fraction('Fraction of samples drawn near a singularity: floor(ratio·n).'),
    singularity_threshold: positive(
      't: singular θ2 ~ N(0, t) or N(π, t); is_singular ⇔ |det J| < t; regular draws need |det J| ≥ 2t.',
    ),
    force_exact_singularities: z
      .boolean()
      .meta(meta('Put one sample at θ2 = 0 and one at θ2 = π first (among the singular ones).')),
    min_detj_regular: z
      .number()
      .positive()
      .nullable()
      .meta(meta('Extra rejection bound |det J| ≥ this for regular draws; null for none.')),
    regular_max_attempts: count('Redraws of a regular sample before the last draw is accepted.'),
    displacement_scale: positive('Task-space displacement dx, dy ~ N(0, scale²).'),
    target_mode: z
      .enum(['inv', 'dls'])
      .meta(
        meta(
          'Target joint step: inv = adj(J)·d/det_safe (the pole target), dls = Jᵀ(JJᵀ + λ²I)⁻¹·d.',
        ),
      ),
    dls_lambda: positive('Damping λ of the dls target.'),
    dls_det_floor: positive('Floor on det(JJᵀ + λ²I) in the dls target.'),
    inv_det_min: positive('inv target: det_safe = sign(det)·max(|det|, max(inv_det_min, 1e-15)).'),
    dq_clip: z
      .number()
      .positive()
      .nullable()
      .meta(meta('Rescale each target so ‖Δθ‖ ≤ dq_clip; null leaves targets unclipped.')),
    train_fraction: fraction(
      'Stratified split: the first round(fraction·n_b) samples of each bucket, in generation order, train.',
    ),
    singular_ratio_split: z
      .strictObject({ train: fraction('Singular ratio of train.'), test: fraction('Of test.') })
      .nullable()
      .meta(
        meta(
          'When set, train and test are drawn separately with these singular ratios (sizes from train_fraction) instead of the stratified split.',
        ),
      ),
    ensure_buckets_nonzero: z
      .boolean()
      .meta(meta('Append near-pole samples so B0–B3 are non-empty in both splits.')),
  })
  .meta(meta('IK generator constants.'));
/** IK generator constants. */
export type IkGeneratorConfig = z.infer<typeof ikGeneratorConfigSchema>;

/** Model sizes (protocol v1: matched step budgets, parameter counts recorded). */
export const ikModelConfigSchema = z
  .strictObject({
    hidden: count('Width of the two hidden layers of the MLP and Rational+ε networks.'),
    activation: z.enum(['tanh', 'relu', 'silu']).meta(meta('Hidden activation of the networks.')),
    ensemble_hidden: count('Width of each EpsEnsemble member.'),
    rational_eps: positive('ε of Rational+ε: y = N / (D + ε·sgn D).'),
    ensemble_eps: z
      .array(z.number().positive())
      .min(1)
      .meta(meta('ε of each EpsEnsemble member; outputs averaged.')),
    scm_degree_p: count('Total degree of the SCM numerators P(φ).'),
    scm_degree_q: count('Total degree of the SCM denominator Q(φ).'),
    scm_basis: z
      .enum(['reduced', 'full'])
      .meta(
        meta(
          'SCM monomials: reduced = sin θ1, sin θ2 at most to the first power (the monomials sin² + cos² = 1 makes redundant are dropped); full = every monomial.',
        ),
      ),
    scm_init_scale: positive('sd of the initial SCM numerator coefficients (Adam fit only).'),
    scm_fit: z
      .enum(['least-squares', 'adam'])
      .meta(
        meta(
          'How the SCM is fitted: least-squares = the exact minimiser of its linearised implicit loss (unit-normalised lifted targets, ‖c‖ = 1; one solve); adam = `steps` Adam steps on the implicit + margin loss, like the baselines.',
        ),
      ),
    reference_dls_lambda: positive('Damping λ of the DLS analytic reference and the fallback.'),
  })
  .meta(meta('Model sizes.'));
/** Model sizes. */
export type IkModelConfig = z.infer<typeof ikModelConfigSchema>;

/** Training budget, shared by every learned model. */
export const ikTrainConfigSchema = z
  .strictObject({
    steps: count('Optimizer steps per learned model (the protocol-v1 budget).'),
    batch_size: count('Minibatch size.'),
    lr: positive('Adam learning rate.'),
    beta1: fraction('Adam β1.'),
    beta2: fraction('Adam β2.'),
    adam_eps: positive('Adam ε.'),
    grad_clip_norm: positive('Global L2 gradient-norm clip before each step.'),
    implicit_gamma: positive('γ of the implicit loss (domains.md §1.3).'),
    implicit_stop_gradient: z
      .boolean()
      .meta(
        meta('Detach the implicit loss denominator (§1.3 default true; false: the full gradient).'),
      ),
    margin_weight: z
      .number()
      .min(0)
      .meta(meta('Weight of the margin loss relu(tau_train − |Q|)² on regular samples.')),
  })
  .meta(meta('Training budget.'));
/** Training budget. */
export type IkTrainConfig = z.infer<typeof ikTrainConfigSchema>;

/** Evaluation settings of the diagnostics. */
export const ikEvaluationConfigSchema = z
  .strictObject({
    workspace_grid: count('Cells per axis of the workspace heatmaps over [−reach, reach]².', 2),
    detj_histogram_bins: count('Bins of the log10 |det J| histogram.'),
    detj_histogram_min_log10: z.number().meta(meta('Left edge of the log10 |det J| histogram.')),
    reliability_bins: count('Equal-width bins of the bottom-decision reliability diagram.'),
    reliability_temperature: positive(
      'p(bottom) = σ((ln tau_infer − ln|Q|)/T): the logistic score of the strict gate, T in natural-log units.',
    ),
    pole_threshold: positive(
      'The bottom decision is correct on samples with |det J| ≤ this (the B0 edge): the pole outcome of the reliability diagram.',
    ),
  })
  .meta(meta('Evaluation settings.'));
/** Evaluation settings. */
export type IkEvaluationConfig = z.infer<typeof ikEvaluationConfigSchema>;

/** Closed-loop rollouts along paths that pass near full extension (θ2 ≈ 0). */
export const ikRolloutConfigSchema = z
  .strictObject({
    n_trajectories: count('Trajectories per seed.'),
    steps: count('Control steps per trajectory.', 2),
    theta2_start_min: positive('|θ2| at the start is uniform on [min, max] (elbow sign random).'),
    theta2_start_max: positive('Upper end of the starting |θ2|.'),
    theta2_closest_min: positive(
      'The path reaches radius 2·cos(θ2*/2) with θ2* log-uniform on [min, max]: its closest approach to θ2 = 0.',
    ),
    theta2_closest_max: positive('Upper end of θ2*.'),
    sweep_max: z
      .number()
      .min(0)
      .meta(meta('The path also turns by an angle uniform on [−sweep_max, sweep_max] radians.')),
    failure_tolerance: positive(
      'A trajectory fails when its tracking error exceeds this at any step (or its state is non-finite).',
    ),
    timeline_trajectories: count(
      'Trajectories per seed and model kept step by step for the fallback timelines.',
      0,
    ),
  })
  .meta(meta('Rollout settings.'));
/** Rollout settings. */
export type IkRolloutConfig = z.infer<typeof ikRolloutConfigSchema>;

/** Configuration of the IK domain; everything here enters the config hash. */
export const ikConfigSchema = z
  .strictObject({
    generator: ikGeneratorConfigSchema,
    models: ikModelConfigSchema,
    train: ikTrainConfigSchema,
    tau_infer: positive('Strict-gate threshold on the normalised |Q| at inference.'),
    tau_train: positive(
      'Margin threshold on |Q| in training; the gap band is [tau_infer, tau_train).',
    ),
    evaluation: ikEvaluationConfigSchema,
    rollout: ikRolloutConfigSchema,
  })
  .meta(meta('IK domain configuration.'));
/** Configuration of the IK domain. */
export type IkConfig = z.infer<typeof ikConfigSchema>;

const GENERATOR_BASE: Omit<IkGeneratorConfig, 'n_samples'> = {
  dataset_name: 'zpbench-ik-rr',
  dataset_version: 1,
  link_lengths: [1, 1],
  joint_limits: [-Math.PI, Math.PI],
  singular_ratio: 0.3,
  singularity_threshold: 1e-3,
  force_exact_singularities: false,
  min_detj_regular: null,
  regular_max_attempts: 100,
  displacement_scale: 0.1,
  target_mode: 'inv',
  dls_lambda: 0.01,
  dls_det_floor: 1e-12,
  inv_det_min: 1e-8,
  dq_clip: null,
  train_fraction: 0.8,
  singular_ratio_split: null,
  ensure_buckets_nonzero: false,
};

const EVALUATION: IkEvaluationConfig = {
  workspace_grid: 24,
  detj_histogram_bins: 18,
  detj_histogram_min_log10: -16,
  reliability_bins: 10,
  reliability_temperature: 0.5,
  pole_threshold: 1e-5,
};

/** Smoke mode: n = 2,000 per seed (domains.md §6.1 [I]), a short budget, 5 seeds. */
export const IK_SMOKE_CONFIG: IkConfig = {
  generator: { ...GENERATOR_BASE, n_samples: 2000 },
  models: {
    hidden: 32,
    activation: 'tanh',
    ensemble_hidden: 16,
    rational_eps: 1e-2,
    ensemble_eps: [1e-3, 1e-2, 1e-1],
    scm_degree_p: 3,
    scm_degree_q: 2,
    scm_basis: 'reduced',
    scm_init_scale: 0.1,
    scm_fit: 'least-squares',
    reference_dls_lambda: 0.01,
  },
  train: {
    steps: 1500,
    batch_size: 64,
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    adam_eps: 1e-8,
    grad_clip_norm: 1,
    implicit_gamma: 1e-9,
    implicit_stop_gradient: true,
    margin_weight: 1,
  },
  tau_infer: 1e-6,
  tau_train: 1e-4,
  evaluation: EVALUATION,
  rollout: {
    n_trajectories: 8,
    steps: 60,
    theta2_start_min: 0.5,
    theta2_start_max: 1,
    theta2_closest_min: 1e-6,
    theta2_closest_max: 3e-2,
    sweep_max: 0.5,
    failure_tolerance: 0.05,
    timeline_trajectories: 2,
  },
};

/** Paper mode: n = 20,000 per seed, 10 seeds. */
export const IK_PAPER_CONFIG: IkConfig = {
  ...IK_SMOKE_CONFIG,
  generator: { ...GENERATOR_BASE, n_samples: 20000 },
  models: { ...IK_SMOKE_CONFIG.models, hidden: 64, ensemble_hidden: 32 },
  train: { ...IK_SMOKE_CONFIG.train, steps: 8000, batch_size: 128 },
  rollout: { ...IK_SMOKE_CONFIG.rollout, n_trajectories: 32 },
};
