import { DEFAULT_PERF_BASELINE } from '@zpbench/core/light';
import type { SuiteProgress } from '@zpbench/perf';
import { Command } from 'commander';
import { loadDomains } from '../domains.js';
import { numberIn, pathIn } from '../flags.js';
import { isInteractive, printJson, println } from '../output.js';
import { ZPBENCH_VERSION } from '../version.js';

const DEFAULT_OUTPUT = 'benchmark_results';

// @zpbench/perf (and through it nn, report, resvg) loads only when a perf command runs.
const loadPerf = () => import('@zpbench/perf');

/** A live status line on stderr while a suite runs; nothing off a terminal or with --json. */
function createSuiteProgress(json: boolean): ((event: SuiteProgress) => void) | undefined {
  const stream = process.stderr;
  if (json || !isInteractive(stream)) return undefined;
  let last = 0;
  return (event) => {
    const now = Date.now();
    if (event.phase !== 'done' && now - last < 100) return;
    last = now;
    const line = `[${event.index}/${event.count}] ${event.name} ${event.phase}${event.phase === 'measure' ? ` ${event.done}/${event.total}` : ''}`;
    stream.write(`\r\u001b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
    if (event.phase === 'done' && event.index === event.count) stream.write('\r\u001b[2K');
  };
}

function formatMs(ms: number): string {
  return ms >= 100
    ? `${ms.toFixed(1)} ms`
    : ms >= 1
      ? `${ms.toFixed(3)} ms`
      : `${(ms * 1000).toFixed(1)} µs`;
}

function createRunCommand(): Command {
  return new Command('run')
    .summary('run the microbenchmark suites and write their artifact')
    .description(
      'Run zpbench’s microbenchmark suites and write benchmark_results/benchmarks_<timestamp>.json: per benchmark its latency percentiles (min, p50, p95, max, mean), throughput, and the run’s environment and provenance.',
    )
    .option('--suite <id>', 'all, or one suite: stats, nn, io, bundle', 'all')
    .option(
      '--iterations <n>',
      'measured iterations of every benchmark (default: each benchmark’s own)',
      numberIn('--iterations', 1, 1_000_000, { integer: true }),
    )
    .option(
      '--concurrency <c>',
      'iterations in flight at once (asynchronous benchmarks overlap; synchronous ones run in turn; the bundle suite starts this many worker threads)',
      numberIn('--concurrency', 1, 1024, { integer: true }),
      1,
    )
    .option('--output <dir>', 'directory for the artifact', DEFAULT_OUTPUT)
    .option(
      '--machine-class <class>',
      'like-for-like key to record instead of <os>-<arch>-<cpu>-<n>cpu (also ZPBENCH_MACHINE_CLASS)',
    )
    .option('--json', 'print the artifact’s path and benchmarks as JSON')
    .addHelpText(
      'after',
      `
The performance gate compares the p50 of each benchmark with a baseline of the same machine class:
  $ benchmark-gate --family performance benchmark_results --baseline perf/baseline.json

Examples:
  $ zpbench perf run --suite all --output benchmark_results
  $ zpbench perf run --suite nn --iterations 20 --json
  $ zpbench perf run --suite bundle --concurrency 2`,
    )
    .action(
      async (flags: {
        suite: string;
        iterations?: number;
        concurrency: number;
        output: string;
        machineClass?: string;
        json?: boolean;
      }) => {
        const { createBundleSuite, PERF_SUITES, runPerfSuite, trainTinyBundle } = await loadPerf();
        // The bundle suite trains a tiny bundle of a registered domain (only when it runs).
        const bundleSuite = createBundleSuite(async () => trainTinyBundle(await loadDomains()));
        const { path, artifact } = await runPerfSuite({
          suite: flags.suite,
          registry: [...PERF_SUITES, bundleSuite],
          outputDir: flags.output,
          iterations: flags.iterations,
          concurrency: flags.concurrency,
          machineClass: flags.machineClass,
          zpbenchVersion: ZPBENCH_VERSION,
          argv: ['zpbench', ...process.argv.slice(2)],
          onProgress: createSuiteProgress(Boolean(flags.json)),
        });
        if (flags.json) {
          printJson({ path, ...artifact });
          return;
        }
        println(
          `wrote ${path}: ${artifact.benchmarks.length} benchmarks, machine class ${artifact.environment.machine_class}, ${artifact.provenance.wall_time_s.toFixed(1)} s`,
        );
        const width = Math.max(...artifact.benchmarks.map((b) => b.name.length));
        println(
          `${'benchmark'.padEnd(width)}  ${'p50'.padStart(11)}  ${'p95'.padStart(11)}  throughput`,
        );
        for (const b of artifact.benchmarks) {
          println(
            `${b.name.padEnd(width)}  ${formatMs(b.latency_ms.p50).padStart(11)}  ${formatMs(b.latency_ms.p95).padStart(11)}  ${Number(b.throughput.value.toPrecision(4))} ${b.throughput.unit}`,
          );
        }
      },
    );
}

function createParityCommand(): Command {
  return new Command('parity')
    .summary('train the SCM head and Rational+ε on a pole and write the parity report')
    .description(
      'Train the SCM head and a Rational+ε baseline on y = 1/(x − 0.3) (pole inside [−1, 1]) and write parity_report.json (coverage and accuracy per τ), coverage_accuracy.svg and coverage_accuracy.png.',
    )
    .option('--output <dir>', 'directory for the three files', DEFAULT_OUTPUT)
    .option(
      '--seed <n>',
      'seed of the data and the inits',
      numberIn('--seed', 0, 2 ** 32 - 1, { integer: true }),
      0,
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ zpbench perf parity --output benchmark_results
  $ zpbench perf parity --seed 3 --json`,
    )
    .action(async (flags: { output: string; seed: number; json?: boolean }) => {
      const { runParity } = await loadPerf();
      const { report, paths } = await runParity({
        outputDir: flags.output,
        seed: flags.seed,
        zpbenchVersion: ZPBENCH_VERSION,
        argv: process.argv.slice(2),
      });
      if (flags.json) {
        printJson({ paths, ...report });
        return;
      }
      println(`wrote ${paths.report}, ${paths.svg} and ${paths.png}`);
      for (const model of report.models) {
        const points = report.curve.filter((p) => p.model === model.id);
        const line = points
          .map((p) => `τ=${p.tau}: ${p.coverage.toFixed(3)}/${p.accuracy.toFixed(3)}`)
          .join('  ');
        println(`${model.id} (coverage/accuracy): ${line}`);
      }
    });
}

function createBaselineCommand(): Command {
  const baseline = new Command('baseline')
    .summary('manage the performance baseline the gate compares with')
    .description('Manage the performance baseline the gate compares with.');
  baseline.addCommand(
    new Command('update')
      .summary('copy the newest performance artifact to the baseline')
      .description(
        `Copy the newest performance-suite artifact of --src (checked against its schema) to the baseline (default ${DEFAULT_PERF_BASELINE}); review and commit it.`,
      )
      .requiredOption('--src <dir>', 'directory `zpbench perf run --output` wrote to')
      .option(
        '--baseline <file>',
        'baseline file to write',
        pathIn('--baseline', {
          kind: 'output-file',
          expected: 'a performance baseline JSON file to write',
        }),
        DEFAULT_PERF_BASELINE,
      )
      .option('--json', 'print what was copied as JSON')
      .addHelpText(
        'after',
        `
Examples:
  $ zpbench perf baseline update --src benchmark_results
  $ zpbench perf baseline update --src benchmark_results --baseline perf/ci-4cpu.json --json`,
      )
      .action(async (flags: { src: string; baseline: string; json?: boolean }) => {
        const { updatePerfBaseline } = await loadPerf();
        const update = updatePerfBaseline({ src: flags.src, baseline: flags.baseline });
        if (flags.json) printJson(update);
        else
          println(
            `${update.baseline} ← ${update.source} (${update.benchmarks} benchmarks, machine class ${update.machine_class})`,
          );
      }),
  );
  return baseline;
}

/** `zpbench perf`: the performance family (suites, parity runner, baseline). */
export function createPerfCommand(): Command {
  return new Command('perf')
    .description(
      'zpbench’s own speed, benchmarked and gated like a claim: microbenchmark suites, the coverage/accuracy parity runner, the baseline.',
    )
    .addCommand(createRunCommand())
    .addCommand(createParityCommand())
    .addCommand(createBaselineCommand())
    .addHelpText(
      'after',
      `
Examples:
  $ zpbench perf run --suite all --output benchmark_results
  $ zpbench perf parity --output benchmark_results
  $ zpbench perf baseline update --src benchmark_results
  $ benchmark-gate --family performance benchmark_results`,
    );
}
