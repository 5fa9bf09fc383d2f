import { describe, expect, it } from 'vitest';
import { checkMetricSeries, type MetricDefinition } from './domain-plugin.js';

const metric = (
  key: string,
  series?: { metric: string; step: number },
  over: Partial<MetricDefinition> = {},
): MetricDefinition => ({
  key,
  description: key,
  direction: 'lower',
  unit: 'loss',
  subset: 'all',
  ...(series ? { series } : {}),
  ...over,
});

describe('checkMetricSeries', () => {
  it('accepts steps of a series beside plain metrics', () => {
    expect(
      checkMetricSeries([
        metric('loss_step_1', { metric: 'loss', step: 1 }),
        metric('loss_step_30', { metric: 'loss', step: 30 }),
        metric('mean_loss'),
      ]),
    ).toBeNull();
  });

  it('names a repeated step, a mixed direction, a clash and a bad step', () => {
    expect(
      checkMetricSeries([
        metric('a', { metric: 'loss', step: 1 }),
        metric('b', { metric: 'loss', step: 1 }),
      ]),
    ).toMatchInlineSnapshot(`"series loss has step 1 twice (a, b)"`);
    expect(
      checkMetricSeries([
        metric('a', { metric: 'loss', step: 1 }),
        metric('b', { metric: 'loss', step: 2 }, { direction: 'higher' }),
      ]),
    ).toMatchInlineSnapshot(
      `"series loss mixes a (lower, loss) with b (higher, loss); every step of a series has one direction and unit"`,
    );
    expect(
      checkMetricSeries([metric('loss'), metric('a', { metric: 'loss', step: 1 })]),
    ).toMatchInlineSnapshot(
      `"series loss has the name of metric loss, which is not one of its steps; rename the series"`,
    );
    expect(checkMetricSeries([metric('a', { metric: 'loss', step: -1 })])).toMatchInlineSnapshot(
      `"metric a declares series "loss" at step -1; a series is a snake_case name and its step a non-negative integer"`,
    );
  });
});
