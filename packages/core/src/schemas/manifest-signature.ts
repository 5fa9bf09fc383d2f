import { markerField, sha256Schema, versionField } from './common.js';
import * as z from './zod.js';

/** Schema marker of `manifest.sig.json`. */
export const MANIFEST_SIGNATURE_MARKER = 'zeroproofml_manifest_signature';
/** Current version of `manifest.sig.json`. */
export const MANIFEST_SIGNATURE_VERSION = 1;

/**
 * `manifest.sig.json`, version 1: an Ed25519 signature of the exact bytes of `manifest.json`.
 * It lives beside the manifest and outside its table of contents, so signing never changes the
 * bytes it signs; any later rewrite of the manifest leaves a signature of other bytes.
 */
export const manifestSignatureV1Schema = z
  .strictObject({
    schema: markerField(MANIFEST_SIGNATURE_MARKER),
    schema_version: versionField(MANIFEST_SIGNATURE_VERSION),
    algorithm: z
      .literal('ed25519')
      .meta({ description: 'Signature algorithm: Ed25519 (RFC 8032), over the raw bytes.' }),
    run_id: z.string().min(1).meta({ description: 'Run id of the signed manifest.' }),
    manifest_sha256: sha256Schema.meta({
      description: 'sha256 of the signed manifest.json bytes (to tell a stale signature).',
    }),
    manifest_bytes: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Size of the signed manifest.json in bytes.' }),
    public_key_sha256: sha256Schema.meta({
      description:
        'sha256 of the signing public key in DER SubjectPublicKeyInfo form (its fingerprint).',
    }),
    signature: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/)
      .meta({ description: 'The 64-byte Ed25519 signature of manifest.json, base64.' }),
  })
  .meta({
    title: 'zpbench manifest signature v1',
    description:
      'Ed25519 signature of a run directory’s manifest.json, written by `zpbench sign` and checked by `benchmark-gate --verify-key`.',
  });
/** `manifest.sig.json`, version 1. */
export type ManifestSignatureV1 = z.infer<typeof manifestSignatureV1Schema>;
