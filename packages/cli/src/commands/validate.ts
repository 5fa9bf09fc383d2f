import { Command } from 'commander';
import { pathsIn } from '../flags.js';
import { runGate } from './gate.js';

/** `zpbench validate <run_dir...>`: the scientific gate's checks, for a person at a terminal. */
export function createValidateCommand(): Command {
  return new Command('validate')
    .description(
      'Check run directories: schema markers and versions, required files, recorded hashes, seeds and required claims.',
    )
    .argument(
      '<run_dirs...>',
      'run directories to check',
      pathsIn('<run_dirs...>', { kind: 'directory', expected: 'a run directory' }),
    )
    .option('--json', 'print a machine-readable verdict')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench validate results/benchmarks/dose/run_20260407_150800_abcd123',
    )
    .action(async (dirs: string[], options: { json?: boolean }) => {
      process.exitCode = await runGate('scientific', dirs, options);
    });
}
