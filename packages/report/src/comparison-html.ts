import type { ComparisonV1 } from '@zpbench/core';
import { comparisonTitle, renderComparisonMarkdown } from './comparison-markdown.js';
import { renderMarkdownToHtml } from './markdown-html.js';

/**
 * Renders a comparison as one offline HTML page: the Markdown of
 * {@link renderComparisonMarkdown} (claim boundary and shared context first), through the
 * report's page (inline CSS, a Content-Security-Policy that forbids every request and script,
 * raw HTML never passed through). Pure.
 */
export function renderComparisonHtml(comparison: ComparisonV1): string {
  return renderMarkdownToHtml(renderComparisonMarkdown(comparison), {
    title: comparisonTitle(comparison),
    figures: new Map(),
  });
}
