import { StatsError } from './errors.js';
import type { SlotMatrix, SlotMatrixMetric } from './slot-matrix.js';

/** One seed's scores, as pybench normalises a benchmark's return value: step → metric → value. */
type Scores = Map<number, Map<string, number>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : String(value);
}

function shapeError(message: string): StatsError {
  return new StatsError('ZPB_STATS_SHAPE', message);
}

function metricValue(value: unknown, where: string): number {
  if (typeof value !== 'number') {
    throw new StatsError(
      'ZPB_STATS_INPUT',
      `step records ${where} is ${describe(value)}, expected a finite number; write every metric value as a JSON number`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new StatsError(
      'ZPB_STATS_NON_FINITE',
      `step records ${where} is ${value}, expected a finite number; fix or drop the seed that produced it`,
    );
  }
  return value;
}

function metricsOf(
  record: Record<string, unknown>,
  where: string,
  dropStep: boolean,
): Map<string, number> {
  const metrics = new Map<string, number>();
  for (const [key, value] of Object.entries(record)) {
    if (dropStep && key === 'step') continue;
    metrics.set(key, metricValue(value, `${where} metric ${JSON.stringify(key)}`));
  }
  if (metrics.size === 0)
    throw shapeError(`step records ${where} has no metrics; give at least one "<metric>": value`);
  return metrics;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** pybench's `normalize`: a number, a metric record, or a list of step records. */
function normalize(result: unknown, where: string): Scores {
  if (typeof result === 'number')
    return new Map([[0, new Map([['score', metricValue(result, where)]])]]);
  if (isRecord(result)) return new Map([[0, metricsOf(result, where, false)]]);
  if (!Array.isArray(result)) {
    throw shapeError(
      `step records ${where} is ${describe(result)}, expected a number, a {"<metric>": value} record or a list of {"step": s, …} records`,
    );
  }
  if (result.length === 0) throw shapeError(`step records ${where} is an empty list of steps`);
  const scores: Scores = new Map();
  result.forEach((record: unknown, i: number) => {
    const at = `${where} record ${i}`;
    if (!isRecord(record))
      throw shapeError(
        `step records ${at} is ${describe(record)}, expected a {"step": s, …} record`,
      );
    const step = record.step;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
      throw shapeError(
        `step records ${at} has step ${step === undefined ? 'missing' : describe(step)}, expected a non-negative integer "step"`,
      );
    }
    if (scores.has(step))
      throw shapeError(`step records ${at} repeats step ${step}; give each step once`);
    scores.set(step, metricsOf(record, at, true));
  });
  return scores;
}

function shapeKey(scores: Scores): string {
  return [...scores]
    .sort(([a], [b]) => a - b)
    .map(([step, metrics]) => `${step}:${[...metrics.keys()].sort().join(',')}`)
    .join(' ');
}

/**
 * Parses pybench's per-seed results, a list over seeds of what a benchmark returns (a number,
 * stored as metric `score` at step 0; a `{"<metric>": value}` record at step 0; or a list of step
 * records `[{"step": s, "min:loss": v}, …]`), into a slot matrix: one metric per name, its steps
 * as columns in ascending order, rows in seed order. Every seed must give the same steps and
 * metrics, as pybench requires. Throws StatsError naming the seed and record.
 * @example
 * parseStepRecords([[{ step: 1, 'min:loss': 1.08 }, { step: 30, 'min:loss': 0.46 }], …], 'base.json');
 */
export function parseStepRecords(json: unknown, source = 'input'): SlotMatrix {
  if (!Array.isArray(json) || json.length === 0) {
    throw shapeError(
      `step records ${source} is ${Array.isArray(json) ? 'an empty list' : describe(json)}, expected a list over seeds of step records`,
    );
  }
  const seeds = json.map((result: unknown, s: number) => normalize(result, `${source} seed ${s}`));
  const first = seeds[0] as Scores;
  const expected = shapeKey(first);
  seeds.forEach((scores, s) => {
    if (shapeKey(scores) !== expected) {
      throw shapeError(
        `step records ${source} seed ${s} gives steps and metrics {${shapeKey(scores)}} but seed 0 gives {${expected}}; every seed must record the same metrics at the same steps`,
      );
    }
  });
  const names: string[] = [];
  for (const metrics of first.values())
    for (const name of metrics.keys()) if (!names.includes(name)) names.push(name);
  const metrics: SlotMatrixMetric[] = names.map((metric) => {
    const steps = [...first]
      .filter(([, m]) => m.has(metric))
      .map(([step]) => step)
      .sort((a, b) => a - b);
    return {
      metric,
      steps,
      values: seeds.map((scores) => steps.map((step) => scores.get(step)?.get(metric) as number)),
    };
  });
  return { metrics };
}
