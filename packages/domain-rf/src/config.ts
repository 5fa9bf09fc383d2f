import * as z from '@zpbench/core/zod';

const meta = (description: string) => ({ description });
const positive = (description: string) => z.number().positive().meta(meta(description));
const count = (description: string, min = 1) => z.number().int().min(min).meta(meta(description));

/** Frequency-sampling strategies of the generator (domains.md §5.1). */
export const SAMPLING_STRATEGIES = ['log_uniform', 'mixture'] as const;
/** A frequency-sampling strategy. */
export type SamplingStrategy = (typeof SAMPLING_STRATEGIES)[number];

/**
 * Generator constants (domains.md §5.1, `RFResonatorDataConfig`). Every value enters the config
 * hash and is stamped into the per-seed `data_config`, so the fingerprint freezes the contract.
 */
export const rfDataConfigSchema = z
  .strictObject({
    dataset_name: z.literal('zpbench-rf-resonator').meta(meta('Dataset name.')),
    dataset_version: z.literal(1).meta(meta('Version of the generation contract.')),
    n_filters_train: count('Training filters (Q ≤ q_max_train).'),
    n_filters_val: count('Validation filters (Q ≤ q_max_train).'),
    n_filters_test: count('Test filters (Q ≤ q_max_test).'),
    points_per_filter: count('Frequency points per filter.', 2),
    w_min: positive('Lowest frequency ω of the sweep (rad/s).'),
    w_max: positive('Highest frequency ω of the sweep.'),
    w0_min: positive('ω0 is log-uniform on [w0_min, w0_max].'),
    w0_max: positive('Upper end of the ω0 range.'),
    q_min: positive(
      'Q is log-uniform on [q_min, q_max_train] (train, val) or [q_min, q_max_test] (test).',
    ),
    q_max_train: positive('Largest Q of the training and validation filters.'),
    q_max_test: positive(
      'Largest Q of the test filters; Q > q_max_train is the extrapolation subset.',
    ),
    sampling: z
      .enum(SAMPLING_STRATEGIES)
      .meta(
        meta(
          'log_uniform: every ω log-uniform on [w_min, w_max]; mixture: global + local around ω0.',
        ),
      ),
    mixture_global_fraction: z
      .number()
      .min(0)
      .max(1)
      .meta(meta('mixture: floor(points·fraction) log-uniform points per filter, the rest local.')),
    mixture_local_sigma_scale: positive(
      'mixture: local points are ω0 + σ·N(0, 1) with σ = ω0 / max(Q, 0.5) · scale, clamped to the sweep.',
    ),
    mixture_sort_within_filter: z
      .boolean()
      .meta(meta('mixture: sort each filter’s [global, local] points ascending.')),
    dtype: z.literal('float64').meta(meta('Arithmetic of generation, training and evaluation.')),
  })
  .meta(meta('RF resonator generator constants.'));
/** Generator constants. */
export type RfDataConfig = z.infer<typeof rfDataConfigSchema>;

/** Conditioning inputs of the SCM-Transfer hypernetwork (domains.md §5.2). */
export const CONDITIONINGS = [
  'logw0_logq',
  'logw0_invq',
  'w0_invq',
  'logw0_damping',
  'w0_damping',
] as const;

/** Model sizes and heads (domains.md §5.2; widths chosen to match parameter counts). */
export const rfModelConfigSchema = z
  .strictObject({
    hidden: count('Width of the two hidden layers of every network (matched parameter counts).'),
    rational_degree: count(
      'Numerator and denominator degree of RationalTransfer and SCM-Transfer (monic Q).',
    ),
    rational_epsilon: positive('RationalTransfer: bottom and output 0 where |Q(jω)|² < ε².'),
    scm_basic_degree: count('SCM-Basic: numerator and denominator degree of each Chebyshev head.'),
    scm_basic_singular_epsilon: positive('SCM-Basic: a head is bottom where |Q(z)| < this.'),
    conditioning: z
      .enum(CONDITIONINGS)
      .meta(meta('SCM-Transfer hypernetwork input; logw0_logq = [log10 ω0, log10 Q].')),
    transfer_epsilon: positive('SCM-Transfer: bottom where |Q(jω)|² < ε² (shared denominator).'),
    q_coeff_min: z
      .number()
      .min(0)
      .meta(meta('SCM-Transfer: denominator coefficients are softplus(raw) + q_coeff_min > 0.')),
    head_init_scale: positive(
      'Last-layer weight scale of the coefficient heads (RationalTransfer and SCM-Transfer).',
    ),
    head_q0_bias: z
      .number()
      .meta(
        meta(
          'SCM-Transfer: initial bias of the raw Q0 coefficient; RationalTransfer starts at the same effective coefficients.',
        ),
      ),
  })
  .meta(meta('Model sizes.'));
/** Model sizes. */
export type RfModelConfig = z.infer<typeof rfModelConfigSchema>;

/** Training budget, shared by every learned model (protocol v1: matched optimizer steps). */
export const rfTrainConfigSchema = z
  .strictObject({
    optimizer: z.literal('adamw').meta(meta('Optimizer (decoupled weight decay).')),
    steps: count('Optimizer steps per model (the protocol-v1 budget).'),
    batch_size: count('Minibatch size in frequency points.'),
    lr: positive('Peak learning rate.'),
    lr_schedule: z
      .enum(['constant', 'cosine'])
      .meta(
        meta('constant: lr throughout; cosine: lr·½(1 + cos(π·step/steps)), down to 0 at the end.'),
      ),
    weight_decay: z.number().min(0).meta(meta('AdamW decoupled weight decay.')),
    beta1: z.number().min(0).max(1).meta(meta('Adam β1.')),
    beta2: z.number().min(0).max(1).meta(meta('Adam β2.')),
    adam_eps: positive('Adam ε.'),
    grad_clip_norm: positive('Global L2 gradient-norm clip before every step.'),
    margin_weight: z
      .number()
      .min(0)
      .meta(meta('SCM-Basic: weight of the margin loss relu(tau_train − |Q|)² beside the MSE.')),
    tau_train: positive('Margin threshold on |Q| during training.'),
  })
  .meta(meta('Training budget and loss weights.'));
/** Training budget. */
export type RfTrainConfig = z.infer<typeof rfTrainConfigSchema>;

/** Evaluation constants: the strict gate, the dense peak grid and the metric thresholds (§5.3). */
export const rfEvalConfigSchema = z
  .strictObject({
    tau_infer: positive('Strict gate of the SCM models: bottom where |Q| < tau_infer.'),
    grid_points: count(
      'Log-spaced points of the dense peak-evaluation grid over [w_min, w_max].',
      2,
    ),
    local_points: count(
      'Extra points per filter, evenly spaced across ω0·(1 ± local_half_width/Q).',
      0,
    ),
    local_half_width: positive('Half-width of the local refinement in units of ω0/Q.'),
    retention_band: positive('Peak search band |ω − ω0| ≤ retention_band·ω0/Q.'),
    retention_fallback_octaves: positive(
      'Fallback band (when the band holds no grid point): ω0·2^(±octaves/2).',
    ),
    retention_magnitude_fraction: positive('A retained peak reaches at least this fraction of Q.'),
    retention_location_decades: positive(
      'A retained peak lies within this many decades of the true peak frequency.',
    ),
    hallucination_min_magnitude: positive('An invented peak reaches at least this |Ĥ| (2 = 6 dB).'),
    hallucination_ratio: positive('An invented peak is at least this many times the true |H|.'),
    hallucination_band: positive(
      'An invented peak lies outside the resonance band |ω − ω0| > hallucination_band·ω0/Q.',
    ),
    near_min_factor: positive(
      'Axis diagnostics: a grid point is near the denominator minimum when |Q| ≤ factor·min|Q|.',
    ),
    trace_representatives: count(
      'Representative test filters saved in rf_signal_traces.json (spread over Q).',
    ),
    qualitative_per_kind: count(
      'Failure examples per learned model and kind (washout, invented peak) saved and drawn.',
      0,
    ),
    trace_digits: count('Significant digits of the saved trace values.'),
    predict_batch: count('Rows per inference batch (bounds memory, not results).'),
  })
  .meta(meta('Evaluation constants.'));
/** Evaluation constants. */
export type RfEvalConfig = z.infer<typeof rfEvalConfigSchema>;

/** Configuration of the RF domain; everything here enters the config hash. */
export const rfConfigSchema = z
  .strictObject({
    data: rfDataConfigSchema,
    models: rfModelConfigSchema,
    train: rfTrainConfigSchema,
    eval: rfEvalConfigSchema,
  })
  .meta(meta('RF domain configuration.'));
/** Configuration of the RF domain. */
export type RfConfig = z.infer<typeof rfConfigSchema>;

const DATA_BASE: Omit<RfDataConfig, 'n_filters_train' | 'n_filters_val' | 'n_filters_test'> = {
  dataset_name: 'zpbench-rf-resonator',
  dataset_version: 1,
  points_per_filter: 64,
  w_min: 0.1,
  w_max: 10,
  w0_min: 0.5,
  w0_max: 5,
  q_min: 2,
  q_max_train: 30,
  q_max_test: 200,
  sampling: 'log_uniform',
  mixture_global_fraction: 0.5,
  mixture_local_sigma_scale: 1,
  mixture_sort_within_filter: true,
  dtype: 'float64',
};

const MODELS_BASE: Omit<RfModelConfig, 'hidden'> = {
  rational_degree: 2,
  rational_epsilon: 1e-8,
  scm_basic_degree: 6,
  scm_basic_singular_epsilon: 1e-12,
  conditioning: 'logw0_logq',
  transfer_epsilon: 1e-8,
  q_coeff_min: 0,
  head_init_scale: 0.01,
  head_q0_bias: 1,
};

const TRAIN_BASE: Omit<RfTrainConfig, 'steps' | 'batch_size'> = {
  optimizer: 'adamw',
  lr: 1e-3,
  lr_schedule: 'cosine',
  weight_decay: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  adam_eps: 1e-8,
  grad_clip_norm: 1,
  margin_weight: 0.1,
  tau_train: 1e-4,
};

const EVAL_BASE: RfEvalConfig = {
  tau_infer: 1e-6,
  grid_points: 512,
  local_points: 65,
  local_half_width: 4,
  retention_band: 2,
  retention_fallback_octaves: 1 / 3,
  retention_magnitude_fraction: 0.5,
  retention_location_decades: 0.05,
  hallucination_min_magnitude: 2,
  hallucination_ratio: 3,
  hallucination_band: 3,
  near_min_factor: Math.SQRT2,
  trace_representatives: 3,
  qualitative_per_kind: 1,
  trace_digits: 7,
  predict_batch: 4096,
};

/** Smoke mode: 256 / 64 / 128 filters × 64 points (§5.1 [I]), narrow networks, a short budget. */
export const RF_SMOKE_CONFIG: RfConfig = {
  data: { ...DATA_BASE, n_filters_train: 256, n_filters_val: 64, n_filters_test: 128 },
  models: { ...MODELS_BASE, hidden: 32 },
  train: { ...TRAIN_BASE, steps: 300, batch_size: 256 },
  eval: EVAL_BASE,
};

/** Paper mode: the generator defaults 2048 / 512 / 1024 filters × 64 points, width 128. */
export const RF_PAPER_CONFIG: RfConfig = {
  data: { ...DATA_BASE, n_filters_train: 2048, n_filters_val: 512, n_filters_test: 1024 },
  models: { ...MODELS_BASE, hidden: 128 },
  train: { ...TRAIN_BASE, steps: 2000, batch_size: 512 },
  eval: EVAL_BASE,
};
