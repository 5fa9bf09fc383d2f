import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '@zpbench/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBundleFiles, renderBundleReport } from './bundle-report.js';
import { writeReportFixtureRunDir } from './testing/report-fixture.js';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-bundle-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function writeBundle(
  dir: string,
  files: Record<string, string>,
  extra: Record<string, unknown> = {},
): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeFileSync(
    join(dir, 'bundle.json'),
    JSON.stringify({
      schema: 'zpbench_deployment_bundle',
      schema_version: 1,
      model: 'scm',
      contract: {
        tau_infer: 0.05,
        tau_train: 0.01,
        output_classes: ['below', 'in_range', 'above'],
      },
      files: Object.entries(files).map(([path, content]) => ({ path, sha256: sha256Hex(content) })),
      ...extra,
    }),
  );
}

describe('renderBundleReport', () => {
  it('verifies listed files and includes the parent run summary and DOSE operating points', async () => {
    const run = join(temp, 'run');
    await writeReportFixtureRunDir(run);
    writeFileSync(
      join(run, 'aggregated/dose_operating_points.json'),
      JSON.stringify({ presets: { safety_first: { model: 'scm', tau_infer: 0.08 } } }),
    );
    const bundle = join(run, 'seed_0/bundles/scm');
    writeBundle(bundle, { 'weights.json': '{"w":[1,2]}', 'README.md': '# bundle\n' });
    const { written } = await renderBundleReport(bundle);
    expect(written).toEqual([
      join(bundle, 'VALIDATION_REPORT.md'),
      join(bundle, 'VALIDATION_REPORT.summary.svg'),
    ]);
    const markdown = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    await expect(markdown).toMatchFileSnapshot('__snapshots__/VALIDATION_REPORT.md');
    expect(markdown).toContain('**All 2 listed files match their sha256.**');
    expect(markdown).toContain('[manifest.json](../../../manifest.json)');
    expect(markdown).toContain('`presets.safety_first.tau_infer` | 0.08');
    expect(readFileSync(join(bundle, 'VALIDATION_REPORT.summary.svg'), 'utf8')).toContain(
      'Bundle file checks',
    );
  });

  it('reports changed, missing and escaping files of a bundle outside any run', async () => {
    const bundle = join(temp, 'loose');
    writeBundle(
      bundle,
      { 'weights.json': 'original' },
      {
        extra_files: { 'missing.bin': sha256Hex('x'), '../outside.txt': sha256Hex('y') },
      },
    );
    writeFileSync(join(bundle, 'weights.json'), 'changed');
    await renderBundleReport(bundle);
    const markdown = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    expect(markdown).toContain('**3 of 3 listed files fail verification.**');
    expect(markdown).toContain('| `weights.json` | **mismatch** |');
    expect(markdown).toContain('| `missing.bin` | **missing** |');
    expect(markdown).toContain('| ../outside.txt | **unsafe path** |');
    expect(markdown).toContain('The bundle does not live inside a benchmark run directory.');
  });

  it('refuses a directory without bundle.json', async () => {
    const error = await renderBundleReport(temp).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('ZPB_MISSING_FILE');
    expect((error as Error).message.replace(temp, '<dir>')).toMatchInlineSnapshot(
      `"<dir> has no bundle.json; pass a deployment bundle directory"`,
    );
  });
});

describe('listBundleFiles', () => {
  it('finds path/sha256 lists and file-name maps', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(
      listBundleFiles({
        files: [{ path: 'x.json', sha256: a }],
        hashes: { 'y.onnx': { sha256: b } },
        note: a,
      }),
    ).toEqual([
      { path: 'x.json', sha256: a },
      { path: 'y.onnx', sha256: b },
    ]);
  });
});
