import { fileURLToPath } from 'node:url';
import { ERROR_CODES, readBenchmarkRun, readRunEnvelope, ZpbenchError } from '@zpbench/core';
import {
  type BenchmarkLine,
  checkBaselineRef,
  DEFAULT_BASELINE_STORE,
  newBenchmarkLines,
  parseSeedList,
  parseShard,
  readBaselineRef,
  regressionBenchmarkLines,
  runBenchmark,
  runVerdict,
  SUPPORTED_DEVICES,
  saveBaseline,
} from '@zpbench/runner';
import { Command, Option } from 'commander';
import { renderBenchmarkLines } from '../benchmark-lines.js';
import { budgetFileOption, budgetGate, formatOption } from '../budget-output.js';
import { lookupContract, type RegisteredDomain } from '../domains.js';
import { numberIn, pathIn } from '../flags.js';
import { resumeCommandLine, watchInterrupts } from '../interrupt.js';
import { EXIT } from '../main.js';
import { useColor } from '../output.js';
import { createProgressReporter, type ProgressReporter } from '../progress.js';
import { renderReportFor } from '../report-hook.js';
import { renderVerdictBlock, reportPaths, verdictJson } from '../verdict-output.js';
import { ZPBENCH_VERSION } from '../version.js';

interface RunFlags {
  mode: string;
  seeds?: number[];
  outRoot?: string;
  resume?: boolean;
  skipCompleteSeeds?: boolean;
  forceRerun?: boolean;
  workers?: number;
  baselineRunDir?: string;
  againstBaseline?: boolean;
  baselineStore: string;
  device: string;
  shard?: string;
  shards?: number;
  htmlReport?: boolean;
  json?: boolean;
  quiet?: boolean;
  budgetFile?: string;
  notes?: string;
  format?: string;
  [domainOption: string]: unknown;
}

/** `zpbench <domain> --mode <mode> …`: runs a benchmark domain into a run directory. */
export function createRunDomainCommand(entry: RegisteredDomain): Command {
  const { plugin } = entry;
  const modes = Object.keys(plugin.modes);
  const command = new Command(plugin.id)
    .summary(`run a benchmark: ${plugin.title}`)
    .description(`${plugin.title}: ${plugin.description}`)
    .addOption(new Option('--mode <mode>', 'protocol mode').choices(modes).default('smoke'))
    .option('--seeds <list>', 'seeds to run: a range (0-9), a list (0,3,7) or both', (v) =>
      parseSeedList(v),
    )
    .option(
      '--out-root <run_dir>',
      'run directory (default results/benchmarks/<domain>/<run_id>)',
      pathIn('--out-root', {
        kind: 'output-directory',
        expected: 'a directory for the run (new, empty, or the run to continue)',
        writable: true,
      }),
    )
    .option('--resume', 'continue an interrupted run in --out-root (same config and seed plan)')
    .option(
      '--skip-complete-seeds',
      'reuse --out-root and run only seeds without a per_seed_result.json',
    )
    .option('--force-rerun', 'rerun the requested seeds in --out-root, replacing their results')
    .option(
      '--workers <n>',
      'worker threads (default: one per core; 0 runs inline)',
      numberIn('--workers', 0, 256, { integer: true }),
    )
    .option(
      '--baseline-run-dir <dir>',
      'compare with a completed run: paired deltas and the severity regression verdict',
      pathIn('--baseline-run-dir', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .option(
      '--against-baseline',
      'compare with the stored baseline of this domain and mode (pybench’s loop): NEW and saved the first time, then PASS or FAIL per benchmark; a FAIL exits 1 and is stored for the gate',
    )
    .option(
      '--baseline-store <dir>',
      'where --against-baseline keeps baselines (<dir>/<domain>/<mode>.json)',
      pathIn('--baseline-store', {
        kind: 'output-directory',
        expected: 'a directory for baseline references',
      }),
      DEFAULT_BASELINE_STORE,
    )
    .option(
      '--device <device>',
      `compute device (this build supports ${SUPPORTED_DEVICES.join(', ')})`,
      'cpu',
    )
    .option(
      '--shard <i/n|auto>',
      'run only shard i of n of the seed plan (1-based, as CI_NODE_INDEX); auto reads GitLab, Slurm or Kubernetes; merge the shards with `zpbench merge`',
    )
    .option(
      '--shards <n>',
      'with --shard auto: the number of shards where the scheduler does not say (Kubernetes indexed Jobs)',
      numberIn('--shards', 1, 10_000, { integer: true }),
    )
    .option('--html-report', 'also write RUN_REPORT.html')
    .option(
      '--json',
      'print the final summary (and the budget gate) as JSON on stdout and nothing else there',
    )
    .option('--quiet', 'no progress and no verdict block; a failure is still said on stderr')
    .addOption(budgetFileOption())
    .addOption(formatOption())
    .option('--notes <text>', 'a note recorded in provenance and the report’s provenance envelope');
  // The domain's own options, as commander parsed their flags (long name, attribute name).
  const domainOptionDefs = (plugin.cliOptions ?? []).map((option) => {
    const opt = new Option(option.flags, option.description);
    command.addOption(option.choices ? opt.choices([...option.choices]) : opt);
    return opt;
  });
  const parentOption = plugin.parentRun
    ? new Option(`--${plugin.parentRun.flag} <run_dir>`, plugin.parentRun.description).argParser(
        pathIn(`--${plugin.parentRun.flag}`, {
          kind: 'directory',
          expected: `a completed ${plugin.id} run directory`,
        }),
      )
    : null;
  if (parentOption) command.addOption(parentOption);
  command
    .addHelpText(
      'after',
      `\nModes:\n${modes.map((m) => `  ${m.padEnd(16)}${plugin.modes[m]?.description ?? ''}`).join('\n')}\n\nExamples:\n  $ zpbench ${plugin.id} --mode smoke --device cpu --html-report\n  $ zpbench ${plugin.id} --mode paper --device cpu --out-root results/benchmarks/${plugin.id}/<run_dir> --resume\n  $ zpbench ${plugin.id} --mode paper --device cpu --shard auto --out-root results/shards/${plugin.id}/shard_$CI_NODE_INDEX\n  $ zpbench ${plugin.id} --mode smoke --device cpu --against-baseline\n\nExit status:\n  0  the run completed and nothing required failed\n  1  a required claim is FAIL or INCONCLUSIVE, the regression against the baseline is FAIL, or a seed failed\n  2  usage or input error (bad flag, unreadable or invalid run directory, …)`,
    )
    .action(async (flags: RunFlags) => {
      const domainOptions: Record<string, string> = {};
      for (const opt of domainOptionDefs) {
        const value = flags[opt.attributeName()];
        if (opt.long && typeof value === 'string') domainOptions[opt.long.slice(2)] = value;
      }
      const parentValue = parentOption ? flags[parentOption.attributeName()] : undefined;
      const parentRunDir = typeof parentValue === 'string' ? parentValue : undefined;
      if (flags.shards !== undefined && flags.shard !== 'auto')
        throw new ZpbenchError(ERROR_CODES.USAGE, '--shards applies only with --shard auto');
      const shard =
        flags.shard === undefined ? null : parseShard(flags.shard, process.env, flags.shards);
      const gate = await budgetGate(flags);
      const { budget } = gate;
      let progress: ProgressReporter | undefined;
      const interrupts = watchInterrupts(
        (runDir) =>
          resumeCommandLine({
            ...flags,
            domain: plugin.id,
            runDir,
            domainOptions,
            shard: shard ?? undefined,
            parentRun:
              plugin.parentRun && parentRunDir
                ? { flag: plugin.parentRun.flag, dir: parentRunDir }
                : undefined,
          }),
        // Said through the progress display, so its live line never hides or eats the notice.
        (line) => (progress ? progress.say(line) : process.stderr.write(`${line}\n`)),
      );
      // pybench's loop: the stored baseline of this domain and mode, checked before anything runs.
      if (flags.againstBaseline && flags.baselineRunDir) {
        throw new ZpbenchError(
          ERROR_CODES.USAGE,
          '--against-baseline and --baseline-run-dir cannot be combined: the first reads the stored baseline, the second names one; choose one',
        );
      }
      const stored = flags.againstBaseline
        ? readBaselineRef(flags.baselineStore, plugin.id, flags.mode)
        : null;
      if (stored) checkBaselineRef(stored);
      const startedAt = Date.now();
      progress = createProgressReporter({ quiet: Boolean(flags.quiet || flags.json) });
      const result = await runBenchmark({
        plugin,
        module: entry.module,
        mode: flags.mode,
        shard,
        device: flags.device,
        parentRunDir,
        domains: lookupContract,
        seeds: flags.seeds,
        outRoot: flags.outRoot,
        resume: flags.resume,
        skipCompleteSeeds: flags.skipCompleteSeeds,
        forceRerun: flags.forceRerun,
        workers: flags.workers,
        domainOptions,
        baselineRunDir: stored?.runDir ?? flags.baselineRunDir,
        argv: process.argv.slice(2),
        zpbenchVersion: ZPBENCH_VERSION,
        rootPackageJson: fileURLToPath(new URL('../../package.json', import.meta.url)),
        onEvent: progress,
        renderReport: (runDir, files) =>
          renderReportFor(plugin, runDir, {
            html: Boolean(flags.htmlReport),
            verify: false,
            files,
          }),
        signal: interrupts.signal,
        budget,
        notes: flags.notes ?? null,
      })
        // The live line is cleared before anything else is printed (an error, the verdict).
        .finally(progress.finish)
        .catch(interrupts.explain)
        .finally(interrupts.stop);
      let lines: BenchmarkLine[] | null = null;
      let against: Record<string, unknown> | null = null;
      if (flags.againstBaseline && result.seedsFailed.length === 0) {
        const run = await readBenchmarkRun(result.runDir, { domains: lookupContract });
        if (stored) {
          lines = regressionBenchmarkLines(
            result.regression,
            newBenchmarkLines(run.summary, plugin.metrics),
          );
          against = { baseline_run_id: stored.ref.run_id, baseline: stored.path, saved: false };
        } else {
          const saved = saveBaseline(run, {
            store: flags.baselineStore,
            zpbenchVersion: ZPBENCH_VERSION,
          });
          lines = newBenchmarkLines(run.summary, plugin.metrics);
          against = { baseline_run_id: saved.ref.run_id, baseline: saved.path, saved: true };
        }
      }
      const seconds = (Date.now() - startedAt) / 1000;
      const untested = `${result.seedsCompleted.length} seeds cannot reach alpha 0.05`;
      const count = (status: BenchmarkLine['status']) =>
        lines?.filter((line) => line.status === status).length ?? 0;
      const judged = runVerdict({
        claimAudit: result.claimAudit,
        pairedStats: result.pairedStats,
        seedsPlanned: result.manifest.seeds_planned,
        seedsCompleted: result.seedsCompleted,
        seedsFailed: result.seedsFailed,
        shard: result.shard,
      });
      // A benchmark that FAILs against the stored baseline fails the run, as the regression
      // verdict does (they are the same test; this covers a verdict-less comparison too).
      const regressed = lines?.some((line) => line.status === 'FAIL') ?? false;
      const budgetVerdict = result.budgetVerdict;
      const failures = [
        ...judged.failures,
        ...(regressed && judged.regression?.verdict !== 'FAIL'
          ? ['a benchmark regressed against the stored baseline']
          : []),
        ...(budgetVerdict && !budgetVerdict.ok
          ? [`a budget of ${budget?.ref.path} was violated`]
          : []),
      ];
      const verdict = { ...judged, ok: failures.length === 0, failures };
      const exitCode = verdict.ok ? EXIT.ok : EXIT.failed;
      const reports = reportPaths(result.runDir);
      const summary = {
        run_dir: result.runDir,
        run_id: result.runId,
        domain: plugin.id,
        mode: flags.mode,
        seeds_run: result.seedsRun,
        seeds_completed: result.seedsCompleted,
        seeds_failed: result.seedsFailed,
        config_hash: result.manifest.config_hash,
        ...verdictJson(verdict, reports, exitCode),
        ...(against && lines
          ? {
              against_baseline: {
                ...against,
                verdict: result.regression?.verdict ?? null,
                failed: count('FAIL'),
                passed: count('PASS'),
                new: count('NEW'),
                untested: count('UNTESTED'),
                benchmarks: lines.map((line) => ({
                  name: line.name,
                  status: line.status,
                  metrics: line.metrics,
                  steps: line.steps,
                  slots: line.nSlots,
                  flagged: line.slots.filter((slot) => slot.flagged).map((slot) => slot.label),
                })),
              },
            }
          : {}),
      };
      // The provenance envelope cites the run's numbers; none when no seed completed.
      const envelope =
        result.seedsCompleted.length > 0 ? readRunEnvelope(result.runDir, plugin.contract) : null;
      const text: string[] = [];
      if (!flags.quiet) {
        text.push(`run directory: ${result.runDir}`);
        text.push(...renderVerdictBlock(verdict, reports));
      }
      // The baseline verdict is the result, not progress: printed even with --quiet.
      if (lines)
        text.push(...renderBenchmarkLines(lines, { seconds, untested, colour: useColor() }));
      else if (flags.againstBaseline)
        text.push('no baseline comparison: some seeds failed; fix them and run again');
      await gate.print({
        result: { ...summary, envelope },
        text: text.join('\n'),
        gate: budgetVerdict,
        ok: verdict.ok,
      });
      // Piped, quiet or JSON: a failure is still said on stderr, in one line.
      if (!verdict.ok && (flags.quiet || flags.json))
        process.stderr.write(
          `zpbench ${plugin.id}: FAILED: ${failures.join('; ')}; see ${reports.claim_audit}\n`,
        );
      process.exitCode = exitCode;
    });
  return command;
}
