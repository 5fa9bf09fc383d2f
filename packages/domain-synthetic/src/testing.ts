/** Test support (`@zpbench/domain-synthetic/testing`): a schema-built synthetic run directory. */
import { formatArtifactJson, type RunManifestV6 } from '@zpbench/core';
import { writeFixtureRunDir } from '@zpbench/core/testing';
import { LOSS_CURVES_MARKER, LOSS_CURVES_VERSION, syntheticContract } from './contract.js';

/**
 * Writes a small, valid synthetic-domain run directory built from the schemas with fixed
 * timestamps (reproducible bytes): what `fixtures/scientific/` holds and the gate bench times.
 */
export function writeSyntheticFixtureRun(
  dir: string,
  options: { readonly seeds?: readonly number[] } = {},
): RunManifestV6 {
  return writeFixtureRunDir(dir, {
    contract: syntheticContract,
    seeds: options.seeds,
    details: () => ({ checkpoints: [1, 2] }),
    seedFiles: (seed) => [
      {
        path: `seed_${seed}/loss_curves.json`,
        content: formatArtifactJson({
          schema: LOSS_CURVES_MARKER,
          schema_version: LOSS_CURVES_VERSION,
          candidate: [1, 0.5, 0.25],
          reference: [1, 0.6, 0.35],
        }),
      },
    ],
  });
}
