import { join } from 'node:path';
import {
  type BudgetFileRef,
  createManifestEntry,
  type DomainContract,
  type FileRecord,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  modelHashes,
  RUN_FILES,
  type RunManifestV6,
  SUMMARY_HASHED_FILES,
  sortArtifacts,
  writeJsonAtomic,
} from '@zpbench/core';

/** What goes into a manifest besides its table of contents. */
export interface ManifestInput {
  readonly runDir: string;
  readonly contract: DomainContract;
  readonly runId: string;
  readonly mode: string;
  readonly zpbenchVersion: string;
  readonly configHash: string;
  readonly planned: readonly number[];
  readonly completed: readonly number[];
  readonly failed: readonly number[];
  readonly datasetFingerprints: Readonly<Record<string, string>>;
  /**
   * Every file of the run: each as written by this process, or a reused seed's file as recorded
   * when it was written and verified before reuse. A later record of a path replaces an earlier.
   */
  readonly records: readonly FileRecord[];
  /** The budget file the run was gated with, or none. */
  readonly budgetFile?: BudgetFileRef | null;
}

/**
 * Writes `manifest.json`, last of all files: the table of contents from the records (never by
 * hashing what happens to lie in the directory), each entry with the role, seed and model its
 * declared artifact gives it; checkpoint and bundle hashes from those roles.
 */
export function writeRunManifest(input: ManifestInput): RunManifestV6 {
  const latest = new Map<string, FileRecord>();
  for (const record of input.records) latest.set(record.path, record);
  const artifacts = sortArtifacts(
    Object.fromEntries(
      [...latest.values()].map((record) => [
        record.path,
        createManifestEntry(input.contract, record),
      ]),
    ),
  );
  const entries = Object.values(artifacts);
  const manifest: RunManifestV6 = {
    schema: MANIFEST_MARKER,
    schema_version: MANIFEST_VERSION,
    run_id: input.runId,
    domain: input.contract.id,
    mode: input.mode,
    zpbench_version: input.zpbenchVersion,
    config_hash: input.configHash,
    seeds_planned: [...input.planned],
    seeds_completed: [...input.completed],
    seeds_failed: [...input.failed],
    artifacts,
    dataset_fingerprints: { ...input.datasetFingerprints },
    checkpoint_hashes: modelHashes(artifacts, 'checkpoint'),
    bundle_hashes: modelHashes(artifacts, 'bundle-manifest'),
    summary_hashes: Object.fromEntries(
      entries
        .filter((entry) => SUMMARY_HASHED_FILES.includes(entry.path))
        .map((entry) => [entry.path, entry.sha256]),
    ),
    budget_file: input.budgetFile ?? null,
  };
  writeJsonAtomic(join(input.runDir, RUN_FILES.manifest), manifest);
  return manifest;
}
