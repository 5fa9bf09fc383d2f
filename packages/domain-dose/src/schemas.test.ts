import { contractSchemas } from '@zpbench/core';
import { committedSchemaDrift, undocumentedProperties } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import { doseContract } from './contract.js';

describe('DOSE JSON Schemas', () => {
  it('are committed under schemas/ exactly as the zod schemas render (run `pnpm -s schemas`)', () => {
    expect(doseContract.schemaDir).toBeDefined();
    expect(
      committedSchemaDrift(contractSchemas(doseContract), doseContract.schemaDir as URL),
    ).toEqual([]);
  });

  it('document every property', () => {
    expect(contractSchemas(doseContract).flatMap(undocumentedProperties)).toEqual([]);
  });
});
