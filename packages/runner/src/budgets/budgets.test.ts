import {
  BUDGET_CALIBRATION_SCHEMA,
  BUDGET_FILE_SCHEMA,
  budgetFileV1Schema,
  PERF_SUITE_SCHEMA,
  type PerfSuiteV3,
  parseBudgetFile,
  perfSuiteEnvelope,
} from '@zpbench/core';
import { NO_GPU_ENVIRONMENT } from '@zpbench/core/testing';
import { describe, expect, it } from 'vitest';
import { calibrateBudgets, toleranceFactor } from './calibrate.js';
import {
  evaluateBudgets,
  performanceEvidenceFromSuite,
  quantile,
  type ScientificEvidence,
} from './evaluate.js';
import { budgetViolationsCsv } from './render.js';

const SHA = `sha256:${'0'.repeat(64)}`;
const run: ScientificEvidence = {
  kind: 'scientific',
  source: 'run_a',
  domain: 'toy',
  mode: 'smoke',
  metrics: [
    {
      model: 'm',
      metric: 'acc',
      direction: 'higher',
      mean: 0.8,
      baselineDelta: -0.05,
      baselineMean: 0.85,
    },
    {
      model: 'm',
      metric: 'err',
      direction: 'lower',
      mean: 2,
      baselineDelta: 0.5,
      baselineMean: 1.5,
    },
    {
      model: 'b',
      metric: 'acc',
      direction: 'higher',
      mean: 0.7,
      baselineDelta: null,
      baselineMean: null,
    },
  ],
  claims: [
    { id: 'wins', verdict: 'PASS' },
    { id: 'loses', verdict: 'FAIL' },
  ],
  failedSeeds: 1,
  hasBaseline: true,
};
const file = (budgets: unknown[]) => budgetFileV1Schema.parse({ budgets });

describe('budget evaluation', () => {
  it('checks means, regressions in the declared direction, claims and failed seeds', () => {
    const verdict = evaluateBudgets(
      file([
        { model: 'm', metric: 'acc', min_mean: 0.75, max_regression: 0.04 },
        { model: 'm', metric: 'err', max_regression_pct: 40 },
        { required_claims: ['wins', 'loses', 'absent'], max_failed_seeds: 0 },
      ]),
      [run],
      SHA,
    );
    const row = (name: string, subject: string) =>
      verdict.checks.find((c) => c.threshold_name === name && c.subject === subject);
    expect(row('min_mean', 'm/acc')).toMatchObject({ ok: true, observed: 0.8 });
    // acc is higher-better: a delta of −0.05 is a regression of 0.05 > 0.04.
    expect(row('max_regression', 'm/acc')).toMatchObject({ ok: false, observed: 0.05 });
    // err is lower-better: +0.5 over a baseline mean of 1.5 is 33.3 % ≤ 40 %.
    expect(row('max_regression_pct', 'm/err')?.ok).toBe(true);
    expect(row('max_regression_pct', 'm/err')?.observed).toBeCloseTo(100 / 3, 12);
    expect(row('required_claims', 'claim:wins')?.ok).toBe(true);
    expect(row('required_claims', 'claim:loses')).toMatchObject({ ok: false, observed: 'FAIL' });
    expect(row('required_claims', 'claim:absent')).toMatchObject({ ok: false, observed: null });
    expect(row('max_failed_seeds', 'run')).toMatchObject({ ok: false, observed: 1 });
    expect(verdict).toMatchObject({ ok: false, n_checks: 7, n_violations: 4 });
  });

  it('treats a selector that matches nothing as a violation, and an omitted field as all', () => {
    const verdict = evaluateBudgets(
      file([
        { domain: 'other', min_mean: 0 },
        { metric: 'acc', min_mean: 0.75 },
      ]),
      [run],
      SHA,
    );
    expect(verdict.checks.filter((c) => c.budget === 0)).toEqual([
      expect.objectContaining({ subject: '(no match)', threshold_name: 'selector', ok: false }),
    ]);
    // metric=acc of every model: m passes, b (0.7) fails.
    expect(verdict.checks.filter((c) => c.budget === 1).map((c) => [c.subject, c.ok])).toEqual([
      ['m/acc', true],
      ['b/acc', false],
    ]);
    const csv = budgetViolationsCsv(verdict).split('\r\n');
    expect(csv[0]).toBe(
      'budget,selector,source,subject,threshold_name,threshold,observed,status,reason',
    );
    expect(csv).toHaveLength(4);
  });

  it('needs a baseline run for regressions, and refuses an unmeasured performance value', () => {
    const noBaseline = { ...run, hasBaseline: false };
    const v = evaluateBudgets(
      file([{ model: 'm', metric: 'acc', max_regression: 1 }]),
      [noBaseline],
      SHA,
    );
    expect(v.checks[0]?.reason).toMatch(/--baseline-run-dir/);
    // np.percentile([1, 2, 3, 4, 10], [50, 95]) == [3, 8.8]; mean 4; 5 iterations in 20 ms.
    const content: Omit<PerfSuiteV3, 'envelope'> = {
      schema: 'zpbench_perf_suite',
      schema_version: 3,
      suite: 'nn',
      suites: ['nn'],
      created_utc: '2026-01-01T00:00:00Z',
      environment: {
        machine_class: 'linux-x64-2',
        os: 'x',
        arch: 'x',
        cpu_model: 'x',
        cpu_count: 1,
        total_memory_bytes: 1,
        load_average: [0, 0, 0],
        node: 'v20',
        v8: '11',
        hostname_sha256: '0'.repeat(64),
      },
      provenance: {
        zpbench_version: '0.0.0',
        suite_version: 1,
        git: { commit: null, branch: null, dirty: null },
        environment: NO_GPU_ENVIRONMENT,
        command: ['perf'],
        options: { iterations: 5, concurrency: 1 },
        wall_time_s: 0.02,
      },
      benchmarks: [
        {
          name: 'nn.fwd',
          group: 'nn',
          description: 'forward pass',
          iterations: 5,
          warmup: 0,
          concurrency: 1,
          latency_ms: { min: 1, p50: 3, p95: 8.8, max: 10, mean: 4 },
          throughput: { value: 250, unit: 'calls/s' },
          samples_ms: [1, 2, 3, 4, 10],
        },
      ],
    };
    const suite: PerfSuiteV3 = { ...content, envelope: perfSuiteEnvelope(content) };
    expect(PERF_SUITE_SCHEMA.schema.safeParse(suite).success).toBe(true);
    expect(suite.envelope).toMatchObject({
      kind: 'performance',
      suite_id: 'nn',
      suite_version: 'perf:nn:v1',
      models: ['nn.fwd'],
      event_count: 5,
      runtime: { device: 'cpu', cuda_available: false, node: 'v20' },
    });
    // Another machine, time, host and command line: the same inputs and results, the same digests.
    const elsewhere = perfSuiteEnvelope({
      ...content,
      created_utc: '2027-06-01T12:00:00Z',
      environment: { ...content.environment, hostname_sha256: 'f'.repeat(64), cpu_model: 'y' },
      provenance: { ...content.provenance, command: ['other'], wall_time_s: 9 },
    });
    expect([elsewhere.input_digest, elsewhere.result_digest]).toEqual([
      suite.envelope.input_digest,
      suite.envelope.result_digest,
    ]);
    // Another measurement: the same inputs, another result digest.
    const remeasured = perfSuiteEnvelope({
      ...content,
      benchmarks: content.benchmarks.map((b) => ({ ...b, samples_ms: [1, 2, 3, 4, 11] })),
    });
    expect(remeasured.input_digest).toBe(suite.envelope.input_digest);
    expect(remeasured.result_digest).not.toBe(suite.envelope.result_digest);
    const perf = performanceEvidenceFromSuite(suite, 'bench.json');
    expect(perf.benchmarks[0]).toEqual({
      benchmark: 'nn.fwd',
      group: 'nn',
      average_latency_ms: 4,
      p50_latency_ms: 3,
      p95_latency_ms: 8.8,
      throughput_per_second: 250,
      error_count: 0,
    });
    // The calibration's own quantile interpolates as numpy (and as the harness records p95).
    expect(quantile([1, 2, 3, 4, 10], 0.95)).toBeCloseTo(8.8, 12);
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    const pv = evaluateBudgets(
      file([
        { group: 'nn', max_p95_latency_ms: 9, max_error_count: 0, min_throughput_per_second: 300 },
        { benchmark: 'none', max_p50_latency_ms: 1 },
      ]),
      [perf, run],
      SHA,
    );
    expect(pv.checks.map((c) => [c.budget, c.threshold_name, c.ok])).toEqual([
      [0, 'max_p95_latency_ms', true],
      [0, 'min_throughput_per_second', false],
      [0, 'max_error_count', true],
      [1, 'selector', false],
    ]);
  });

  it('refuses a budget mixing families, without thresholds, or with min above max', () => {
    for (const bad of [
      { benchmark: 'x', min_mean: 1 },
      { model: 'm' },
      { min_mean: 2, max_mean: 1 },
    ])
      expect(budgetFileV1Schema.safeParse({ budgets: [bad] }).success, JSON.stringify(bad)).toBe(
        false,
      );
    expect(() => parseBudgetFile('{"budgets": [{"model": "m"}]}', 'b.json')).toThrow(/b\.json/);
    expect(BUDGET_FILE_SCHEMA.marker).toBe('zpbench_budget_file');
  });
});

describe('budget calibration', () => {
  it('uses a tolerance factor within 2 % of the exact noncentral-t one', () => {
    // Exact one-sided factors (p = γ = 0.95): scipy nct.ppf(0.95, n−1, 1.645·√n)/√n.
    for (const [n, exact] of [
      [5, 4.20268],
      [10, 2.91096],
      [20, 2.396],
      [50, 2.06499],
    ] as const) {
      const k = toleranceFactor(n, 1);
      expect(Math.abs(k - exact) / exact, String(n)).toBeLessThan(0.02);
    }
  });

  it('writes candidates that load through the parser, pass their sources, and flag loosening', () => {
    const summary = (values: number[], seeds: number[]) => ({
      schema: 'zeroproofml_benchmark_summary' as const,
      schema_version: 1 as const,
      domain: 'toy',
      mode: 'smoke',
      config_hash: '0'.repeat(64),
      n_seeds: values.length,
      seeds,
      models: [{ id: 'm', label: 'M', role: 'claimed' as const }],
      metric_definitions: {
        acc: { description: 'a', direction: 'higher' as const, unit: 'fraction', subset: 'test' },
      },
      metrics: {
        m: {
          acc: {
            n: values.length,
            mean: values.reduce((s, v) => s + v, 0) / values.length,
            std: null,
            median: null,
            min: null,
            max: null,
            ci95: null,
            values,
          },
        },
      },
      per_seed: [],
    });
    const sources = [
      [0.8, 0.82, 0.78],
      [0.81, 0.79, 0.83],
    ].map((values, i) => ({
      kind: 'run' as const,
      path: `r${i}`,
      id: `r${i}`,
      sha256: SHA,
      summary: summary(values, [0, 1, 2]),
    }));
    const current = parseBudgetFile(
      JSON.stringify({
        budgets: [{ metric: 'acc', min_mean: 0.79 }, { required_claims: ['wins'] }],
      }),
      'current.json',
    );
    const out = calibrateBudgets({
      sources,
      current,
      machineClass: 'ci',
      argv: [],
      zpbenchVersion: 'test',
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const row = out.calibration.rows[0];
    // Pooled N = 6, m = 3: mean 0.805, sd 0.018708; k(6, 3); bound = mean − k·sd/√3.
    const k = toleranceFactor(6, 3);
    expect(row?.candidate).toBeCloseTo(0.805 - (k * 0.0187083) / Math.sqrt(3), 5);
    expect(row?.change).toBe('loosened');
    // The loosened row is marked in its own table line, and the summary says how many.
    const line = out.markdown
      .split('\n')
      .find((l) => l.includes('| min\\_mean |') || l.includes('| min_mean |'));
    expect(line).toMatch(/\| 0\.79 \| [0-9.]+ \| \*\*LOOSENED\*\* \|/);
    expect(out.markdown).toContain('**1 threshold is LOOSENED** against the current budget');
    const reparsed = parseBudgetFile(JSON.stringify(out.candidates), 'candidate-budgets.json');
    expect(reparsed.file.budgets.map((b) => Object.keys(b).sort())).toEqual([
      ['required_claims'],
      ['domain', 'metric', 'min_mean', 'mode', 'model'],
    ]);
    const onSources = evaluateBudgets(
      { budgets: reparsed.file.budgets.slice(1) },
      sources.map((s, i) => ({
        ...run,
        source: `r${i}`,
        metrics: [{ ...run.metrics[0], mean: s.summary.metrics.m.acc.mean } as never],
      })),
      SHA,
    );
    expect(onSources.ok).toBe(true);
    // The envelope: of the calibration, validated, the same digests at another time, from other
    // paths and another command line; the Markdown carries it.
    expect(BUDGET_CALIBRATION_SCHEMA.schema.parse(out.calibration)).toEqual(out.calibration);
    expect(out.calibration.envelope).toMatchObject({
      kind: 'budget-calibration',
      suite_id: 'toy',
      models: ['m'],
      event_count: out.calibration.rows.length,
      budget_file: current.ref,
      runtime: { references: { 'run:r0': SHA, 'run:r1': SHA } },
    });
    const again = calibrateBudgets({
      sources: sources.map((s) => ({ ...s, path: `/elsewhere/${s.path}` })),
      current,
      machineClass: 'ci',
      argv: ['budgets', 'calibrate', '--report', '/elsewhere/r0'],
      zpbenchVersion: 'test',
      now: new Date('2027-03-04T05:06:07Z'),
    });
    expect([
      again.calibration.envelope.input_digest,
      again.calibration.envelope.result_digest,
    ]).toEqual([out.calibration.envelope.input_digest, out.calibration.envelope.result_digest]);
    const otherClass = calibrateBudgets({
      ...{ sources, current },
      machineClass: 'other',
      argv: [],
      zpbenchVersion: 'test',
      now: new Date(),
    });
    expect(otherClass.calibration.envelope.input_digest).not.toBe(
      out.calibration.envelope.input_digest,
    );
    expect(out.markdown).toContain('## Provenance envelope');
    expect(out.markdown).toContain(out.calibration.envelope.result_digest);
  });
});
