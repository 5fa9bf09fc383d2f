import { budgetFileRefSchema, prefixedSha256Schema } from './budget.js';
import { markerField, utcTimestampSchema, versionField } from './common.js';
import { provenanceEnvelopeV2Schema } from './envelope.js';
import * as z from './zod.js';

/** Schema marker of `budget-calibration.json`. */
export const BUDGET_CALIBRATION_MARKER = 'zpbench_budget_calibration';
/** Current version of the calibration document (2: the provenance envelope). */
export const BUDGET_CALIBRATION_VERSION = 2;

/** One calibrated (or kept) threshold of one subject. */
export const calibrationRowSchema = z
  .strictObject({
    selector: z.string().meta({ description: 'Selector of the candidate budget, `field=value`.' }),
    threshold_name: z.string().meta({ description: 'Threshold key.' }),
    old: z
      .number()
      .nullable()
      .meta({ description: 'Threshold of the current budget for this subject, or null.' }),
    candidate: z
      .number()
      .nullable()
      .meta({ description: 'Candidate threshold, or null when it could not be derived.' }),
    observed: z
      .strictObject({
        n_runs: z.number().int().min(0).meta({ description: 'Source runs or reports.' }),
        n_values: z.number().int().min(0).meta({ description: 'Pooled values (seeds × runs).' }),
        per_run: z.number().int().min(0).meta({ description: 'Values per run (m).' }),
        mean: z.number().nullable().meta({ description: 'Mean of the pooled values.' }),
        std: z.number().nullable().meta({ description: 'Sample sd of the pooled values.' }),
        worst_run: z.number().nullable().meta({
          description: 'Worst per-run statistic in the threshold’s direction.',
        }),
        k: z.number().nullable().meta({ description: 'Tolerance factor used.' }),
      })
      .meta({ description: 'The observed baseline the candidate comes from.' }),
    change: z.enum(['new', 'tightened', 'loosened', 'unchanged', 'skipped']).meta({
      description:
        'new: no current threshold; loosened: the candidate admits worse values than the current one (needs human review); skipped: not derivable.',
    }),
    rationale: z.string().meta({ description: 'Why this candidate, in one sentence.' }),
  })
  .meta({ description: 'One calibrated threshold.' });
/** One calibrated threshold. */
export type CalibrationRow = z.infer<typeof calibrationRowSchema>;

/** `budget-calibration.json`, version 2. */
export const budgetCalibrationV2Schema = z
  .strictObject({
    schema: markerField(BUDGET_CALIBRATION_MARKER),
    schema_version: versionField(BUDGET_CALIBRATION_VERSION),
    created_utc: utcTimestampSchema,
    zpbench_version: z.string().meta({ description: 'Version of zpbench that calibrated.' }),
    command: z
      .array(z.string())
      .meta({ description: 'Command-line arguments of the calibration.' }),
    machine_class: z
      .string()
      .min(1)
      .meta({ description: 'Machine class the thresholds hold for (`--machine-class`).' }),
    rule: z
      .strictObject({
        name: z.literal('one-sided-normal-tolerance-bound').meta({ description: 'Rule id.' }),
        coverage: z.number().gt(0).lt(1).meta({ description: 'Population coverage p.' }),
        confidence: z.number().gt(0).lt(1).meta({ description: 'Confidence γ.' }),
        text: z.string().meta({ description: 'The rule in words (docs/budgets.md).' }),
      })
      .meta({ description: 'How candidates are derived from the observed spread.' }),
    sources: z
      .array(
        z.strictObject({
          path: z.string().meta({ description: 'Source as given (run dir or perf JSON).' }),
          kind: z.enum(['run', 'performance']).meta({ description: 'Kind of source.' }),
          id: z.string().meta({ description: 'Run id, or the perf artifact’s file name.' }),
          sha256: prefixedSha256Schema.meta({
            description: 'Digest of the run’s manifest.json or of the perf artifact.',
          }),
          label: z
            .string()
            .meta({ description: 'Domain/mode of a run, suite of a perf artifact.' }),
        }),
      )
      .min(1)
      .meta({ description: 'Preserved reports the thresholds come from.' }),
    current_budget: budgetFileRefSchema
      .nullable()
      .meta({ description: 'The current budget file (never edited), or null.' }),
    rows: z.array(calibrationRowSchema).meta({ description: 'Every candidate threshold.' }),
    envelope: provenanceEnvelopeV2Schema.meta({
      description:
        'The provenance envelope (kind budget-calibration): input digest of the sources, current budget, machine class and rule; result digest of the rows and candidate budgets.',
    }),
  })
  .meta({
    title: 'zpbench budget calibration v2',
    description:
      'Candidate budget thresholds from preserved runs: provenance, source digests, current and candidate thresholds, diffs.',
  });
/** `budget-calibration.json`, version 2. */
export type BudgetCalibrationV2 = z.infer<typeof budgetCalibrationV2Schema>;
