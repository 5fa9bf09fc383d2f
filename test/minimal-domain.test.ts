/**
 * A domain added without touching core, runner or report: the test-only tally domain
 * (`test/support/minimal-domain.ts`) runs end to end through the runner and the report renderer,
 * with its own sidecar, aggregated artifact, figure and report section, and passes the gate; its
 * sidecar is checked by its own schema; and it passes the shared conformance suite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkRunDir,
  claimViolations,
  type DomainPlugin,
  formatArtifactJson,
  readBenchmarkRun,
  sha256Hex,
} from '@zpbench/core';
import { renderRunReport } from '@zpbench/report';
import { runBenchmark } from '@zpbench/runner';
import { describeDomainConformance } from '@zpbench/runner/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { TALLY, tallyContract, tallyDomain } from './support/minimal-domain.js';

const plugin = tallyDomain as DomainPlugin<unknown>;
const domains = (id: string) => (id === 'tally' ? tallyContract : undefined);
const temp = mkdtempSync(join(tmpdir(), 'zpb-tally-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const render: Parameters<typeof describeDomainConformance>[1]['renderReport'] = (
  p,
  runDir,
  files,
) => renderRunReport(runDir, { contract: p.contract, domain: p, verify: false, files, html: true });

describeDomainConformance(plugin, { renderReport: render });

describe('a domain added without touching core, runner or report', () => {
  it('runs end to end with its sidecar, aggregate, figure and report section, and passes the gate', async () => {
    const dir = join(temp, 'paper');
    const result = await runBenchmark({
      plugin,
      module: { moduleUrl: 'inline', exportName: 'inline' },
      mode: 'paper',
      outRoot: dir,
      workers: 0,
      argv: ['tally', '--mode', 'paper'],
      zpbenchVersion: 'test',
      renderReport: (runDir, files) =>
        render?.(plugin, runDir, files) ?? Promise.resolve({ records: [], removed: [] }),
    });
    expect(result.seedsCompleted).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.claimAudit.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['completeness', 'PASS'],
      ['candidate_higher', 'PASS'],
    ]);
    const check = await checkRunDir(dir, { domains });
    expect([...check.violations, ...claimViolations(check.artifacts.claimAudit)]).toEqual([]);
    expect(result.manifest.artifacts['seed_3/tally.json']).toMatchObject({
      artifact: 'tally',
      role: 'sidecar',
      seed: 3,
    });
    expect(result.manifest.artifacts['figures/tally/totals.svg']).toMatchObject({ role: 'figure' });
    const run = await readBenchmarkRun(dir, { domains });
    const total = run.seedResults.size && run.read(TALLY, { seed: 0 })?.counts.length;
    expect(total).toBe(8);
    const report = readFileSync(join(dir, 'RUN_REPORT.md'), 'utf8');
    expect(report).toContain('## Tally totals');
    expect(report).toContain('![Counts per seed](figures/tally/totals.svg)');

    // The gate reads the sidecar with the domain's schema: a rewritten, rehashed sidecar fails it.
    const bad = formatArtifactJson({
      schema: 'zpbench_tally_counts',
      schema_version: 1,
      counts: [-1],
    });
    writeFileSync(join(dir, 'seed_3/tally.json'), bad);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    Object.assign(manifest.artifacts['seed_3/tally.json'], {
      sha256: sha256Hex(bad),
      bytes: Buffer.byteLength(bad),
    });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const tampered = await checkRunDir(dir, { domains });
    // Its schema catches the value, and the resume state's record of the file catches the rehash.
    expect(tampered.violations.map((v) => `${v.file} ${v.check}`)).toEqual([
      'seed_3/tally.json schema',
      'seed_3/tally.json consistency',
    ]);
  });
});
