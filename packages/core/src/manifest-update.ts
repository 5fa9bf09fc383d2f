import { join } from 'node:path';
import { readArtifact } from './artifact-io.js';
import { findArtifactSpec } from './artifact-spec.js';
import { writeJsonAtomic } from './atomic-write.js';
import { compareCodePoints } from './canonical-json.js';
import { type DomainContract, runArtifactTable } from './domain-contract.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import type { FileRecord } from './run-files.js';
import { RUN_FILES } from './run-layout.js';
import type { ArtifactEntry, RunManifestV6 } from './schemas/manifest.js';
import { MANIFEST_SCHEMA } from './schemas/registry.js';

/** Files whose hashes the manifest also keeps under `summary_hashes`. */
export const SUMMARY_HASHED_FILES: readonly string[] = [
  RUN_FILES.summary,
  RUN_FILES.pairedStats,
  RUN_FILES.claimAuditJson,
];

/**
 * The manifest entry of a file just written: its record plus the artifact id, kind, role, seed
 * and model of the core or domain artifact its path matches. An undeclared path is a plugin
 * contract error naming what to declare.
 */
export function createManifestEntry(contract: DomainContract, record: FileRecord): ArtifactEntry {
  const found = findArtifactSpec(runArtifactTable(contract), record.path);
  if (!found) {
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `${record.path} is not declared by core or by the ${contract.id} domain; add it to the domain's artifact table (docs/domains/authoring.md)`,
    );
  }
  return {
    path: record.path,
    sha256: record.sha256,
    bytes: record.bytes,
    kind: found.spec.kind,
    role: found.spec.role,
    artifact: found.spec.id,
    seed: found.params.seed ?? null,
    model: found.params.model ?? null,
  };
}

/**
 * The manifest's seed → model → sha256 maps, built from the entries' declared roles: checkpoint
 * entries give `checkpoint_hashes`, bundle-manifest entries `bundle_hashes`.
 */
export function modelHashes(
  artifacts: Readonly<Record<string, ArtifactEntry>>,
  role: 'checkpoint' | 'bundle-manifest',
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const entry of Object.values(artifacts)) {
    if (entry.role !== role || entry.seed === null || entry.model === null) continue;
    out[String(entry.seed)] ??= {};
    (out[String(entry.seed)] as Record<string, string>)[entry.model] = entry.sha256;
  }
  return out;
}

/** Sorts a manifest's table of contents by path (code points), as every writer does. */
export function sortArtifacts(
  artifacts: Readonly<Record<string, ArtifactEntry>>,
): Record<string, ArtifactEntry> {
  return Object.fromEntries(Object.entries(artifacts).sort(([a], [b]) => compareCodePoints(a, b)));
}

/**
 * Records files a command just wrote (and removed) in an existing manifest and rewrites it
 * atomically, so the gate still passes after a report is regenerated. Only the given records
 * change: no hash is ever taken of a file this process did not just write.
 */
export function refreshManifest(
  runDir: string,
  contract: DomainContract,
  written: readonly FileRecord[],
  removed: readonly string[] = [],
): RunManifestV6 {
  const manifest = readArtifact(
    join(runDir, RUN_FILES.manifest),
    MANIFEST_SCHEMA,
    RUN_FILES.manifest,
  );
  const artifacts = { ...manifest.artifacts };
  const summaryHashes = { ...manifest.summary_hashes };
  for (const path of removed) {
    delete artifacts[path];
    delete summaryHashes[path];
  }
  for (const record of written) {
    artifacts[record.path] = createManifestEntry(contract, record);
    if (SUMMARY_HASHED_FILES.includes(record.path)) summaryHashes[record.path] = record.sha256;
  }
  const sorted = sortArtifacts(artifacts);
  const next: RunManifestV6 = {
    ...manifest,
    artifacts: sorted,
    checkpoint_hashes: modelHashes(sorted, 'checkpoint'),
    bundle_hashes: modelHashes(sorted, 'bundle-manifest'),
    summary_hashes: summaryHashes,
  };
  writeJsonAtomic(join(runDir, RUN_FILES.manifest), next);
  return next;
}
