import {
  BUDGET_VERDICT_MARKER,
  BUDGET_VERDICT_VERSION,
  type Budget,
  type BudgetCheck,
  type BudgetFileV1,
  type BudgetVerdictV1,
  type ClaimAuditV2,
  type PairedStatsV1,
  type PerfSuiteV3,
  type SummaryV1,
} from '@zpbench/core';

/** One (model, metric) mean of a scientific run, with its baseline-run comparison if any. */
export interface MetricObservation {
  readonly model: string;
  readonly metric: string;
  readonly direction: 'higher' | 'lower' | 'none';
  /** Mean over seeds, or null when no seed has a finite value. */
  readonly mean: number | null;
  /** Current − baseline-run mean over the paired seeds, or null without a baseline pair. */
  readonly baselineDelta: number | null;
  /** Baseline-run mean over the same paired seeds, or null. */
  readonly baselineMean: number | null;
}

/** A scientific run as the budget evaluator sees it: typed, already validated. */
export interface ScientificEvidence {
  readonly kind: 'scientific';
  /** Run id (shown in the violation table). */
  readonly source: string;
  readonly domain: string;
  readonly mode: string;
  readonly metrics: readonly MetricObservation[];
  readonly claims: readonly {
    readonly id: string;
    readonly verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  }[];
  readonly failedSeeds: number;
  /** Whether the run was compared with a baseline run (max_regression needs one). */
  readonly hasBaseline: boolean;
}

/** One performance benchmark as the evaluator sees it; null where the artifact does not measure it. */
export interface PerformanceObservation {
  readonly benchmark: string;
  readonly group: string;
  readonly average_latency_ms: number | null;
  readonly p50_latency_ms: number | null;
  readonly p95_latency_ms: number | null;
  readonly throughput_per_second: number | null;
  readonly error_count: number | null;
}

/**
 * A performance artifact as the evaluator sees it. The v1 suite adapter is
 * {@link performanceEvidenceFromSuite}; the performance-artifact v2 adapter plugs in here.
 */
export interface PerformanceEvidence {
  readonly kind: 'performance';
  readonly source: string;
  readonly benchmarks: readonly PerformanceObservation[];
}

/** What budgets are evaluated over. */
export type BudgetEvidence = ScientificEvidence | PerformanceEvidence;

const mean = (values: readonly number[]) =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/**
 * Builds the evidence of a scientific run from its validated artifacts: means from the summary,
 * baseline comparisons from the paired stats' `baseline_run.deltas` (the baseline mean over the
 * paired seeds is the current mean there minus the mean delta), claim verdicts from the audit.
 */
export function scientificEvidence(input: {
  readonly runId: string;
  readonly summary: SummaryV1;
  readonly pairedStats: PairedStatsV1 | null;
  readonly claimAudit: ClaimAuditV2;
  readonly failedSeeds: readonly number[];
}): ScientificEvidence {
  const { summary } = input;
  const deltas = new Map(
    (input.pairedStats?.baseline_run?.deltas ?? []).map((d) => [`${d.model}\u0000${d.metric}`, d]),
  );
  const metrics: MetricObservation[] = [];
  for (const model of summary.models) {
    for (const [metric, distribution] of Object.entries(summary.metrics[model.id] ?? {})) {
      const delta = deltas.get(`${model.id}\u0000${metric}`);
      let baselineMean: number | null = null;
      if (delta && delta.mean_delta !== null && delta.seeds.length > 0) {
        const current = delta.seeds.map(
          (seed) => distribution.values[summary.seeds.indexOf(seed)] ?? Number.NaN,
        );
        baselineMean = mean(current) - delta.mean_delta;
        if (!Number.isFinite(baselineMean)) baselineMean = null;
      }
      metrics.push({
        model: model.id,
        metric,
        direction: summary.metric_definitions[metric]?.direction ?? 'none',
        mean: distribution.mean,
        baselineDelta: delta?.mean_delta ?? null,
        baselineMean,
      });
    }
  }
  return {
    kind: 'scientific',
    source: input.runId,
    domain: summary.domain,
    mode: summary.mode,
    metrics,
    claims: input.claimAudit.claims.map((c) => ({ id: c.id, verdict: c.verdict })),
    failedSeeds: input.failedSeeds.length,
    hasBaseline: Boolean(input.pairedStats?.baseline_run),
  };
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (position - low);
}

/**
 * Adapts a performance-suite artifact (v2, `zpbench perf`): the latency mean, median and 95th
 * percentile the artifact itself records (ms per iteration; its p95 interpolates as numpy does),
 * and its throughput (items per wall-clock second). The error count is 0: the harness writes an
 * artifact only when every measured iteration completed (an iteration that throws aborts the
 * suite before anything is written).
 */
export function performanceEvidenceFromSuite(
  suite: PerfSuiteV3,
  source: string,
): PerformanceEvidence {
  return {
    kind: 'performance',
    source,
    benchmarks: suite.benchmarks.map((b) => ({
      benchmark: b.name,
      group: b.group,
      average_latency_ms: b.latency_ms.mean,
      p50_latency_ms: b.latency_ms.p50,
      p95_latency_ms: b.latency_ms.p95,
      throughput_per_second: b.throughput.value,
      error_count: 0,
    })),
  };
}

/** The selector of a budget as `field=value` pairs, `*` for an omitted field. */
export function formatSelector(budget: Budget): string {
  const performance =
    budget.benchmark !== undefined ||
    budget.group !== undefined ||
    budget.max_average_latency_ms !== undefined ||
    budget.max_p50_latency_ms !== undefined ||
    budget.max_p95_latency_ms !== undefined ||
    budget.min_throughput_per_second !== undefined ||
    budget.max_error_count !== undefined;
  const keys = performance
    ? (['group', 'benchmark'] as const)
    : (['domain', 'mode', 'model', 'metric'] as const);
  return keys.map((key) => `${key}=${budget[key] ?? '*'}`).join(' ');
}

/** Whether a budget is a performance budget (else scientific). */
export function isPerformanceBudget(budget: Budget): boolean {
  return formatSelector(budget).startsWith('group=');
}

const matches = (wanted: string | undefined, value: string) =>
  wanted === undefined || wanted === value;

type Check = Omit<BudgetCheck, 'budget' | 'selector'>;

function metricChecks(budget: Budget, ev: ScientificEvidence, m: MetricObservation): Check[] {
  const checks: Check[] = [];
  const subject = `${m.model}/${m.metric}`;
  const base = { source: ev.source, subject };
  const bound = (name: 'min_mean' | 'max_mean', threshold: number) => {
    const ok = m.mean !== null && (name === 'min_mean' ? m.mean >= threshold : m.mean <= threshold);
    checks.push({
      ...base,
      threshold_name: name,
      threshold,
      observed: m.mean,
      ok,
      reason:
        m.mean === null
          ? 'no seed has a finite value of this metric'
          : `mean over seeds ${m.mean} ${ok ? 'within' : 'outside'} ${name === 'min_mean' ? '≥' : '≤'} ${threshold}`,
    });
  };
  if (budget.min_mean !== undefined) bound('min_mean', budget.min_mean);
  if (budget.max_mean !== undefined) bound('max_mean', budget.max_mean);
  const regression = (name: 'max_regression' | 'max_regression_pct', threshold: number) => {
    const fail = (reason: string) =>
      checks.push({ ...base, threshold_name: name, threshold, observed: null, ok: false, reason });
    if (!ev.hasBaseline) return fail('the run has no baseline run; rerun with --baseline-run-dir');
    if (m.direction === 'none')
      return fail('the metric declares no direction, so a regression is undefined');
    if (m.baselineDelta === null) return fail('no seed pairs with the baseline run');
    // A regression is a change in the worse direction, positive when worse.
    const worse = m.direction === 'higher' ? -m.baselineDelta : m.baselineDelta;
    if (name === 'max_regression') {
      const ok = worse <= threshold;
      return checks.push({
        ...base,
        threshold_name: name,
        threshold,
        observed: worse,
        ok,
        reason: `regression against the baseline (${m.direction} is better) ${worse} ${ok ? '≤' : '>'} ${threshold}`,
      });
    }
    if (m.baselineMean === null || m.baselineMean === 0)
      return fail(
        'the baseline mean is 0 or unknown, so a relative regression is undefined; use max_regression',
      );
    const pct = (100 * worse) / Math.abs(m.baselineMean);
    const ok = pct <= threshold;
    return checks.push({
      ...base,
      threshold_name: name,
      threshold,
      observed: pct,
      ok,
      reason: `regression ${pct}% of the baseline mean ${m.baselineMean} ${ok ? '≤' : '>'} ${threshold}%`,
    });
  };
  if (budget.max_regression !== undefined) regression('max_regression', budget.max_regression);
  if (budget.max_regression_pct !== undefined)
    regression('max_regression_pct', budget.max_regression_pct);
  return checks;
}

function scientificChecks(budget: Budget, ev: ScientificEvidence): Check[] {
  if (!matches(budget.domain, ev.domain) || !matches(budget.mode, ev.mode)) return [];
  const checks: Check[] = [];
  const metricThresholds =
    budget.min_mean !== undefined ||
    budget.max_mean !== undefined ||
    budget.max_regression !== undefined ||
    budget.max_regression_pct !== undefined;
  if (metricThresholds) {
    const selected = ev.metrics.filter(
      (m) =>
        matches(budget.model, m.model) &&
        matches(budget.metric, m.metric) &&
        // Regressions of an unselected, undirected metric are not asked for.
        !(
          budget.metric === undefined &&
          m.direction === 'none' &&
          budget.min_mean === undefined &&
          budget.max_mean === undefined
        ),
    );
    for (const m of selected) checks.push(...metricChecks(budget, ev, m));
  }
  for (const id of budget.required_claims ?? []) {
    const claim = ev.claims.find((c) => c.id === id);
    checks.push({
      source: ev.source,
      subject: `claim:${id}`,
      threshold_name: 'required_claims',
      threshold: id,
      observed: claim?.verdict ?? null,
      ok: claim?.verdict === 'PASS',
      reason: !claim
        ? `the claim audit has no claim ${id}`
        : `claim ${id} is ${claim.verdict}${claim.verdict === 'PASS' ? '' : ' in the claim audit'}`,
    });
  }
  if (budget.max_failed_seeds !== undefined) {
    const ok = ev.failedSeeds <= budget.max_failed_seeds;
    checks.push({
      source: ev.source,
      subject: 'run',
      threshold_name: 'max_failed_seeds',
      threshold: budget.max_failed_seeds,
      observed: ev.failedSeeds,
      ok,
      reason: `${ev.failedSeeds} failed seed${ev.failedSeeds === 1 ? '' : 's'} ${ok ? '≤' : '>'} ${budget.max_failed_seeds}`,
    });
  }
  return checks;
}

const PERF_THRESHOLDS = [
  ['max_average_latency_ms', 'average_latency_ms', 'max'],
  ['max_p50_latency_ms', 'p50_latency_ms', 'max'],
  ['max_p95_latency_ms', 'p95_latency_ms', 'max'],
  ['min_throughput_per_second', 'throughput_per_second', 'min'],
  ['max_error_count', 'error_count', 'max'],
] as const;

function performanceChecks(budget: Budget, ev: PerformanceEvidence): Check[] {
  const checks: Check[] = [];
  for (const b of ev.benchmarks) {
    if (!matches(budget.benchmark, b.benchmark) || !matches(budget.group, b.group)) continue;
    for (const [name, field, side] of PERF_THRESHOLDS) {
      const threshold = budget[name];
      if (threshold === undefined) continue;
      const observed = b[field];
      const ok =
        observed !== null && (side === 'max' ? observed <= threshold : observed >= threshold);
      checks.push({
        source: ev.source,
        subject: b.benchmark,
        threshold_name: name,
        threshold,
        observed,
        ok,
        reason:
          observed === null
            ? `the artifact does not measure ${field}`
            : `${field} ${observed} ${ok ? 'within' : 'outside'} ${side === 'max' ? '≤' : '≥'} ${threshold}`,
      });
    }
  }
  return checks;
}

/**
 * Evaluates every budget of a file over every piece of evidence (runs and performance artifacts
 * together): each threshold on each subject its selector matches. A budget that matches no
 * subject at all is itself a violation (`threshold_name: "selector"`), as a gate that silently
 * checks nothing must not pass. Deterministic: checks in budget, evidence, subject order.
 */
export function evaluateBudgets(
  file: BudgetFileV1,
  evidence: readonly BudgetEvidence[],
  budgetSha256: string,
): BudgetVerdictV1 {
  const checks: BudgetCheck[] = [];
  file.budgets.forEach((budget, index) => {
    const selector = formatSelector(budget);
    const performance = isPerformanceBudget(budget);
    const found: Check[] = [];
    for (const ev of evidence) {
      if (performance && ev.kind === 'performance') found.push(...performanceChecks(budget, ev));
      if (!performance && ev.kind === 'scientific') found.push(...scientificChecks(budget, ev));
    }
    if (found.length === 0) {
      const kinds = performance ? 'performance artifact' : 'scientific run';
      found.push({
        source: '',
        subject: '(no match)',
        threshold_name: 'selector',
        threshold: null,
        observed: null,
        ok: false,
        reason: `the selector matches no ${kinds} result given (${evidence.length} input${evidence.length === 1 ? '' : 's'}); fix the selector or the inputs`,
      });
    }
    for (const check of found) checks.push({ budget: index, selector, ...check });
  });
  const violations = checks.filter((c) => !c.ok).length;
  return {
    schema: BUDGET_VERDICT_MARKER,
    schema_version: BUDGET_VERDICT_VERSION,
    budget_sha256: budgetSha256,
    ok: violations === 0,
    n_checks: checks.length,
    n_violations: violations,
    checks,
  };
}
