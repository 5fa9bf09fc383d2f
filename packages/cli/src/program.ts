import { Command } from 'commander';
import { createCalibrateTestsCommand } from './commands/calibrate-tests.js';
import { createListCommand } from './commands/list.js';
import { createPlanCommand } from './commands/plan.js';
import { createRegressCommand } from './commands/regress.js';
import { createReportCommand } from './commands/report.js';
import { createReproCommand } from './commands/repro.js';
import { createRunDomainCommand } from './commands/run-domain.js';
import { createValidateCommand } from './commands/validate.js';
import { DOMAINS } from './domains.js';
import { applyExitOverride } from './exit-override.js';
import { ZPBENCH_VERSION } from './version.js';

/** Builds the `zpbench` program with every subcommand. */
export function createZpbenchProgram(): Command {
  const program = new Command('zpbench')
    .description('zpbench: auditable benchmark runs for scientific machine-learning claims.')
    .version(ZPBENCH_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench dose --mode smoke --html-report\n  $ zpbench report benchmark results/benchmarks/dose/<run_id> --html-report\n  $ zpbench validate results/benchmarks/dose/<run_id>\n  $ zpbench regress --baseline <run_a> --current <run_b> -v',
    );
  for (const entry of DOMAINS) program.addCommand(createRunDomainCommand(entry));
  program.addCommand(createListCommand());
  program.addCommand(createReportCommand());
  program.addCommand(createValidateCommand());
  program.addCommand(createReproCommand());
  program.addCommand(createRegressCommand());
  program.addCommand(createPlanCommand());
  program.addCommand(createCalibrateTestsCommand());
  applyExitOverride(program);
  return program;
}

export { applyExitOverride };
