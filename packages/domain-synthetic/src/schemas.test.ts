import { contractSchemas } from '@zpbench/core';
import { committedSchemaDrift, undocumentedProperties } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import { syntheticContract } from './contract.js';

describe('Synthetic JSON Schemas', () => {
  it('are committed under schemas/ exactly as the zod schemas render (run `pnpm -s schemas`)', () => {
    expect(syntheticContract.schemaDir).toBeDefined();
    expect(
      committedSchemaDrift(contractSchemas(syntheticContract), syntheticContract.schemaDir as URL),
    ).toEqual([]);
  });

  it('document every property', () => {
    expect(contractSchemas(syntheticContract).flatMap(undocumentedProperties)).toEqual([]);
  });
});
