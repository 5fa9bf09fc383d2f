import { createRandomStream, type RegressionSlotInput } from '@zpbench/stats';

/** The shape of a severity-test workload. */
export interface SlotWorkload {
  readonly seeds: number;
  readonly metrics: number;
  readonly steps: number;
  /** Goodness lost on metric 0 over the last `dropSteps` steps (0 for a null case). */
  readonly drop: number;
  readonly dropSteps: number;
}

/**
 * Seeded loss-curve-like slots for the severity test: `metrics` metrics (alternately `min:` losses
 * and accuracies) × `steps` steps, a per-seed offset shared by both runs, noise per value, and an
 * optional regression on the last steps of metric 0.
 */
export function createRegressionSlots(label: string, w: SlotWorkload): RegressionSlotInput[] {
  const r = createRandomStream(`bench/${label}`);
  const slots: RegressionSlotInput[] = [];
  for (let m = 0; m < w.metrics; m++) {
    const metric = m % 2 ? `acc_${m}` : `min:loss_${m}`;
    const offsets = Array.from({ length: w.seeds }, () => r.normal(0, 0.02));
    for (let t = 0; t < w.steps; t++) {
      const mu = Math.exp(-t / 30) + 0.1;
      const baseline = offsets.map((o) => mu + o + r.normal(0, 0.05));
      const shift = m === 0 && t >= w.steps - w.dropSteps ? w.drop : 0;
      const current = offsets.map((o) => mu + o + r.normal(0, 0.05) + (m % 2 ? -shift : shift));
      slots.push({ metric, step: t, baseline, current });
    }
  }
  return slots;
}
