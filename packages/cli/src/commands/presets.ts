import { Command, Option } from 'commander';
import { pathIn } from '../flags.js';
import { EXIT } from '../main.js';
import { printJson, println } from '../output.js';

/**
 * `zpbench run --preset NAME`: runs the preset's domain command with its mode, seeds and budget
 * file (through the same command a user types), or, for `skip-when-env-missing`, prints the
 * typed reason and exits 0 when the host lacks what it needs.
 */
export function createRunPresetCommand(): Command {
  return new Command('run')
    .description('Run a named preset: its domain, mode, seeds, budget file and failure tolerance.')
    .requiredOption('--preset <name>', 'preset name (zpbench --list-presets)')
    .addOption(
      new Option('--format <format>', 'text, or csv for the budget violation table').choices([
        'text',
        'csv',
      ]),
    )
    .option(
      '--out-root <run_dir>',
      'run directory (default results/benchmarks/<domain>/<run_id>)',
      pathIn('--out-root', {
        kind: 'output-directory',
        expected: 'a directory for the run',
        writable: true,
      }),
    )
    .option('--json', 'print the run summary and the gate object as JSON')
    .option('--quiet', 'no progress output')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--notes <text>', 'a note recorded in provenance')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zpbench run --preset synthetic-smoke\n  $ zpbench run --preset release-evidence --format csv --out-root results/release',
    )
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const { findPreset, presetSkipReason, registeredPresets } = await import(
        './preset-actions.js'
      );
      const found = findPreset(await registeredPresets(), String(flags.preset));
      const { preset } = found;
      if (preset.failure_tolerance === 'skip-when-env-missing') {
        const skip = presetSkipReason(preset);
        if (skip) {
          const line = `SKIP ${preset.name}: ${skip.code}: ${skip.message}`;
          if (flags.json) printJson({ preset: preset.name, skipped: true, reason: skip });
          else println(line);
          process.exitCode = EXIT.ok;
          return;
        }
      }
      const argv = [preset.domain, '--mode', preset.mode];
      if (preset.seeds) argv.push('--seeds', preset.seeds.join(','));
      if (found.budgetPath) argv.push('--budget-file', found.budgetPath);
      // The program of the preset's own command line, with that domain's full command built.
      const { createZpbenchProgram } = await import('../program.js');
      const program = await createZpbenchProgram(['node', 'zpbench', ...argv]);
      if (preset.requires.parent_run_env) {
        const parentFlag = program.commands
          .find((c) => c.name() === preset.domain)
          ?.options.find((o) => o.long?.includes('parent'))?.long;
        const value = process.env[preset.requires.parent_run_env];
        if (parentFlag && value) argv.push(parentFlag, value);
      }
      for (const key of ['format', 'outRoot', 'workers', 'notes'] as const) {
        const value = flags[key];
        const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        if (typeof value === 'string') argv.push(flag, value);
      }
      if (flags.json) argv.push('--json');
      if (flags.quiet) argv.push('--quiet');
      await program.parseAsync(argv, { from: 'user' });
    });
}
