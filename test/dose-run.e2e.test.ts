/**
 * A DOSE run on the plugin contract, on its tiny configuration: Python's jsonschema accepts every
 * JSON artifact against the committed schemas (core's and the domain's) alone, and the gate
 * rejects a DOSE sidecar rewritten off its schema, by that schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatArtifactJson, sha256Hex } from '@zpbench/core';
import { describe, expect, it } from 'vitest';
import {
  pythonWithJsonschema,
  runScientificGate,
  useDomainRun,
  validateWithJsonschema,
} from './support/domain-run.js';

const dirs = useDomainRun('dose', 120_000);
const python = pythonWithJsonschema();

describe('a DOSE run directory', () => {
  it.skipIf(python === null)(
    'is valid under Python’s jsonschema with the committed schemas alone',
    () => {
      const out = validateWithJsonschema(python as string, dirs.run, 'dose');
      expect(out).toMatch(
        /^(\d+) documents, \1 valid against the committed JSON Schemas, 0 invalid\n$/,
      );
      expect(Number(out.split(' ')[0])).toBeGreaterThan(60);
    },
  );

  it('passes the gate, which rejects a DOSE sidecar rewritten off its schema (rehashed), naming it', async () => {
    const { run } = dirs;
    const ok = await runScientificGate(run);
    expect(ok.exitCode).toBe(0);
    const file = 'aggregated/dose_operating_points.json';
    const doc = JSON.parse(readFileSync(join(run, file), 'utf8'));
    doc.presets.safety_first.calibration.accept_rate = 1.5; // a rate above 1
    const text = formatArtifactJson(doc);
    writeFileSync(join(run, file), text);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8'));
    Object.assign(manifest.artifacts[file], {
      sha256: sha256Hex(text),
      bytes: Buffer.byteLength(text),
    });
    writeFileSync(join(run, 'manifest.json'), formatArtifactJson(manifest));
    const bad = await runScientificGate(run, { env: { NO_COLOR: '1' } });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(
      `  ${file}: schema: expected valid zpbench_dose_operating_points v1, found presets.safety_first.calibration.accept_rate: Too big: expected number to be <=1`,
    );
  });
});
