import {
  BUDGET_CALIBRATION_MARKER,
  BUDGET_CALIBRATION_VERSION,
  BUDGET_FILE_MARKER,
  BUDGET_FILE_VERSION,
  type Budget,
  type BudgetCalibrationV2,
  type BudgetFileV1,
  type CalibrationRow,
  canonicalDigest,
  ENVELOPE_MARKER,
  ENVELOPE_VERSION,
  escapeMarkdown,
  type LoadedBudgetFile,
  markdownTable,
  type PerfSuiteV3,
  type ProvenanceEnvelopeV2,
  renderEnvelopeMarkdown,
  type SummaryV1,
} from '@zpbench/core';
import { normalQuantile } from '@zpbench/stats';
import { currentEnvelopeRuntime } from '../provenance.js';
import { formatSelector, performanceEvidenceFromSuite } from './evaluate.js';

/** Coverage p and confidence γ of the calibration's tolerance bounds. */
export const CALIBRATION_COVERAGE = 0.95;
export const CALIBRATION_CONFIDENCE = 0.95;

/** The rule, as stated in budget-calibration.json and docs/budgets.md. */
export const CALIBRATION_RULE_TEXT =
  'Each candidate is a one-sided normal tolerance bound with coverage p = 0.95 and confidence γ = 0.95 for the statistic a future run reports (the mean over its m seeds, or a report’s latency): bound = x̄ ∓ k·s/√m, with x̄ and s the mean and sample sd of the N values pooled across seeds and runs, and k the Natrella/Howe factor k = (z_p + √(z_p² − a·b))/a, a = 1 − z_γ²/(2(N−1)), b = z_p² − z_γ²·m/N (effective sample size N/m); then never tighter than the worst run observed, so the candidate passes every source. At least 3 pooled values and 2 distinct values are needed; the command never edits the current budget.';

/**
 * One-sided tolerance factor k for a future statistic whose spread is σ/√m, from N pooled values
 * (df = N − 1, effective sample size N/m): the Natrella/Howe approximation (NIST e-Handbook
 * 7.2.6.3), within 2 % of the exact noncentral-t factor at N ≥ 5 and slightly below it.
 */
export function toleranceFactor(
  n: number,
  perRun: number,
  coverage = CALIBRATION_COVERAGE,
  confidence = CALIBRATION_CONFIDENCE,
): number {
  const zp = normalQuantile(coverage);
  const zg = normalQuantile(confidence);
  const a = 1 - (zg * zg) / (2 * (n - 1));
  const b = zp * zp - (zg * zg * perRun) / n;
  if (a <= 0 || zp * zp - a * b < 0) return Number.NaN;
  return (zp + Math.sqrt(zp * zp - a * b)) / a;
}

/** A preserved source: a scientific run (its summary) or a performance artifact. */
export type CalibrationSource =
  | {
      readonly kind: 'run';
      readonly path: string;
      readonly id: string;
      readonly sha256: string;
      readonly summary: SummaryV1;
    }
  | {
      readonly kind: 'performance';
      readonly path: string;
      readonly id: string;
      readonly sha256: string;
      readonly suite: PerfSuiteV3;
    };

/** Inputs of {@link calibrateBudgets}. */
export interface CalibrateOptions {
  readonly sources: readonly CalibrationSource[];
  readonly current: LoadedBudgetFile | null;
  readonly machineClass: string;
  readonly argv: readonly string[];
  readonly zpbenchVersion: string;
  readonly now: Date;
}

/** What {@link calibrateBudgets} produces: the three files' contents. */
export interface CalibrationOutput {
  readonly calibration: BudgetCalibrationV2;
  readonly candidates: BudgetFileV1;
  readonly markdown: string;
}

interface Pool {
  readonly selector: Budget;
  readonly name:
    | 'min_mean'
    | 'max_mean'
    | 'max_average_latency_ms'
    | 'max_p50_latency_ms'
    | 'max_p95_latency_ms'
    | 'min_throughput_per_second';
  readonly values: number[];
  readonly perRun: number[];
  readonly runStats: number[];
}

const avg = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: readonly number[]) => {
  const m = avg(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};

/** The current threshold of a subject: the first current budget matching it that sets `name`. */
function currentThreshold(current: LoadedBudgetFile | null, pool: Pool): number | null {
  for (const budget of current?.file.budgets ?? []) {
    const value = budget[pool.name];
    if (value === undefined) continue;
    const s = pool.selector;
    const fits = (key: keyof Budget) => budget[key] === undefined || budget[key] === s[key];
    if (
      fits('domain') &&
      fits('mode') &&
      fits('model') &&
      fits('metric') &&
      fits('benchmark') &&
      fits('group')
    )
      return value;
  }
  return null;
}

function collectPools(sources: readonly CalibrationSource[]): Pool[] {
  const pools = new Map<string, Pool>();
  const pool = (key: string, make: () => Pool) => {
    let found = pools.get(key);
    if (!found) {
      found = make();
      pools.set(key, found);
    }
    return found;
  };
  for (const source of sources) {
    if (source.kind === 'run') {
      const { summary } = source;
      for (const model of summary.models) {
        for (const [metric, dist] of Object.entries(summary.metrics[model.id] ?? {})) {
          const direction = summary.metric_definitions[metric]?.direction;
          if (direction !== 'higher' && direction !== 'lower') continue;
          const values = dist.values.filter((v): v is number => v !== null && Number.isFinite(v));
          if (values.length === 0) continue;
          const name = direction === 'higher' ? 'min_mean' : 'max_mean';
          const p = pool(`${summary.domain}|${summary.mode}|${model.id}|${metric}`, () => ({
            selector: {
              domain: summary.domain,
              mode: summary.mode,
              model: model.id,
              metric,
              [name]: 0,
            },
            name,
            values: [],
            perRun: [],
            runStats: [],
          }));
          p.values.push(...values);
          p.perRun.push(values.length);
          p.runStats.push(avg(values));
        }
      }
    } else {
      const evidence = performanceEvidenceFromSuite(source.suite, source.id);
      for (const b of evidence.benchmarks) {
        const measurement = source.suite.benchmarks.find((m) => m.name === b.benchmark);
        const metrics = [
          // The mean latency pools every sample: m samples per report.
          [
            'max_average_latency_ms',
            b.average_latency_ms,
            measurement ? [...measurement.samples_ms] : null,
          ],
          // Medians, tails and throughput are one value per report.
          ['max_p50_latency_ms', b.p50_latency_ms, null],
          ['max_p95_latency_ms', b.p95_latency_ms, null],
          ['min_throughput_per_second', b.throughput_per_second, null],
        ] as const;
        for (const [name, stat, samples] of metrics) {
          if (stat === null) continue;
          const p = pool(`perf|${b.group}|${b.benchmark}|${name}`, () => ({
            selector: { group: b.group, benchmark: b.benchmark, [name]: 0 },
            name,
            values: [],
            perRun: [],
            runStats: [],
          }));
          const values = samples ?? [stat];
          p.values.push(...values);
          p.perRun.push(values.length);
          p.runStats.push(stat);
        }
      }
    }
  }
  return [...pools.values()];
}

const fmt = (x: number | null) => (x === null ? '—' : String(Number(x.toPrecision(6))));

function calibrateRow(pool: Pool, current: LoadedBudgetFile | null): CalibrationRow {
  const lower = pool.name.startsWith('min_');
  const n = pool.values.length;
  const m = Math.min(...pool.perRun);
  const mean = avg(pool.values);
  const std = n >= 2 ? sd(pool.values) : null;
  const worst = lower ? Math.min(...pool.runStats) : Math.max(...pool.runStats);
  const old = currentThreshold(current, pool);
  const { name: _name, ...selectorOnly } = pool;
  const selector = formatSelector(selectorOnly.selector);
  const base = { selector, threshold_name: pool.name, old };
  const observed = {
    n_runs: pool.runStats.length,
    n_values: n,
    per_run: m,
    mean,
    std,
    worst_run: worst,
  };
  const k = toleranceFactor(n, m);
  if (n < 3 || std === null || std === 0 || !Number.isFinite(k)) {
    return {
      ...base,
      candidate: null,
      observed: { ...observed, k: Number.isFinite(k) ? k : null },
      change: 'skipped',
      rationale:
        std === 0
          ? 'every pooled value is equal: no spread to derive a bound from; keep the current threshold or add runs'
          : `${n} pooled value${n === 1 ? '' : 's'} (${pool.runStats.length} run${pool.runStats.length === 1 ? '' : 's'}): a tolerance bound needs at least 3 with spread; add seeds or reports`,
    };
  }
  const bound = lower ? mean - (k * std) / Math.sqrt(m) : mean + (k * std) / Math.sqrt(m);
  const clampedNeg =
    lower && pool.name === 'min_throughput_per_second' ? Math.max(0, bound) : bound;
  const candidate = lower ? Math.min(clampedNeg, worst) : Math.max(clampedNeg, worst);
  const nonNeg =
    pool.name.startsWith('max_') && pool.name.endsWith('_ms') ? Math.max(0, candidate) : candidate;
  const change =
    old === null
      ? 'new'
      : nonNeg === old
        ? 'unchanged'
        : (lower ? nonNeg < old : nonNeg > old)
          ? 'loosened'
          : 'tightened';
  return {
    ...base,
    candidate: nonNeg,
    observed: { ...observed, k },
    change,
    rationale: `${lower ? 'lower' : 'upper'} 95%/95% tolerance bound of a ${m}-value mean: ${fmt(mean)} ${lower ? '−' : '+'} ${fmt(k)}·${fmt(std)}/√${m} = ${fmt(bound)}${candidate !== bound ? `, widened to the worst run ${fmt(worst)}` : ''}${change === 'loosened' ? '; LOOSER than the current threshold: needs human review' : ''}`,
  };
}

/**
 * Derives candidate budgets from preserved runs and performance reports by the documented rule
 * ({@link CALIBRATION_RULE_TEXT}). The candidate file keeps every current budget's thresholds the
 * rule does not derive (claims, failed seeds, regressions, errors) and adds one pinned budget per
 * calibrated subject; it loads through the same parser as a hand-written budget file.
 */
export function calibrateBudgets(options: CalibrateOptions): CalibrationOutput {
  const pools = collectPools(options.sources);
  const rows = pools.map((pool) => calibrateRow(pool, options.current));
  const derived = new Set<string>([
    'min_mean',
    'max_mean',
    'max_average_latency_ms',
    'max_p50_latency_ms',
    'max_p95_latency_ms',
    'min_throughput_per_second',
  ]);
  const kept: Budget[] = [];
  for (const budget of options.current?.file.budgets ?? []) {
    const copy = Object.fromEntries(
      Object.entries(budget).filter(([key]) => !derived.has(key)),
    ) as Budget;
    const thresholds = Object.keys(copy).filter(
      (key) =>
        !['description', 'domain', 'mode', 'model', 'metric', 'benchmark', 'group'].includes(key),
    );
    if (thresholds.length > 0) kept.push(copy);
  }
  const calibrated: Budget[] = pools.flatMap((pool, i) => {
    const row = rows[i] as CalibrationRow;
    if (row.candidate === null) {
      // Keep a current threshold that could not be recalibrated rather than drop it.
      return row.old === null ? [] : [{ ...pool.selector, [pool.name]: row.old }];
    }
    return [{ ...pool.selector, [pool.name]: row.candidate }];
  });
  const candidates: BudgetFileV1 = {
    schema: BUDGET_FILE_MARKER,
    schema_version: BUDGET_FILE_VERSION,
    metadata: {
      calibrated_utc: options.now.toISOString(),
      machine_class: options.machineClass,
      rule: 'one-sided-normal-tolerance-bound p=0.95 γ=0.95',
      sources: options.sources.length,
    },
    budgets: [...kept, ...calibrated],
  };
  const content: Omit<BudgetCalibrationV2, 'envelope'> = {
    schema: BUDGET_CALIBRATION_MARKER,
    schema_version: BUDGET_CALIBRATION_VERSION,
    created_utc: options.now.toISOString(),
    zpbench_version: options.zpbenchVersion,
    command: [...options.argv],
    machine_class: options.machineClass,
    rule: {
      name: 'one-sided-normal-tolerance-bound',
      coverage: CALIBRATION_COVERAGE,
      confidence: CALIBRATION_CONFIDENCE,
      text: CALIBRATION_RULE_TEXT,
    },
    sources: options.sources.map((s) => ({
      path: s.path,
      kind: s.kind,
      id: s.id,
      sha256: s.sha256,
      label: s.kind === 'run' ? `${s.summary.domain}/${s.summary.mode}` : s.suite.suite,
    })),
    current_budget: options.current?.ref ?? null,
    rows,
  };
  const calibration: BudgetCalibrationV2 = {
    ...content,
    envelope: calibrationEnvelope(content, candidates, options),
  };
  return { calibration, candidates, markdown: renderCalibration(calibration) };
}

/**
 * The calibration's provenance envelope. Both digests are of content only: the input digest of
 * the sources' digests, the current budget's digest, the machine class and the rule; the result
 * digest of the rows and the candidate budgets (without the calibration time). Source paths,
 * times and the runtime stay out, so the same sources calibrate to the same digests anywhere.
 */
function calibrationEnvelope(
  content: Omit<BudgetCalibrationV2, 'envelope'>,
  candidates: BudgetFileV1,
  options: CalibrateOptions,
): ProvenanceEnvelopeV2 {
  const labels = [...new Set(content.sources.map((s) => s.label.split('/')[0] as string))].sort();
  const models = new Set<string>();
  for (const source of options.sources)
    if (source.kind === 'run') for (const m of source.summary.models) models.add(m.id);
    else for (const b of source.suite.benchmarks) models.add(b.name);
  const { calibrated_utc: _time, ...metadata } = candidates.metadata ?? {};
  return {
    schema: ENVELOPE_MARKER,
    schema_version: ENVELOPE_VERSION,
    kind: 'budget-calibration',
    suite_id: labels.join('+'),
    suite_version: `budget-calibration:v${content.schema_version}`,
    zpbench_version: content.zpbench_version,
    created_at: content.created_utc,
    command: [...content.command],
    models: [...models].sort(),
    runtime: currentEnvelopeRuntime(
      Object.fromEntries(content.sources.map((s) => [`${s.kind}:${s.id}`, s.sha256])),
    ),
    input_digest: canonicalDigest({
      sources: content.sources.map((s) => s.sha256).sort(),
      current_budget: content.current_budget?.sha256 ?? null,
      machine_class: content.machine_class,
      rule: content.rule,
    }),
    result_digest: canonicalDigest({
      rows: content.rows,
      budgets: candidates.budgets,
      metadata,
    }),
    budget_file: content.current_budget,
    event_count: content.rows.length,
    claim_boundary:
      'Candidate budget thresholds from preserved runs on one machine class by the stated tolerance rule: review evidence, not a cross-machine threshold and not a claim that a future run passes; the current budget is never edited.',
    metric_semantics: content.rule.text,
    notes: null,
  };
}

/** budget-calibration.md: the human review report. */
export function renderCalibration(c: BudgetCalibrationV2): string {
  const loosened = c.rows.filter((r) => r.change === 'loosened').length;
  const lines = [
    '# Budget calibration',
    '',
    `Machine class: ${escapeMarkdown(c.machine_class)}. Created ${c.created_utc} by zpbench ${c.zpbench_version}.`,
    `Current budget: ${c.current_budget ? `${escapeMarkdown(c.current_budget.path)} (${c.current_budget.sha256})` : 'none'}; it was not edited.`,
    '',
    `Rule: ${escapeMarkdown(c.rule.text)}`,
    '',
    loosened > 0
      ? `**${loosened} threshold${loosened === 1 ? ' is' : 's are'} LOOSENED** against the current budget: review each before replacing the release budget.`
      : 'No threshold is loosened against the current budget.',
    '',
    '## Sources',
    '',
    markdownTable(
      ['kind', 'id', 'label', 'sha256'],
      c.sources.map((s) => [s.kind, escapeMarkdown(s.id), escapeMarkdown(s.label), s.sha256]),
    ),
    '',
    '## Thresholds',
    '',
    markdownTable(
      [
        'selector',
        'threshold',
        'old',
        'candidate',
        'change',
        'observed mean ± sd (N, m)',
        'rationale',
      ],
      c.rows.map((r) => [
        escapeMarkdown(r.selector),
        r.threshold_name,
        fmt(r.old),
        fmt(r.candidate),
        r.change === 'loosened' ? '**LOOSENED**' : r.change,
        `${fmt(r.observed.mean)} ± ${fmt(r.observed.std)} (${r.observed.n_values}, ${r.observed.per_run})`,
        escapeMarkdown(r.rationale),
      ]),
    ),
    '',
    ...renderEnvelopeMarkdown(c.envelope).flatMap((block) => [block, '']),
  ];
  return lines.join('\n');
}
