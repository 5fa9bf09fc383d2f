import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from './canonical-json.js';

/** Hex sha256 of bytes or a UTF-8 string. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex sha256 and byte size of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The config hash: sha256 of the canonical JSON of a configuration object. */
export function configHash(config: unknown): string {
  return sha256Hex(canonicalJson(config));
}

/** A content fingerprint of any JSON-able value (datasets, parameter sets): sha256 of canonical JSON. */
export function fingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
