import { Command } from 'commander';
import { domainOfRun } from '../domains.js';
import { numberIn, pathIn } from '../flags.js';
import { EXIT } from '../main.js';
import { printJson, println } from '../output.js';

/** `zpbench repro <run_dir> --seed N`: the determinism probe. */
export function createReproCommand(): Command {
  return new Command('repro')
    .description(
      'Rerun one seed of a completed run in a temporary directory and report whether it reproduces bit for bit.',
    )
    .argument(
      '<run_dir>',
      'a completed run directory',
      pathIn('<run_dir>', { kind: 'directory', expected: 'a completed run directory' }),
    )
    .requiredOption(
      '--seed <n>',
      'seed to rerun',
      numberIn('--seed', 0, 2 ** 32 - 1, { integer: true }),
    )
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench repro results/benchmarks/dose/<run_dir> --seed 3',
    )
    .action(async (runDir: string, flags: { seed: number; json?: boolean }) => {
      const entry = await domainOfRun(runDir);
      const { reproduceSeed } = await import('@zpbench/runner');
      const result = await reproduceSeed(entry.plugin, entry.module, runDir, flags.seed);
      if (flags.json) printJson(result);
      else
        println(
          result.identical
            ? `seed ${flags.seed} reproduces bit for bit`
            : `seed ${flags.seed} does NOT reproduce: ${result.differences.join(', ')} differ`,
        );
      process.exitCode = result.identical ? EXIT.ok : EXIT.failed;
    });
}
