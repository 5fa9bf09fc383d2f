/** Small Markdown building blocks. Cells must already be escaped (see `escape.ts`). */

/**
 * A GFM table. `align` marks columns right-aligned (numbers): one letter per column, `l` or `r`
 * (`'llrr'`), or the words `left` / `right`.
 * @example
 * markdownTable(['model', 'mean'], [['`scm`', '0.1']], 'lr');
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: string | readonly ('left' | 'right')[] = [],
): string {
  const right = (i: number) =>
    typeof align === 'string' ? align[i] === 'r' : align[i] === 'right';
  const rule = headers.map((_, i) => (right(i) ? '---:' : '---'));
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
