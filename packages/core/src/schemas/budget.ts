import { domainIdSchema, markerField, modeIdSchema, versionField } from './common.js';
import * as z from './zod.js';

/** Schema marker of a budget file (`{"budgets": [ … ]}`). */
export const BUDGET_FILE_MARKER = 'zpbench_budget_file';
/** Current version of the budget file. */
export const BUDGET_FILE_VERSION = 1;
/** Schema marker of a budget verdict (`aggregated/budget_verdict.json`, the gate object). */
export const BUDGET_VERDICT_MARKER = 'zpbench_budget_verdict';
/** Current version of the budget verdict. */
export const BUDGET_VERDICT_VERSION = 1;

/** A `sha256:<hex>` digest, as provenance envelopes and budget references carry it. */
export const prefixedSha256Schema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/)
  .meta({ description: 'Digest as `sha256:<64 lowercase hex>`.' });

const nonNegative = (what: string) => z.number().min(0).meta({ description: what });
const count = (what: string) => z.number().int().min(0).meta({ description: what });

/** Selector fields of a scientific budget; an omitted field matches everything. */
export const SCIENTIFIC_SELECTOR_KEYS = ['domain', 'mode', 'model', 'metric'] as const;
/** Selector fields of a performance budget; an omitted field matches everything. */
export const PERFORMANCE_SELECTOR_KEYS = ['benchmark', 'group'] as const;
/** Thresholds on a metric's mean over seeds (and against a baseline run). */
export const METRIC_THRESHOLD_KEYS = [
  'min_mean',
  'max_mean',
  'max_regression',
  'max_regression_pct',
] as const;
/** Thresholds on a whole run. */
export const RUN_THRESHOLD_KEYS = ['required_claims', 'max_failed_seeds'] as const;
/** Thresholds on a performance measurement. */
export const PERFORMANCE_THRESHOLD_KEYS = [
  'max_average_latency_ms',
  'max_p50_latency_ms',
  'max_p95_latency_ms',
  'min_throughput_per_second',
  'max_error_count',
] as const;

/** A threshold name a budget may carry. */
export type ThresholdKey =
  | (typeof METRIC_THRESHOLD_KEYS)[number]
  | (typeof RUN_THRESHOLD_KEYS)[number]
  | (typeof PERFORMANCE_THRESHOLD_KEYS)[number];

const budgetObjectSchema = z.strictObject({
  description: z
    .string()
    .optional()
    .meta({ description: 'Why the budget exists (free text, shown in reports).' }),
  domain: domainIdSchema
    .optional()
    .meta({ description: 'Domain id; omitted matches every domain.' }),
  mode: modeIdSchema.optional().meta({ description: 'Mode id; omitted matches every mode.' }),
  model: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Model id; omitted matches every model.' }),
  metric: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Metric key; omitted matches every metric of the selected models.' }),
  benchmark: z.string().min(1).optional().meta({
    description: 'Performance benchmark name; omitted matches every benchmark of the group.',
  }),
  group: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Performance benchmark group; omitted matches every group.' }),
  min_mean: z
    .number()
    .optional()
    .meta({ description: 'The metric’s mean over seeds must be at least this.' }),
  max_mean: z
    .number()
    .optional()
    .meta({ description: 'The metric’s mean over seeds must be at most this.' }),
  max_regression: nonNegative(
    'Largest tolerated regression of the mean against the baseline run, in metric units and in the metric’s declared direction (needs --baseline-run-dir).',
  ).optional(),
  max_regression_pct: nonNegative(
    'Largest tolerated regression against the baseline run, in percent of the baseline mean’s magnitude, in the metric’s declared direction.',
  ).optional(),
  required_claims: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .meta({ description: 'Claim ids whose verdict must be PASS in the claim audit.' }),
  max_failed_seeds: count('Largest tolerated number of failed seeds.').optional(),
  max_average_latency_ms: nonNegative('Largest tolerated mean latency, ms.').optional(),
  max_p50_latency_ms: nonNegative('Largest tolerated median latency, ms.').optional(),
  max_p95_latency_ms: nonNegative('Largest tolerated 95th-percentile latency, ms.').optional(),
  min_throughput_per_second: nonNegative('Smallest tolerated throughput, per second.').optional(),
  max_error_count: count('Largest tolerated number of errors.').optional(),
});

const has = (budget: Record<string, unknown>, keys: readonly string[]) =>
  keys.some((key) => budget[key] !== undefined);

/**
 * One budget: a selector (scientific: domain, mode, model, metric; performance: benchmark, group;
 * an omitted field matches all) and at least one threshold of its family.
 */
export const budgetSchema = budgetObjectSchema
  .superRefine((budget, ctx) => {
    const thresholds = [
      ...METRIC_THRESHOLD_KEYS,
      ...RUN_THRESHOLD_KEYS,
      ...PERFORMANCE_THRESHOLD_KEYS,
    ];
    if (!has(budget, thresholds)) {
      ctx.addIssue({
        code: 'custom',
        message: `a budget needs at least one threshold (${thresholds.join(', ')})`,
      });
    }
    const scientific =
      has(budget, SCIENTIFIC_SELECTOR_KEYS) ||
      has(budget, METRIC_THRESHOLD_KEYS) ||
      has(budget, RUN_THRESHOLD_KEYS);
    const performance =
      has(budget, PERFORMANCE_SELECTOR_KEYS) || has(budget, PERFORMANCE_THRESHOLD_KEYS);
    if (scientific && performance) {
      ctx.addIssue({
        code: 'custom',
        message:
          'a budget is either scientific (domain/mode/model/metric, metric and run thresholds) or performance (benchmark/group, latency/throughput/error thresholds), not both; split it in two',
      });
    }
    if (
      budget.min_mean !== undefined &&
      budget.max_mean !== undefined &&
      budget.min_mean > budget.max_mean
    ) {
      ctx.addIssue({ code: 'custom', message: 'min_mean is above max_mean: no run can pass' });
    }
  })
  .meta({
    description:
      'One budget: a selector (an omitted field matches all) and its thresholds. A budget whose selector matches nothing is itself a violation.',
  });
/** One budget. */
export type Budget = z.infer<typeof budgetSchema>;

/** A budget file, version 1: `{"budgets": [ … ]}` (marker and version optional). */
export const budgetFileV1Schema = z
  .strictObject({
    schema: markerField(BUDGET_FILE_MARKER).optional(),
    schema_version: versionField(BUDGET_FILE_VERSION).optional(),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .meta({
        description:
          'Free key → scalar notes (owner, machine class, calibration source); copied into the verdict and provenance.',
      }),
    budgets: z
      .array(budgetSchema)
      .min(1)
      .meta({ description: 'The budgets, each checked on its own.' }),
  })
  .meta({
    title: 'zpbench budget file v1',
    description:
      'Release-gate budgets over scientific runs (metric means, regressions, claims, failed seeds) and performance artifacts (latency, throughput, errors).',
  });
/** A budget file, version 1. */
export type BudgetFileV1 = z.infer<typeof budgetFileV1Schema>;

/** Where a budget file came from: its path as given and its digest. */
export const budgetFileRefSchema = z
  .strictObject({
    path: z.string().min(1).meta({ description: 'Path of the budget file as given.' }),
    sha256: prefixedSha256Schema.meta({
      description: 'sha256 of the budget file’s bytes, as `sha256:<hex>`.',
    }),
    budgets: z.number().int().min(1).meta({ description: 'Number of budgets in the file.' }),
    metadata: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .meta({ description: 'The file’s metadata (empty when it has none).' }),
  })
  .meta({ description: 'The budget file a gate ran with.' });
/** Where a budget file came from. */
export type BudgetFileRef = z.infer<typeof budgetFileRefSchema>;

/** One evaluated threshold of one budget on one subject. */
export const budgetCheckSchema = z
  .strictObject({
    budget: z.number().int().min(0).meta({ description: 'Index of the budget in the file.' }),
    selector: z
      .string()
      .meta({ description: 'The budget’s selector, `field=value` pairs (`*` when omitted).' }),
    source: z.string().meta({
      description: 'Run id or performance artifact the subject comes from ("" when none).',
    }),
    subject: z.string().meta({
      description:
        'What was measured: `model/metric`, `run`, `claim:<id>`, the benchmark name, or `(no match)`.',
    }),
    threshold_name: z.string().meta({ description: 'Threshold key, or `selector` for no match.' }),
    threshold: z
      .union([z.number(), z.string()])
      .nullable()
      .meta({ description: 'Threshold value (a claim id for required_claims), or null.' }),
    observed: z
      .union([z.number(), z.string()])
      .nullable()
      .meta({ description: 'Observed value (a verdict for claims), or null when unmeasured.' }),
    ok: z.boolean().meta({ description: 'Whether the threshold holds.' }),
    reason: z.string().meta({ description: 'One sentence explaining the outcome.' }),
  })
  .meta({ description: 'One evaluated threshold.' });
/** One evaluated threshold. */
export type BudgetCheck = z.infer<typeof budgetCheckSchema>;

/** A budget verdict, version 1: `aggregated/budget_verdict.json` and the gate object. */
export const budgetVerdictV1Schema = z
  .strictObject({
    schema: markerField(BUDGET_VERDICT_MARKER),
    schema_version: versionField(BUDGET_VERDICT_VERSION),
    budget_sha256: prefixedSha256Schema.meta({
      description: 'Digest of the budget file evaluated (its path is in provenance and manifest).',
    }),
    ok: z.boolean().meta({ description: 'true iff no check failed.' }),
    n_checks: z.number().int().min(0).meta({ description: 'Number of evaluated thresholds.' }),
    n_violations: z.number().int().min(0).meta({ description: 'Number of failed thresholds.' }),
    checks: z.array(budgetCheckSchema).meta({
      description: 'Every evaluated threshold, by budget index then source then subject.',
    }),
  })
  .meta({
    title: 'zpbench budget verdict v1',
    description:
      'Outcome of a budget file on a run or a performance artifact. Deterministic: no timestamps, no paths.',
  });
/** A budget verdict, version 1. */
export type BudgetVerdictV1 = z.infer<typeof budgetVerdictV1Schema>;
