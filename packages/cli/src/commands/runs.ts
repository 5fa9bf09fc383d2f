import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ComparisonV1 } from '@zpbench/core';
import { ERROR_CODES, ZpbenchError } from '@zpbench/core/light';
import type { RunListing } from '@zpbench/runner/run-list';
import { Command, Option } from 'commander';
import { budgetFileOption, budgetGate } from '../budget-output.js';
import { loadDomain, lookupContract } from '../domains.js';
import { numberIn, pathIn, pathsIn } from '../flags.js';
import { EXIT } from '../main.js';
import { printJson, println, snakeCaseKeys } from '../output.js';
import { ZPBENCH_VERSION } from '../version.js';

const RUN = {
  kind: 'file-or-directory',
  expected: 'a run directory or its manifest.json',
} as const;

/** A run directory, or the directory of a `manifest.json` named instead. */
function runDirOf(path: string): string {
  if (!statSync(path).isFile()) return path;
  if (basename(path) === 'manifest.json') return dirname(path);
  throw new ZpbenchError(
    ERROR_CODES.USAGE,
    `${path} is a file but not a manifest.json; pass a run directory or its manifest.json`,
  );
}

/** A table of text columns, padded, for the terminal. */
function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

async function render(comparison: ComparisonV1, format: string): Promise<string> {
  const { formatArtifactJson } = await import('@zpbench/core');
  if (format === 'json') return formatArtifactJson(comparison);
  // The renderers are loaded on use, as the report command does.
  const report = await import('@zpbench/report');
  if (format === 'csv') return report.renderComparisonCsv(comparison);
  if (format === 'html') return report.renderComparisonHtml(comparison);
  return report.renderComparisonMarkdown(comparison);
}

function createCompareCommand(): Command {
  return new Command('compare')
    .summary('compare preserved runs: means, deltas, intervals, p and status per metric')
    .description(
      'Compare preserved runs before citing a change: one row per model × metric with both means, the delta and its 95% interval, its p, Cohen’s d, the share of seeds agreeing on the sign and a status by the metric’s direction. Runs on the same seeds are paired (sign-flip test); runs whose seeds differ in part or entirely are compared as two samples (unpaired permutation test), and every row names its test. Runs of another domain, mode, dataset or setup config are refused with the reason (exit 2); treatment keys may differ.',
    )
    .argument(
      '<baseline>',
      'the preserved baseline: a run directory or its manifest.json',
      pathIn('<baseline>', RUN),
    )
    .argument(
      '<candidates...>',
      'one or more candidate runs (directories or manifest.json files)',
      pathsIn('<candidates...>', RUN),
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'standard rows, or regression: the verdict, claim failures, metric status, provenance and artifact drift',
      )
        .choices(['standard', 'regression'])
        .default('standard'),
    )
    .addOption(
      new Option(
        '--format <format>',
        'output format; with --budget-file, csv prints the violation table (the comparison CSV goes to --output) and json {ok, result, gate, budget_file}',
      )
        .choices(['markdown', 'html', 'csv', 'json'])
        .default('markdown'),
    )
    .option(
      '--output <file>',
      'write the comparison to this file (atomically) instead of stdout',
      pathIn('--output', { kind: 'output-file', expected: 'a file to write the comparison to' }),
    )
    .option(
      '--allow-config-diff',
      'compare runs whose setup config differs; every differing key is named in the output',
    )
    .option('--alpha <a>', 'level of the regression verdict', numberIn('--alpha', 1e-9, 0.5), 0.05)
    .option(
      '--n-perm <n>',
      'permutation budget of the regression verdict: exact when 2^seeds ≤ n (paired) or C(seeds of both, candidate seeds) ≤ n (unpaired)',
      numberIn('--n-perm', 1, 10_000_000, { integer: true }),
      4096,
    )
    .addOption(budgetFileOption())
    .addHelpText(
      'after',
      `
Exit codes: 0 compared (standard mode, or no regression), 1 regression mode found a regression
(the severity verdict FAILs) or a candidate violates the --budget-file, 2 usage or input errors,
and runs that cannot be compared. With --budget-file the output holds both runs' budget status
and what changed; the gate report of each candidate is printed after the comparison.
The output is review evidence; it never edits a run or a baseline.

Examples:
  $ zpbench runs compare results/benchmarks/dose/<baseline_run> results/benchmarks/dose/<candidate_run>
  $ zpbench runs compare <baseline_run> <candidate_run> --mode regression --format html --output regression-comparison.html
  $ zpbench runs compare <baseline_run>/manifest.json <run_b> <run_c> --format csv --output comparison.csv
  $ zpbench runs compare <baseline_run> <candidate_run> --mode regression --budget-file budgets/dose.json`,
    )
    .action(
      async (
        baselinePath: string,
        candidatePaths: string[],
        flags: {
          mode: 'standard' | 'regression';
          format: string;
          output?: string;
          allowConfigDiff?: boolean;
          alpha: number;
          nPerm: number;
          budgetFile?: string;
        },
      ) => {
        const gated = await budgetGate(flags, { ownCsv: true });
        const { budget } = gated;
        const options = { domains: lookupContract };
        const { readBenchmarkRun, writeFileAtomic } = await import('@zpbench/core');
        const { compareRunPair, comparisonEnvelope, createRunComparison, runBudgetVerdict } =
          await import('@zpbench/runner');
        const baseline = await readBenchmarkRun(runDirOf(baselinePath), options);
        const candidates = [];
        for (const path of candidatePaths)
          candidates.push(await readBenchmarkRun(runDirOf(path), options));
        // The domain's treatment keys and metric series, from its plugin.
        const domain = (
          await loadDomain(candidates[0]?.manifest.domain ?? baseline.manifest.domain)
        )?.plugin;
        const compareOptions = {
          mode: flags.mode,
          allowConfigDiff: flags.allowConfigDiff,
          domain,
          alpha: flags.alpha,
          nPerm: flags.nPerm,
          zpbenchVersion: ZPBENCH_VERSION,
          budget,
        };
        const pairs = candidates.map((candidate) =>
          compareRunPair(baseline, candidate, compareOptions),
        );
        const refused = pairs.filter((pair) => pair.status === 'refused');
        if (refused.length > 0) {
          const lines = refused.map(
            (pair) =>
              `cannot compare ${pair.candidate.run_dir} with baseline ${pair.baseline.run_dir}: ${pair.refusals.map((r) => r.reason).join('; ')}`,
          );
          throw new ZpbenchError(ERROR_CODES.INCOMPARABLE, lines.join(' | '), {
            details: refused.map((pair) => pair.refusals),
          });
        }
        const plain = createRunComparison(pairs, compareOptions);
        const comparison = {
          ...plain,
          envelope: comparisonEnvelope(plain, baseline, candidates, {
            argv: process.argv.slice(2),
            zpbenchVersion: ZPBENCH_VERSION,
            budget,
          }),
        };
        const text = await render(comparison, flags.format);
        // One verdict over the candidates, as benchmark-gate gives for their directories.
        const gate = budget ? runBudgetVerdict(candidates, budget) : null;
        const regressed = pairs.some((pair) => pair.regression?.verdict?.verdict === 'FAIL');
        const violated = gate !== null && !gate.ok;
        // --output holds the comparison alone; stdout then the gate (report, table or JSON).
        if (flags.output) {
          writeFileAtomic(flags.output, text);
          process.stderr.write(`wrote ${flags.output}\n`);
        }
        if (!flags.output || gate)
          await gated.print({
            result: comparison,
            text: flags.output ? '' : text,
            // An HTML page on stdout takes no text after it.
            gate: flags.format === 'html' && !flags.output ? null : gate,
            ok: !regressed && !violated,
          });
        process.exitCode = regressed || violated ? EXIT.failed : EXIT.ok;
      },
    );
}

function claimsCell(run: RunListing): string {
  if (run.claims.length === 0) return 'none';
  const passed = run.claims.filter((c) => c.verdict === 'PASS').length;
  const named = (verdict: string) =>
    run.claims.filter((c) => c.verdict === verdict).map((c) => c.id);
  const others = (['FAIL', 'INCONCLUSIVE'] as const)
    .map((verdict) => [verdict, named(verdict)] as const)
    .filter(([, ids]) => ids.length > 0)
    .map(([verdict, ids]) => `${verdict}: ${ids.join(', ')}`);
  return `${passed}/${run.claims.length} PASS${others.length ? ` (${others.join('; ')})` : ''}`;
}

function createListCommand(): Command {
  return new Command('list')
    .summary('list the run directories under DIR with their verdicts')
    .description(
      'List the run directories under DIR, oldest first: domain, mode, date, commit, seeds, the gate’s verdict and the claim verdicts. A directory that does not validate is skipped and named on stderr.',
    )
    .argument(
      '[dir]',
      'the directory holding run directories (searched 6 levels deep)',
      pathIn('[dir]', { kind: 'directory', expected: 'a directory of run directories' }),
    )
    .option(
      '--validate',
      'run the gate’s full structural check on every run (every file’s schema and hash); slower. Without it, each run is checked for the files the list shows',
    )
    .option('--json', 'print {runs, skipped} as JSON')
    .addHelpText(
      'after',
      `
gate: PASS when every planned seed completed, every required claim passed and no stored regression
verdict against a baseline failed (with --validate, also every structural check of benchmark-gate).

Examples:
  $ zpbench runs list
  $ zpbench runs list results/benchmarks/dose --validate --json`,
    )
    .action(async (dir: string | undefined, flags: { validate?: boolean; json?: boolean }) => {
      const { DEFAULT_RUNS_ROOT, listRuns } = await import('@zpbench/runner/run-list');
      const root = dir ?? DEFAULT_RUNS_ROOT;
      const { runs, skipped } = await listRuns(root, {
        full: flags.validate,
        domains: lookupContract,
      });
      if (flags.json) {
        printJson({
          root,
          runs: runs.map((r) => ({
            run_dir: r.runDir,
            run_id: r.runId,
            domain: r.domain,
            mode: r.mode,
            created_utc: r.createdUtc,
            git_commit: r.gitCommit,
            git_dirty: r.gitDirty,
            zpbench_version: r.zpbenchVersion,
            seeds_completed: r.seedsCompleted,
            seeds_planned: r.seedsPlanned,
            gate: r.gate,
            gate_reasons: r.gateReasons,
            regression: r.regression,
            claims: r.claims,
          })),
          skipped: skipped.map((s) => ({ run_dir: s.runDir, reason: s.reason })),
        });
      } else {
        for (const line of textTable(
          ['run', 'domain', 'mode', 'date (UTC)', 'commit', 'seeds', 'gate', 'claims'],
          runs.map((r) => [
            r.runId,
            r.domain,
            r.mode,
            r.createdUtc.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
            r.gitCommit ? `${r.gitCommit.slice(0, 7)}${r.gitDirty ? '+dirty' : ''}` : '—',
            `${r.seedsCompleted}/${r.seedsPlanned}`,
            r.gate,
            claimsCell(r),
          ]),
        ))
          println(line);
        println(
          `${runs.length} runs${skipped.length ? `, ${skipped.length} skipped` : ''} under ${root}`,
        );
      }
      for (const s of skipped) process.stderr.write(`zpbench: skipped ${s.runDir}: ${s.reason}\n`);
    });
}

function createTrendCommand(): Command {
  return new Command('trend')
    .summary('one model’s metric across the comparable runs of a domain')
    .description(
      'A metric of one model across the comparable runs of a domain, in time order: each run’s mean and 95% interval, and between consecutive runs the comparison test’s delta, p and change call (improved / regressed / unchanged), so a slow drift is visible.',
    )
    .requiredOption('--domain <id>', 'the domain of the runs')
    .requiredOption('--model <id>', 'the model')
    .requiredOption('--metric <key>', 'the metric key')
    .option('--mode <mode>', 'the mode of the runs (default: the newest run’s)')
    .argument(
      '[dir]',
      'the directory holding run directories',
      pathIn('[dir]', { kind: 'directory', expected: 'a directory of run directories' }),
    )
    .option(
      '--svg <file>',
      'also write the trend as an SVG figure',
      pathIn('--svg', { kind: 'output-file', expected: 'a file to write the SVG figure to' }),
    )
    .option('--json', 'print the trend as JSON')
    .addHelpText(
      'after',
      `
Runs are comparable when they share the mode and the setup config (treatment keys aside) of the
newest run; others are skipped and named on stderr. The change call is the comparison's test
between consecutive runs (paired sign-flip on the same seeds, else the unpaired permutation test;
the test column says which), by the 95% interval of the delta and the metric's direction.

Examples:
  $ zpbench runs trend --domain dose --model scm --metric macro_f1
  $ zpbench runs trend --domain synthetic --model candidate --metric mean_loss results/benchmarks --svg trend.svg`,
    )
    .action(
      async (
        dir: string | undefined,
        flags: {
          domain: string;
          model: string;
          metric: string;
          mode?: string;
          svg?: string;
          json?: boolean;
        },
      ) => {
        const { formatInterval, formatMeanInterval, formatNumber, formatP, writeFileAtomic } =
          await import('@zpbench/core');
        const { createMetricTrend, DEFAULT_RUNS_ROOT } = await import('@zpbench/runner');
        const root = dir ?? DEFAULT_RUNS_ROOT;
        const plugin = (await loadDomain(flags.domain))?.plugin;
        if (!plugin) {
          throw new ZpbenchError(
            ERROR_CODES.UNKNOWN_ID,
            `--domain ${flags.domain}: unknown domain; run \`zpbench list\` for the known domains`,
          );
        }
        const trend = await createMetricTrend(root, {
          domain: flags.domain,
          model: flags.model,
          metric: flags.metric,
          mode: flags.mode,
          domains: lookupContract,
          compare: plugin,
        });
        if (flags.svg) {
          const report = await import('@zpbench/report');
          const svg = await report.renderVegaLiteToSvg(report.createTrendFigure(trend));
          writeFileAtomic(flags.svg, svg);
        }
        if (flags.json) printJson(snakeCaseKeys(trend));
        else {
          println(
            `${trend.model} / ${trend.metric} (${trend.unit}, ${trend.direction === 'none' ? 'no direction' : `${trend.direction} is better`}) across ${trend.points.length} ${trend.domain} ${trend.mode} runs`,
          );
          for (const line of textTable(
            [
              'run',
              'date (UTC)',
              'commit',
              'n',
              'mean [95% CI]',
              'Δ vs previous [95% CI]',
              'p',
              'test',
              'change',
            ],
            trend.points.map((p) => [
              p.runId,
              p.createdUtc.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
              p.gitCommit ? p.gitCommit.slice(0, 7) : '—',
              String(p.n),
              formatMeanInterval(p.mean, p.ci95),
              p.change ? `${formatNumber(p.change.delta)} ${formatInterval(p.change.ci95)}` : '—',
              p.change ? formatP(p.change.p) : '—',
              p.change?.test === 'unpaired-permutation'
                ? 'unpaired'
                : p.change?.test === 'paired-sign-flip'
                  ? 'paired'
                  : '—',
              p.change ? p.change.status : 'first run',
            ]),
          ))
            println(line);
          if (flags.svg) println(`wrote ${flags.svg}`);
        }
        for (const s of trend.skipped)
          process.stderr.write(`zpbench: skipped ${s.runDir}: ${s.reason}\n`);
      },
    );
}

/** `zpbench runs compare|list|trend`: preserved runs side by side, listed, and over time. */
export function createRunsCommand(): Command {
  return new Command('runs')
    .description('Compare, list and trend preserved run directories.')
    .addCommand(createCompareCommand())
    .addCommand(createListCommand())
    .addCommand(createTrendCommand())
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench runs compare <baseline_run> <candidate_run> --mode regression\n  $ zpbench runs list\n  $ zpbench runs trend --domain dose --model scm --metric macro_f1',
    );
}
