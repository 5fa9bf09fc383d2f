import { encodeHref, escapeMarkdown, markdownCode } from '@zpbench/core';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape.js';
import { renderMarkdownToHtml } from './markdown-html.js';

const html = (markdown: string) =>
  new Marked({ gfm: true, async: false }).parse(markdown) as string;

describe('escapeMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n'],
    ['[x](https://evil.example)', '<p>[x](https://evil.example)</p>\n'],
    ['![i](http://evil.example/i.png)', '<p>![i](http://evil.example/i.png)</p>\n'],
    ['see www.evil.example or a@evil.example', '<p>see www.evil.example or a@evil.example</p>\n'],
    ['*bold* _em_ `code` ~~del~~', '<p>*bold* _em_ `code` ~~del~~</p>\n'],
    ['&lt; stays literal', '<p>&amp;lt; stays literal</p>\n'],
    ['line\nbreak\r\n# heading', '<p>line break # heading</p>\n'],
  ])('keeps %j as plain text through GFM', (text, expected) => {
    expect(html(escapeMarkdown(text))).toBe(expected);
  });

  it('keeps a table cell a single cell', () => {
    const cell = escapeMarkdown('a | b');
    expect(html(`| h |\n| --- |\n| ${cell} |`)).toContain('<td>a | b</td>');
  });
});

describe('markdownCode', () => {
  it('uses code spans for plain identifiers and escaped text otherwise', () => {
    expect(markdownCode('semantic_bottom_rate')).toBe('`semantic_bottom_rate`');
    expect(markdownCode('baseline-run:mlp')).toBe('`baseline-run:mlp`');
    expect(markdownCode('http://x')).toBe('http\\:\\/\\/x');
    expect(markdownCode('a`b')).toBe('a\\`b');
  });
});

describe('escapeHtml and encodeHref', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('percent-encodes everything but path characters', () => {
    expect(encodeHref('logs/my log (1)é.svg')).toBe('logs/my%20log%20%281%29%C3%A9.svg');
  });
});

describe('renderMarkdownToHtml', () => {
  it('shows raw HTML in Markdown as text and drops links with a scheme', () => {
    const page = renderMarkdownToHtml(
      '<img src=x onerror=alert(1)>\n\n<b>bold</b> [ok](figures/a.svg) [bad](javascript:alert(1)) [ext](https://example.com)\n',
      { title: '<t>', figures: new Map() },
    );
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('<a href="figures/a.svg">ok</a>');
    expect(page).not.toMatch(/href="(javascript|https)/);
    expect(page).toContain('<title>&lt;t&gt;</title>');
    expect(page).toContain("script-src 'none'");
  });

  it('inlines known figures and keeps unknown images as their alt text', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
    const page = renderMarkdownToHtml(
      '![A](figures/a.svg)\n\n![B](figures/a.svg)\n\n![C](https://x/y.png)\n',
      {
        title: 't',
        figures: new Map([['figures/a.svg', svg]]),
      },
    );
    expect(page).toContain(
      '<figure id="figure-1"><div class="chart"><svg role="img" aria-label="A"',
    );
    expect(page).toContain('id="fig1-clip1"');
    expect(page).toContain('url(#fig2-clip1)');
    expect(page).not.toContain('<img');
    expect(page).toContain('<p>C</p>');
  });
});
