import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  relativePathSchema,
  sha256Schema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Schema marker of `aggregated/claim_audit.json`, the JSON twin of CLAIM_AUDIT.md. */
export const CLAIM_AUDIT_MARKER = 'zpbench_claim_audit';
/** Current version of the claim audit. */
export const CLAIM_AUDIT_VERSION = 2;

/**
 * A claim's outcome. FAIL always means evidence against the claim; a claim that no outcome
 * could pass with the seeds given (too few pairs for the test and the Holm count) is
 * INCONCLUSIVE, which the gate still refuses when the claim is required.
 */
export const CLAIM_VERDICTS = ['PASS', 'FAIL', 'INCONCLUSIVE'] as const;
/** A claim's outcome (see {@link CLAIM_VERDICTS}). */
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

/** The evaluated evidence of one claim. */
export const claimResultSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Claim id.' }),
    description: z.string().meta({ description: 'The claim in words.' }),
    kind: z
      .enum([
        'superiority',
        'non-inferiority',
        'variance-ratio',
        'floor',
        'completeness',
        'invariant',
      ])
      .meta({ description: 'What kind of check the claim is.' }),
    metric: z.string().meta({ description: 'Metric key the claim is about.' }),
    claimed_model: z.string().meta({ description: 'Model the claim is about.' }),
    baseline_model: z
      .string()
      .nullable()
      .meta({ description: 'Model it is compared against, if any.' }),
    direction: z
      .enum(['higher', 'lower'])
      .meta({ description: 'Which way the claimed model must be better.' }),
    threshold: z
      .number()
      .nullable()
      .meta({ description: 'Margin, floor or ratio threshold of the rule.' }),
    statistic: z
      .string()
      .meta({ description: 'Statistic used (e.g. sign-flip p of the paired mean).' }),
    observed: z
      .number()
      .nullable()
      .meta({ description: 'Observed value of the claim’s quantity.' }),
    p_value: z.number().nullable().meta({ description: 'Raw p-value, where the claim is a test.' }),
    p_holm: z
      .number()
      .nullable()
      .meta({ description: 'Holm-adjusted p-value across the run’s claims.' }),
    alpha: z.number().meta({ description: 'Significance level.' }),
    per_seed: z
      .strictObject({
        seeds: z.array(z.number().int()).meta({ description: 'Seeds.' }),
        claimed: z
          .array(z.number().nullable())
          .meta({ description: 'Claimed model values per seed.' }),
        baseline: z.array(z.number().nullable()).meta({ description: 'Baseline values per seed.' }),
      })
      .meta({ description: 'Per-seed evidence.' }),
    required: z
      .boolean()
      .meta({ description: 'Whether the gate fails the run when this claim fails.' }),
    verdict: z.enum(CLAIM_VERDICTS).meta({
      description:
        'Outcome of the claim gate: PASS (the evidence supports the claim), FAIL (evidence against it), INCONCLUSIVE (no outcome could pass with the seeds given: underpowered).',
    }),
    reason: z.string().meta({ description: 'One sentence explaining the verdict.' }),
  })
  .meta({ description: 'One claim gate with its evidence.' });
/** The evaluated evidence of one claim. */
export type ClaimResult = z.infer<typeof claimResultSchema>;

/** `aggregated/claim_audit.json`, version 2 (v2 adds the INCONCLUSIVE verdict). */
export const claimAuditV2Schema = z
  .strictObject({
    schema: markerField(CLAIM_AUDIT_MARKER),
    schema_version: versionField(CLAIM_AUDIT_VERSION),
    domain: domainIdSchema,
    mode: modeIdSchema,
    config_hash: sha256Schema,
    claims: z.array(claimResultSchema).meta({ description: 'Claims in declaration order.' }),
    evidence: z
      .array(z.strictObject({ path: relativePathSchema, sha256: sha256Schema }))
      .meta({ description: 'Evidence files with their hashes at audit time.' }),
  })
  .meta({ title: 'zpbench claim audit v2', description: 'JSON twin of CLAIM_AUDIT.md.' });
/** `aggregated/claim_audit.json`, version 2 (v2 adds the INCONCLUSIVE verdict). */
export type ClaimAuditV2 = z.infer<typeof claimAuditV2Schema>;
