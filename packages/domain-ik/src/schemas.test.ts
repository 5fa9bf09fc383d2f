import { contractSchemas } from '@zpbench/core';
import { committedSchemaDrift, undocumentedProperties } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import { ikContract } from './contract.js';

describe('IK JSON Schemas', () => {
  it('are committed under schemas/ exactly as the zod schemas render (run `pnpm -s schemas`)', () => {
    expect(ikContract.schemaDir).toBeDefined();
    expect(committedSchemaDrift(contractSchemas(ikContract), ikContract.schemaDir as URL)).toEqual(
      [],
    );
  });

  it('document every property', () => {
    expect(contractSchemas(ikContract).flatMap(undocumentedProperties)).toEqual([]);
  });
});
