import { Command } from 'commander';
import { createBaselineCommand } from './commands/baseline.js';
import { createCalibrateTestsCommand } from './commands/calibrate-tests.js';
import { createListCommand } from './commands/list.js';
import { createMergeCommand } from './commands/merge.js';
import { createPlanCommand } from './commands/plan.js';
import { createRegressCommand } from './commands/regress.js';
import { createReportCommand } from './commands/report.js';
import { createReproCommand } from './commands/repro.js';
import { createRunDomainCommand } from './commands/run-domain.js';
import { createRunsCommand } from './commands/runs.js';
import { createValidateCommand } from './commands/validate.js';
import { loadDomains } from './domains.js';
import { applyExitOverride } from './exit-override.js';
import { refuseEmptyValues } from './flags.js';
import { ZPBENCH_VERSION } from './version.js';

/**
 * Commands that load the domain they need themselves (or none): a command line naming one of
 * them builds the program without importing every domain's training code, a third of a second.
 */
const DOMAIN_FREE_COMMANDS: ReadonlySet<string> = new Set([
  'report',
  'validate',
  'repro',
  'regress',
  'plan',
  'runs',
  'baseline',
]);

/**
 * Builds the `zpbench` program with every subcommand, loading every registered domain; given
 * the command line, a domain-free command gets the program without the domain commands.
 */
export async function createZpbenchProgram(argv: readonly string[] = []): Promise<Command> {
  const light = DOMAIN_FREE_COMMANDS.has(argv[2] ?? '');
  const domains = light ? [] : await loadDomains();
  const program = new Command('zpbench')
    .description('zpbench: auditable benchmark runs for scientific machine-learning claims.')
    .version(ZPBENCH_VERSION)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench dose --mode smoke --device cpu --html-report\n  $ zpbench report benchmark results/benchmarks/<domain>/<run_id> --html-report\n  $ zpbench validate results/benchmarks/<domain>/<run_id>\n  $ zpbench regress --baseline <run_a> --current <run_b> -v\n  $ zpbench runs compare <baseline_run> <candidate_run> --mode regression --format html --output review.html',
    );
  for (const entry of domains) program.addCommand(createRunDomainCommand(entry));
  if (!light) program.addCommand(createListCommand(domains));
  program.addCommand(createReportCommand());
  program.addCommand(createValidateCommand());
  program.addCommand(createReproCommand());
  program.addCommand(createRegressCommand());
  program.addCommand(createPlanCommand());
  program.addCommand(createMergeCommand());
  program.addCommand(createRunsCommand());
  program.addCommand(createBaselineCommand());
  program.addCommand(createCalibrateTestsCommand());
  applyExitOverride(program);
  refuseEmptyValues(program);
  return program;
}

export { applyExitOverride };
