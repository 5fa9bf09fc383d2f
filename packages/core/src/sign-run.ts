import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-write.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { createManifestSignature } from './manifest-signature.js';
import { type CheckRunDirOptions, checkRunDir } from './run-dir-check.js';
import { readRunFile } from './run-files.js';
import { RUN_FILES } from './run-layout.js';
import type { ManifestSignatureV1 } from './schemas/manifest-signature.js';

/**
 * Signs a run directory's manifest with an Ed25519 private key (see `readSigningKey`), writing
 * `manifest.sig.json` beside it (outside its table of contents, so the signed bytes stay as they
 * are). The run is checked first and refused (`ZPB_RUN_INVALID`) when any check other than a
 * stale signature of its own fails: a signature vouches for the run as checked. Claims are not
 * judged here.
 * @example
 * await signRun(runDir, readSigningKey('ci.key', 'private'), { domains: lookup });
 */
export async function signRun(
  runDir: string,
  privateKey: KeyObject,
  options: CheckRunDirOptions & {
    /**
     * Takes the run's lock once the run passed its check (so a directory that is not a run is
     * refused without one) and returns its release: no command writes the run while it is signed.
     */
    readonly lock?: () => () => void;
  },
): Promise<ManifestSignatureV1> {
  const check = await checkRunDir(runDir, { domains: options.domains });
  const violations = check.violations.filter((v) => v.file !== RUN_FILES.manifestSignature);
  const first = violations[0];
  if (first || !check.manifest || !check.manifestSha256) {
    throw new ZpbenchError(
      ERROR_CODES.RUN_INVALID,
      `refusing to sign ${runDir}: ${first ? `${first.file}: ${first.check} expected ${first.expected}, found ${first.found}` : 'its manifest is unreadable'}${violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''}; run \`zpbench validate ${runDir}\` for the full list`,
      { details: violations },
    );
  }
  const release = options.lock?.() ?? (() => {});
  try {
    // Sign the very bytes that were checked: a manifest rewritten in between is refused.
    const bytes = readRunFile(runDir, RUN_FILES.manifest);
    if (sha256Hex(bytes) !== check.manifestSha256) {
      throw new ZpbenchError(
        ERROR_CODES.RUN_CHANGED,
        `${join(runDir, RUN_FILES.manifest)} changed while it was being checked; sign it again when no other command writes the run`,
      );
    }
    const signature = createManifestSignature(bytes, check.manifest.run_id, privateKey);
    writeJsonAtomic(join(runDir, RUN_FILES.manifestSignature), signature);
    return signature;
  } finally {
    release();
  }
}
