import { Command } from 'commander';
import { loadDomain, lookupContract } from '../domains.js';
import { numberIn, pathIn } from '../flags.js';
import { EXIT } from '../main.js';
import { paint, printJson, println } from '../output.js';

const SOURCE = {
  kind: 'file-or-directory',
  expected: 'a run directory or a JSON file (a slot matrix or pybench step records)',
} as const;

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** `zpbench regress --baseline B --current C`: pybench's severity sign-flip test between two runs. */
export function createRegressCommand(): Command {
  return new Command('regress')
    .description(
      'Did the current run regress against the baseline? pybench’s severity sign-flip permutation test over every (metric, step) slot, paired by seed.',
    )
    .requiredOption(
      '--baseline <path>',
      'baseline: a run directory or a JSON file (slot matrix or pybench step records)',
      pathIn('--baseline', SOURCE),
    )
    .requiredOption(
      '--current <path>',
      'current: a run directory or a JSON file (slot matrix or pybench step records)',
      pathIn('--current', SOURCE),
    )
    .option(
      '--alpha <a>',
      'level of every slot and of the meta-test',
      numberIn('--alpha', 1e-9, 0.5),
      0.05,
    )
    .option(
      '--n-perm <n>',
      'permutation budget: exact when 2^seeds ≤ n, else n Monte-Carlo draws',
      numberIn('--n-perm', 1, 10_000_000, { integer: true }),
      4096,
    )
    .option(
      '--seed <s>',
      'seed of the Monte-Carlo sign stream',
      numberIn('--seed', 0, 2 ** 32 - 1, { integer: true }),
    )
    .option(
      '--min-effect <x>',
      'relative drop a slot must exceed to count (pybench min_effect)',
      numberIn('--min-effect', 0, 1e6),
    )
    .option(
      '--margin <delta>',
      'also test non-inferiority: no slot worse by more than this relative margin (Holm across slots)',
      numberIn('--margin', 0, 1e6),
    )
    .option(
      '--holm',
      'test each benchmark (a run directory’s model; the part of a metric name before "/") on its own and Holm-correct their meta-p',
    )
    .option(
      '--unpaired',
      'compare the runs as two independent samples of seeds (automatic when their seeds do not pair)',
    )
    .option('-v, --verbose', 'per-slot table of a FAILing comparison')
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      `
Inputs: a run directory (slots are (model, metric), seeds pair by seed id, directions from the
run's metric definitions, a domain's series of checkpoints as steps of one metric), a JSON slot
matrix {"<metric>": [[seed0 step0, seed0 step1, …], …]} (rows pair by position, a flat list is
one step), or pybench's per-seed results [[{"step": 1, "min:loss": 1.08}, …], …] (a list over
seeds of step records, or of {"<metric>": value} records); "min:" marks lower-is-better.
Runs on different seeds (disjoint seed sets, different row counts, or --unpaired) are compared
with the unpaired permutation test (a pooled two-sample t per slot, seeds permuted between the
runs); the output says which test was used.
Exit codes: 0 PASS, 1 FAIL, 2 input errors (shape or seed mismatch, alpha guard, NaN, unreadable file).

Examples:
  $ zpbench regress --baseline base.json --current cur.json -v
  $ zpbench regress --baseline results/benchmarks/dose/<run_a> --current results/benchmarks/dose/<run_b> --json
  $ zpbench regress --baseline base.json --current cur.json --margin 0.01
  $ zpbench regress --baseline <run_a> --current <run_b> --holm -v
  $ zpbench regress --baseline <run_on_seeds_0-9> --current <run_on_seeds_10-19>`,
    )
    .action(
      async (flags: {
        baseline: string;
        current: string;
        alpha: number;
        nPerm: number;
        seed?: number;
        minEffect?: number;
        margin?: number;
        holm?: boolean;
        unpaired?: boolean;
        verbose?: boolean;
        json?: boolean;
      }) => {
        // The regress entry of the runner: on two JSON files no schema library loads.
        const { holmPowerWarning, loadRegressSource, matchSources, regress, regressJson } =
          await import('@zpbench/runner/regress');
        const { renderMethod, renderRegression } = await import('@zpbench/stats');
        const options = {
          domains: lookupContract,
          metricsOf: async (id: string) => (await loadDomain(id))?.plugin.metrics,
        };
        const baseline = await loadRegressSource(flags.baseline, options);
        const current = await loadRegressSource(flags.current, options);
        const domain = current.run ? await loadDomain(current.run.manifest.domain) : undefined;
        const match = matchSources(
          baseline,
          current,
          (id) => (id === domain?.plugin.id ? domain.plugin : undefined),
          { unpaired: flags.unpaired },
        );
        const report = regress(match, {
          alpha: flags.alpha,
          nPerm: flags.nPerm,
          seed: flags.seed,
          minEffect: flags.minEffect ?? null,
          margin: flags.margin ?? null,
          holm: flags.holm,
        });
        const skipped = [...new Set([...baseline.skipped, ...current.skipped])];
        const warning = holmPowerWarning(report);
        // A gate that cannot fail is said where it is read, also beside --json's `warnings`.
        if (warning !== null) process.stderr.write(`zpbench: warning: ${warning}\n`);
        if (flags.json) {
          printJson({ ...regressJson(report), skipped_slots: skipped });
        } else {
          const colour = (line: string) =>
            line.replace(/\b(PASS|FAIL)\b/, (v) => paint(v, v === 'PASS' ? 'green' : 'red'));
          if (report.benchmarks) {
            // pybench's per-benchmark lines; the verdict is the Holm-adjusted one.
            for (const b of report.benchmarks) {
              const text = renderRegression(
                { ...b.result, verdict: b.verdict },
                { name: b.name, verbose: flags.verbose },
              );
              const [head, ...rest] = text.split('\n');
              println(`${colour(head ?? '')}  Holm meta-p=${b.pHolm.toFixed(3)}`);
              for (const line of rest) println(line);
            }
            const failed = report.benchmarks.filter((b) => b.verdict === 'FAIL').length;
            println(
              `${failed} of ${report.benchmarks.length} benchmarks regressed (Holm across benchmarks, alpha ${flags.alpha})`,
            );
            const first = report.benchmarks[0];
            if (first)
              println(renderMethod(first.result).replace(/; meta-p=.*$/, ' (per benchmark)'));
          } else {
            const [head, ...rest] = renderRegression(report.result, {
              verbose: flags.verbose,
            }).split('\n');
            println(colour(head ?? ''));
            for (const line of rest) println(line);
            println(renderMethod(report.result));
          }
          if (report.margin) {
            const failing = report.margin.slots.filter((s) => s.verdict !== 'NON_INFERIOR');
            println(
              `${report.margin.allNonInferior ? 'NON-INFERIOR' : 'INCONCLUSIVE'}  margin ${fmt(report.margin.delta)} (relative)  ${report.margin.slots.length - failing.length}/${report.margin.slots.length} slots shown non-inferior (Holm)`,
            );
            if (flags.verbose) {
              for (const s of failing) {
                println(
                  `  ${s.metric} step ${s.step}: mean Δgoodness ${fmt(s.meanDiff)}, lower bound ${fmt(s.lowerBound)} vs −${fmt(s.marginAbs)}, p(Holm) ${fmt(s.pHolm)}`,
                );
              }
            }
          }
          if (report.unpairedReason) {
            println(
              `test: unpaired permutation of seeds between the runs (${report.unpairedReason})`,
            );
          }
          if (skipped.length > 0)
            println(`skipped (undefined on some seed): ${skipped.join(', ')}`);
        }
        process.exitCode = report.ok ? EXIT.ok : EXIT.failed;
      },
    );
}
