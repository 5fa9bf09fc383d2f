/**
 * pybench's Part 2 (stats.md §4; `docs/synthetic.md` of pybench), replayed: false-positive rate
 * and power of the severity test beside the simpler tests it could have used, on paired loss
 * curves with correlated steps (no regression), a global regression and a local one. zpbench's
 * unpaired severity test (different seeds in each run) is calibrated on the same data.
 */
import { globalTTest, perSlotBinomialTest, signFlipCountTest } from './alternative-tests.js';
import { createRandomStream, type RandomStream } from './random-stream.js';
import { checkRegression, type RegressionInput } from './severity.js';
import { checkUnpairedRegression } from './unpaired.js';

/** stats.md §4's loss curve: amp·exp(−t/tau) + floor + N(0, noise), then a per-seed offset. */
export const LOSS_CURVE = { amp: 1, tau: 30, floor: 0.1, noise: 0.05 } as const;

/**
 * Loss curves (seeds × steps) from stats.md §4's sampler: the step noise first, then, only when
 * `seedSigma` ≠ 0, one N(0, seedSigma) offset per seed shared by all its steps.
 */
export function sampleLossCurves(
  r: RandomStream,
  nSeeds: number,
  nSteps: number,
  seedSigma: number,
): number[][] {
  const { amp, tau, floor, noise } = LOSS_CURVE;
  const curves = Array.from({ length: nSeeds }, () =>
    Array.from({ length: nSteps }, (_, t) => amp * Math.exp(-t / tau) + floor + r.normal(0, noise)),
  );
  if (seedSigma !== 0) {
    for (const row of curves) {
      const offset = r.normal(0, seedSigma);
      for (let t = 0; t < nSteps; t++) row[t]! += offset;
    }
  }
  return curves;
}

/** One regime of the experiment. */
export interface CalibrationCase {
  readonly id: 'null-correlated' | 'global' | 'local';
  readonly title: string;
  /** What the rate measures: the false-positive rate (no regression) or the power. */
  readonly measures: 'false-positive rate' | 'power';
  readonly nSteps: number;
  readonly seedSigma: number;
  /** Loss added to every step of the current run. */
  readonly shift: number;
  /** Loss added to the last step of the current run only. */
  readonly spike: number;
}

/** stats.md §4's three cases. */
export const CALIBRATION_CASES: readonly CalibrationCase[] = [
  {
    id: 'null-correlated',
    title: 'no regression, correlated steps',
    measures: 'false-positive rate',
    nSteps: 100,
    seedSigma: 0.05,
    shift: 0,
    spike: 0,
  },
  {
    id: 'global',
    title: 'global regression (+0.03 on every step)',
    measures: 'power',
    nSteps: 100,
    seedSigma: 0,
    shift: 0.03,
    spike: 0,
  },
  {
    id: 'local',
    title: 'local regression (+0.33 on the last of 200 steps)',
    measures: 'power',
    nSteps: 200,
    seedSigma: 0,
    shift: 0,
    spike: 0.33,
  },
];

/** The tests compared, in table order. */
export const CALIBRATED_TESTS = [
  { id: 'global-t', label: 'global t-test (seed×step)' },
  { id: 'per-slot-binomial', label: 'per-step t + binomial' },
  { id: 'sign-flip-count', label: 'sign-flip on count' },
  { id: 'severity', label: 'sign-flip on severity (pybench)' },
  { id: 'unpaired-severity', label: 'unpaired permutation on severity' },
] as const;

/**
 * pybench's documented rates for its §4 experiment (stats.md §4; 200 replications, numpy's
 * draws), by test and case, for printing beside zpbench's.
 */
export const PYBENCH_PART2_RATES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'global-t': { 'null-correlated': 0.405, global: 1, local: 0.225 },
  'per-slot-binomial': { 'null-correlated': 0.17, global: 1, local: 0.07 },
  'sign-flip-count': { 'null-correlated': 0.04, global: 1, local: 0.05 },
  severity: { 'null-correlated': 0.03, global: 1, local: 0.98 },
};

/** Options of `calibrateTests`; defaults are stats.md §4's experiment. */
export interface CalibrationOptions {
  /** Replications per case (default 200). */
  readonly replications?: number;
  readonly nSeeds?: number;
  readonly alpha?: number;
  /** Permutation budget of the three permutation tests (default 800: Monte Carlo at 10 seeds). */
  readonly nPerm?: number;
  readonly seed?: number | string;
  /** Run only these cases (default all three). */
  readonly cases?: readonly CalibrationCase['id'][];
  readonly onProgress?: (p: { case: string; done: number; total: number }) => void;
}

/** One test's rate on one case, with its binomial Monte-Carlo standard error. */
export interface CalibrationRate {
  readonly rate: number;
  readonly standardError: number;
  readonly rejections: number;
}

/** The table `zpbench calibrate-tests` prints. */
export interface CalibrationReport {
  readonly replications: number;
  readonly nSeeds: number;
  readonly alpha: number;
  readonly nPerm: number;
  readonly seed: string;
  readonly cases: readonly CalibrationCase[];
  /** rates[testId][caseId]. */
  readonly rates: Readonly<Record<string, Readonly<Record<string, CalibrationRate>>>>;
}

/**
 * Replays stats.md §4: per case and replication, baseline then current curves from one stream,
 * the regression injected, then every test's verdict (the permutation tests each draw their signs
 * or splits from their own fork of the replication's stream). Deterministic for a seed.
 */
export function calibrateTests(options: CalibrationOptions = {}): CalibrationReport {
  const reps = options.replications ?? 200;
  const nSeeds = options.nSeeds ?? 10;
  const alpha = options.alpha ?? 0.05;
  const nPerm = options.nPerm ?? 800;
  const seed = String(options.seed ?? 'zpbench-calibration');
  const cases = CALIBRATION_CASES.filter((c) => !options.cases || options.cases.includes(c.id));
  const quick = { alpha, nPerm, slotPValues: false };
  const hits: Record<string, Record<string, number>> = {};
  for (const t of CALIBRATED_TESTS) hits[t.id] = {};
  for (const c of cases) {
    for (const t of CALIBRATED_TESTS) hits[t.id]![c.id] = 0;
    const root = createRandomStream(`${seed}/${c.id}`);
    for (let rep = 0; rep < reps; rep++) {
      const r = root.fork(`rep${rep}`);
      const base = sampleLossCurves(r, nSeeds, c.nSteps, c.seedSigma);
      const cur = sampleLossCurves(r, nSeeds, c.nSteps, c.seedSigma);
      for (const row of cur) {
        for (let t = 0; t < c.nSteps; t++) row[t]! += c.shift;
        row[c.nSteps - 1]! += c.spike;
      }
      const input: RegressionInput = {
        slots: Array.from({ length: c.nSteps }, (_, t) => ({
          metric: 'min:loss',
          step: t,
          baseline: base.map((row) => row[t]!),
          current: cur.map((row) => row[t]!),
        })),
      };
      const verdicts: Record<string, boolean> = {
        'global-t': globalTTest(input, { alpha }).regressed,
        'per-slot-binomial': perSlotBinomialTest(input, { alpha }).regressed,
        'sign-flip-count': signFlipCountTest(input, { alpha, nPerm, stream: r.fork('count') })
          .regressed,
        severity:
          checkRegression(input, { ...quick, stream: r.fork('severity') }).verdict === 'FAIL',
        'unpaired-severity':
          checkUnpairedRegression(input, { ...quick, stream: r.fork('unpaired') }).verdict ===
          'FAIL',
      };
      for (const t of CALIBRATED_TESTS) if (verdicts[t.id]) hits[t.id]![c.id]!++;
      options.onProgress?.({ case: c.id, done: rep + 1, total: reps });
    }
  }
  const rates: Record<string, Record<string, CalibrationRate>> = {};
  for (const t of CALIBRATED_TESTS) {
    rates[t.id] = {};
    for (const c of cases) {
      const k = hits[t.id]![c.id]!;
      const p = k / reps;
      rates[t.id]![c.id] = {
        rate: p,
        standardError: Math.sqrt((p * (1 - p)) / reps),
        rejections: k,
      };
    }
  }
  return { replications: reps, nSeeds, alpha, nPerm, seed, cases, rates };
}

/** The two regimes drawn for the figure: correlated null curves, and one locally regressed curve. */
export function calibrationRegimes(seed: number | string = 'zpbench-calibration/figure'): {
  correlated: number[][];
  baseline: number[];
  regressed: number[];
} {
  const r = createRandomStream(seed);
  const correlated = sampleLossCurves(r, 6, 80, 0.05);
  const baseline = sampleLossCurves(r, 1, 60, 0)[0]!;
  const regressed = sampleLossCurves(r, 1, 60, 0)[0]!;
  regressed[59]! += 0.33;
  return { correlated, baseline, regressed };
}
