import { Command } from 'commander';
import { createBaselineCommand } from './commands/baseline.js';
import { createBudgetsCommand } from './commands/budgets.js';
import { createCalibrateTestsCommand } from './commands/calibrate-tests.js';
import { createListCommand } from './commands/list.js';
import { createMergeCommand } from './commands/merge.js';
import { createPerfCommand } from './commands/perf.js';
import { createPlanCommand } from './commands/plan.js';
import { createRunPresetCommand } from './commands/presets.js';
import { createRegressCommand } from './commands/regress.js';
import { createReportCommand } from './commands/report.js';
import { createReproCommand } from './commands/repro.js';
import { createRunsCommand } from './commands/runs.js';
import { createKeygenCommand, createSignCommand } from './commands/sign.js';
import { createValidateCommand } from './commands/validate.js';
import { DOMAIN_TITLES, loadDomain } from './domains.js';
import { applyExitOverride } from './exit-override.js';
import { refuseEmptyValues } from './flags.js';
import { ZPBENCH_VERSION } from './version.js';

/**
 * The subcommand an argument vector names: its first operand, or the one after `help`. Global
 * options come first (`--help`, `--version`, none with a value), so the first non-option is it.
 */
function namedCommand(argv: readonly string[]): string | undefined {
  const operands = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * Builds the `zpbench` program. Start-up is part of the product, so it loads only what the
 * command named in `argv` runs: a domain's plugin (its training code) only for `zpbench <domain>`,
 * the other domains appear in `--help` with their registered titles; every other command imports
 * its libraries when its action runs. `argv: 'all'` loads every domain's full command.
 */
export async function createZpbenchProgram(
  argv: readonly string[] | 'all' = process.argv,
): Promise<Command> {
  const named = argv === 'all' ? undefined : namedCommand(argv);
  const program = new Command('zpbench')
    .description('zpbench: auditable benchmark runs for scientific machine-learning claims.')
    .version(ZPBENCH_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench dose --mode smoke --device cpu --html-report\n  $ zpbench report benchmark results/benchmarks/<domain>/<run_id> --html-report\n  $ zpbench validate results/benchmarks/<domain>/<run_id>\n  $ zpbench regress --baseline <run_a> --current <run_b> -v\n  $ zpbench runs compare <baseline_run> <candidate_run> --mode regression --format html --output review.html\n  $ zpbench --list-presets\n  $ zpbench run --preset synthetic-smoke\n\nExit status:\n  0  ok: the command completed and nothing required failed\n  1  a check failed: a required claim FAIL or INCONCLUSIVE, a regression, a failed seed, a gate violation\n  2  usage or input error (unknown flag or domain, unreadable or invalid file or directory)',
    );
  program
    .option('--list-presets', 'list the named presets of every domain')
    .option('--show-preset <name>', 'print a preset and its budget file as JSON')
    // The root action serves the preset flags; any other word is an unknown command, reported
    // by commander's own handler (with its "Did you mean" suggestion), as without an action.
    .allowExcessArguments(true)
    .action(async (flags: { listPresets?: boolean; showPreset?: string }) => {
      if (program.args.length > 0)
        (program as unknown as { unknownCommand: () => never }).unknownCommand();
      if (!flags.showPreset && !flags.listPresets) program.help();
      const { listPresets, registeredPresets, showPreset } = await import(
        './commands/preset-actions.js'
      );
      const presets = await registeredPresets();
      if (flags.showPreset) showPreset(presets, flags.showPreset);
      else listPresets(presets, false);
    });
  for (const { id, title } of DOMAIN_TITLES) {
    const entry = argv === 'all' || id === named ? await loadDomain(id) : undefined;
    if (entry) {
      const { createRunDomainCommand } = await import('./commands/run-domain.js');
      program.addCommand(createRunDomainCommand(entry));
    } else {
      // Never run: argv does not name it (or the program would hold the full command).
      program.addCommand(new Command(id).summary(`run a benchmark: ${title}`));
    }
  }
  program.addCommand(createRunPresetCommand());
  program.addCommand(createListCommand());
  program.addCommand(createReportCommand());
  program.addCommand(createValidateCommand());
  program.addCommand(createReproCommand());
  program.addCommand(createRegressCommand());
  program.addCommand(createPlanCommand());
  program.addCommand(createMergeCommand());
  program.addCommand(createRunsCommand());
  program.addCommand(createBaselineCommand());
  program.addCommand(createCalibrateTestsCommand());
  program.addCommand(createPerfCommand());
  program.addCommand(createSignCommand());
  program.addCommand(createKeygenCommand());
  program.addCommand(createBudgetsCommand());
  // One style for the command list: a short lower-case summary without a full stop, like
  // commander's own entries; each command's --help keeps its full description.
  for (const command of program.commands) {
    const summary = SUMMARIES[command.name()];
    if (summary) command.summary(summary);
  }
  applyExitOverride(program);
  refuseEmptyValues(program);
  return program;
}

/** Command-list summaries of the commands that are not domains. */
const SUMMARIES: Readonly<Record<string, string>> = {
  list: 'list the domains with their modes, models, metrics and claims',
  report: 'regenerate reports and figures from stored artifacts',
  validate: 'check run directories: structure, hashes, schemas and required claims',
  repro: 'rerun one seed of a run and say whether it reproduces bit for bit',
  regress: 'did a run regress against a baseline? (severity sign-flip test)',
  plan: 'size a run: power, minimum detectable effect and seeds needed',
  merge: 'merge the shard directories of a sharded run into one run',
  runs: 'compare, list and trend preserved run directories',
  baseline: 'keep the baseline run each domain and mode is compared with',
  'calibrate-tests': 'simulate the false-positive rate and power of the regression tests',
  perf: 'run the performance suites and parity check; manage their baseline',
  sign: 'sign a checked run directory (Ed25519 signature of its manifest)',
  keygen: 'write a fresh Ed25519 key pair for zpbench sign',
  run: 'run a named preset: a domain, mode, seeds and budget file in one word',
  budgets: 'calibrate budget thresholds from preserved runs and performance artifacts',
};

export { applyExitOverride };
