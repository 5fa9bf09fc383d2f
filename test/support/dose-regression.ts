/**
 * Test support: DOSE with a test-only treatment that injects a regression into the claimed
 * model. `inject_regression` (a treatment key, so runs with and without it compare) scales the
 * SCM's finite MAE by 1 + x and lowers its macro-F1 by x·F1 on every seed; the data, the other
 * models and every sidecar are DOSE's own.
 */
import type { DomainPlugin } from '@zpbench/core';
import { defineDomain } from '@zpbench/core';
import * as z from '@zpbench/core/zod';
import { doseDomain } from '@zpbench/domain-dose';

const dose = doseDomain as DomainPlugin<Record<string, unknown>>;

/** DOSE plus the `inject_regression` treatment. */
export const regressedDose = defineDomain<Record<string, unknown>, unknown>({
  ...dose,
  treatmentKeys: [...(dose.treatmentKeys ?? []), 'inject_regression'],
  configSchema: z.custom<Record<string, unknown>>((value) => {
    if (typeof value !== 'object' || value === null) return false;
    const { inject_regression: shift, ...rest } = value as Record<string, unknown>;
    return (
      (shift === undefined || typeof shift === 'number') &&
      dose.configSchema.safeParse(rest).success
    );
  }),
  runSeed: async (context) => {
    const { inject_regression: shift = 0, ...config } = context.config as {
      inject_regression?: number;
    } & Record<string, unknown>;
    const output = await dose.runSeed({ ...context, config });
    const scm = output.result.runs.scm;
    if (!scm || shift === 0) return output;
    const worse = (key: string, f: (x: number) => number) => {
      const value = scm.metrics[key];
      return typeof value === 'number' ? f(value) : (value ?? null);
    };
    const metrics = {
      ...scm.metrics,
      finite_mae: worse('finite_mae', (x) => x * (1 + shift)),
      macro_f1: worse('macro_f1', (x) => x * (1 - shift)),
    };
    return {
      ...output,
      result: { ...output.result, runs: { ...output.result.runs, scm: { ...scm, metrics } } },
    };
  },
});
