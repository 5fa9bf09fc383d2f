import { describe, expect, it } from 'vitest';
import {
  prefixSvgIds,
  renderVegaLiteToSvg,
  renumberSvgDefIds,
  withFigureConfig,
} from './vega-render.js';

const lineSpec = (n: number) => ({
  width: 200,
  height: 100,
  data: { values: Array.from({ length: n }, (_, i) => ({ x: i, y: (i * 7) % 5 })) },
  params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
});

describe('renderVegaLiteToSvg', () => {
  it('gives the same bytes for the same spec whatever was rendered before', async () => {
    const first = await renderVegaLiteToSvg(lineSpec(6));
    await renderVegaLiteToSvg(lineSpec(9));
    const again = await renderVegaLiteToSvg(lineSpec(6));
    expect(again).toBe(first);
    expect(first).toContain('clip-path="url(#clip1)"');
    expect(first.startsWith('<svg ')).toBe(true);
    expect(first.endsWith('</svg>\n')).toBe(true);
  });

  it('pins the font and lets a spec override config values', () => {
    const spec = withFigureConfig({ mark: 'point', config: { axis: { labelFontSize: 9 } } });
    const config = spec.config as {
      font: string;
      axis: { labelFontSize: number; titleFontSize: number };
    };
    expect(config.font).toContain('sans-serif');
    expect(config.axis.labelFontSize).toBe(9);
    expect(config.axis.titleFontSize).toBe(11);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  });

  it('escapes text from data in the SVG', async () => {
    const svg = await renderVegaLiteToSvg({
      data: { values: [{ m: '<script>alert(1)</script>', v: 1 }] },
      mark: 'bar',
      encoding: { y: { field: 'm', type: 'nominal' }, x: { field: 'v', type: 'quantitative' } },
    });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
  });
});

describe('SVG id helpers', () => {
  it('renumbers clip and gradient ids by first appearance', () => {
    expect(
      renumberSvgDefIds(
        '<g clip-path="url(#clip7)"/><clipPath id="clip7"/><clipPath id="clip3"/><x fill="url(#gradient_5)"/>',
      ),
    ).toBe(
      '<g clip-path="url(#clip1)"/><clipPath id="clip1"/><clipPath id="clip2"/><x fill="url(#gradient_0)"/>',
    );
  });

  it('prefixes ids and their references only', () => {
    expect(
      prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><text>clip1</text>', 'f-'),
    ).toBe('<clipPath id="f-clip1"/><g clip-path="url(#f-clip1)"/><text>clip1</text>');
  });
});
