import { describe, expect, it } from 'vitest';
import { binReliability, createReliabilitySpec } from './index.js';
import { renderVegaLiteToSvg } from './vega-render.js';

describe('the reliability figure helper', () => {
  it('compiles and renders to the same SVG bytes twice, with both series and the ECE in the legend', async () => {
    const spec = createReliabilitySpec({
      series: {
        gated: binReliability([0.05, 0.2, 0.85, 0.9, 0.97], [0, 0, 1, 1, 0], 5),
        other: binReliability([0.5, 0.55], [1, 0], 5),
      },
      scoreTitle: 'p(bottom)',
      outcomeTitle: 'observed rate',
      seriesTitle: 'model',
    });
    const svg = await renderVegaLiteToSvg(spec);
    expect(await renderVegaLiteToSvg(spec)).toBe(svg);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('gated (ECE 0.194)');
    expect(svg).toContain('other (ECE 0.025)');
    expect(svg).toContain('p(bottom)');
  });
});
