import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifact } from './artifact-io.js';
import { writeJsonAtomic } from './atomic-write.js';
import { hashFile } from './hash.js';
import { RUN_FILES } from './run-layout.js';
import { resolveInsideRunDir } from './safe-path.js';
import {
  type ArtifactEntry,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  type RunManifestV4,
  runManifestV4Schema,
} from './schemas/manifest.js';

/** Files whose hashes the manifest also keeps under `summary_hashes`. */
export const SUMMARY_HASHED_FILES: readonly string[] = [
  RUN_FILES.summary,
  RUN_FILES.pairedStats,
  RUN_FILES.claimAuditJson,
];

/** Infers an artifact kind from a file name. */
export function artifactKind(path: string): ArtifactEntry['kind'] {
  if (path.endsWith('.jsonl')) return 'jsonl';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  if (path.endsWith('.html')) return 'html';
  if (path.endsWith('.svg')) return 'svg';
  return 'text';
}

/** Builds a manifest artifact entry by hashing a file inside the run directory. */
export async function createArtifactEntry(
  runDir: string,
  path: string,
  kind: ArtifactEntry['kind'] = artifactKind(path),
): Promise<ArtifactEntry> {
  const { sha256, bytes } = await hashFile(resolveInsideRunDir(runDir, path));
  return { path, sha256, bytes, kind };
}

/**
 * Re-hashes the given files (relative paths) into an existing manifest and rewrites it
 * atomically, so the gate still passes after a report is regenerated. Files that no longer
 * exist are removed from the table of contents.
 */
export async function refreshManifest(
  runDir: string,
  paths: readonly string[],
): Promise<RunManifestV4> {
  const manifest = readArtifact(
    join(runDir, RUN_FILES.manifest),
    runManifestV4Schema,
    MANIFEST_MARKER,
    MANIFEST_VERSION,
    RUN_FILES.manifest,
  );
  const artifacts = { ...manifest.artifacts };
  const summaryHashes = { ...manifest.summary_hashes };
  for (const path of paths) {
    if (!existsSync(resolveInsideRunDir(runDir, path))) {
      delete artifacts[path];
      delete summaryHashes[path];
      continue;
    }
    const entry = await createArtifactEntry(runDir, path, artifacts[path]?.kind);
    artifacts[path] = entry;
    if (SUMMARY_HASHED_FILES.includes(path)) summaryHashes[path] = entry.sha256;
  }
  const sorted = Object.fromEntries(
    Object.entries(artifacts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const next: RunManifestV4 = { ...manifest, artifacts: sorted, summary_hashes: summaryHashes };
  writeJsonAtomic(join(runDir, RUN_FILES.manifest), next);
  return next;
}
