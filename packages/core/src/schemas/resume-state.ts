import { z } from 'zod';
import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './common.js';
import { attemptSchema, gitInfoSchema } from './provenance.js';

/** Schema marker of `resume_state.json`. */
export const RESUME_STATE_MARKER = 'zeroproofml_benchmark_resume_state';
/** Current version of `resume_state.json`. */
export const RESUME_STATE_VERSION = 2;

/** The planned seed contract a resume must match. */
export const seedContractSchema = z
  .strictObject({
    domain: domainIdSchema,
    mode: modeIdSchema,
    seeds: z.array(seedSchema).meta({ description: 'Planned seeds, in order.' }),
    config_hash: sha256Schema,
    code_version: z.string().meta({ description: 'zpbench version that planned the run.' }),
  })
  .meta({ description: 'What a resumed attempt must match exactly.' });
/** The planned seed contract. */
export type SeedContract = z.infer<typeof seedContractSchema>;

/** `resume_state.json`, version 2. */
export const resumeStateV2Schema = z
  .strictObject({
    schema: markerField(RESUME_STATE_MARKER),
    schema_version: versionField(RESUME_STATE_VERSION),
    run_id: z.string().min(1).meta({ description: 'Run id of the run directory.' }),
    contract: seedContractSchema,
    startup: z
      .strictObject({
        created_utc: utcTimestampSchema,
        argv: z.array(z.string()).meta({ description: 'Arguments of the first invocation.' }),
        git: gitInfoSchema,
      })
      .meta({ description: 'Original startup metadata, kept across resumes.' }),
    seed_status: z
      .record(z.string().regex(/^\d+$/), z.enum(['pending', 'running', 'complete', 'failed']))
      .meta({
        description: 'Seed → status. complete means per_seed_result.json exists and parses.',
      }),
    seed_errors: z
      .record(z.string().regex(/^\d+$/), z.string())
      .meta({ description: 'Seed → error message of its last failure.' }),
    attempts: z.array(attemptSchema).meta({ description: 'Attempt history, oldest first.' }),
  })
  .meta({
    title: 'zpbench resume state v2',
    description: 'Planned seed contract and attempt history used by --resume.',
  });
/** `resume_state.json`, version 2. */
export type ResumeStateV2 = z.infer<typeof resumeStateV2Schema>;
