import { escapeMarkdown, heading, joinBlocks, markdownCode, markdownTable } from '@zpbench/core';
import type { QualitativePackV1 } from './schemas/qualitative-pack.js';

/** `rf_qualitative_figure_pack/README.md`: what the pack shows and how it was chosen. */
export function renderQualitativeReadme(pack: QualitativePackV1): string {
  const rows = pack.examples.map((e) => [
    `[${escapeMarkdown(e.name)}](${e.name}.svg)`,
    e.kind === 'washout' ? 'washout' : 'invented peak',
    e.models.map(markdownCode).join(', '),
    String(e.filter),
    e.subset === 'extrapolation' ? 'extrapolation' : 'in band',
    String(Number(e.q.toPrecision(4))),
    e.claimed_model_retained === null ? '—' : e.claimed_model_retained ? 'yes' : 'no',
    e.evidence.map(escapeMarkdown).join('; '),
  ]);
  return joinBlocks([
    heading(1, `RF qualitative figure pack: seed ${pack.seed}`),
    `Targeted failure cases selected from ${markdownCode(pack.source)} (${escapeMarkdown(pack.selection_rule)}). Each figure is rendered by the report from the saved traces alone: magnitude (dB) above, phase (degrees) below, every learned model against the analytic resonator, with the peak band, each model’s peak and its denominator minimum marked. \`manifest.json\` lists the same examples as data.`,
    rows.length > 0
      ? markdownTable(
          ['figure', 'kind', 'models', 'filter', 'subset', 'Q', 'SCM-Transfer retains', 'evidence'],
          rows,
          'lllrlrll',
        )
      : 'No learned model washed out a peak or invented one on this seed’s test filters.',
    pack.missing.length > 0
      ? `No example (the model never fails that way on this seed): ${pack.missing.map((m) => `${markdownCode(m.model)} ${m.kind === 'washout' ? 'washout' : 'invented peak'}`).join(', ')}.`
      : null,
  ]);
}
