import { z } from 'zod';
import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  relativePathSchema,
  seedSchema,
  sha256Schema,
  versionField,
} from './common.js';

/** Schema marker of `manifest.json`. */
export const MANIFEST_MARKER = 'zeroproofml_benchmark_manifest';
/** Current version of `manifest.json`. */
export const MANIFEST_VERSION = 4;

/** One artifact entry of the manifest's table of contents. */
export const artifactEntrySchema = z
  .strictObject({
    path: relativePathSchema,
    sha256: sha256Schema,
    bytes: z.number().int().min(0).meta({ description: 'File size in bytes.' }),
    kind: z
      .enum(['json', 'jsonl', 'markdown', 'html', 'svg', 'checkpoint', 'bundle', 'text'])
      .meta({ description: 'Artifact kind, for tooling that filters the table of contents.' }),
  })
  .meta({ description: 'One file of the run directory, with its hash and size.' });
/** One artifact entry of the manifest's table of contents. */
export type ArtifactEntry = z.infer<typeof artifactEntrySchema>;

const seedKeyedHashes = z
  .record(z.string().regex(/^\d+$/), z.record(z.string(), sha256Schema))
  .meta({ description: 'Map seed (as a decimal string) → model id → sha256.' });

/** `manifest.json`, version 4: the run index and authoritative table of contents. */
export const runManifestV4Schema = z
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
    artifacts: z
      .record(z.string(), artifactEntrySchema)
      .meta({ description: 'Logical artifact name → entry; paths relative to the run root.' }),
    dataset_fingerprints: z.record(z.string().regex(/^\d+$/), sha256Schema).meta({
      description: 'Seed → sha256 fingerprint of the generated dataset (mirrors provenance).',
    }),
    checkpoint_hashes: seedKeyedHashes.meta({
      description: 'Seed → model → sha256 of the saved checkpoint file.',
    }),
    bundle_hashes: seedKeyedHashes.meta({
      description: 'Seed → model → sha256 of the deployment bundle (hash of its bundle manifest).',
    }),
    summary_hashes: z.record(relativePathSchema, sha256Schema).meta({
      description: 'Post-processed summary file → sha256 (summary, paired stats, claim audit).',
    }),
  })
  .meta({
    title: 'zpbench run manifest v4',
    description:
      'Run index of a scientific benchmark run directory; rewritten last, after every other file.',
  });
/** `manifest.json`, version 4. */
export type RunManifestV4 = z.infer<typeof runManifestV4Schema>;
