import {
  formatMeanInterval,
  type ReportSection,
  type RunView,
  type SummaryV1,
} from '@zpbench/core';
import { OPERATING_POINTS } from './contract.js';
import { bundleManifestV1Schema } from './schemas/bundle.js';
import type { DoseDetails } from './schemas/details.js';
import type { OperatingPointsV1 } from './schemas/operating-points.js';
import { bottomCost } from './sweep.js';

const FAULT = 'fault_rate';
const SEMANTIC = 'semantic_bottom_rate';

/**
 * The fault-vs-semantic bottom breakdown: hard faults against semantic bottoms per model, with
 * DOSE's provenance-weighted cost (a semantic bottom counts half a fault), the same formula the
 * operating-point calibration uses.
 */
export function bottomBreakdownSection(summary: SummaryV1): ReportSection | null {
  const models = summary.models
    .map((m) => m.id)
    .filter(
      (id) => FAULT in (summary.metrics[id] ?? {}) || SEMANTIC in (summary.metrics[id] ?? {}),
    );
  if (models.length === 0) return null;
  return {
    id: 'dose-bottom-breakdown',
    title: 'Fault vs semantic bottoms',
    blocks: [
      {
        kind: 'text',
        text: `Bottom outputs split by provenance: hard faults (${FAULT}) against semantic bottoms (${SEMANTIC}), means over seeds with 95% intervals. The weighted cost is DOSE's bottom cost fault + 0.5 × semantic, as in the operating-point calibration.`,
      },
      {
        kind: 'table',
        columns: [
          { header: 'model', format: 'code' },
          { header: 'fault rate', align: 'right' },
          { header: 'semantic bottom rate', align: 'right' },
          { header: 'total', align: 'right', format: 'number' },
          { header: 'fault share', align: 'right', format: 'percent' },
          { header: 'weighted cost', align: 'right', format: 'number' },
        ],
        rows: models.map((model) => {
          const fault = summary.metrics[model]?.[FAULT];
          const semantic = summary.metrics[model]?.[SEMANTIC];
          const f = fault?.mean ?? null;
          const s = semantic?.mean ?? null;
          const total = f !== null && s !== null ? f + s : null;
          return [
            model,
            fault ? formatMeanInterval(fault.mean, fault.ci95) : null,
            semantic ? formatMeanInterval(semantic.mean, semantic.ci95) : null,
            total,
            total !== null && total > 0 && f !== null ? f / total : null,
            bottomCost(f, s),
          ];
        }),
      },
    ],
  };
}

/** The operating-point presets of a run, as a table (test means at the chosen model and tau). */
export function operatingPointsSection(doc: OperatingPointsV1, title: string): ReportSection {
  return {
    id: 'dose-operating-points',
    title,
    blocks: [
      {
        kind: 'text',
        text: `Presets chosen on the calibration split and evaluated on the test split (seeds ${doc.seeds.join(', ')}); full evidence in aggregated/dose_operating_points.json.`,
      },
      {
        kind: 'table',
        columns: [
          { header: 'preset', format: 'code' },
          { header: 'model', format: 'code' },
          { header: 'tau', align: 'right', format: 'number' },
          { header: 'false in-range on censored', align: 'right', format: 'number' },
          { header: 'false censored on in-range', align: 'right', format: 'number' },
          { header: 'macro F1', align: 'right', format: 'number' },
          { header: 'accept rate', align: 'right', format: 'number' },
        ],
        rows: Object.entries(doc.presets).map(([name, p]) => [
          name,
          p.model,
          p.tau,
          p.evaluation.mean.false_in_range_rate_on_censored,
          p.evaluation.mean.false_censored_rate_on_in_range,
          p.evaluation.mean.macro_f1,
          p.evaluation.mean.accept_rate,
        ]),
      },
    ],
  };
}

/** DOSE's sections of RUN_REPORT.md: the bottom breakdown and the operating points. */
export function doseReportSections(run: RunView<DoseDetails>): ReportSection[] {
  const sections: ReportSection[] = [];
  const bottoms = bottomBreakdownSection(run.summary);
  if (bottoms) sections.push(bottoms);
  const ops = run.read(OPERATING_POINTS);
  if (ops) sections.push(operatingPointsSection(ops, 'Operating points'));
  return sections;
}

/** DOSE's sections of a bundle report: the frozen operating point and the parent run's presets. */
export function describeDoseBundle(bundle: unknown, run: RunView | null): ReportSection[] {
  const manifest = bundleManifestV1Schema.parse(bundle);
  const sections: ReportSection[] = [
    {
      id: 'dose-bundle-operating-point',
      title: 'Operating point',
      blocks: [
        {
          kind: 'text',
          text: `The bundle decodes with tau_infer ${manifest.tau_infer} (${manifest.operating_point.name}: ${manifest.operating_point.source}) inside the assay window [${manifest.assay_window.lloq}, ${manifest.assay_window.uloq}].`,
        },
        {
          kind: 'table',
          columns: [
            { header: 'preset', format: 'code' },
            { header: 'tau calibrated on this seed', align: 'right', format: 'number' },
          ],
          rows: Object.entries(manifest.calibrated_operating_points).map(([name, tau]) => [
            name,
            tau,
          ]),
        },
      ],
    },
  ];
  const ops = run?.read(OPERATING_POINTS) ?? null;
  if (ops) sections.push(operatingPointsSection(ops, 'DOSE operating points of the parent run'));
  return sections;
}
