/**
 * A DOSE run on the plugin contract, on its tiny configuration: Python's jsonschema accepts every
 * JSON artifact against the committed schemas (core's and the domain's) alone, and the gate
 * rejects a DOSE sidecar rewritten off its schema, by that schema.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import { formatArtifactJson, sha256Hex } from '@zpbench/core';
import { runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
let temp: string;
let run: string;
beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-dose-e2e-'));
  run = join(temp, 'run');
  const dose = await loadDomain('dose');
  if (!dose) throw new Error('dose is not registered');
  const { plugin } = dose;
  await runBenchmark({
    plugin,
    module: dose.module,
    mode: 'smoke',
    config: plugin.testConfig?.('smoke', plugin.modes.smoke?.config),
    outRoot: run,
    workers: 0,
    argv: ['dose', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(plugin, dir, { html: true, verify: false, files }),
  });
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A python3 that has jsonschema: the first on PATH, or Debian's. */
function pythonWithJsonschema(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import jsonschema']).status === 0) return python;
  }
  return null;
}
const python = pythonWithJsonschema();

describe('a DOSE run directory', () => {
  it.skipIf(python === null)(
    'is valid under Python’s jsonschema with the committed schemas alone',
    () => {
      const out = execFileSync(python as string, [
        join(ROOT, 'scripts/validate-with-jsonschema.py'),
        run,
        join(ROOT, 'packages/core/schemas'),
        join(ROOT, 'packages/domain-dose/schemas'),
      ]).toString();
      expect(out).toMatch(
        /^(\d+) documents, \1 valid against the committed JSON Schemas, 0 invalid\n$/,
      );
      expect(Number(out.split(' ')[0])).toBeGreaterThan(60);
    },
  );

  it('passes the gate, which rejects a DOSE sidecar rewritten off its schema (rehashed), naming it', async () => {
    const ok = await execa(process.execPath, [GATE, '--family', 'scientific', run], {
      reject: false,
    });
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
    const bad = await execa(process.execPath, [GATE, '--family', 'scientific', run], {
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(
      `  ${file}: schema: expected valid zpbench_dose_operating_points v1, found presets.safety_first.calibration.accept_rate: Too big: expected number to be <=1`,
    );
  });
});
