/**
 * An IK run on its tiny configuration: the gate accepts it, `zpbench report benchmark`
 * regenerates `figures/robotics_figure_pack/` byte for byte from the stored artifacts alone (also
 * in a copy of the run directory), Python's jsonschema accepts every JSON artifact against the
 * committed schemas, and the claim audit carries the variance-ratio and coverage claims.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import { runBenchmark } from '@zpbench/runner';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const PACK = 'figures/robotics_figure_pack';
let temp: string;
let run: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-ik-e2e-'));
  run = join(temp, 'run');
  const ik = await loadDomain('ik');
  if (!ik) throw new Error('ik is not registered');
  const { plugin } = ik;
  await runBenchmark({
    plugin,
    module: ik.module,
    mode: 'smoke',
    config: plugin.testConfig?.('smoke', plugin.modes.smoke?.config),
    outRoot: run,
    workers: 0,
    argv: ['ik', '--mode', 'smoke'],
    zpbenchVersion: 'test',
    renderReport: (dir, files) =>
      renderReportFor(plugin, dir, { html: true, verify: false, files }),
  });
}, 180_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function pack(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(dir, PACK))
      .sort()
      .map((f) => [f, readFileSync(join(dir, PACK, f), 'utf8')]),
  );
}

describe('an IK run directory', () => {
  it('passes the scientific gate', async () => {
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', run], {
      reject: false,
    });
    expect(gate.exitCode).toBe(0);
  });

  it('holds the robotics figure pack, which report benchmark regenerates byte for byte in a copy of the run', async () => {
    const before = pack(run);
    expect(Object.keys(before)).toEqual([
      'bottom_reliability.svg',
      'bottom_reliability.vl.json',
      'detj_histogram.svg',
      'detj_histogram.vl.json',
      'detj_stratified_error.svg',
      'detj_stratified_error.vl.json',
      'detj_stratified_fallback.svg',
      'detj_stratified_fallback.vl.json',
      'fallback_timelines.svg',
      'fallback_timelines.vl.json',
      'near_pole_seed_spread.svg',
      'near_pole_seed_spread.vl.json',
      'route_to_analytic_solver_map.svg',
      'route_to_analytic_solver_map.vl.json',
      'workspace_error_heatmap.svg',
      'workspace_error_heatmap.vl.json',
    ]);
    const copy = join(temp, 'copy');
    cpSync(run, copy, { recursive: true });
    rmSync(join(copy, PACK), { recursive: true });
    const report = await execa(process.execPath, [ZPBENCH, 'report', 'benchmark', copy, '--json'], {
      reject: false,
    });
    expect(report.exitCode).toBe(0);
    expect(pack(copy)).toEqual(before);
    const gate = await execa(process.execPath, [GATE, '--family', 'scientific', copy], {
      reject: false,
    });
    expect(gate.exitCode).toBe(0);
  }, 180_000);

  it('audits the near-pole variance ratio against each learned baseline, the coverage floor and the mask invariants', () => {
    const audit = JSON.parse(readFileSync(join(run, 'aggregated/claim_audit.json'), 'utf8')) as {
      claims: { id: string; kind: string; threshold: number | null; required: boolean }[];
    };
    const byId = new Map(audit.claims.map((c) => [c.id, c]));
    for (const b of ['mlp', 'rational_eps', 'eps_ensemble'])
      expect(byId.get(`near_pole_seed_variance_vs_${b}`)).toMatchObject({
        kind: 'variance-ratio',
        threshold: 3.18,
        required: false,
      });
    expect(byId.get('coverage_floor')).toMatchObject({ kind: 'floor', threshold: 0.9 });
    expect(byId.get('mask_invariants')).toMatchObject({ required: true });
    const report = readFileSync(join(run, 'RUN_REPORT.md'), 'utf8');
    expect(report).toContain('## Near-pole seed stability \\(bias and variance\\)');
    expect(report).toContain('## Rollouts near full extension');
  });

  const python = ['python3', '/usr/bin/python3'].find(
    (p) => spawnSync(p, ['-c', 'import jsonschema']).status === 0,
  );
  it.skipIf(python === undefined)(
    'is valid under Python’s jsonschema with the committed schemas alone',
    () => {
      const out = execFileSync(python as string, [
        join(ROOT, 'scripts/validate-with-jsonschema.py'),
        run,
        join(ROOT, 'packages/core/schemas'),
        join(ROOT, 'packages/domain-ik/schemas'),
      ]).toString();
      expect(out).toMatch(
        /^(\d+) documents, \1 valid against the committed JSON Schemas, 0 invalid\n$/,
      );
    },
  );
});
