import {
  encodeHref,
  escapeMarkdown,
  formatNumber,
  formatPercent,
  heading,
  MISSING,
  markdownCode,
  markdownTable,
  type ReportBlock,
  type ReportCell,
  type ReportSection,
} from '@zpbench/core';

type Column = Extract<ReportBlock, { kind: 'table' }>['columns'][number];

function renderCell(cell: ReportCell, column: Column): string {
  if (cell === null) return MISSING;
  if (typeof cell === 'number')
    return column.format === 'percent' ? formatPercent(cell) : formatNumber(cell);
  return column.format === 'code' ? markdownCode(cell) : escapeMarkdown(cell);
}

function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'text':
      return escapeMarkdown(block.text);
    case 'list':
      return block.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
    case 'table':
      return markdownTable(
        block.columns.map((c) => escapeMarkdown(c.header)),
        block.rows.map((row) =>
          block.columns.map((column, i) => renderCell(row[i] ?? null, column)),
        ),
        block.columns.map((c) => c.align ?? 'left'),
      );
    case 'figure':
      return `![${escapeMarkdown(block.title)}](${encodeHref(block.path)})`;
  }
}

/**
 * Renders a domain's structured report sections as Markdown blocks: every string escaped, every
 * number formatted the same way as the rest of the report, so a domain never writes markup.
 */
export function renderReportSections(sections: readonly ReportSection[], level = 2): string[] {
  return sections.flatMap((section) => [
    heading(level, escapeMarkdown(section.title)),
    ...section.blocks.map(renderBlock),
  ]);
}
