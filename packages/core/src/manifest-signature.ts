import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTextFile } from './artifact-io.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import {
  MANIFEST_SIGNATURE_MARKER,
  MANIFEST_SIGNATURE_VERSION,
  type ManifestSignatureV1,
} from './schemas/manifest-signature.js';

/** A PEM key pair for signing manifests: PKCS#8 private key, SPKI public key. */
export interface SigningKeyPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/**
 * A fresh Ed25519 key pair in PEM, as `openssl genpkey -algorithm ed25519` and
 * `openssl pkey -pubout` write them.
 * @example
 * const { privateKeyPem, publicKeyPem } = createSigningKeys();
 */
export function createSigningKeys(): SigningKeyPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** File names {@link writeSigningKeys} writes: the private key and the public key. */
export const SIGNING_KEY_FILES = { private: 'zpbench_signing.key', public: 'zpbench_signing.pub' };

/**
 * Writes a fresh Ed25519 key pair into a directory: the private key readable by its owner only
 * (mode 0600), the public key beside it. Never overwrites a key (`ZPB_USAGE` naming the file).
 */
export function writeSigningKeys(dir: string): { privateKey: string; publicKey: string } {
  const keys = createSigningKeys();
  const privateKey = join(dir, SIGNING_KEY_FILES.private);
  const publicKey = join(dir, SIGNING_KEY_FILES.public);
  // Both refused before either is written: a pair is written whole or not at all.
  for (const path of [privateKey, publicKey])
    if (existsSync(path))
      throw new ZpbenchError(
        ERROR_CODES.USAGE,
        `${path} already exists; zpbench never overwrites a key — choose another directory or remove it`,
      );
  const write = (path: string, text: string, mode: number) => {
    try {
      writeFileSync(path, text, { flag: 'wx', mode });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ZpbenchError(
        code === 'EEXIST' ? ERROR_CODES.USAGE : ERROR_CODES.WRITE,
        code === 'EEXIST'
          ? `${path} already exists; zpbench never overwrites a key — choose another directory or remove it`
          : `cannot write ${path} (${code ?? (error as Error).message}); choose a writable directory`,
        { cause: error },
      );
    }
  };
  write(privateKey, keys.privateKeyPem, 0o600);
  write(publicKey, keys.publicKeyPem, 0o644);
  return { privateKey, publicKey };
}

/** The fingerprint of a public key: sha256 of its DER SubjectPublicKeyInfo. */
export function publicKeyFingerprint(key: KeyObject): string {
  return sha256Hex(key.export({ type: 'spki', format: 'der' }));
}

/**
 * Reads an Ed25519 key from a PEM file (`private`: a PKCS#8 private key; `public`: an SPKI
 * public key, never a private one). Throws `ZPB_INPUT` naming the file when it holds no such key.
 */
export function readSigningKey(path: string, kind: 'private' | 'public', label = path): KeyObject {
  const pem = readTextFile(path, label, 64 * 1024);
  // A private key where the public one belongs is a secret about to be spread (CI logs, repos).
  if (kind === 'public' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${label} holds a private key; pass the public key (zpbench_signing.pub, or \`openssl pkey -in K -pubout\`) and keep the private one secret`,
    );
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (error) {
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${label} holds no PEM ${kind} key (${(error as Error).message.split('\n')[0]}); pass an Ed25519 ${kind} key file (see docs/signing.md)`,
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ZpbenchError(
      ERROR_CODES.INPUT,
      `${label} holds a ${key.asymmetricKeyType ?? 'symmetric'} key; zpbench signs with Ed25519 keys (openssl genpkey -algorithm ed25519)`,
    );
  }
  return key;
}

/** The Ed25519 signature record of the exact bytes of a manifest. */
export function createManifestSignature(
  manifestBytes: Uint8Array,
  runId: string,
  privateKey: KeyObject,
): ManifestSignatureV1 {
  return {
    schema: MANIFEST_SIGNATURE_MARKER,
    schema_version: MANIFEST_SIGNATURE_VERSION,
    algorithm: 'ed25519',
    run_id: runId,
    manifest_sha256: sha256Hex(manifestBytes),
    manifest_bytes: manifestBytes.length,
    public_key_sha256: publicKeyFingerprint(createPublicKey(privateKey)),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
}

/** One failed signature check: what was expected and what was found. */
export interface SignatureProblem {
  readonly expected: string;
  readonly found: string;
}

/**
 * Checks a manifest signature against the manifest bytes it must sign and, with a public key,
 * against that key; returns the first problem, or null. Without a key only staleness and the
 * run id can be checked (anyone can write a signature; only a key makes it evidence).
 */
export function checkManifestSignature(
  signature: ManifestSignatureV1,
  manifestBytes: Uint8Array,
  runId: string,
  publicKey: KeyObject | null,
): SignatureProblem | null {
  if (signature.run_id !== runId)
    return { expected: `a signature of run ${runId}`, found: `one of run ${signature.run_id}` };
  const sha = sha256Hex(manifestBytes);
  if (signature.manifest_sha256 !== sha || signature.manifest_bytes !== manifestBytes.length)
    return {
      expected: `a signature of the current manifest.json (sha256 ${sha})`,
      found: `one of manifest sha256 ${signature.manifest_sha256}: the manifest changed after it was signed; check the run and sign it again`,
    };
  if (!publicKey) return null;
  const fingerprint = publicKeyFingerprint(publicKey);
  if (signature.public_key_sha256 !== fingerprint)
    return {
      expected: `signed by the key ${fingerprint.slice(0, 16)}… of --verify-key`,
      found: `signed by the key ${signature.public_key_sha256.slice(0, 16)}…`,
    };
  if (!verify(null, manifestBytes, publicKey, Buffer.from(signature.signature, 'base64')))
    return {
      expected: 'an Ed25519 signature of manifest.json that verifies with --verify-key',
      found: 'a signature that does not verify',
    };
  return null;
}
