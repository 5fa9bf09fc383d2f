import { Command } from 'commander';
import { createBudgetsCommand } from './commands/budgets.js';
import { createListCommand } from './commands/list.js';
import { createMergeCommand } from './commands/merge.js';
import { createPlanCommand } from './commands/plan.js';
import {
  createRunPresetCommand,
  listPresets,
  registeredPresets,
  showPreset,
} from './commands/presets.js';
import { createRegressCommand } from './commands/regress.js';
import { createReportCommand } from './commands/report.js';
import { createReproCommand } from './commands/repro.js';
import { createRunDomainCommand } from './commands/run-domain.js';
import { createValidateCommand } from './commands/validate.js';
import { loadDomains } from './domains.js';
import { applyExitOverride } from './exit-override.js';
import { refuseEmptyValues } from './flags.js';
import { ZPBENCH_VERSION } from './version.js';

/** Builds the `zpbench` program with every subcommand (loading every registered domain). */
export async function createZpbenchProgram(): Promise<Command> {
  const domains = await loadDomains();
  const program = new Command('zpbench')
    .description('zpbench: auditable benchmark runs for scientific machine-learning claims.')
    .version(ZPBENCH_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench dose --mode smoke --device cpu --html-report\n  $ zpbench report benchmark results/benchmarks/<domain>/<run_id> --html-report\n  $ zpbench validate results/benchmarks/<domain>/<run_id>\n  $ zpbench regress --baseline <run_a> --current <run_b> -v\n  $ zpbench --list-presets\n  $ zpbench run --preset synthetic-smoke',
    );
  program
    .option('--list-presets', 'list the named presets of every domain')
    .option('--show-preset <name>', 'print a preset and its budget file as JSON')
    // The root action serves the preset flags; any other word is an unknown command, reported
    // by commander's own handler (with its "Did you mean" suggestion), as without an action.
    .allowExcessArguments(true)
    .action((flags: { listPresets?: boolean; showPreset?: string }) => {
      if (program.args.length > 0)
        (program as unknown as { unknownCommand: () => never }).unknownCommand();
      if (flags.showPreset) showPreset(registeredPresets(domains), flags.showPreset);
      else if (flags.listPresets) listPresets(registeredPresets(domains), false);
      else program.help();
    });
  for (const entry of domains) program.addCommand(createRunDomainCommand(entry));
  program.addCommand(createRunPresetCommand(() => registeredPresets(domains)));
  program.addCommand(createListCommand(domains));
  program.addCommand(createReportCommand());
  program.addCommand(createValidateCommand());
  program.addCommand(createReproCommand());
  program.addCommand(createRegressCommand());
  program.addCommand(createPlanCommand());
  program.addCommand(createMergeCommand());
  program.addCommand(createBudgetsCommand());
  applyExitOverride(program);
  refuseEmptyValues(program);
  return program;
}

export { applyExitOverride };
