import { resolve } from 'node:path';
import type {
  CALIBRATED_TESTS as CalibratedTests,
  CalibrationCase,
  CalibrationReport,
  PYBENCH_PART2_RATES as Part2Rates,
} from '@zpbench/stats';
import { Command, InvalidArgumentError } from 'commander';
import { numberIn, pathIn } from '../flags.js';
import { printJson, println, snakeCaseKeys } from '../output.js';

// The case ids, known before the statistics library is loaded (start-up); the type check below
// fails the build if stats' CALIBRATION_CASES gains an id this list lacks.
const CASE_IDS = [
  'null-correlated',
  'global',
  'local',
] as const satisfies readonly CalibrationCase['id'][];
type MissingCaseId = Exclude<CalibrationCase['id'], (typeof CASE_IDS)[number]>;
const allCaseIdsListed: [MissingCaseId] extends [never] ? true : never = true;
void allCaseIdsListed;

function parseCases(value: string): CalibrationCase['id'][] {
  const ids = value.split(',').map((s) => s.trim());
  const bad = ids.filter((id) => !(CASE_IDS as readonly string[]).includes(id));
  if (bad.length > 0 || ids.length === 0) {
    throw new InvalidArgumentError(
      `--cases takes a comma-separated list of ${CASE_IDS.join(', ')}`,
    );
  }
  return ids as CalibrationCase['id'][];
}

/** The table: one row per test, one column per case, rate ± Monte-Carlo standard error. */
export function renderCalibrationTable(
  report: CalibrationReport,
  reference: { tests: typeof CalibratedTests; pybench: typeof Part2Rates },
): string[] {
  const { tests: CALIBRATED_TESTS, pybench: PYBENCH_PART2_RATES } = reference;
  const head = (c: CalibrationCase) =>
    c.measures === 'power' ? `power, ${c.id}` : 'false-positive rate';
  const width = Math.max(...CALIBRATED_TESTS.map((t) => t.label.length));
  const cell = 33;
  const lines = [
    `pybench's Part 2 replayed: ${report.nSeeds} seeds, alpha ${report.alpha}, n_perm ${report.nPerm}, ${report.replications} replications per case, seed ${JSON.stringify(report.seed)}`,
    ...report.cases.map((c) => `  ${c.id}: ${c.title}`),
    '',
    `${'test'.padEnd(width)}  ${report.cases.map((c) => head(c).padEnd(cell)).join('')}`.trimEnd(),
  ];
  for (const t of CALIBRATED_TESTS) {
    const cells = report.cases.map((c) => {
      const r = report.rates[t.id]![c.id]!;
      const ref = PYBENCH_PART2_RATES[t.id]?.[c.id];
      const pybench = ref === undefined ? '' : ` (pybench ${ref.toFixed(3)})`;
      return `${r.rate.toFixed(3)} ± ${r.standardError.toFixed(3)}${pybench}`.padEnd(cell);
    });
    lines.push(`${t.label.padEnd(width)}  ${cells.join('')}`.trimEnd());
  }
  lines.push(
    '',
    '± is the Monte-Carlo standard error √(r(1−r)/replications); pybench: its docs, 200 replications with numpy draws.',
  );
  return lines;
}

/** `zpbench calibrate-tests`: false-positive rate and power of the severity test and its rivals. */
export function createCalibrateTestsCommand(): Command {
  return new Command('calibrate-tests')
    .description(
      "Replay pybench's Part 2 by simulation: the false-positive rate and power of the severity sign-flip test beside a global t-test, per-step t-tests with a binomial count, a sign-flip on the count, and zpbench's unpaired severity test.",
    )
    .option(
      '--replications <n>',
      'simulated comparisons per case',
      numberIn('--replications', 10, 100_000, { integer: true }),
      200,
    )
    .option('--cases <ids>', `cases to run (${CASE_IDS.join(', ')})`, parseCases)
    .option('--seed <s>', 'seed of the simulation', 'zpbench-calibration')
    .option(
      '--figure <file.svg>',
      'also write an SVG of the two data regimes',
      pathIn('--figure', { kind: 'output-file', expected: 'an SVG file to write the figure to' }),
    )
    .option('--json', 'print the rates as JSON')
    .addHelpText(
      'after',
      `
Each case draws 10 seeds of paired loss curves (stats.md §4), injects the case's regression into
the current run, and records every test's verdict; the rate of FAILs is the false-positive rate
on the no-regression case and the power on the others.

Examples:
  $ zpbench calibrate-tests
  $ zpbench calibrate-tests --replications 40 --cases null-correlated,local --json
  $ zpbench calibrate-tests --figure calibration.svg`,
    )
    .action(
      async (flags: {
        replications: number;
        cases?: CalibrationCase['id'][];
        seed: string;
        figure?: string;
        json?: boolean;
      }) => {
        const { CALIBRATED_TESTS, calibrateTests, PYBENCH_PART2_RATES } = await import(
          '@zpbench/stats'
        );
        const { writeFileAtomic } = await import('@zpbench/core');
        const live = !flags.json && process.stderr.isTTY && process.env.CI !== 'true';
        let last = 0;
        const report = calibrateTests({
          replications: flags.replications,
          seed: flags.seed,
          ...(flags.cases ? { cases: flags.cases } : {}),
          ...(live
            ? {
                onProgress: (p: { case: string; done: number; total: number }) => {
                  const now = Date.now();
                  if (now - last < 100 && p.done < p.total) return;
                  last = now;
                  process.stderr.write(
                    `\r\u001b[2Kcalibrate-tests: ${p.case} ${p.done}/${p.total}`,
                  );
                },
              }
            : {}),
        });
        if (live) process.stderr.write('\r\u001b[2K');
        if (flags.figure) {
          const { renderCalibrationFigure } = await import('@zpbench/report');
          writeFileAtomic(resolve(flags.figure), await renderCalibrationFigure());
        }
        if (flags.json) {
          printJson(
            snakeCaseKeys({
              ...report,
              pybench: PYBENCH_PART2_RATES,
              figure: flags.figure ?? null,
            }),
          );
          return;
        }
        for (const line of renderCalibrationTable(report, {
          tests: CALIBRATED_TESTS,
          pybench: PYBENCH_PART2_RATES,
        }))
          println(line);
        if (flags.figure) println(`figure: ${flags.figure}`);
      },
    );
}
