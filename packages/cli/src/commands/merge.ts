import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { domainOfRun, lookupContract } from '../domains.js';
import { pathIn, pathsIn } from '../flags.js';
import { EXIT } from '../main.js';
import { printJson, println } from '../output.js';
import { renderReportFor } from '../report-hook.js';
import { ZPBENCH_VERSION } from '../version.js';

/** `zpbench merge <shard_dir>... --out DIR`: one run directory from the shards of a plan. */
export function createMergeCommand(): Command {
  return new Command('merge')
    .description(
      'Merge the shard directories of one sharded run (`--shard i/n`) into one run directory, byte-identical in its per-seed results and aggregates to a run made in one piece.',
    )
    .argument(
      '<shard_dirs...>',
      'every shard directory of the plan',
      pathsIn('<shard_dirs>', { kind: 'directory', expected: 'a shard run directory' }),
    )
    .requiredOption(
      '--out <run_dir>',
      'the merged run directory (new or empty)',
      pathIn('--out', {
        kind: 'output-directory',
        expected: 'a new or empty directory for the merged run',
        writable: true,
      }),
    )
    .option(
      '--baseline-run-dir <dir>',
      'compare the merged run with a completed run, as a run with this flag does',
      pathIn('--baseline-run-dir', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .option('--html-report', 'also write RUN_REPORT.html')
    .option('--json', 'print the merged run as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 merged and nothing required failed; 1 merged, but a required claim is FAIL or INCONCLUSIVE or the regression against --baseline-run-dir is FAIL (the same verdict block as a run); 2 when the shards are incompatible, incomplete, missing or duplicated (nothing is written).\n\nExample:\n  $ zpbench merge results/shards/dose/shard_1 results/shards/dose/shard_2 results/shards/dose/shard_3 --out results/benchmarks/dose/merged',
    )
    .action(
      async (
        dirs: string[],
        flags: { out: string; baselineRunDir?: string; htmlReport?: boolean; json?: boolean },
      ) => {
        const entry = await domainOfRun(dirs[0] as string);
        const { mergeShards, runVerdict } = await import('@zpbench/runner');
        // Loaded with the command (verdict-output reads the full core): start-up stays light.
        const { renderVerdictBlock, reportPaths, verdictJson } = await import(
          '../verdict-output.js'
        );
        const merged = await mergeShards({
          plugin: entry.plugin,
          shardDirs: dirs,
          outRoot: flags.out,
          baselineRunDir: flags.baselineRunDir,
          domains: lookupContract,
          argv: process.argv.slice(2),
          zpbenchVersion: ZPBENCH_VERSION,
          rootPackageJson: fileURLToPath(new URL('../../package.json', import.meta.url)),
          renderReport: (runDir, files) =>
            renderReportFor(entry.plugin, runDir, {
              html: Boolean(flags.htmlReport),
              verify: false,
              files,
            }),
        });
        // The merged run is the whole plan: its claims are decided here, as a run's are.
        const verdict = runVerdict({
          claimAudit: merged.claimAudit,
          pairedStats: merged.pairedStats,
          seedsPlanned: merged.manifest.seeds_planned,
          seedsCompleted: merged.manifest.seeds_completed,
          seedsFailed: merged.manifest.seeds_planned.filter(
            (seed) => !merged.manifest.seeds_completed.includes(seed),
          ),
        });
        const exitCode = verdict.ok ? EXIT.ok : EXIT.failed;
        const reports = reportPaths(merged.runDir);
        const summary = {
          run_dir: merged.runDir,
          domain: merged.manifest.domain,
          mode: merged.manifest.mode,
          shards: merged.shards,
          seeds_completed: merged.manifest.seeds_completed,
          config_hash: merged.manifest.config_hash,
          ...verdictJson(verdict, reports, exitCode),
        };
        if (flags.json) printJson(summary);
        else {
          println(`merged ${merged.shards} shards into ${merged.runDir}`);
          for (const line of renderVerdictBlock(verdict, reports)) println(line);
        }
        if (!verdict.ok && flags.json)
          process.stderr.write(
            `zpbench merge: FAILED: ${verdict.failures.join('; ')}; see ${reports.claim_audit}\n`,
          );
        process.exitCode = exitCode;
      },
    );
}
