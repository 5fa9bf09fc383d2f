import {
  markerField,
  relativePathSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './common.js';
import { attemptSchema, gitInfoSchema } from './provenance.js';
import { seedContractSchema } from './seed-contract.js';
import * as z from './zod.js';

/** Schema marker of `resume_state.json`. */
export const RESUME_STATE_MARKER = 'zeroproofml_benchmark_resume_state';
/**
 * Current version of `resume_state.json`. 3: the sha256 of every file a complete seed wrote (so a
 * reused run directory is checked before it is trusted), the shard of a sharded run, and the
 * parent run of a mode that reads one.
 */
export const RESUME_STATE_VERSION = 3;

/** The recorded hash of one file a seed wrote. */
export const fileHashSchema = z
  .strictObject({
    sha256: sha256Schema,
    bytes: z.number().int().min(0).meta({ description: 'File size in bytes.' }),
  })
  .meta({ description: 'Hash and size of a file when it was written.' });
/** The recorded hash of one file. */
export type FileHash = z.infer<typeof fileHashSchema>;

/** `resume_state.json`, version 3. */
export const resumeStateV3Schema = z
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
    seed_files: z
      .record(z.string().regex(/^\d+$/), z.record(relativePathSchema, fileHashSchema))
      .meta({
        description:
          'Complete seed → every file it wrote (path relative to the run root, per_seed_result.json included) → hash when written. A reused seed is checked against these before it is trusted.',
      }),
    attempts: z.array(attemptSchema).meta({ description: 'Attempt history, oldest first.' }),
  })
  .meta({
    title: 'zpbench resume state v3',
    description: 'Planned seed contract and attempt history used by --resume.',
  });
/** `resume_state.json`, version 3. */
export type ResumeStateV3 = z.infer<typeof resumeStateV3Schema>;
