import { describe, expect, it } from 'vitest';
import { createSeedResultHead } from './seed-result-head.js';

describe('createSeedResultHead', () => {
  it('opens a per-seed result with the marker, version, identity and protocol, in envelope order', () => {
    const head = createSeedResultHead(
      'my-domain',
      { mode: 'smoke', seed: 4, configHash: 'a'.repeat(64) },
      'bottoms are excluded',
    );
    expect(JSON.stringify(head)).toBe(
      JSON.stringify({
        schema: 'zeroproofml_benchmark_my-domain_seed_result',
        schema_version: 2,
        domain: 'my-domain',
        mode: 'smoke',
        seed: 4,
        protocol: { protocol_version: 'v1', invalid_output_policy: 'bottoms are excluded' },
        config_hash: 'a'.repeat(64),
      }),
    );
  });
});
