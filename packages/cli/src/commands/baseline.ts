import { DEFAULT_BASELINE_STORE } from '@zpbench/core/light';
import { Command } from 'commander';
import { lookupContract } from '../domains.js';
import { pathIn } from '../flags.js';
import { printJson, println } from '../output.js';
import { ZPBENCH_VERSION } from '../version.js';

/** `zpbench baseline save <run_dir>`: the baseline of pybench's loop. */
export function createBaselineCommand(): Command {
  const baseline = new Command('baseline')
    .description(
      'Keep the baseline run of each domain and mode, which `zpbench <domain> --against-baseline` compares new runs with.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench baseline save results/benchmarks/dose/<run_dir>\n  $ zpbench dose --mode smoke --device cpu --against-baseline',
    );
  baseline
    .command('save')
    .summary('store a completed run as the baseline of its domain and mode')
    .description(
      'Store a reference to a completed run (its path and manifest sha256, never a copy) as the baseline of its domain and mode: <store>/<domain>/<mode>.json. The run is checked first; a previous baseline of that domain and mode is replaced.',
    )
    .argument(
      '<run_dir>',
      'a completed run directory',
      pathIn('<run_dir>', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .option(
      '--store <dir>',
      'where baselines are kept',
      pathIn('--store', {
        kind: 'output-directory',
        expected: 'a directory for baseline references',
        writable: true,
      }),
      DEFAULT_BASELINE_STORE,
    )
    .option('--json', 'print the stored reference as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench baseline save results/benchmarks/dose/run_20260407_150800_abcd123\n  $ zpbench dose --mode smoke --device cpu --against-baseline',
    )
    .action(async (runDir: string, flags: { store: string; json?: boolean }) => {
      const { readBenchmarkRun } = await import('@zpbench/core');
      const { saveBaseline } = await import('@zpbench/runner');
      const run = await readBenchmarkRun(runDir, { domains: lookupContract });
      const { path, ref } = saveBaseline(run, {
        store: flags.store,
        zpbenchVersion: ZPBENCH_VERSION,
      });
      if (flags.json) printJson({ path, ...ref });
      else
        println(
          `saved the ${ref.domain} ${ref.mode} baseline: ${path} → ${runDir} (run ${ref.run_id}, manifest sha256 ${ref.manifest_sha256.slice(0, 12)}…)`,
        );
    });
  return baseline;
}
