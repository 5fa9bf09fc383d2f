/** Small Markdown building blocks. Cells must already be escaped (see `escape.ts`). */

/** A GFM table; `align` marks numeric columns right-aligned. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = [],
): string {
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

/** A Markdown heading of the given level. */
export function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(Math.max(level, 1), 6))} ${text}`;
}

/** Joins blocks with one blank line between them and a final newline. */
export function joinBlocks(blocks: readonly (string | null | undefined | false)[]): string {
  return `${blocks.filter((block): block is string => typeof block === 'string' && block !== '').join('\n\n')}\n`;
}
