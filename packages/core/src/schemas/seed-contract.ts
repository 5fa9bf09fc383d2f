import { domainIdSchema, modeIdSchema, seedSchema, sha256Schema } from './common.js';
import * as z from './zod.js';

/** The shard of a sharded run: which slice of the seed plan this run directory holds. */
export const shardSchema = z
  .strictObject({
    index: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'Shard number, 1-based (as CI_NODE_INDEX).' }),
    count: z.number().int().min(1).meta({ description: 'Number of shards (as CI_NODE_TOTAL).' }),
    seeds: z.array(seedSchema).meta({ description: 'Seeds of the plan this shard runs.' }),
  })
  .meta({ description: 'Shard identity of a sharded run; the contract keeps the full seed plan.' });
/** Shard identity of a sharded run. */
export type Shard = z.infer<typeof shardSchema>;

/** The parent run a mode reads (e.g. a frozen-head mode over a trained base run). */
export const parentRunRefSchema = z
  .strictObject({
    run_id: z.string().min(1).meta({ description: 'Run id of the parent run.' }),
    mode: modeIdSchema,
    manifest_sha256: sha256Schema.meta({
      description: 'sha256 of the parent manifest; it enters the config hash.',
    }),
    seeds: z.array(seedSchema).meta({ description: 'Completed seeds of the parent.' }),
  })
  .meta({ description: 'Identity of the validated parent run.' });
/** Identity of a validated parent run. */
export type ParentRunRef = z.infer<typeof parentRunRefSchema>;

/** The planned seed contract a resume must match. */
export const seedContractSchema = z
  .strictObject({
    domain: domainIdSchema,
    mode: modeIdSchema,
    seeds: z.array(seedSchema).meta({ description: 'Planned seeds, in order (the full plan).' }),
    config_hash: sha256Schema,
    code_version: z.string().meta({ description: 'zpbench version that planned the run.' }),
    shard: shardSchema.nullable().meta({ description: 'Shard of a sharded run, else null.' }),
    parent_run: parentRunRefSchema
      .nullable()
      .meta({ description: 'Parent run of a mode that reads one, else null.' }),
  })
  .meta({ description: 'What a resumed attempt must match exactly.' });
/** The planned seed contract. */
export type SeedContract = z.infer<typeof seedContractSchema>;
