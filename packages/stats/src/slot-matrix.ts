import { StatsError } from './errors.js';

/** One metric of a slot matrix: `values[seed][step]`, rows paired across runs by position. */
export interface SlotMatrixMetric {
  readonly metric: string;
  readonly values: readonly (readonly number[])[];
  /**
   * The step of each column (pybench's step records, a series' checkpoints), ascending; the
   * column index 0, 1, … when absent.
   */
  readonly steps?: readonly number[];
}

/** Parsed slot-matrix file: metrics in file order, each a seeds × steps table. */
export interface SlotMatrix {
  readonly metrics: readonly SlotMatrixMetric[];
}

/** One (metric, step) slot with the paired per-seed values of both runs. */
export interface RegressionSlotInput {
  readonly metric: string;
  readonly step: number;
  readonly baseline: readonly number[];
  readonly current: readonly number[];
}

/**
 * The metrics `parseSlotMatrix` returned, whose rows it checked (every value a finite number, every
 * row as wide as the first): `buildSlots` pairs them without per-slot arrays, and the severity
 * test copies their rows whole instead of scanning every value again.
 */
const checkedMetrics = new WeakSet<SlotMatrixMetric>();

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : String(value);
}

function checkNumber(value: unknown, where: string): number {
  if (typeof value !== 'number') {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `slot matrix ${where} is ${describe(value)}, expected a finite number; write every value as a JSON number`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new StatsError(
      'ZPB_STATS_NON_FINITE',
      `slot matrix ${where} is ${value}, expected a finite number; fix or drop the seed that produced it`,
    );
  }
  return value;
}

/**
 * Parse the CLI's JSON slot-matrix format `{"<metric>": [[seed0 step0, …], [seed1 …], …]}`;
 * a flat list means one step; `min:` marks a lower-is-better metric. Throws StatsError.
 */
export function parseSlotMatrix(json: unknown, source = 'input'): SlotMatrix {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `slot matrix ${source} is ${describe(json)}, expected an object {"<metric>": [[...], ...]}; wrap the rows in an object keyed by metric name`,
    );
  }
  const metrics: SlotMatrixMetric[] = [];
  for (const [metric, raw] of Object.entries(json as Record<string, unknown>)) {
    const where = `${source} metric ${JSON.stringify(metric)}`;
    if (!Array.isArray(raw) || raw.length === 0) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `slot matrix ${where} is ${Array.isArray(raw) ? 'an empty list' : describe(raw)}, expected a non-empty list of per-seed rows; give one row per seed`,
      );
    }
    const flat = raw.every((row) => !Array.isArray(row));
    const values: number[][] = [];
    let width = -1;
    for (let s = 0; s < raw.length; s++) {
      const row: unknown = raw[s];
      if (flat) {
        values.push([checkNumber(row, `${where} seed ${s}`)]);
        continue;
      }
      if (!Array.isArray(row)) {
        throw new StatsError(
          'ZPB_STATS_SHAPE',
          `slot matrix ${where} row ${s} is ${describe(row)} while other rows are lists; make every row a list of per-step values`,
        );
      }
      if (width === -1) width = row.length;
      if (row.length !== width || width === 0) {
        throw new StatsError(
          'ZPB_STATS_SHAPE',
          `slot matrix ${where} row ${s} has ${row.length} steps but row 0 has ${width}; every seed needs the same non-zero number of steps`,
        );
      }
      // Check every value (Number.isFinite is false for a non-number), in the builtin's loop:
      // about twice as fast as an interpreted one in a cold process; `every` skips the holes of
      // a sparse array, which includes(undefined) finds (at once on an array of numbers). Only a
      // row that fails is walked again, to name its first bad value.
      if (!row.every(Number.isFinite) || row.includes(undefined)) {
        for (let k = 0; k < row.length; k++) checkNumber(row[k], `${where} seed ${s} step ${k}`);
      }
      values.push(row as number[]);
    }
    const entry = { metric, values };
    checkedMetrics.add(entry);
    metrics.push(entry);
  }
  if (metrics.length === 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `slot matrix ${source} has no metrics; add at least one "<metric>": [[...]] entry`,
    );
  }
  return { metrics };
}

/** The step labels of a metric's columns: its `steps`, or 0, 1, …. */
function stepsOf(metric: SlotMatrixMetric): readonly number[] {
  return metric.steps ?? Array.from({ length: metric.values[0]?.length ?? 0 }, (_, k) => k);
}

/** ZPB_STATS_SHAPE unless both matrices hold the same metrics. */
function checkSameMetrics(baseline: SlotMatrix, current: SlotMatrix): void {
  const baseNames = baseline.metrics.map((m) => m.metric);
  const curNames = new Set(current.metrics.map((m) => m.metric));
  const missing = baseNames.filter((m) => !curNames.has(m));
  const extra = [...curNames].filter((m) => !baseNames.includes(m));
  if (missing.length > 0 || extra.length > 0) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `baseline and current metrics differ (only in baseline: ${JSON.stringify(missing)}, only in current: ${JSON.stringify(extra)}); compare runs of the same benchmark`,
    );
  }
}

/** The steps both sides of a metric record (their labels), or ZPB_STATS_SHAPE naming the difference. */
function sharedSteps(base: SlotMatrixMetric, cur: SlotMatrixMetric): readonly number[] {
  const kb = base.values[0]?.length ?? 0;
  const kc = cur.values[0]?.length ?? 0;
  if (kb !== kc) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `metric ${JSON.stringify(base.metric)} has ${kb} baseline steps but ${kc} current steps; record the same steps in both runs`,
    );
  }
  const steps = stepsOf(base);
  const currentSteps = stepsOf(cur);
  if (steps.join(',') !== currentSteps.join(',')) {
    throw new StatsError(
      'ZPB_STATS_SHAPE',
      `metric ${JSON.stringify(base.metric)} has baseline steps [${steps.join(', ')}] but current steps [${currentSteps.join(', ')}]; record the same steps in both runs`,
    );
  }
  return steps;
}

/** Column k of a seeds × steps table, as a plain array. */
function column(rows: readonly (readonly number[])[], k: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < rows.length; s++) out.push(rows[s]![k]!);
  return out;
}

/**
 * Pair a baseline and a current slot matrix into regression slots (step = column index);
 * throws StatsError ZPB_STATS_SHAPE when metric sets, seed counts or step counts differ.
 */
export function buildSlots(baseline: SlotMatrix, current: SlotMatrix): RegressionSlotInput[] {
  checkSameMetrics(baseline, current);
  const slots: RegressionSlotInput[] = [];
  for (const base of baseline.metrics) {
    const cur = current.metrics.find((m) => m.metric === base.metric)!;
    const nb = base.values.length;
    const nc = cur.values.length;
    if (nb !== nc) {
      throw new StatsError(
        'ZPB_STATS_SHAPE',
        `metric ${JSON.stringify(base.metric)} has ${nb} baseline seeds but ${nc} current seeds; rows pair by position, so re-run the current run on the baseline's seeds`,
      );
    }
    const steps = sharedSteps(base, cur);
    const kb = steps.length;
    if (checkedMetrics.has(base) && checkedMetrics.has(cur)) {
      const columns = { baseline: base.values, current: cur.values, seeds: nb, steps: kb };
      for (let k = 0; k < kb; k++) slots.push(new CheckedSlot(base.metric, steps[k]!, columns, k));
      continue;
    }
    for (let k = 0; k < kb; k++) {
      slots.push({
        metric: base.metric,
        step: steps[k]!,
        baseline: column(base.values, k),
        current: column(cur.values, k),
      });
    }
  }
  return slots;
}

/** Both runs' rows of one metric, as parseSlotMatrix checked them (seeds × steps). */
export interface CheckedColumns {
  readonly baseline: readonly (readonly number[])[];
  readonly current: readonly (readonly number[])[];
  readonly seeds: number;
  readonly steps: number;
}

/**
 * A slot of two parsed slot matrices: its values are column `k` of the checked rows, formed as
 * plain arrays only when read (the severity test copies the rows themselves, see
 * {@link checkedColumnsOf}), so pairing 600–1,000 slots allocates no per-slot arrays.
 */
class CheckedSlot implements RegressionSlotInput {
  readonly metric: string;
  readonly step: number;
  readonly #columns: CheckedColumns;
  readonly #k: number;
  #baseline: number[] | undefined;
  #current: number[] | undefined;
  constructor(metric: string, step: number, columns: CheckedColumns, k: number) {
    this.metric = metric;
    this.step = step;
    this.#columns = columns;
    this.#k = k;
  }
  get baseline(): readonly number[] {
    this.#baseline ??= column(this.#columns.baseline, this.#k);
    return this.#baseline;
  }
  get current(): readonly number[] {
    this.#current ??= column(this.#columns.current, this.#k);
    return this.#current;
  }
  /** Its rows, for checkedColumnsOf. */
  columns(): CheckedColumns {
    return this.#columns;
  }
  /** Its column index in those rows, for checkedColumnOf. */
  column(): number {
    return this.#k;
  }
}

/**
 * The checked rows a `buildSlots` slot reads (its values are column `checkedColumnOf(slot)` of
 * them, finite numbers as parseSlotMatrix checked them), or null for any other slot; shared by
 * the slots of a metric, so asking allocates nothing. Internal to the package.
 */
export function checkedColumnsOf(slot: RegressionSlotInput): CheckedColumns | null {
  return slot instanceof CheckedSlot ? slot.columns() : null;
}

/** The column of its checked rows a `buildSlots` slot reads (-1 for any other slot). */
export function checkedColumnOf(slot: RegressionSlotInput): number {
  return slot instanceof CheckedSlot ? slot.column() : -1;
}

/**
 * Two slot matrices as unpaired slots: the same metrics and steps, any seed counts; rows are
 * independent seeds of each run (nothing pairs them). Throws ZPB_STATS_SHAPE otherwise.
 */
export function buildUnpairedSlots(
  baseline: SlotMatrix,
  current: SlotMatrix,
): { metric: string; step: number; baseline: number[]; current: number[] }[] {
  checkSameMetrics(baseline, current);
  const slots: { metric: string; step: number; baseline: number[]; current: number[] }[] = [];
  for (const base of baseline.metrics) {
    const cur = current.metrics.find((m) => m.metric === base.metric)!;
    const steps = sharedSteps(base, cur);
    const kb = steps.length;
    for (let k = 0; k < kb; k++) {
      slots.push({
        metric: base.metric,
        step: steps[k]!,
        baseline: column(base.values, k),
        current: column(cur.values, k),
      });
    }
  }
  return slots;
}
