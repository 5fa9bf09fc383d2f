import { budgetFileRefSchema } from './budget.js';
import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Schema marker of `manifest.json`. */
export const MANIFEST_MARKER = 'zeroproofml_benchmark_manifest';
/**
 * Current version of `manifest.json`. 5: every entry carries the role (and model and seed) its
 * producer declared, and the checkpoint and bundle hashes are built from those roles. 6: the
 * budget file a run was gated with (path and `sha256:` digest).
 */
export const MANIFEST_VERSION = 6;

/** One artifact entry of the manifest's table of contents. */
export const artifactEntrySchema = z
  .strictObject({
    path: relativePathSchema,
    sha256: sha256Schema,
    bytes: z.number().int().min(0).meta({ description: 'File size in bytes.' }),
    kind: z
      .enum(['json', 'jsonl', 'markdown', 'html', 'svg', 'text', 'binary'])
      .meta({ description: 'File format, for tooling that filters the table of contents.' }),
    role: z
      .enum([
        'journal',
        'seed-result',
        'sidecar',
        'checkpoint',
        'bundle-manifest',
        'bundle-file',
        'aggregate',
        'audit',
        'report',
        'figure',
      ])
      .meta({
        description:
          'What the file is for, as declared by core or the domain: journal (provenance, resume state), seed-result, sidecar, checkpoint, bundle-manifest, bundle-file, aggregate, audit, report or figure.',
      }),
    artifact: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .meta({
        description: 'Id of the declared artifact spec the path matches (core or domain table).',
      }),
    seed: seedSchema.nullable().meta({ description: 'Seed of a per-seed file, else null.' }),
    model: z
      .string()
      .nullable()
      .meta({ description: 'Model of a per-model file (checkpoint, bundle), else null.' }),
  })
  .meta({ description: 'One file of the run directory, with its hash and size.' });
/** One artifact entry of the manifest's table of contents. */
export type ArtifactEntry = z.infer<typeof artifactEntrySchema>;

const seedKeyedHashes = z
  .record(z.string().regex(/^\d+$/), z.record(z.string(), sha256Schema))
  .meta({ description: 'Map seed (as a decimal string) → model id → sha256.' });

/** `manifest.json`, version 6: the run index and authoritative table of contents. */
export const runManifestV6Schema = z
  .strictObject({
    schema: markerField(MANIFEST_MARKER),
    schema_version: versionField(MANIFEST_VERSION),
    run_id: z
      .string()
      .min(1)
      .meta({ description: 'Run id, `run_<YYYYMMDD>_<HHMMSS>_<sha7|nogit>`.' }),
    domain: domainIdSchema,
    mode: modeIdSchema,
    zpbench_version: z.string().meta({ description: 'Version of zpbench that wrote the run.' }),
    config_hash: sha256Schema.meta({
      description: 'sha256 of the canonical JSON of the resolved run configuration.',
    }),
    seeds_planned: z.array(seedSchema).meta({ description: 'Seeds of the planned seed contract.' }),
    seeds_completed: z
      .array(seedSchema)
      .meta({ description: 'Seeds with a canonical per_seed_result.json.' }),
    seeds_failed: z.array(seedSchema).meta({ description: 'Seeds whose last attempt failed.' }),
    artifacts: z.record(relativePathSchema, artifactEntrySchema).meta({
      description:
        'Path relative to the run root → entry (whose path equals the key), sorted by path. Every file of the run directory except the manifest and the lock.',
    }),
    dataset_fingerprints: z.record(z.string().regex(/^\d+$/), sha256Schema).meta({
      description: 'Seed → sha256 fingerprint of the generated dataset (mirrors provenance).',
    }),
    checkpoint_hashes: seedKeyedHashes.meta({
      description:
        'Seed → model → sha256 of the saved checkpoint file (entries of role checkpoint).',
    }),
    bundle_hashes: seedKeyedHashes.meta({
      description:
        'Seed → model → sha256 of the deployment bundle’s manifest file (entries of role bundle-manifest).',
    }),
    summary_hashes: z.record(relativePathSchema, sha256Schema).meta({
      description: 'Post-processed summary file → sha256 (summary, paired stats, claim audit).',
    }),
    budget_file: budgetFileRefSchema.nullable().meta({
      description:
        'The budget file the run was gated with (`--budget-file`; its verdict is aggregated/budget_verdict.json), or null.',
    }),
  })
  .meta({
    title: 'zpbench run manifest v6',
    description:
      'Run index of a scientific benchmark run directory; rewritten last, after every other file.',
  });
/** `manifest.json`, version 6. */
export type RunManifestV6 = z.infer<typeof runManifestV6Schema>;
