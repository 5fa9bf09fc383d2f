/** Provenance records the versions zpbench really runs with, including ours where a dependency pulls an older copy. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectPackageVersions } from '@zpbench/runner';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

describe('collectPackageVersions', () => {
  it('walks the CLI’s runtime tree and lists a direct dependency’s version first', () => {
    const versions = collectPackageVersions(join(ROOT, 'packages/cli/package.json'));
    const cli = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
    // commander 14 is ours; a transitive dependency of vega brings commander 2.
    expect(versions.commander?.split(', ')[0]).toBe(cli.dependencies.commander);
    expect(versions['@zpbench/core']).toBe('0.1.0');
    for (const name of [
      'zod',
      'ajv',
      'vega',
      'vega-lite',
      'marked',
      'seedrandom',
      'simple-statistics',
    ]) {
      expect(versions[name], name).toMatch(/^\d+\.\d+\.\d+/);
    }
    expect(versions.vitest).toBeUndefined(); // dev dependencies are not runtime
  });
});
