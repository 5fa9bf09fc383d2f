import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { RUN_FILES } from '@zpbench/core/light';
import { Command } from 'commander';
import { DOMAIN_IDS, domainOfRun, loadDomain, lookupContract } from '../domains.js';
import { pathIn } from '../flags.js';
import { printJson, println } from '../output.js';
import { renderReportFor } from '../report-hook.js';
import { ZPBENCH_VERSION } from '../version.js';

function printWritten(written: readonly string[], json: boolean | undefined, base: string): void {
  if (json) printJson({ written });
  // An absolute path is printed as it is (join('.', '/x') would drop its leading '/').
  else for (const file of written) println(`wrote ${isAbsolute(file) ? file : join(base, file)}`);
}

/** `zpbench report benchmark|training-log|bundle`: regenerate reports from stored artifacts. */
export function createReportCommand(): Command {
  const report = new Command('report').description(
    'Regenerate reports and figures from stored artifacts alone (never reruns anything).',
  );
  report
    .command('benchmark')
    .summary('refresh the reports of a run directory')
    .description(
      'Refresh RUN_REPORT.md (and .html), aggregated/summary.md, paired_stats.md and every figure of a run directory; the manifest hashes are updated so the gate still passes.',
    )
    .argument(
      '<run_dir>',
      'a completed run directory',
      pathIn('<run_dir>', {
        kind: 'directory',
        expected: 'a completed run directory',
        writable: true,
      }),
    )
    .option('--html-report', 'also write RUN_REPORT.html')
    .option(
      '--baseline-run-dir <dir>',
      'recompute paired baseline statistics against another completed run first',
      pathIn('--baseline-run-dir', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .option(
      '--allow-tampered',
      'render even when recorded hashes do not match (the report says so in its first line)',
    )
    .option('--json', 'print the written files as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench report benchmark results/benchmarks/dose/<run_dir> --html-report\n  $ zpbench report benchmark results/benchmarks/dose/<run_dir> --baseline-run-dir results/benchmarks/dose/<previous_run_dir>',
    )
    .action(
      async (
        runDir: string,
        flags: {
          htmlReport?: boolean;
          baselineRunDir?: string;
          allowTampered?: boolean;
          json?: boolean;
        },
      ) => {
        const { acquireRunLock, refreshBaselineComparison } = await import('@zpbench/runner');
        // A directory that is no run (neither a manifest nor a run's resume state) is refused
        // before the lock is taken: a refused command never leaves a file behind, even for a moment.
        if (
          !existsSync(join(runDir, RUN_FILES.manifest)) &&
          !existsSync(join(runDir, RUN_FILES.resumeState))
        )
          await domainOfRun(runDir);
        // A run in progress rewrites these files: never render from a half-written run.
        const release = acquireRunLock(runDir);
        try {
          const entry = await domainOfRun(runDir);
          if (flags.baselineRunDir)
            await refreshBaselineComparison(entry.plugin, runDir, flags.baselineRunDir, {
              domains: lookupContract,
            });
          const { written } = await renderReportFor(entry.plugin, runDir, {
            html: Boolean(flags.htmlReport),
            allowTampered: flags.allowTampered,
          });
          printWritten(written, flags.json, runDir);
        } finally {
          release();
        }
      },
    );
  report
    .command('training-log')
    .summary('report on a JSONL metric log')
    .description(
      'Write <stem>_REPORT.md, <stem>_REPORT_metrics.svg and an offline interactive <stem>_REPORT.html for a JSONL metric log.',
    )
    .argument(
      '<metrics_jsonl>',
      'a zeroproofml.metric_log JSONL file, e.g. aggregated/benchmark_metrics.jsonl',
      pathIn('<metrics_jsonl>', {
        kind: 'file',
        expected: 'a JSONL metric log file (its reports are written beside it)',
        writable: true,
      }),
    )
    .option('--json', 'print the written files as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench report training-log results/benchmarks/dose/<run_dir>/aggregated/benchmark_metrics.jsonl',
    )
    .action(async (path: string, flags: { json?: boolean }) => {
      const { renderTrainingLogReport } = await import('@zpbench/report');
      const { written } = await renderTrainingLogReport(path, { zpbenchVersion: ZPBENCH_VERSION });
      printWritten(written, flags.json, '.');
    });
  report
    .command('bundle')
    .summary('verify a bundle and report on it')
    .description(
      'Write VALIDATION_REPORT.md and VALIDATION_REPORT.summary.svg for a deployment bundle: its manifest checked by its domain’s schema, every listed file’s sha256, and the parent run’s summary and domain sections when it lives inside a run directory.',
    )
    .argument(
      '<bundle_dir>',
      'a bundle directory holding bundle.json',
      pathIn('<bundle_dir>', {
        kind: 'directory',
        expected: 'a bundle directory holding bundle.json',
        writable: true,
      }),
    )
    .option('--json', 'print the written files as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench report bundle results/benchmarks/<domain>/<run_dir>/seed_0/bundles/<model>',
    )
    .action(async (dir: string, flags: { json?: boolean }) => {
      const { renderBundleReport } = await import('@zpbench/report');
      const { written } = await renderBundleReport(dir, {
        domains: DOMAIN_IDS,
        zpbenchVersion: ZPBENCH_VERSION,
        resolve: async (id) => {
          const entry = await loadDomain(id);
          return entry
            ? { contract: entry.plugin.contract, bundle: entry.plugin.bundle }
            : undefined;
        },
      });
      printWritten(written, flags.json, '.');
    });
  return report;
}
