import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './escape.js';
import { prefixSvgIds } from './vega-render.js';

/** Link targets the HTML keeps: relative paths inside the run directory, nothing with a scheme. */
const SAFE_RELATIVE_HREF =
  /^(?![a-z][a-z0-9+.-]*:)(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9_./#%-]+$/i;

/** Options of {@link renderMarkdownToHtml}. */
export interface MarkdownHtmlOptions {
  readonly title: string;
  /** Figures to inline, by the relative path the Markdown uses in `![…](path)`. */
  readonly figures: ReadonlyMap<string, string>;
  /**
   * Inline scripts appended to the body (interactive pages only). Without scripts the page's
   * Content-Security-Policy forbids every script; with them, only these inline scripts run.
   */
  readonly scripts?: readonly string[];
  /** JSON data blocks (`<script type="application/json" id=…>`) for the scripts, by element id. */
  readonly data?: ReadonlyMap<string, unknown>;
  /**
   * The run's verdict: the Markdown's `**Verdict: X**: …` paragraph becomes a coloured banner
   * (the word stays in the text: colour is never the only signal). Null or absent: no banner.
   */
  readonly verdict?: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | null;
}

/** Sections whose HTML (figures aside) is longer than this, or with more table rows, start collapsed. */
const LONG_SECTION_CHARS = 9000;
const LONG_SECTION_ROWS = 30;
/** Sections a reader always needs open, whatever their length. */
const ALWAYS_OPEN = new Set(['claim-audit', 'run-identity']);

/** A heading's anchor id: lower-case words joined by dashes. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/&[a-z0-9#]+;/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/**
 * Turns the page's `<h2>` sections into collapsible `<details>` (open unless long), adds a table
 * of contents after the title and the verdict banner, and returns the new body.
 */
function structureSections(body: string, verdict: MarkdownHtmlOptions['verdict']): string {
  let html = body;
  if (verdict) {
    const word = verdict.toLowerCase();
    html = html.replace(
      `<p><strong>Verdict: ${verdict}</strong>`,
      `<p class="verdict verdict-${word}" role="status"><strong>Verdict: ${verdict}</strong>`,
    );
  }
  const parts = html.split(/(?=<h2[ >])/);
  const head = parts.shift() ?? '';
  if (parts.length === 0) return html;
  const toc: string[] = [];
  const sections = parts.map((part) => {
    const match = /^<h2 id="([^"]+)">([\s\S]*?)<\/h2>/.exec(part);
    if (!match) return part;
    const [whole, id, title] = match as unknown as [string, string, string];
    const content = part.slice(whole.length);
    const text = content.replace(/<svg[\s\S]*?<\/svg>/g, '');
    const rows = (text.match(/<tr>/g) ?? []).length;
    const long =
      !ALWAYS_OPEN.has(id) && (text.length > LONG_SECTION_CHARS || rows > LONG_SECTION_ROWS);
    toc.push(
      `<li><a href="#${id}">${title}</a>${long ? ' <span class="toc-note">(collapsed)</span>' : ''}</li>`,
    );
    return `<details class="section" id="${id}"${long ? '' : ' open'}>\n<summary><h2>${title}</h2>${long ? `<span class="summary-note">${rows > 0 ? `${rows} table rows, ` : ''}click to expand</span>` : ''}</summary>\n${content.trim()}\n</details>\n`;
  });
  const nav = `<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>${toc.join('')}</ol></nav>\n`;
  return `${head}${nav}${sections.join('')}`;
}

/** Serialises a value for a `<script>` element: no `</script>` or `<!--` can appear in it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Makes JavaScript source safe to inline in a `<script>` element. */
export function scriptSafeSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Inline stylesheet: readable on a laptop, clean when printed. No fonts or images by URL. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
  font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, "Liberation Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 40px 64px; background: #fff;
  min-height: 100vh; box-shadow: 0 0 0 1px #d0d7de; }
h1 { font-size: 1.9em; margin: 0.2em 0 0.5em; padding-bottom: 0.3em; border-bottom: 1px solid #d0d7de; }
h2 { font-size: 1.4em; margin: 1.8em 0 0.6em; padding-bottom: 0.25em; border-bottom: 1px solid #eaeef2; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.5em; }
p, ul { margin: 0.5em 0 0.9em; }
code { font: 0.88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  background: #f6f8fa; border: 1px solid #eaeef2; border-radius: 4px; padding: 0.05em 0.3em;
  overflow-wrap: anywhere; }
/* A code block is one box that scrolls, not a run of inline code boxes, one per line. */
pre { margin: 0.6em 0 1.1em; padding: 10px 12px; background: #f6f8fa; border: 1px solid #eaeef2;
  border-radius: 6px; overflow-x: auto; }
pre code { background: none; border: 0; border-radius: 0; padding: 0; white-space: pre;
  overflow-wrap: normal; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
blockquote { margin: 0 0 1em; padding: 0.6em 1em; border-left: 4px solid #cf222e;
  background: #ffebe9; color: #82071e; }
.table-wrap { overflow-x: auto; margin: 0.6em 0 1.1em; }
table { border-collapse: collapse; font-size: 0.9em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; text-align: left; }
tr:nth-child(even) td { background: #fbfcfd; }
figure { margin: 0.8em 0 0.4em; padding: 12px; border: 1px solid #d0d7de; border-radius: 6px;
  overflow-x: auto; background: #fff; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 6px; font-size: 0.85em; color: #57606a; }
strong { font-weight: 600; }
.verdict { margin: 0.4em 0 1.2em; padding: 0.75em 1em; border-radius: 6px; border: 1px solid;
  border-left-width: 6px; font-size: 1.02em; }
.verdict-pass { background: #dafbe1; border-color: #1a7f37; color: #0f5323; }
.verdict-fail { background: #ffebe9; border-color: #cf222e; color: #82071e; }
.verdict-inconclusive { background: #fff8c5; border-color: #9a6700; color: #4d2d00; }
.toc { margin: 0 0 1.4em; padding: 0.6em 1em; background: #f6f8fa; border: 1px solid #d0d7de;
  border-radius: 6px; font-size: 0.92em; }
.toc ol { margin: 0.3em 0 0; padding-left: 1.4em; columns: 2 16em; }
.toc-note, .summary-note { color: #57606a; font-size: 0.85em; }
details.section > summary { cursor: pointer; list-style-position: outside; margin-left: 1em; }
details.section > summary > h2 { display: inline; border: 0; }
details.section > summary { margin-top: 1.8em; padding-bottom: 0.25em; border-bottom: 1px solid #eaeef2; }
details.section > summary .summary-note { margin-left: 0.8em; }
/* Table cells never break inside a word (a number or an id split in two reads as two); a
   table wider than the column scrolls inside its own box. */
td, td code { overflow-wrap: normal; word-break: normal; }
td code { white-space: nowrap; }
@media (max-width: 900px) {
  main { padding: 20px 16px 48px; }
  body { font-size: 14px; }
  table { font-size: 0.84em; }
  th, td { padding: 3px 6px; }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; box-shadow: none; min-height: 0; }
  a { color: inherit; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, tr { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap, figure { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 5px; }
  figure { border: 0; padding: 0; }
  .toc { display: none; }
  details.section > summary { list-style: none; }
}
`;

function createMarked(options: MarkdownHtmlOptions): Marked {
  let figureIndex = 0;
  const usedIds = new Set<string>();
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    renderer: {
      // Raw HTML never passes through: artifact text is escaped before it reaches Markdown, and
      // anything that still parses as HTML is shown as text.
      html(token: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(token.text);
      },
      heading(token: Tokens.Heading): string {
        const text = this.parser.parseInline(token.tokens);
        if (token.depth !== 2 && token.depth !== 3)
          return `<h${token.depth}>${text}</h${token.depth}>\n`;
        const base = slug(text);
        let id = base;
        for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
        usedIds.add(id);
        return `<h${token.depth} id="${id}">${text}</h${token.depth}>\n`;
      },
      link(token: Tokens.Link): string {
        const text = this.parser.parseInline(token.tokens);
        if (!SAFE_RELATIVE_HREF.test(token.href)) return text;
        return `<a href="${escapeHtml(token.href)}">${text}</a>`;
      },
      image(token: Tokens.Image): string {
        const svg = options.figures.get(token.href);
        if (svg === undefined) return escapeHtml(token.text);
        figureIndex += 1;
        const inline = prefixSvgIds(svg.trim(), `fig${figureIndex}-`).replace(
          /^<svg /,
          `<svg role="img" aria-label="${escapeHtml(token.text)}" `,
        );
        return `<figure id="figure-${figureIndex}"><div class="chart">${inline}</div></figure>`;
      },
    },
  });
  return marked;
}

/**
 * Converts report Markdown into one self-contained HTML page: inline CSS, figures inlined as SVG,
 * a Content-Security-Policy that forbids every request and script, and no raw HTML passed through.
 */
export function renderMarkdownToHtml(markdown: string, options: MarkdownHtmlOptions): string {
  // Artifact text cannot contain a literal tag (it is escaped), so these are marked's own tables.
  const body = structureSections(
    createMarked(options)
      .parse(markdown, { async: false })
      .replaceAll('<table>', '<div class="table-wrap"><table>')
      .replaceAll('</table>', '</table></div>')
      .replaceAll('<p><figure ', '<figure ')
      .replaceAll('</figure></p>', '</figure>'),
    options.verdict ?? null,
  );
  const scripts = options.scripts ?? [];
  const scriptPolicy =
    scripts.length > 0 ? "script-src 'unsafe-inline' 'unsafe-eval'" : "script-src 'none'";
  const data = [...(options.data ?? new Map<string, unknown>())]
    .map(
      ([id, value]) =>
        `<script type="application/json" id="${escapeHtml(id)}">${scriptSafeJson(value)}</script>\n`,
    )
    .join('');
  const code = scripts.map((source) => `<script>${scriptSafeSource(source)}</script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ${scriptPolicy}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>${escapeHtml(options.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body.trim()}
</main>
${data}${code}</body>
</html>
`;
}
