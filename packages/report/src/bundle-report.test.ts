import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defineDomainContract,
  formatArtifactJson,
  markerField,
  RESUME_STATE_SCHEMA,
  RUN_FILES,
  readArtifact,
  readRunEnvelope,
  refreshManifest,
  relativePathSchema,
  sha256Hex,
  sha256Schema,
  versionField,
  writeRunFile,
} from '@zpbench/core';
import { FIXTURE_CONTRACT } from '@zpbench/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BundleDomain, renderBundleReport } from './bundle-report.js';
import { writeReportFixtureRunDir } from './testing/report-fixture.js';

/** A test domain whose bundle manifest lists its files under `files`. */
const bundleSchema = z
  .strictObject({
    schema: markerField('zpbench_fixture_bundle'),
    schema_version: versionField(1),
    model: z.string().meta({ description: 'Model.' }),
    tau_infer: z.number().meta({ description: 'Threshold.' }),
    files: z
      .array(z.strictObject({ path: relativePathSchema, sha256: sha256Schema }))
      .meta({ description: 'Files and their hashes.' }),
  })
  .meta({ description: 'A fixture bundle.' });
const contract = defineDomainContract({
  id: FIXTURE_CONTRACT.id,
  title: 'Fixture with a bundle',
  claimBoundary: 'Fixture domain for tests: measures nothing about any real model.',
  metricSemantics: 'Per-seed values aggregated over seeds as mean, sd and a 95% t-interval.',
  seedDetails: FIXTURE_CONTRACT.seedDetails,
  artifacts: [
    {
      id: 'bundle',
      path: 'seed_{seed}/bundles/{model}/bundle.json',
      kind: 'json',
      role: 'bundle-manifest',
      description: 'A bundle manifest.',
      schema: { marker: 'zpbench_fixture_bundle', version: 1, schema: bundleSchema },
      required: false,
    },
    {
      id: 'bundle_file',
      path: 'seed_{seed}/bundles/{model}/{name}.bin',
      kind: 'binary',
      role: 'bundle-file',
      description: 'A bundled file.',
      required: false,
    },
  ],
  bundle: { artifact: 'bundle', files: (b) => bundleSchema.parse(b).files },
});
const domain: BundleDomain = {
  contract,
  bundle: {
    describe: (b, run) => [
      {
        id: 'fixture-bundle',
        title: 'Fixture bundle section',
        blocks: [
          {
            kind: 'text',
            text: `tau ${bundleSchema.parse(b).tau_infer}; run seeds ${run?.seeds.join(',') ?? 'none'}`,
          },
        ],
      },
    ],
  },
};
const options = {
  domains: ['fixture'],
  resolve: (id: string) => (id === 'fixture' ? domain : undefined),
  zpbenchVersion: '0.0.0-test',
};

/** The JSON block of a Markdown file's provenance-envelope section. */
function envelopeOf(markdown: string): unknown {
  const cut = markdown.lastIndexOf('\n## Provenance envelope\n');
  expect(cut).toBeGreaterThan(0);
  return JSON.parse(markdown.slice(cut).split('```json\n')[1]?.split('\n```')[0] ?? '');
}

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-bundle-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function writeBundle(
  dir: string,
  files: Record<string, string>,
  extra: Record<string, unknown> = {},
): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const text = formatArtifactJson({
    schema: 'zpbench_fixture_bundle',
    schema_version: 1,
    model: 'scm',
    tau_infer: 0.05,
    files: Object.entries(files).map(([path, content]) => ({ path, sha256: sha256Hex(content) })),
    ...extra,
  });
  writeFileSync(join(dir, 'bundle.json'), text);
  return text;
}

describe('renderBundleReport', () => {
  it('checks the files the domain’s bundle schema lists and adds the domain’s sections and the parent run', async () => {
    const run = join(temp, 'run');
    await writeReportFixtureRunDir(run);
    const bundle = join(run, 'seed_0/bundles/scm');
    const weights = '{"w":[1,2]}\n';
    const manifestText = writeBundle(bundle, { 'weights.bin': weights });
    const files = [
      writeRunFile(run, 'seed_0/bundles/scm/weights.bin', weights),
      writeRunFile(run, 'seed_0/bundles/scm/bundle.json', manifestText),
    ];
    // Seed 0 wrote them: the resume state records every file of a seed, as a run does.
    const state = readArtifact(join(run, RUN_FILES.resumeState), RESUME_STATE_SCHEMA);
    for (const { path, sha256, bytes } of files)
      (state.seed_files['0'] as Record<string, unknown>)[path] = { sha256, bytes };
    refreshManifest(run, contract, [
      ...files,
      writeRunFile(run, RUN_FILES.resumeState, formatArtifactJson(state)),
    ]);
    const { written } = await renderBundleReport(bundle, options);
    expect(written).toEqual([
      join(bundle, 'VALIDATION_REPORT.md'),
      join(bundle, 'VALIDATION_REPORT.summary.svg'),
    ]);
    const markdown = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    await expect(markdown).toMatchFileSnapshot('__snapshots__/VALIDATION_REPORT.md');
    expect(markdown).toContain('**All 2 checked files match their sha256.**');
    expect(markdown).toContain('| `bundle.json` | ok |');
    expect(markdown).toContain('## Fixture bundle section\n\ntau 0.05; run seeds 0,1,2,3,4');
    expect(markdown).toContain('[manifest.json](../../../manifest.json)');
    expect(markdown).not.toContain('does not validate');
    // It cites its run as the run's derived Markdown does: the run's input digest, its own bytes.
    const cut = markdown.lastIndexOf('\n## Provenance envelope\n');
    expect(envelopeOf(markdown)).toMatchObject({
      input_digest: readRunEnvelope(run, contract).input_digest,
      result_digest: `sha256:${sha256Hex(markdown.slice(0, cut + 1))}`,
      models: ['scm'],
      created_at: null,
    });

    // A bundle manifest edited after the run: the run's own hash catches it.
    writeBundle(bundle, { 'weights.bin': weights }, { tau_infer: 0.5 });
    await renderBundleReport(bundle, options);
    const edited = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    expect(edited).toContain('| `bundle.json` | **mismatch** |');
    // A run that does not validate is not cited: the block cites the bundle manifest's bytes.
    expect(envelopeOf(edited)).toMatchObject({
      kind: 'artifact-report',
      suite_id: 'fixture-bundle',
      input_digest: `sha256:${sha256Hex(readFileSync(join(bundle, 'bundle.json')))}`,
      result_digest: `sha256:${sha256Hex(edited.slice(0, edited.lastIndexOf('\n## Provenance envelope\n') + 1))}`,
    });
    expect(edited).toMatch(
      /It does not validate: .*seed\\_0\/bundles\/scm\/bundle\.json: (bytes|sha256)/,
    );
    expect(readFileSync(join(bundle, 'VALIDATION_REPORT.summary.svg'), 'utf8')).toContain(
      'Bundle file checks',
    );
  });

  it('reports changed, missing and escaping files of a bundle outside any run', async () => {
    const bundle = join(temp, 'loose');
    writeBundle(bundle, { 'weights.bin': 'original' });
    writeFileSync(
      join(bundle, 'bundle.json'),
      formatArtifactJson({
        schema: 'zpbench_fixture_bundle',
        schema_version: 1,
        model: 'scm',
        tau_infer: 0.05,
        files: [
          { path: 'weights.bin', sha256: sha256Hex('original') },
          { path: 'missing.bin', sha256: sha256Hex('x') },
          { path: 'sub/../../outside.txt', sha256: sha256Hex('y') },
        ],
      }),
    );
    writeFileSync(join(bundle, 'weights.bin'), 'changed');
    await expect(renderBundleReport(bundle, options)).rejects.toThrow(
      /fails its fixture bundle schema/,
    );
    writeFileSync(
      join(bundle, 'bundle.json'),
      formatArtifactJson({
        schema: 'zpbench_fixture_bundle',
        schema_version: 1,
        model: 'scm',
        tau_infer: 0.05,
        files: [
          { path: 'weights.bin', sha256: sha256Hex('original') },
          { path: 'missing.bin', sha256: sha256Hex('x') },
        ],
      }),
    );
    await renderBundleReport(bundle, options);
    const markdown = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    expect(markdown).toContain('**2 of 2 checked files fail verification.**');
    expect(markdown).toContain('| `weights.bin` | **mismatch** |');
    expect(markdown).toContain('| `missing.bin` | **missing** |');
    expect(markdown).toContain('The bundle does not live inside a benchmark run directory.');
    // A loose bundle has no run to cite: its report cites the manifest's bytes and its own.
    expect(envelopeOf(markdown)).toMatchObject({
      kind: 'artifact-report',
      suite_id: 'fixture-bundle',
      suite_version: 'zpbench_fixture_bundle:v1',
      zpbench_version: '0.0.0-test',
      input_digest: `sha256:${sha256Hex(readFileSync(join(bundle, 'bundle.json')))}`,
      result_digest: `sha256:${sha256Hex(markdown.slice(0, markdown.lastIndexOf('\n## Provenance envelope\n') + 1))}`,
      models: [],
      event_count: 2,
      created_at: null,
      runtime: null,
    });
  });

  it('refuses a directory without bundle.json, and a bundle no known domain declares', async () => {
    const error = await renderBundleReport(temp, options).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('ZPB_MISSING_FILE');
    expect((error as Error).message.replace(temp, '<dir>')).toMatchInlineSnapshot(
      `"<dir> has no bundle.json; pass a deployment bundle directory"`,
    );
    writeFileSync(join(temp, 'bundle.json'), '{"schema":"someone_else","schema_version":1}\n');
    const foreign = await renderBundleReport(temp, options).catch((e: unknown) => e);
    expect((foreign as Error).message.replace(temp, '<dir>')).toMatchInlineSnapshot(
      `"<dir>/bundle.json: bundle marker "someone_else" is not the bundle of any known domain (fixture); pass a bundle directory written by zpbench"`,
    );
  });
});
