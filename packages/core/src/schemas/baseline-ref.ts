import {
  domainIdSchema,
  markerField,
  modeIdSchema,
  seedSchema,
  sha256Schema,
  utcTimestampSchema,
  versionField,
} from './common.js';
import * as z from './zod.js';

/** Schema marker of a stored baseline reference, `results/baselines/<domain>/<mode>.json`. */
export const BASELINE_REF_MARKER = 'zpbench_baseline';
/** Current version of the baseline reference. */
export const BASELINE_REF_VERSION = 1;

/** `results/baselines/<domain>/<mode>.json`: which run is the baseline of a domain and mode. */
export const baselineRefV1Schema = z
  .strictObject({
    schema: markerField(BASELINE_REF_MARKER),
    schema_version: versionField(BASELINE_REF_VERSION),
    domain: domainIdSchema,
    mode: modeIdSchema,
    run_id: z.string().min(1).meta({ description: 'Run id of the baseline run.' }),
    run_dir: z.string().min(1).meta({
      description:
        'The baseline run directory, relative to the directory of this file (forward slashes), so a copied results tree keeps its baselines.',
    }),
    manifest_sha256: sha256Schema.meta({
      description:
        'sha256 of the run’s manifest.json when it was saved; a baseline whose manifest changed since is refused.',
    }),
    config_hash: sha256Schema.meta({ description: 'The baseline run’s config hash.' }),
    seeds: z.array(seedSchema).meta({ description: 'Completed seeds of the baseline run.' }),
    saved_utc: utcTimestampSchema.meta({ description: 'When the baseline was saved.' }),
    zpbench_version: z.string().meta({ description: 'Version of zpbench that saved it.' }),
  })
  .meta({
    title: 'zpbench baseline reference v1',
    description:
      'The preserved baseline run of one domain and mode: its path and manifest hash, never a copy of its results. `zpbench baseline save` writes it; `--against-baseline` reads it.',
  });
/** A stored baseline reference, version 1. */
export type BaselineRefV1 = z.infer<typeof baselineRefV1Schema>;
