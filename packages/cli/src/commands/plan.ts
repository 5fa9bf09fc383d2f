import { Command } from 'commander';
import { lookupContract } from '../domains.js';
import { numberIn, pathIn } from '../flags.js';
import { printJson, println, snakeCaseKeys } from '../output.js';
import { createPlanProgress } from '../plan-progress.js';

const pct = (x: number) => `${Number((100 * x).toPrecision(3))}%`;

/** `zpbench plan --baseline B --effect X`: size a run before spending it. */
export function createPlanCommand(): Command {
  return new Command('plan')
    .description(
      'Size a run from a baseline’s seed-to-seed spread: the power at an effect, the minimum detectable effect at the baseline’s seed count, and the seeds needed (by simulating the severity test itself).',
    )
    .requiredOption(
      '--baseline <path>',
      'a run directory or a JSON file (a slot matrix or pybench step records)',
      pathIn('--baseline', {
        kind: 'file-or-directory',
        expected: 'a run directory or a JSON file (a slot matrix or pybench step records)',
      }),
    )
    .requiredOption(
      '--effect <drop>',
      'relative drop in goodness to detect, e.g. 0.05 for 5%',
      numberIn('--effect', 1e-9, 100),
    )
    .option('--power <p>', 'target power', numberIn('--power', 0.01, 0.999), 0.8)
    .option('--alpha <a>', 'level of the severity test', numberIn('--alpha', 1e-9, 0.5), 0.05)
    .option(
      '--replications <n>',
      'simulated runs per power estimate',
      numberIn('--replications', 10, 1_000_000, { integer: true }),
      200,
    )
    .option(
      '--n-perm <n>',
      'permutation budget of each simulated test',
      numberIn('--n-perm', 1, 1_000_000, { integer: true }),
      200,
    )
    .option(
      '--max-seeds <n>',
      'largest seed count searched',
      numberIn('--max-seeds', 2, 4096, { integer: true }),
      64,
    )
    .option(
      '--seed <s>',
      'seed of the simulation',
      numberIn('--seed', 0, 2 ** 32 - 1, { integer: true }),
      0,
    )
    .option('--json', 'print the plan as JSON')
    .addHelpText(
      'after',
      `
Each simulated run pairs baseline seeds drawn with replacement against other baseline seeds
shifted by the effect on every slot, and counts how often the severity test FAILs. Slots that
are constant over the baseline's seeds (e.g. a fault rate of 0 on every seed) are left out and
named: a relative drop of a constant is undefined. On a terminal a progress line shows the
simulated reruns done and an ETA.

Examples:
  $ zpbench plan --baseline results/benchmarks/dose/<run_dir> --effect 0.05
  $ zpbench plan --baseline base.json --effect 0.1 --power 0.9 --json`,
    )
    .action(
      async (flags: {
        baseline: string;
        effect: number;
        power: number;
        alpha: number;
        replications: number;
        nPerm: number;
        maxSeeds: number;
        seed: number;
        json?: boolean;
      }) => {
        const { loadRegressSource, plan } = await import('@zpbench/runner');
        const source = await loadRegressSource(flags.baseline, { domains: lookupContract });
        const progress = createPlanProgress({ quiet: Boolean(flags.json) });
        let report: ReturnType<typeof plan>;
        try {
          report = plan(source.matrix, {
            effect: flags.effect,
            power: flags.power,
            alpha: flags.alpha,
            replications: flags.replications,
            nPerm: flags.nPerm,
            maxSeeds: flags.maxSeeds,
            seed: flags.seed,
            ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
          });
        } finally {
          progress.done();
        }
        if (flags.json) {
          printJson(
            snakeCaseKeys({
              baseline: flags.baseline,
              effect: flags.effect,
              alpha: flags.alpha,
              replications: flags.replications,
              ...report,
            }),
          );
          return;
        }
        const se = (x: { standardError: number }) => `±${Number(x.standardError.toFixed(3))}`;
        println(
          `baseline: ${report.baselineSeeds} seeds × ${report.slots} slots (${flags.baseline})`,
        );
        if (report.powerAtEffect) {
          println(
            `power at a ${pct(flags.effect)} drop with ${report.baselineSeeds} seeds: ${report.powerAtEffect.power.toFixed(2)} ${se(report.powerAtEffect)}`,
          );
        }
        if (report.minimumDetectableEffect) {
          println(
            `minimum detectable drop at power ${flags.power} with ${report.baselineSeeds} seeds: ${pct(report.minimumDetectableEffect.effect)}`,
          );
        }
        if (report.requiredSeeds) {
          println(
            `seeds needed for a ${pct(flags.effect)} drop at power ${flags.power}: ${report.requiredSeeds.nSeeds} (power ${report.requiredSeeds.power.toFixed(2)} ${se(report.requiredSeeds)})`,
          );
        }
        for (const note of report.notes) println(`note: ${note}`);
      },
    );
}
