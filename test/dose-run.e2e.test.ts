/**
 * A DOSE run on the plugin contract, on its tiny configuration: Python's jsonschema accepts every
 * JSON artifact against the committed schemas (core's and the domain's) alone, and the gate
 * rejects a DOSE sidecar rewritten off its schema, by that schema.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDomain } from '@zpbench/cli';
import { formatArtifactJson, sha256Hex } from '@zpbench/core';
import { runBenchmark } from '@zpbench/runner';
import { describe, expect, it } from 'vitest';
import {
  pythonWithJsonschema,
  runScientificGate,
  runZpbench,
  useDomainRun,
  validateWithJsonschema,
} from './support/domain-run.js';

const dirs = useDomainRun('dose', 120_000);
const python = pythonWithJsonschema();

describe('frozen-dirhead on a smoke parent (5 seeds; the mode plans 10 without one)', () => {
  it('refuses seeds the parent lacks before anything is written, naming its seeds and the flag', async () => {
    const out = join(dirs.temp, 'dirhead-refused');
    const r = await runZpbench([
      'dose',
      '--mode',
      'frozen-dirhead',
      '--parent-run-dir',
      dirs.run,
      '--seeds',
      '0-9',
      '--out-root',
      out,
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'zpbench: --seeds 5,6,7,8,9: the parent run has no such complete seed (it has 0,1,2,3,4); choose among them or omit --seeds',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('defaults to the parent’s seeds and completes every one of them', async () => {
    const domain = await loadDomain('dose');
    if (!domain) throw new Error('dose is not registered');
    const { plugin } = domain;
    const mode = 'frozen-dirhead';
    const events: string[] = [];
    let planned: readonly number[] = [];
    const seedsStarted: number[] = [];
    const result = await runBenchmark({
      plugin,
      module: domain.module,
      mode,
      config: plugin.testConfig?.(mode, plugin.modes[mode]?.config),
      parentRunDir: dirs.run,
      outRoot: join(dirs.temp, 'dirhead'),
      workers: 0,
      argv: ['dose', '--mode', mode],
      zpbenchVersion: 'test',
      onEvent: (event) => {
        events.push(event.type);
        if (event.type === 'start') planned = event.seeds;
        if (event.type === 'seed-start') seedsStarted.push(event.seed);
      },
    });
    expect(plugin.modes[mode]?.seeds).toHaveLength(10);
    // The plan (the parent's seeds) is fixed before the first seed trains.
    expect(planned).toEqual([0, 1, 2, 3, 4]);
    expect(events.indexOf('start')).toBeLessThan(events.indexOf('seed-start'));
    expect(result.seedsCompleted).toEqual([0, 1, 2, 3, 4]);
    expect(result.seedsFailed).toEqual([]);
    expect(seedsStarted.sort()).toEqual([0, 1, 2, 3, 4]);
  }, 120_000);
});

describe('report bundle on a run’s own bundle', () => {
  it('verifies its listed files by sha256 and prints the absolute paths it wrote', async () => {
    // On a copy: the report it writes beside the bundle is no file of the run's manifest.
    const copy = join(dirs.temp, 'bundle-copy');
    cpSync(dirs.run, copy, { recursive: true });
    const bundle = join(copy, 'seed_0/bundles/scm');
    const r = await runZpbench(['report', 'bundle', bundle]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `wrote ${join(bundle, 'VALIDATION_REPORT.md')}`,
      `wrote ${join(bundle, 'VALIDATION_REPORT.summary.svg')}`,
    ]);
    expect(bundle.startsWith('/')).toBe(true);
    const md = readFileSync(join(bundle, 'VALIDATION_REPORT.md'), 'utf8');
    expect(md).toMatch(/^\*\*All (\d+) checked files match their sha256\.\*\*$/m);
    expect(Number(/All (\d+) checked/.exec(md)?.[1])).toBeGreaterThan(0);
    expect(md).not.toContain('nothing was verified');
  });
});

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
