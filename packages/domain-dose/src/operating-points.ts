import type { PointMetrics, SweepPoint } from './schemas/sweep-point.js';

/** Metric keys averaged over seeds for a candidate operating point. */
export const POINT_KEYS = [
  'accept_rate',
  'bottom_rate',
  'false_in_range_rate_on_censored',
  'false_censored_rate_on_in_range',
  'macro_f1',
  'finite_mae',
  'direction_only_macro_f1_on_censored',
  'fault_rate',
  'semantic_bottom_rate',
  'bottom_cost',
] as const;
/** A metric key of an operating point. */
export type PointKey = (typeof POINT_KEYS)[number];
export type { PointMetrics };

/** A candidate operating point: a model at a threshold, with metrics on the calibration split. */
export interface Candidate {
  readonly model: string;
  readonly tau: number | null;
  readonly metrics: PointMetrics;
}

/** The selection rules, fixed before any result: lower cost wins; ties by bottom cost, then model id, then tau. */
export const PRESET_RULES = {
  safety_first: {
    description:
      'minimise 0.8·false_in_range_rate_on_censored + 0.2·false_censored_rate_on_in_range',
    cost: (m: PointMetrics) =>
      0.8 * worst(m.false_in_range_rate_on_censored) +
      0.2 * worst(m.false_censored_rate_on_in_range),
  },
  accuracy_first: {
    description:
      'minimise 0.2·false_in_range_rate_on_censored + 0.8·false_censored_rate_on_in_range',
    cost: (m: PointMetrics) =>
      0.2 * worst(m.false_in_range_rate_on_censored) +
      0.8 * worst(m.false_censored_rate_on_in_range),
  },
  direction_aware: {
    description: 'maximise 3-way macro_f1 (bottomed samples are classified by the direction head)',
    cost: (m: PointMetrics) => 1 - (m.macro_f1 ?? 0),
  },
  balanced: {
    description:
      'minimise 0.5·false_in_range_rate_on_censored + 0.5·false_censored_rate_on_in_range (promoted only when distinct)',
    cost: (m: PointMetrics) =>
      0.5 * worst(m.false_in_range_rate_on_censored) +
      0.5 * worst(m.false_censored_rate_on_in_range),
  },
} as const;
/** A preset name. */
export type PresetName = keyof typeof PRESET_RULES;

function worst(x: number | null): number {
  return x ?? 1;
}

/** Picks the candidate with the lowest cost under a preset rule (deterministic tie-breaks). */
export function selectPreset(
  candidates: readonly Candidate[],
  preset: PresetName,
): Candidate | null {
  const rule = PRESET_RULES[preset];
  let best: Candidate | null = null;
  let bestKey: [number, number, string, number] | null = null;
  for (const c of candidates) {
    const key: [number, number, string, number] = [
      Number(rule.cost(c.metrics).toPrecision(12)),
      c.metrics.bottom_cost ?? Number.POSITIVE_INFINITY,
      c.model,
      c.tau ?? -1,
    ];
    if (!bestKey || compareKeys(key, bestKey) < 0) {
      best = c;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(
  a: [number, number, string, number],
  b: [number, number, string, number],
): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  return a[3] - b[3];
}

/** Mean of each metric over points (nulls skipped; null when none is finite). */
export function meanPoint(points: readonly SweepPoint[]): PointMetrics {
  const out: Partial<Record<PointKey, number | null>> = {};
  for (const key of POINT_KEYS) {
    const values = points.map((p) => p[key]).filter((v): v is number => v !== null);
    out[key] =
      values.length === 0
        ? null
        : Number((values.reduce((s, v) => s + v, 0) / values.length).toPrecision(12));
  }
  return out as PointMetrics;
}

/** Candidates from per-model sweeps (already averaged or a single seed). */
export function candidatesFrom(
  sweeps: Readonly<Record<string, readonly (readonly SweepPoint[])[]>>,
): Candidate[] {
  const out: Candidate[] = [];
  for (const model of Object.keys(sweeps).sort()) {
    const perSeed = sweeps[model] ?? [];
    const taus = [...new Set(perSeed.flatMap((s) => s.map((p) => p.tau)))];
    for (const tau of taus.sort((a, b) => (a ?? -1) - (b ?? -1))) {
      const pts = perSeed
        .map((s) => s.find((p) => p.tau === tau))
        .filter((p): p is SweepPoint => p !== undefined);
      out.push({ model, tau, metrics: meanPoint(pts) });
    }
  }
  return out;
}
