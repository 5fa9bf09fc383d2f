/**
 * Test support for the domain e2e tests: one registered domain's tiny configuration (its
 * `testConfig`) run once per test file through the CLI's registry and report renderer, and the
 * two outside checks every such test makes of the run directory (the gate, Python's jsonschema).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDomain, renderReportFor } from '@zpbench/cli';
import { runBenchmark } from '@zpbench/runner';
import { execa, type Options } from 'execa';
import { afterAll, beforeAll } from 'vitest';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The built `benchmark-gate` bin. */
export const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
/** The built `zpbench` bin. */
export const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');

/** Where a domain run lives: `run` inside the test file's temp dir `temp`. */
export interface DomainRunDirs {
  readonly temp: string;
  readonly run: string;
}

/**
 * Runs domain `id`'s smoke mode on its tiny test configuration (workers 0, HTML report) before
 * the file's tests, into `<temp>/run`, and removes the temp dir after them. The returned object
 * reads the paths once the run has started.
 */
export function useDomainRun(id: string, timeout: number): DomainRunDirs {
  let temp = '';
  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), `zpb-${id}-e2e-`));
    const domain = await loadDomain(id);
    if (!domain) throw new Error(`${id} is not registered`);
    const { plugin } = domain;
    await runBenchmark({
      plugin,
      module: domain.module,
      mode: 'smoke',
      config: plugin.testConfig?.('smoke', plugin.modes.smoke?.config),
      outRoot: join(temp, 'run'),
      workers: 0,
      argv: [id, '--mode', 'smoke'],
      zpbenchVersion: 'test',
      renderReport: (dir, files) =>
        renderReportFor(plugin, dir, { html: true, verify: false, files }),
    });
  }, timeout);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  return {
    get temp() {
      return temp;
    },
    get run() {
      return join(temp, 'run');
    },
  };
}

/** Runs `benchmark-gate --family scientific` on a run directory, never rejecting. */
export function runScientificGate(run: string, options: Options = {}) {
  return execa(process.execPath, [GATE, '--family', 'scientific', run], {
    reject: false,
    ...options,
  });
}

/** Runs the `zpbench` bin with `args`, never rejecting. */
export function runZpbench(args: readonly string[]) {
  return execa(process.execPath, [ZPBENCH, ...args], { reject: false });
}

/** A python3 that has jsonschema: the first on PATH, or Debian's; null when neither has it. */
export function pythonWithJsonschema(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import jsonschema']).status === 0) return python;
  }
  return null;
}

/**
 * What `scripts/validate-with-jsonschema.py` prints for a run directory checked against core's
 * and domain `id`'s committed JSON Schemas alone.
 */
export function validateWithJsonschema(python: string, run: string, id: string): string {
  return execFileSync(python, [
    join(ROOT, 'scripts/validate-with-jsonschema.py'),
    run,
    join(ROOT, 'packages/core/schemas'),
    join(ROOT, `packages/domain-${id}/schemas`),
  ]).toString();
}
