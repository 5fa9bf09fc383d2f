import { budgetFileRefSchema } from './budget.js';
import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './common.js';
import { seedContractSchema } from './seed-contract.js';
import * as z from './zod.js';

/** Schema marker of `provenance.json`. */
export const PROVENANCE_MARKER = 'zeroproofml_provenance';
/**
 * Current version of `provenance.json`. 7: the compute device, the seed contract (so an edited
 * resume state is detected), the environment (GPU devices, CUDA, git tag, reproducibility
 * variables) and the sha256 of every complete seed's result. 8: the budget file a run was gated
 * with and the `--notes` of the run, for the provenance envelope.
 */
export const PROVENANCE_VERSION = 8;

/** Git state at the start of a run. */
export const gitInfoSchema = z
  .strictObject({
    commit: z
      .string()
      .nullable()
      .meta({ description: 'Full commit sha, or null outside a git checkout.' }),
    branch: z
      .string()
      .nullable()
      .meta({ description: 'Branch name, or null when detached or unknown.' }),
    dirty: z
      .boolean()
      .nullable()
      .meta({ description: 'Whether the worktree had uncommitted changes when the run began.' }),
  })
  .meta({ description: 'Git state when the run began.' });
/** Git state at the start of a run. */
export type GitInfo = z.infer<typeof gitInfoSchema>;

/** One attempt of a run (the first invocation, and each resume). */
export const attemptSchema = z
  .strictObject({
    attempt: z.number().int().min(1).meta({ description: 'Attempt index, from 1.' }),
    argv: z.array(z.string()).meta({ description: 'Command-line arguments of this attempt.' }),
    started_utc: utcTimestampSchema,
    finished_utc: utcTimestampSchema.nullable().meta({
      description: 'When the attempt ended; null while running or when it was killed.',
    }),
    seeds_run: z.array(seedSchema).meta({ description: 'Seeds this attempt scheduled.' }),
    seeds_completed: z.array(seedSchema).meta({ description: 'Seeds this attempt completed.' }),
    seeds_failed: z.array(seedSchema).meta({ description: 'Seeds that failed in this attempt.' }),
    status: z.enum(['running', 'complete', 'partial', 'interrupted']).meta({
      description:
        'complete: every planned seed (of a shard run, every seed of its shard) done; partial: some failed; interrupted: killed before it finished; running: in progress.',
    }),
  })
  .meta({ description: 'One invocation that worked on the run directory.' });
/** One attempt of a run. */
export type Attempt = z.infer<typeof attemptSchema>;

/** Wall-clock timing of one seed. */
export const seedTimingSchema = z
  .strictObject({
    started_utc: utcTimestampSchema,
    finished_utc: utcTimestampSchema,
    wall_time_s: z.number().min(0).meta({ description: 'Wall time of the seed, in seconds.' }),
    train_time_s: z
      .record(z.string(), z.number().min(0))
      .meta({ description: 'Model → training wall time in seconds.' }),
    attempt: z.number().int().min(1).meta({ description: 'Attempt that produced the seed.' }),
    result_sha256: sha256Schema.meta({
      description: 'sha256 of the per_seed_result.json this attempt wrote.',
    }),
  })
  .meta({ description: 'Timing of one seed. Wall times live only in provenance.' });

/** The environment a result depends on, as Gradience records it. */
export const environmentSchema = z
  .strictObject({
    device: z.literal('cpu').meta({
      description: 'Compute device of the run (`--device`); this build computes on the CPU only.',
    }),
    gpu_devices: z
      .array(
        z.strictObject({
          name: z.string().meta({ description: 'GPU model name.' }),
          total_memory_bytes: z
            .number()
            .int()
            .min(0)
            .nullable()
            .meta({ description: 'Device memory, or null when unknown.' }),
        }),
      )
      .meta({
        description:
          'GPUs visible to the machine (empty when none was found; zpbench never uses them).',
      }),
    cuda_available: z
      .boolean()
      .meta({ description: 'Whether a CUDA driver was found (nvidia-smi answered).' }),
    git_tag: z
      .string()
      .nullable()
      .meta({ description: 'Tag pointing at the commit, or null when none does.' }),
    reproducibility_env: z.record(z.string(), z.string()).meta({
      description:
        'Environment variables that can change numeric results or their order (threads, locale, time zone, Node options), as set when the run began.',
    }),
  })
  .meta({ description: 'Device and environment of the run.' });

/** What a merged run keeps of each shard it was merged from. */
export const shardProvenanceSchema = z
  .strictObject({
    index: z.number().int().min(1).meta({ description: 'Shard number, 1-based.' }),
    count: z.number().int().min(1).meta({ description: 'Number of shards.' }),
    run_id: z.string().min(1).meta({ description: 'Run id of the shard directory.' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds the shard ran.' }),
    manifest_sha256: sha256Schema.meta({ description: 'sha256 of the shard’s manifest.json.' }),
    created_utc: utcTimestampSchema.meta({ description: 'When the shard directory was created.' }),
    git: gitInfoSchema,
    system: z
      .strictObject({
        os: z.string().meta({ description: 'Operating system of the shard’s machine.' }),
        arch: z.string().meta({ description: 'CPU architecture.' }),
        cpu_model: z.string().meta({ description: 'CPU model name.' }),
        cpu_count: z.number().int().min(1).meta({ description: 'Logical CPU count.' }),
        total_memory_bytes: z.number().int().min(0).meta({ description: 'Total memory.' }),
        hostname_sha256: sha256Schema.meta({ description: 'sha256 of the host name.' }),
      })
      .meta({ description: 'Machine the shard ran on.' }),
    node: z.string().meta({ description: 'Node.js version of the shard.' }),
    attempts: z.array(attemptSchema).meta({ description: 'The shard’s attempt history.' }),
  })
  .meta({ description: 'Provenance of one shard of a merged run.' });

/** `provenance.json`, version 8. */
export const provenanceV8Schema = z
  .strictObject({
    schema: markerField(PROVENANCE_MARKER),
    schema_version: versionField(PROVENANCE_VERSION),
    run_id: z.string().min(1).meta({ description: 'Run id of the run directory.' }),
    domain: domainIdSchema,
    mode: modeIdSchema,
    zpbench_version: z.string().meta({ description: 'Version of zpbench that started the run.' }),
    created_utc: utcTimestampSchema.meta({ description: 'When the run directory was created.' }),
    git: gitInfoSchema,
    system: z
      .strictObject({
        os: z.string().meta({ description: 'Operating system (platform and release).' }),
        arch: z.string().meta({ description: 'CPU architecture.' }),
        cpu_model: z.string().meta({ description: 'CPU model name.' }),
        cpu_count: z.number().int().min(1).meta({ description: 'Logical CPU count.' }),
        total_memory_bytes: z.number().int().min(0).meta({ description: 'Total system memory.' }),
        hostname_sha256: sha256Schema.meta({
          description: 'sha256 of the host name, to tell machines apart without disclosing names.',
        }),
      })
      .meta({ description: 'Machine the run started on.' }),
    environment: environmentSchema,
    runtime: z
      .strictObject({
        node: z.string().meta({ description: 'Node.js version.' }),
        v8: z.string().meta({ description: 'V8 version.' }),
        packages: z.record(z.string(), z.string()).meta({
          description:
            'Package name → version of every runtime dependency; a package present in several versions lists them all, joined by ", ", the direct dependency’s first.',
        }),
      })
      .meta({ description: 'Runtime and package versions.' }),
    invocation: z
      .strictObject({
        argv: z.array(z.string()).meta({ description: 'Arguments of the first invocation.' }),
        env_flags: z
          .record(z.string(), z.string())
          .meta({ description: 'Relevant environment flags (CI, NO_COLOR, …), never secrets.' }),
      })
      .meta({ description: 'How the run was started.' }),
    config_hash: sha256Schema,
    parent_run_dir: z.string().nullable().meta({
      description:
        'Absolute path of the parent run as given when this run started (informational: the contract’s parent_run identifies it by hash), or null.',
    }),
    contract: seedContractSchema.meta({
      description:
        'The seed contract as planned (mirrors resume_state.json; an edit of either is detected).',
    }),
    config: z.record(z.string(), z.unknown()).meta({
      description: 'The resolved run configuration whose canonical JSON gives config_hash.',
    }),
    dataset_fingerprints: z
      .record(z.string().regex(/^\d+$/), sha256Schema)
      .meta({ description: 'Seed → sha256 fingerprint of the generated dataset.' }),
    seed_timings: z
      .record(z.string().regex(/^\d+$/), seedTimingSchema)
      .meta({ description: 'Seed → timing of its completed attempt.' }),
    seed_errors: z
      .record(z.string().regex(/^\d+$/), z.string())
      .meta({ description: 'Seed → error message of its last failed attempt.' }),
    resume: z
      .strictObject({
        attempts: z
          .array(attemptSchema)
          .meta({ description: 'Full attempt history, oldest first.' }),
      })
      .meta({ description: 'Resume attempt history (mirrors resume_state.json).' }),
    shards: z.array(shardProvenanceSchema).nullable().meta({
      description:
        'For a run merged from shards (`zpbench merge`): each shard’s machine, timings and attempts; null for a run made in one piece. Seed timings above are the shards’ own.',
    }),
    budget_file: budgetFileRefSchema.nullable().meta({
      description:
        'The budget file of the latest gated attempt (`--budget-file`), with its digest, or null.',
    }),
    notes: z
      .string()
      .nullable()
      .meta({ description: 'Free-form note of the run (`--notes`), or null.' }),
  })
  .meta({
    title: 'zpbench provenance v8',
    description:
      'Where, when and how a run was produced: git, system, runtime, invocation, config, dataset fingerprints, timings and attempts.',
  });
/** `provenance.json`, version 8. */
export type ProvenanceV8 = z.infer<typeof provenanceV8Schema>;
