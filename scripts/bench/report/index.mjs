#!/usr/bin/env node
/**
 * Times regenerating every report and figure of a paper-sized run directory: RUN_REPORT.md and
 * RUN_REPORT.html with the standard figures, the summary and paired-stats Markdown, the manifest
 * refresh, and the training-log report of aggregated/benchmark_metrics.jsonl.
 *
 *   node scripts/bench/report/index.mjs [--run-dir <paper run>] [--seeds 10] [--repeats 5]
 *
 * Without --run-dir it uses the newest results/benchmarks/<domain>/<run> in paper mode, or else
 * builds a report fixture with 10 seeds (three models, five metrics, baseline deltas, claims).
 * The run directory is copied to a temp dir first, so nothing of the original is rewritten.
 * Timed by the shared @zpbench/perf harness. Requires `pnpm -s build`.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../../..');
const REPORT = join(ROOT, 'packages/report/dist/index.js');
if (!existsSync(REPORT)) {
  console.error('packages/report is not built; run `pnpm -s build` first');
  process.exit(2);
}
const { renderRunReport, renderTrainingLogReport } = await import(REPORT);
const { REPORT_FIXTURE_CONTRACT, writeReportFixtureRunDir } = await import(
  '@zpbench/report/testing'
);
// The domain's figure pack and sections are part of "every figure": take them from the registry.
const { loadDomain } = await import('@zpbench/cli');
const { defineBenchmark, measureBenchmark } = await import('@zpbench/perf');

const { values } = parseArgs({
  options: {
    'run-dir': { type: 'string' },
    seeds: { type: 'string', default: '10' },
    repeats: { type: 'string', default: '5' },
  },
});

function findPaperRun() {
  const base = join(ROOT, 'results/benchmarks');
  if (!existsSync(base)) return null;
  const runs = [];
  for (const domain of readdirSync(base)) {
    const dir = join(base, domain);
    if (!existsSync(dir) || domain.startsWith('.')) continue;
    for (const run of readdirSync(dir)) {
      const manifest = join(dir, run, 'manifest.json');
      if (!existsSync(manifest)) continue;
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).mode === 'paper') runs.push(join(dir, run));
      } catch {
        // not a readable run; skip it
      }
    }
  }
  return runs.sort().at(-1) ?? null;
}

const temp = mkdtempSync(join(tmpdir(), 'zpb-bench-report-'));
try {
  const run = join(temp, 'run');
  const source = values['run-dir'] ?? findPaperRun();
  if (source) cpSync(source, run, { recursive: true });
  else {
    const n = Number(values.seeds);
    await writeReportFixtureRunDir(run, { seeds: Array.from({ length: n }, (_, i) => i) });
  }
  const label = source ? source : `report fixture, ${values.seeds} seeds`;
  const repeats = Math.max(1, Number(values.repeats));
  const domain = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')).domain;
  const plugin = (await loadDomain(domain))?.plugin;
  const contract = plugin?.contract ?? REPORT_FIXTURE_CONTRACT;
  const log = join(run, 'aggregated/benchmark_metrics.jsonl');
  const parts = {
    runReport: {
      title: 'run report + figures (incl. domain pack)',
      run: () =>
        renderRunReport(run, { contract, domain: plugin, html: true, allowTampered: false }),
    },
    trainingLog: {
      title: 'training-log report',
      run: () => (existsSync(log) ? renderTrainingLogReport(log) : undefined),
    },
  };
  const bench = (key, warm) =>
    defineBenchmark({
      name: `report.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_${warm ? 'warm' : 'cold'}`,
      group: 'report',
      description: parts[key].title,
      itemUnit: 'reports',
      iterations: warm ? repeats : 1,
      warmup: 0,
      run: parts[key].run,
    });
  // Cold first (module compilation, vega's first parse happen once per process), then warm.
  const cold = {};
  for (const key of Object.keys(parts))
    cold[key] = (await measureBenchmark(bench(key, false))).latency_ms.p50;
  const warm = {};
  for (const key of Object.keys(parts))
    warm[key] = (await measureBenchmark(bench(key, true))).latency_ms.p50;
  cold.total = cold.runReport + cold.trainingLog;
  warm.total = warm.runReport + warm.trainingLog;
  const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`report regeneration: ${label}`);
  console.log(`${''.padEnd(40)}    cold     warm (p50 of ${repeats})`);
  for (const key of ['runReport', 'trainingLog', 'total']) {
    const name = key === 'total' ? 'total' : parts[key].title;
    console.log(`${name.padEnd(40)} ${fmt(cold[key])}  ${fmt(warm[key])}`);
  }
  console.log(`target: total under 3000 ms (cold) — ${cold.total < 3000 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
