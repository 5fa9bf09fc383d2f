import { describe, expect, it } from 'vitest';
import { COMPARISON_CSV_COLUMNS, renderComparisonCsv } from './comparison-csv.js';
import { renderComparisonHtml } from './comparison-html.js';
import { renderComparisonMarkdown } from './comparison-markdown.js';
import { createComparisonFixture, HOSTILE_MODEL } from './testing/comparison-fixture.js';

const comparison = createComparisonFixture();

describe('comparison reports', () => {
  it('render Markdown, CSV and HTML as pinned', async () => {
    await expect(renderComparisonMarkdown(comparison)).toMatchFileSnapshot(
      '__snapshots__/comparison.md',
    );
    await expect(renderComparisonCsv(comparison)).toMatchFileSnapshot(
      '__snapshots__/comparison.csv',
    );
    await expect(renderComparisonHtml(comparison)).toMatchFileSnapshot(
      '__snapshots__/comparison.html',
    );
  });

  it('open with the claim boundary and the shared context, before any row', () => {
    const markdown = renderComparisonMarkdown(comparison);
    const at = (text: string) => markdown.indexOf(text);
    expect(at('**Claim boundary.**')).toBeGreaterThan(0);
    expect(at('**Claim boundary.**')).toBeLessThan(at('### Shared context'));
    expect(at('### Shared context')).toBeLessThan(at('### Metrics'));
    expect(at('### Metrics')).toBeLessThan(at('### Regression verdict'));
  });

  it('escape every artifact string and never show an absolute path', () => {
    const markdown = renderComparisonMarkdown(comparison);
    const html = renderComparisonHtml(comparison);
    const csv = renderComparisonCsv(comparison);
    // Markdown: every markup character backslash-escaped; HTML: no tag, no link, no path.
    expect(markdown).not.toMatch(/(^|[^\\])[<[]img|\]\(javascript/);
    expect(html).not.toContain('<img');
    for (const text of [markdown, html]) expect(text).not.toContain('/home/someone');
    expect(markdown).toContain('\\<img src=x onerror="window.\\_\\_pwned=1"\\>');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    expect(html).not.toMatch(/<a [^>]*javascript/i);
    // CSV quotes the field that holds quotes; the row keeps its 30 columns.
    const row = csv.split('\r\n').find((line) => line.includes('onerror'));
    expect(row).toContain(`"${HOSTILE_MODEL.replace(/"/g, '""')}"`);
    expect(COMPARISON_CSV_COLUMNS).toHaveLength(30);
  });

  it('count unsafe references and never list them', () => {
    const markdown = renderComparisonMarkdown(comparison);
    expect(markdown).toContain(
      '3 unsafe references excluded and not shown (1 absolute, 0 outside the run, 2 checkpoints or weights, 0 binary)',
    );
    expect(markdown).not.toMatch(/checkpoints\//);
  });
});
