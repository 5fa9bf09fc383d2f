import type { SeedContext } from './domain-plugin.js';
import { SEED_RESULT_VERSION, type SeedResult, seedResultMarker } from './schemas/seed-result.js';

/** The fields that open every per-seed result, in the order the result lists them. */
export type SeedResultHead = Pick<
  SeedResult,
  'schema' | 'schema_version' | 'domain' | 'mode' | 'seed' | 'protocol' | 'config_hash'
>;

/**
 * The opening fields of a domain's per-seed result: its marker and version, the domain, the
 * seed's mode, seed and config hash, and protocol v1 with the domain's invalid-output policy.
 * Spread it first, then add the fields the domain computes (`dataset_fingerprint`, …), so every
 * result keeps the envelope's key order.
 * @example
 * const result: SeedResult<MyDetails> = {
 *   ...createSeedResultHead('my-domain', ctx, 'bottomed outputs are excluded from every MSE'),
 *   dataset_fingerprint: fingerprint(data),
 *   …
 * };
 */
export function createSeedResultHead(
  domain: string,
  ctx: Pick<SeedContext<unknown>, 'mode' | 'seed' | 'configHash'>,
  invalidOutputPolicy: string,
): SeedResultHead {
  return {
    schema: seedResultMarker(domain),
    schema_version: SEED_RESULT_VERSION,
    domain,
    mode: ctx.mode,
    seed: ctx.seed,
    protocol: { protocol_version: 'v1', invalid_output_policy: invalidOutputPolicy },
    config_hash: ctx.configHash,
  };
}
