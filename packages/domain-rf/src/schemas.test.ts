import { contractSchemas } from '@zpbench/core';
import { committedSchemaDrift, undocumentedProperties } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import { rfContract } from './contract.js';

describe('RF JSON Schemas', () => {
  it('are committed under schemas/ exactly as the zod schemas render (run `pnpm -s schemas`)', () => {
    expect(rfContract.schemaDir).toBeDefined();
    expect(committedSchemaDrift(contractSchemas(rfContract), rfContract.schemaDir as URL)).toEqual(
      [],
    );
  });

  it('document every property', () => {
    expect(contractSchemas(rfContract).flatMap(undocumentedProperties)).toEqual([]);
  });
});
