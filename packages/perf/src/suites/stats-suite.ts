import { defineBenchmark } from '../define-benchmark.js';
import { defineSuite } from '../define-suite.js';
import { createRegressionSlots, type SlotWorkload } from '../workloads/regression-slots.js';

/** The two severity-test workloads of the issue: the exact path and the Monte-Carlo one. */
export const SEVERITY_WORKLOADS = {
  exact: { seeds: 12, metrics: 3, steps: 200, drop: 0.15, dropSteps: 5 },
  monte_carlo: { seeds: 30, metrics: 5, steps: 200, drop: 0.05, dropSteps: 3 },
} as const satisfies Record<string, SlotWorkload>;

/** Permutation budget of the severity benchmarks (pybench's default). */
export const SEVERITY_N_PERM = 4096;

async function severityBenchmark(kind: keyof typeof SEVERITY_WORKLOADS) {
  const { checkRegression } = await import('@zpbench/stats');
  const w = SEVERITY_WORKLOADS[kind];
  return defineBenchmark({
    name: `stats.severity_${kind}_${w.seeds}x${w.metrics}x${w.steps}`,
    group: 'stats',
    description: `checkRegression on ${w.seeds} seeds × ${w.metrics} metrics × ${w.steps} steps, ${kind === 'exact' ? 'exact sign-flip enumeration' : `${SEVERITY_N_PERM} Monte-Carlo sign flips`}, one regressed metric`,
    itemUnit: 'calls',
    iterations: kind === 'exact' ? 10 : 5,
    setup: () => ({ slots: createRegressionSlots(`perf-${kind}`, w) }),
    run: ({ slots }) =>
      checkRegression({ slots }, { alpha: 0.05, nPerm: SEVERITY_N_PERM, seed: 1 }),
  });
}

async function pairedBenchmark() {
  const { comparePaired, createRandomStream } = await import('@zpbench/stats');
  return defineBenchmark({
    name: 'stats.paired_10_seeds',
    group: 'stats',
    description:
      'comparePaired of two 10-seed metric vectors (mean, sd and t interval of the deltas, exact sign-flip, Wilcoxon and sign-test p)',
    itemUnit: 'calls',
    iterations: 10,
    batch: 200,
    setup: () => {
      const r = createRandomStream('perf-paired');
      const a = Array.from({ length: 10 }, () => r.normal(0.8, 0.05));
      return { a, b: a.map((x) => x - 0.02 + r.normal(0, 0.01)) };
    },
    run: ({ a, b }) => comparePaired(a, b),
  });
}

/** Severity sign-flip test (exact and Monte Carlo) and paired statistics. */
export const statsSuite = defineSuite({
  id: 'stats',
  description: 'severity sign-flip test on the exact and Monte-Carlo paths, paired statistics',
  load: async () => [
    await severityBenchmark('exact'),
    await severityBenchmark('monte_carlo'),
    await pairedBenchmark(),
  ],
});
