import { Command } from 'commander';
import { budgetGate } from '../budget-output.js';
import { pathsIn } from '../flags.js';
import { runGate } from './gate.js';

/** `zpbench validate <run_dir...>`: the scientific gate's checks, for a person at a terminal. */
export function createValidateCommand(): Command {
  return new Command('validate')
    .description(
      'Check run directories: schema markers and versions, required files, recorded hashes, seeds, required claims and the stored regression verdict against a baseline.',
    )
    .argument(
      '<run_dirs...>',
      'run directories to check',
      pathsIn('<run_dirs...>', { kind: 'directory', expected: 'a run directory' }),
    )
    .option('--json', 'print a machine-readable verdict')
    .option('--allow-regression', 'pass a run whose stored regression verdict is FAIL')
    .addHelpText(
      'after',
      '\nExample:\n  $ zpbench validate results/benchmarks/dose/run_20260407_150800_abcd123',
    )
    .action(async (dirs: string[], options: { json?: boolean; allowRegression?: boolean }) => {
      process.exitCode = await runGate('scientific', dirs, {
        ...options,
        gate: await budgetGate(options),
      });
    });
}
