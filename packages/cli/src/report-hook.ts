import type { DomainPlugin } from '@zpbench/core';
import type { ReportOutput } from '@zpbench/runner';

/**
 * Renders every report and figure of a run directory, with the domain's figure pack and report
 * sections. During a run `verify` is false and `files` holds the recorded hashes: the runner
 * writes the manifest after the report.
 */
export async function renderReportFor(
  plugin: DomainPlugin<unknown>,
  runDir: string,
  options: {
    html: boolean;
    allowTampered?: boolean;
    verify?: boolean;
    files?: Readonly<Record<string, { readonly sha256: string }>>;
  },
): Promise<ReportOutput & { written: readonly string[] }> {
  // Loaded on use: vega and vega-lite cost ~0.3 s of start-up that other commands should not pay.
  const { renderRunReport } = await import('@zpbench/report');
  return renderRunReport(runDir, {
    contract: plugin.contract,
    domain: plugin,
    html: options.html,
    allowTampered: options.allowTampered,
    verify: options.verify,
    files: options.files,
  });
}
