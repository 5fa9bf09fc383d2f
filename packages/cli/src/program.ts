import { Command } from 'commander';
import { createListCommand } from './commands/list.js';
import { createMergeCommand } from './commands/merge.js';
import { createPlanCommand } from './commands/plan.js';
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
      '\nExamples:\n  $ zpbench dose --mode smoke --device cpu --html-report\n  $ zpbench report benchmark results/benchmarks/<domain>/<run_id> --html-report\n  $ zpbench validate results/benchmarks/<domain>/<run_id>\n  $ zpbench regress --baseline <run_a> --current <run_b> -v\n\nExit status:\n  0  ok: the command completed and nothing required failed\n  1  a check failed: a required claim FAIL or INCONCLUSIVE, a regression, a failed seed, a gate violation\n  2  usage or input error (unknown flag or domain, unreadable or invalid file or directory)',
    );
  for (const entry of domains) program.addCommand(createRunDomainCommand(entry));
  program.addCommand(createListCommand(domains));
  program.addCommand(createReportCommand());
  program.addCommand(createValidateCommand());
  program.addCommand(createReproCommand());
  program.addCommand(createRegressCommand());
  program.addCommand(createPlanCommand());
  program.addCommand(createMergeCommand());
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
};

export { applyExitOverride };
