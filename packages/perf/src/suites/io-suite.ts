import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBenchmark } from '../define-benchmark.js';
import { defineSuite } from '../define-suite.js';

function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `zpb-perf-${label}-`));
}

const seeds = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function ioBenchmarks() {
  const core = await import('@zpbench/core');
  // Fixture runs of core's test-only domain: valid run directories whose contract is known here.
  const { FIXTURE_CONTRACT, writeFixtureRunDir } = await import('@zpbench/core/testing');
  const domains = (id: string) => (id === FIXTURE_CONTRACT.id ? FIXTURE_CONTRACT : undefined);
  return [
    defineBenchmark({
      name: 'io.gate_100_seeds',
      group: 'io',
      description:
        'the scientific gate (checkRunDir: hashes, schemas, layout) on a valid 100-seed run directory, in-process',
      items: 100,
      itemUnit: 'seeds',
      setup: () => {
        const dir = tempDir('gate');
        writeFixtureRunDir(join(dir, 'run'), { seeds: seeds(100) });
        return { dir, run: join(dir, 'run') };
      },
      run: async ({ run }) => {
        const check = await core.checkRunDir(run, { domains });
        if (!check.ok)
          throw new Error(`fixture run failed the gate: ${check.violations[0]?.check}`);
      },
      cleanup: ({ dir }) => rmSync(dir, { recursive: true, force: true }),
    }),
    defineBenchmark({
      name: 'io.resume_state_100_seeds',
      group: 'io',
      description:
        'persist the resume state of a 100-seed run (atomic write: temp file, fsync, rename), as the runner does after every seed',
      itemUnit: 'writes',
      batch: 20,
      setup: () => {
        const dir = tempDir('resume');
        writeFixtureRunDir(join(dir, 'run'), { seeds: seeds(100) });
        const path = join(dir, 'run', core.RUN_FILES.resumeState);
        return { dir, path, state: JSON.parse(readFileSync(path, 'utf8')) as unknown };
      },
      run: ({ path, state }) => core.writeJsonAtomic(path, state),
      cleanup: ({ dir }) => rmSync(dir, { recursive: true, force: true }),
    }),
    defineBenchmark({
      name: 'io.report_regeneration_10_seeds',
      group: 'io',
      description:
        'regenerate RUN_REPORT.md and RUN_REPORT.html with the standard figures of a 10-seed run from its artifacts',
      itemUnit: 'reports',
      iterations: 3,
      setup: async () => {
        const { renderRunReport } = await import('@zpbench/report');
        const { REPORT_FIXTURE_CONTRACT, writeReportFixtureRunDir } = await import(
          '@zpbench/report/testing'
        );
        const dir = tempDir('report');
        await writeReportFixtureRunDir(join(dir, 'run'), { seeds: seeds(10) });
        return { dir, run: join(dir, 'run'), renderRunReport, contract: REPORT_FIXTURE_CONTRACT };
      },
      run: ({ run, renderRunReport, contract }) => renderRunReport(run, { contract, html: true }),
      cleanup: ({ dir }) => rmSync(dir, { recursive: true, force: true }),
    }),
  ];
}

/** The scientific gate, resume-state persistence and report regeneration. */
export const ioSuite = defineSuite({
  id: 'io',
  description: 'gate on a 100-seed run, resume-state persistence, report regeneration',
  load: ioBenchmarks,
});
