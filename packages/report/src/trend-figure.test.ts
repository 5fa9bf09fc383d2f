import { describe, expect, it } from 'vitest';
import { createTrendFigure } from './trend-figure.js';
import { renderVegaLiteToSvg } from './vega-render.js';

const trend = {
  domain: 'fixture',
  mode: 'smoke',
  model: 'candidate',
  metric: 'loss',
  unit: 'loss',
  direction: 'lower' as const,
  points: [
    {
      runId: 'run_a',
      createdUtc: '2026-01-01T00:00:00Z',
      n: 5,
      mean: 0.1,
      ci95: [0.08, 0.12] as const,
      change: null,
    },
    {
      runId: 'run_b',
      createdUtc: '2026-01-02T00:00:00Z',
      n: 5,
      mean: 0.1,
      ci95: [0.08, 0.12] as const,
      change: { status: 'unchanged', p: 1 },
    },
    {
      runId: 'run_c',
      createdUtc: '2026-01-03T00:00:00Z',
      n: 5,
      mean: 0.3,
      ci95: [0.28, 0.32] as const,
      change: { status: 'regressed', p: 0.0625 },
    },
  ],
};

describe('createTrendFigure', () => {
  it('draws each run in order, coloured by its change call, as a pinned SVG', async () => {
    const spec = createTrendFigure(trend);
    const values = (spec.data as { values: { run: string; change: string; order: number }[] })
      .values;
    expect(values.map((v) => [v.order, v.run, v.change])).toEqual([
      [1, 'run_a', 'first run'],
      [2, 'run_b', 'unchanged'],
      [3, 'run_c', 'regressed'],
    ]);
    const svg = await renderVegaLiteToSvg(spec);
    for (const id of ['run_a', 'run_b', 'run_c']) expect(svg).toContain(`>${id}<`);
    expect(svg).toContain('#cf222e');
    await expect(svg).toMatchFileSnapshot('__snapshots__/trend.svg');
  });
});
