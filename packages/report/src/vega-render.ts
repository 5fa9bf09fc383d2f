import type { TopLevelSpec } from 'vega-lite';

/**
 * Font stack pinned in every figure. Text is measured with vega's estimate (no canvas in Node),
 * so layout depends on font size only; the stack only decides how a viewer draws the glyphs.
 */
export const FIGURE_FONT = 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/** The vega-lite config applied under every figure spec: fonts, sizes, colours, background. */
export const BASE_FIGURE_CONFIG: Readonly<Record<string, unknown>> = {
  font: FIGURE_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d7de' },
  title: {
    fontSize: 13,
    fontWeight: 'bold',
    anchor: 'start',
    subtitleFontSize: 11,
    subtitleColor: '#57606a',
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    gridColor: '#eaeef2',
    domainColor: '#8c959f',
    tickColor: '#8c959f',
    // 0: no limit. Model labels are never truncated to an ellipsis.
    labelLimit: 0,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 0 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  range: {
    category: [
      '#0969da',
      '#cf222e',
      '#8250df',
      '#1a7f37',
      '#bc4c00',
      '#57606a',
      '#bf3989',
      '#0a3069',
    ],
  },
  concat: { spacing: 24 },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeDefaults(
  defaults: Readonly<Record<string, unknown>>,
  own: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(own)) {
    const base = out[key];
    out[key] = isPlainObject(base) && isPlainObject(value) ? mergeDefaults(base, value) : value;
  }
  return out;
}

/**
 * The spec as it is rendered: the figure's own config merged over {@link BASE_FIGURE_CONFIG}
 * (the spec's own values win). This is the spec kept beside each SVG as `*.vl.json`.
 */
export function withFigureConfig(spec: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const own = isPlainObject(spec.config) ? spec.config : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...spec,
    config: mergeDefaults(BASE_FIGURE_CONFIG, own),
  };
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let renderer: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

/**
 * vega and vega-lite, imported on the first figure: a third of a second of start-up that a
 * command writing no figure (a comparison, a list) should not pay.
 */
function loadRenderer(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // Vega measures text with a canvas when one is installed; pin its estimate so that SVG
    // bytes never depend on which optional native packages a machine has.
    const textMetrics = (vega as unknown as { textMetrics?: { canvas?: (use: boolean) => void } })
      .textMetrics;
    textMetrics?.canvas?.(false);
    return { vega, vegaLite };
  });
  return renderer;
}

/**
 * Renders a vega-lite spec to an SVG string in Node, deterministically: fixed config (see
 * {@link withFigureConfig}), estimated text metrics, and SVG definition ids reset per figure.
 * @example
 * const svg = await renderVegaLiteToSvg({ mark: 'bar', data: { values }, encoding });
 */
export async function renderVegaLiteToSvg(
  spec: Readonly<Record<string, unknown>>,
): Promise<string> {
  const { vega, vegaLite } = await loadRenderer();
  const compiled = vegaLite.compile(withFigureConfig(spec) as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = renumberSvgDefIds(await view.toSVG());
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}

/**
 * Renumbers vega's clip-path and gradient ids by order of appearance. Vega numbers them with
 * process-wide counters (in more than one copy of vega-scenegraph, so `resetSVGDefIds` cannot
 * reach them all); renumbering makes a figure's bytes independent of what was rendered before.
 */
export function renumberSvgDefIds(svg: string): string {
  const ids = new Map<string, string>();
  const next = { clip: 1, gradient_: 0 } as Record<string, number>;
  return svg.replace(
    /(id="|url\(#|href="#)(clip|gradient_)(\d+)(?=[")])/g,
    (_whole, head: string, kind: string, n: string) => {
      const key = `${kind}${n}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = `${kind}${next[kind]}`;
        next[kind] = (next[kind] ?? 0) + 1;
        ids.set(key, id);
      }
      return `${head}${id}`;
    },
  );
}

/**
 * Prefixes every `id` of an SVG document (and the references to it) so that several SVGs can be
 * inlined in one HTML page without their clip paths and gradients colliding.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) if (match[1]) ids.add(match[1]);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, head: string, id: string) =>
    ids.has(id) ? `${head}${prefix}${id}` : whole,
  );
}

/** Adds a `<title>` as the first child of an SVG document (escaped), replacing none it had. */
export function withSvgTitle(svg: string, title: string): string {
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return svg.replace(/^(\s*<svg\b[^>]*>)/, `$1<title>${escaped}</title>`);
}
