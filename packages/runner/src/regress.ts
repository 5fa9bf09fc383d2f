import { statSync } from 'node:fs';
import type { BenchmarkRun, CheckRunDirOptions, DomainPlugin } from '@zpbench/core';
// The light entry only: on two JSON files `zpbench regress` never loads core's schemas (zod, ajv);
// a run directory imports the run reader when it is read.
import { ERROR_CODES, readJsonFile, ZpbenchError } from '@zpbench/core/light';
import {
  buildSlots,
  buildUnpairedSlots,
  type ConstantSlot,
  checkNonInferiority,
  checkRegression,
  checkUnpairedRegression,
  DEFAULT_N_PERM,
  holmAdjust,
  type MarginResult,
  type PowerEstimate,
  type PowerProgress,
  parseSlotMatrix,
  parseStepRecords,
  planPower,
  type RegressionResult,
  type RegressionSlotInput,
  type SlotMatrix,
  type SlotMatrixMetric,
  StatsError,
  slotChange,
  type UnpairedRegressionResult,
  type UnpairedSlotInput,
} from '@zpbench/stats';
import { assertComparable } from './comparable.js';
import { metricSlot, type SlotMetricDefinition, slotMetricName } from './statistics.js';

/** One side of a comparison: a run directory or a JSON slot-matrix file, as a slot matrix. */
export interface RegressSource {
  readonly kind: 'run-dir' | 'slot-matrix';
  readonly path: string;
  readonly matrix: SlotMatrix;
  /** Seeds of the rows (run directories: seed ids; slot matrices: row positions). */
  readonly seeds: readonly number[];
  readonly run?: BenchmarkRun;
}

/**
 * The slot matrix of a run directory: one metric `<model>/<metric>` per model and directed
 * metric (a `min:` prefix for lower-is-better, from the run's own metric definitions), rows in
 * ascending seed order. A metric the domain declares as a step of a series (`metrics`, the
 * domain's declarations) enters as that step of one metric `<model>/<series>`, so the test counts
 * it as pybench counts steps. Metrics undefined on some seed are left out and listed.
 */
export function runSlotMatrix(
  run: BenchmarkRun,
  metrics: readonly SlotMetricDefinition[] = [],
): {
  matrix: SlotMatrix;
  seeds: number[];
  skipped: string[];
} {
  const seeds = [...run.seedResults.keys()].sort((a, b) => a - b);
  const declared = new Map(metrics.map((m) => [m.key, m]));
  const byName = new Map<string, { steps: number[]; columns: number[][] }>();
  const skipped: string[] = [];
  for (const model of run.summary.models) {
    for (const [key, definition] of Object.entries(run.summary.metric_definitions)) {
      if (definition.direction === 'none') continue;
      const values = seeds.map((seed) => run.seedResults.get(seed)?.runs[model.id]?.metrics[key]);
      if (values.every((v) => v === null || v === undefined)) continue;
      const series = declared.get(key)?.series;
      const slot = metricSlot(model.id, { key, direction: definition.direction, series });
      const name = slotMetricName(model.id, slot.metric, definition.direction);
      if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        skipped.push(series ? `${name}@${slot.step}` : name);
        continue;
      }
      const entry = byName.get(name) ?? { steps: [], columns: [] };
      entry.steps.push(slot.step);
      entry.columns.push(values as number[]);
      byName.set(name, entry);
    }
  }
  const out: SlotMatrixMetric[] = [...byName].map(([metric, { steps, columns }]) => {
    const order = steps
      .map((_, i) => i)
      .sort((a, b) => (steps[a] as number) - (steps[b] as number));
    return {
      metric,
      steps: order.map((i) => steps[i] as number),
      values: seeds.map((_, s) => order.map((i) => columns[i]?.[s] as number)),
    };
  });
  return { matrix: { metrics: out }, seeds, skipped };
}

/** Reads a run directory (validated, hashes checked), a slot-matrix JSON file or pybench step records. */
export async function loadRegressSource(
  path: string,
  options: CheckRunDirOptions & {
    /** The metric declarations of a run directory's domain (for its series), if known. */
    readonly metricsOf?: (
      domain: string,
    ) =>
      | Promise<readonly SlotMetricDefinition[] | undefined>
      | readonly SlotMetricDefinition[]
      | undefined;
  },
): Promise<RegressSource & { skipped: string[] }> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ZpbenchError(
      ERROR_CODES.MISSING_FILE,
      `${path} does not exist; pass a run directory or a slot-matrix JSON file`,
    );
  }
  if (isDir) {
    const { readBenchmarkRun } = await import('@zpbench/core');
    const run = await readBenchmarkRun(path, options);
    const metrics = (await options.metricsOf?.(run.manifest.domain)) ?? [];
    const { matrix, seeds, skipped } = runSlotMatrix(run, metrics);
    return { kind: 'run-dir', path, matrix, seeds, run, skipped };
  }
  // pybench's own format is a list over seeds of step records; a slot matrix is an object.
  const json = readJsonFile(path, path);
  const matrix = Array.isArray(json) ? parseStepRecords(json, path) : parseSlotMatrix(json, path);
  const rows = matrix.metrics[0]?.values.length ?? 0;
  return {
    kind: 'slot-matrix',
    path,
    matrix,
    seeds: Array.from({ length: rows }, (_, i) => i),
    skipped: [],
  };
}

/**
 * Pairs two sources into regression slots. Two run directories must share domain, mode, seed
 * set and setup config (the domain's treatment keys aside); a run directory and a file, or two
 * files, pair rows by position.
 */
export function pairSources(
  baseline: RegressSource,
  current: RegressSource,
  findPlugin: (domain: string) => DomainPlugin<unknown> | undefined,
): RegressionSlotInput[] {
  const { base, cur } = comparableMatrices(baseline, current, findPlugin, true);
  return buildSlotsOf(baseline, current, base, cur);
}

/**
 * The two sources' slot matrices, ready to pair. Two run directories must first be comparable
 * (same domain, mode and setup config, and the same seed set when `sameSeeds`); each lists only
 * the slots defined on every seed, so they are cut to the slots both define. Any other pair of
 * sources is taken as it is.
 */
function comparableMatrices(
  baseline: RegressSource,
  current: RegressSource,
  findPlugin: (domain: string) => DomainPlugin<unknown> | undefined,
  sameSeeds: boolean,
): { base: SlotMatrix; cur: SlotMatrix } {
  if (!(baseline.run && current.run)) return { base: baseline.matrix, cur: current.matrix };
  const plugin = findPlugin(current.run.manifest.domain);
  if (!plugin) {
    throw new ZpbenchError(
      ERROR_CODES.UNKNOWN_ID,
      `${current.path}: unknown domain ${current.run.manifest.domain}; run \`zpbench list\` for the known domains`,
    );
  }
  assertComparable(
    plugin,
    {
      mode: current.run.manifest.mode,
      seeds: current.seeds,
      config: current.run.provenance.config,
    },
    baseline.run,
    { sameSeeds },
  );
  const inBoth = (m: SlotMatrixMetric) =>
    baseline.matrix.metrics.some((b) => b.metric === m.metric) &&
    current.matrix.metrics.some((c) => c.metric === m.metric);
  return {
    base: { metrics: baseline.matrix.metrics.filter(inBoth) },
    cur: { metrics: current.matrix.metrics.filter(inBoth) },
  };
}

/** `buildSlots`, with a shape mismatch naming both inputs. */
function buildSlotsOf(
  baseline: RegressSource,
  current: RegressSource,
  baselineMatrix: SlotMatrix,
  currentMatrix: SlotMatrix,
): RegressionSlotInput[] {
  try {
    return buildSlots(baselineMatrix, currentMatrix);
  } catch (error) {
    if (error instanceof StatsError && error.code === 'ZPB_STATS_SHAPE') {
      throw new ZpbenchError(
        ERROR_CODES.INCOMPARABLE,
        `baseline ${baseline.path} and current ${current.path} do not pair: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The per-slot statistics a verdict is formed from, each of which must be finite: every number
 * of a slot result but its step and its raw t (±∞ by definition on exactly constant differences).
 */
export const SLOT_STATISTICS = [
  'baselineMean',
  'baselineSd',
  'currentMean',
  'currentSd',
  'meanDiff',
  'sdDiff',
  'tStat',
  'p',
  'effect',
  'contribution',
] as const;

// Module constants: reading Number.POSITIVE_INFINITY in the interpreter allocates a heap number.
const POS_INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;
/** Whether x is a finite number (NaN fails both comparisons). */
function within(x: number): boolean {
  return x > NEG_INF && x < POS_INF;
}

/**
 * Refuses a verdict formed from a statistic that is not finite: values that are finite alone but
 * whose differences, squares or sums overflow double precision would otherwise give a t of 0 and
 * a PASS that means nothing. Throws ZPB_INPUT naming the slot and the first such statistic.
 */
export function assertFiniteStatistics(
  result: RegressionResult | UnpairedRegressionResult,
  margin: readonly MarginSlot[],
): void {
  const where = (s: { metric: string; step: number }) =>
    `slot (metric ${JSON.stringify(s.metric)}, step ${s.step})`;
  const overflow = (what: string, name: string, value: number) =>
    new ZpbenchError(
      ERROR_CODES.INPUT,
      `${what}: its ${name} is ${value}, the values overflow double-precision arithmetic; rescale the metric (another unit, or its logarithm) in both inputs and rerun`,
    );
  const slots = result.slots;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k]!;
    // One check per statistic, spelled out (no loop over field names), each a pair of comparisons:
    // a cold process runs this over 600–1,000 slots in the interpreter, where every arithmetic
    // result is a fresh heap number (x − x sums allocated ~0.4 MB there) and a comparison is not.
    // regress.test.ts fails if these checks and SLOT_STATISTICS ever disagree.
    const finite =
      within(slot.baselineMean) &&
      within(slot.baselineSd) &&
      within(slot.currentMean) &&
      within(slot.currentSd) &&
      within(slot.meanDiff) &&
      within(slot.sdDiff) &&
      within(slot.tStat) &&
      within(slot.p) &&
      within(slot.effect) &&
      within(slot.contribution);
    if (finite) continue;
    for (const name of SLOT_STATISTICS) {
      if (!Number.isFinite(slot[name])) throw overflow(where(slot), name, slot[name]);
    }
  }
  for (const name of ['severity', 'metaP'] as const) {
    if (!Number.isFinite(result[name])) throw overflow('the severity test', name, result[name]);
  }
  for (const slot of margin) {
    for (const name of ['meanDiff', 'marginAbs', 'lowerBound', 'upperBound', 'p'] as const) {
      if (!Number.isFinite(slot[name])) throw overflow(where(slot), name, slot[name]);
    }
  }
}

/** How two sources are compared: seeds paired, or two independent samples of seeds. */
export type MatchedSources =
  | { readonly design: 'paired'; readonly slots: readonly RegressionSlotInput[] }
  | {
      readonly design: 'unpaired';
      readonly slots: readonly UnpairedSlotInput[];
      /** Why the seeds do not pair, in words. */
      readonly reason: string;
    };

const seedList = (seeds: readonly number[]) => `{${[...seeds].sort((a, b) => a - b).join(',')}}`;

/**
 * Decides how two sources compare and builds their slots. Paired (pybench's sign-flip test) when
 * the seeds pair: two run directories with the same seed set, or files and run directories with
 * the same row count. Unpaired when they cannot: run directories on disjoint seed sets, or
 * different row counts, or `unpaired` asked for. Run directories whose seed sets overlap in part
 * are refused unless `unpaired` is given (a shared seed is then counted in both samples).
 */
export function matchSources(
  baseline: RegressSource,
  current: RegressSource,
  findPlugin: (domain: string) => DomainPlugin<unknown> | undefined,
  options: { unpaired?: boolean } = {},
): MatchedSources {
  const bothRuns = Boolean(baseline.run && current.run);
  let reason: string | null = options.unpaired ? 'asked for with --unpaired' : null;
  if (bothRuns) {
    const shared = baseline.seeds.filter((s) => current.seeds.includes(s)).length;
    const same = shared === baseline.seeds.length && shared === current.seeds.length;
    if (!same && reason === null) {
      if (shared > 0) {
        throw new ZpbenchError(
          ERROR_CODES.INCOMPARABLE,
          `cannot compare with baseline ${baseline.path}: seeds ${seedList(baseline.seeds)} and ${seedList(current.seeds)} overlap in part; rerun the current run on the baseline's seeds (paired test) or on seeds disjoint from them (unpaired test), or pass --unpaired`,
        );
      }
      reason = `seeds ${seedList(baseline.seeds)} and ${seedList(current.seeds)} are disjoint`;
    }
  } else {
    const nb = baseline.matrix.metrics[0]?.values.length ?? 0;
    const nc = current.matrix.metrics[0]?.values.length ?? 0;
    if (nb !== nc && reason === null) reason = `${nb} baseline and ${nc} current rows do not pair`;
  }
  if (reason === null) {
    return { design: 'paired', slots: pairSources(baseline, current, findPlugin) };
  }
  const { base, cur } = comparableMatrices(baseline, current, findPlugin, false);
  return { design: 'unpaired', slots: buildUnpairedSlots(base, cur), reason };
}

/** Options of `regress`. */
export interface RegressOptions {
  readonly alpha?: number;
  readonly nPerm?: number;
  readonly seed?: number;
  readonly minEffect?: number | null;
  /** Relative non-inferiority margin δ; null/undefined = no margin test. */
  readonly margin?: number | null;
  /**
   * Test each benchmark separately and Holm-correct their meta-p values (one gate invocation,
   * many benchmarks). A benchmark is the part of a metric name before its first "/" (a model of
   * a run directory); a metric name without "/" is a benchmark of its own.
   */
  readonly holm?: boolean;
}

/** One benchmark's severity test under `holm`. */
export interface BenchmarkVerdict {
  readonly name: string;
  readonly result: RegressionResult | UnpairedRegressionResult;
  /** Holm-adjusted meta-p across the benchmarks of this invocation. */
  readonly pHolm: number;
  readonly verdict: 'PASS' | 'FAIL';
}

/** The benchmark a slot belongs to under `holm`. */
export function benchmarkOf(metric: string): string {
  const name = metric.startsWith('min:') ? metric.slice(4) : metric;
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/** Per-slot non-inferiority under `--margin`, Holm-adjusted across slots. */
export interface MarginSlot extends MarginResult {
  readonly metric: string;
  readonly step: number;
  readonly pHolm: number;
}

/** The outcome of `zpbench regress`. */
export interface RegressReport {
  /** The paired sign-flip test, or the unpaired permutation test when the seeds do not pair. */
  readonly result: RegressionResult | UnpairedRegressionResult;
  /** Why the unpaired test was used (null for the paired one). */
  readonly unpairedReason: string | null;
  readonly margin: {
    readonly delta: number;
    readonly allNonInferior: boolean;
    readonly slots: readonly MarginSlot[];
  } | null;
  /** Per-benchmark verdicts with Holm-adjusted meta-p (only with `holm`). */
  readonly benchmarks: readonly BenchmarkVerdict[] | null;
  /**
   * PASS unless the severity test FAILs (with `holm`: some benchmark's adjusted meta-p < alpha)
   * or, with a margin, some slot is not shown non-inferior.
   */
  readonly ok: boolean;
}

/**
 * Runs the severity test (and, with a margin, Holm-corrected non-inferiority per slot): pybench's
 * paired sign-flip test on paired slots, or the unpaired permutation test on a `matchSources`
 * result whose seeds do not pair.
 */
export function regress(
  input: readonly RegressionSlotInput[] | MatchedSources,
  options: RegressOptions = {},
): RegressReport {
  const match: MatchedSources = Array.isArray(input)
    ? { design: 'paired', slots: input as readonly RegressionSlotInput[] }
    : (input as MatchedSources);
  const alpha = options.alpha ?? 0.05;
  const testOptions = {
    alpha,
    nPerm: options.nPerm ?? DEFAULT_N_PERM,
    minEffect: options.minEffect ?? null,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  if (match.design === 'unpaired' && options.margin !== undefined && options.margin !== null) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `--margin needs paired seeds, but ${match.reason}; rerun the current run on the baseline's seeds for a non-inferiority test`,
    );
  }
  const test = (
    slots: readonly (RegressionSlotInput | UnpairedSlotInput)[],
  ): RegressionResult | UnpairedRegressionResult =>
    match.design === 'paired'
      ? checkRegression({ slots: slots as RegressionSlotInput[] }, testOptions)
      : checkUnpairedRegression({ slots }, testOptions);
  const slots = match.slots;
  const result = test(slots);
  let benchmarks: BenchmarkVerdict[] | null = null;
  if (options.holm) {
    const names = [...new Set(slots.map((slot) => benchmarkOf(slot.metric)))];
    const results = names.map((name) =>
      test(slots.filter((slot) => benchmarkOf(slot.metric) === name)),
    );
    const holm = holmAdjust(
      results.map((r) => r.metaP),
      alpha,
    );
    benchmarks = names.map((name, i) => ({
      name,
      result: results[i] as RegressionResult | UnpairedRegressionResult,
      pHolm: holm.adjusted[i] as number,
      verdict: holm.rejected[i] ? 'FAIL' : 'PASS',
    }));
  }
  let margin: RegressReport['margin'] = null;
  if (match.design === 'paired' && options.margin !== undefined && options.margin !== null) {
    const tests = match.slots.map((slot) => ({
      slot,
      test: checkNonInferiority(slot.baseline, slot.current, {
        margin: options.margin as number,
        alpha,
        metric: slot.metric,
      }),
    }));
    const holm = holmAdjust(
      tests.map((t) => t.test.p),
      alpha,
    );
    const marginSlots = tests.map(({ slot, test }, i) => ({
      ...test,
      metric: slot.metric,
      step: slot.step,
      pHolm: holm.adjusted[i] as number,
      verdict: holm.rejected[i] ? ('NON_INFERIOR' as const) : ('INCONCLUSIVE' as const),
    }));
    margin = {
      delta: options.margin,
      allNonInferior: marginSlots.every((s) => s.verdict === 'NON_INFERIOR'),
      slots: marginSlots,
    };
  }
  assertFiniteStatistics(result, margin?.slots ?? []);
  for (const b of benchmarks ?? []) assertFiniteStatistics(b.result, []);
  const severityOk = benchmarks
    ? benchmarks.every((b) => b.verdict === 'PASS')
    : result.verdict === 'PASS';
  return {
    result,
    unpairedReason: match.design === 'unpaired' ? match.reason : null,
    margin,
    benchmarks,
    ok: severityOk && (margin?.allNonInferior ?? true),
  };
}

/**
 * Under `holm`, the warning that no benchmark can FAIL: Holm compares the smallest meta-p times
 * the number of benchmarks B with alpha, and a permutation test's meta-p is never below one
 * pattern in the count (exact: 1/permTotal; Monte Carlo: 1/(nPerm + 1)). Null when some outcome
 * could fail, or without `holm`. A paired test names the seeds that would be needed.
 */
export function holmPowerWarning(report: RegressReport): string | null {
  const benchmarks = report.benchmarks;
  if (!benchmarks || benchmarks.length === 0) return null;
  const B = benchmarks.length;
  const r = benchmarks[0]!.result;
  const pMin = r.method === 'exact' ? 1 / r.permTotal : 1 / (r.permTotal + 1);
  if (B * pMin < r.alpha) return null;
  const bound = `the smallest attainable meta-p is ${formatP(pMin)} and Holm over ${B} benchmarks needs one below alpha/${B} = ${formatP(r.alpha / B)}, so no benchmark can fail`;
  if (r.test !== 'paired-sign-flip') {
    return `--holm: with ${r.nBaseline} baseline and ${r.nCurrent} current seeds ${bound}; rerun with more seeds (and --n-perm above ${Math.ceil(B / r.alpha)})`;
  }
  if (r.method === 'monte-carlo') {
    // More seeds do not help a Monte-Carlo p: its floor is the number of draws.
    return `--holm: with ${r.permTotal} Monte-Carlo draws ${bound}; pass --n-perm ${Math.ceil(B / r.alpha)} or more`;
  }
  // Smallest n with B / 2^n < alpha.
  const need = Math.floor(Math.log2(B / r.alpha)) + 1;
  return `--holm: with ${r.nSeeds} seeds ${bound}; at least ${need} seeds are needed`;
}

function formatP(p: number): string {
  return String(Number(p.toPrecision(3)));
}

/**
 * The severity for JSON: null (with `severity_unbounded`) when a regressed zero-variance slot
 * entered it, whose t is −∞ and which the test counts with the ±1e9 convention.
 */
function severityJson(r: RegressionResult | UnpairedRegressionResult): {
  severity: number | null;
  severity_unbounded: boolean;
} {
  const unbounded = r.slots.some((s) => s.zeroVariance && s.contribution > 0);
  return { severity: unbounded ? null : r.severity, severity_unbounded: unbounded };
}

/** The `--json` shape of `zpbench regress`. */
export function regressJson(report: RegressReport): Record<string, unknown> {
  const r = report.result;
  const warning = holmPowerWarning(report);
  return {
    verdict: report.ok ? 'PASS' : 'FAIL',
    test: r.test,
    unpaired_reason: report.unpairedReason,
    severity_verdict: r.verdict,
    meta_p: r.metaP,
    ...severityJson(r),
    method: r.method,
    perm_ge: r.permGe,
    perm_total: r.permTotal,
    t_crit: r.tCrit,
    ...(r.test === 'paired-sign-flip'
      ? { n_seeds: r.nSeeds }
      : { n_baseline: r.nBaseline, n_current: r.nCurrent }),
    alpha: r.alpha,
    min_effect: r.minEffect,
    slots: r.slots.map((s) => {
      const change = slotChange(s);
      return {
        metric: s.metric,
        step: s.step,
        baseline_mean: s.baselineMean,
        current_mean: s.currentMean,
        // The metric as it moved (a loss that rose is positive), with its direction.
        change: change.absolute,
        change_relative: change.relative,
        direction: change.direction,
        // The baseline mean is 0: no relative change, `change` is the absolute one.
        baseline_mean_zero: s.denomAtFloor,
        // The raw t; null where the differences are constant (the test then uses ±1e9 or 0).
        t_stat: s.zeroVariance || !Number.isFinite(s.tRaw) ? null : s.tRaw,
        zero_variance: s.zeroVariance,
        // The one-sided p that decides `flagged` (p < alpha); 0 or 1 on a zero-variance slot.
        p: s.p,
        // Relative change in goodness; null where the baseline mean is 0 (no relative change).
        effect: s.denomAtFloor ? null : s.effect,
        flagged: s.flagged,
      };
    }),
    warnings: warning === null ? [] : [warning],
    benchmarks:
      report.benchmarks?.map((b) => ({
        name: b.name,
        verdict: b.verdict,
        meta_p: b.result.metaP,
        meta_p_holm: b.pHolm,
        ...severityJson(b.result),
        method: b.result.method,
        n_slots: b.result.slots.length,
        n_flagged: b.result.slots.filter((s) => s.flagged).length,
      })) ?? null,
    non_inferiority: report.margin && {
      margin: report.margin.delta,
      all_non_inferior: report.margin.allNonInferior,
      slots: report.margin.slots.map((s) => ({
        metric: s.metric,
        step: s.step,
        mean_diff: s.meanDiff,
        margin_abs: s.marginAbs,
        lower_bound: s.lowerBound,
        p: s.p,
        p_holm: s.pHolm,
        verdict: s.verdict,
      })),
    },
  };
}

/** Options of `plan`. */
export interface PlanOptions {
  /** Relative drop in goodness to detect (0.05 = 5%). */
  readonly effect: number;
  readonly power?: number;
  readonly alpha?: number;
  readonly nPerm?: number;
  readonly replications?: number;
  readonly minEffect?: number | null;
  readonly seed?: number;
  readonly maxSeeds?: number;
  /** Called after every simulated rerun (the CLI's progress line). */
  readonly onProgress?: (progress: PowerProgress) => void;
}

/** The outcome of `zpbench plan`. */
export interface PlanReport {
  readonly baselineSeeds: number;
  readonly slots: number;
  readonly power: number;
  /** Slots constant over the baseline's seeds, left out of the simulation (see notes). */
  readonly constantSlots: readonly ConstantSlot[];
  /** Power of the test at `effect` with the baseline's seed count (null under the alpha guard). */
  readonly powerAtEffect: PowerEstimate | null;
  /** Smallest relative drop detected with the target power at the baseline's seed count. */
  readonly minimumDetectableEffect: PowerEstimate | null;
  /** Seeds needed to detect `effect` with the target power; null beyond `maxSeeds`. */
  readonly requiredSeeds: PowerEstimate | null;
  readonly notes: readonly string[];
}

/**
 * Sizes a run from a baseline's seed-to-seed spread, by simulating the severity test itself
 * (stats `planPower`): power at the requested effect, the minimum detectable effect at the
 * baseline's seed count, and the seeds needed for the effect at the target power. Slots constant
 * over the baseline's seeds are left out and named in a note: a relative drop of a constant is a
 * shift the test detects with certainty, which would make any plan look powerful.
 */
export function plan(matrix: SlotMatrix, options: PlanOptions): PlanReport {
  const power = options.power ?? 0.8;
  const result = planPower(matrix, {
    effect: options.effect,
    power,
    alpha: options.alpha ?? 0.05,
    nPerm: options.nPerm ?? 200,
    replications: options.replications ?? 200,
    minEffect: options.minEffect ?? null,
    seed: options.seed ?? 0,
    maxSeeds: options.maxSeeds ?? 64,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const notes: string[] = [];
  const constant = result.constantSlots;
  if (constant.length > 0) {
    const shown = constant
      .slice(0, 3)
      .map((s) => `${s.metric}${s.step === 0 ? '' : ` step ${s.step}`} = ${s.value}`)
      .join(', ');
    const more = constant.length > 3 ? ` and ${constant.length - 3} more` : '';
    notes.push(
      `${constant.length} of ${result.slots} slots are constant over the baseline's ${result.baselineSeeds} seeds (${shown}${more}); a relative drop of a constant is undefined, so they are left out of the simulation`,
    );
  }
  return {
    baselineSeeds: result.baselineSeeds,
    slots: result.slots,
    power,
    constantSlots: constant,
    powerAtEffect: result.powerAtEffect,
    minimumDetectableEffect: result.minimumDetectableEffect,
    requiredSeeds: result.requiredSeeds,
    notes: [...notes, ...result.notes],
  };
}
