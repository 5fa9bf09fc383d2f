import type { DomainPlugin } from '@zpbench/core';

/**
 * Renders every report and figure of a run directory, with the domain's figure pack. During a run
 * `verify` is false: the runner writes the manifest after the report.
 */
export async function renderReportFor(
  plugin: DomainPlugin<unknown>,
  runDir: string,
  options: { html: boolean; allowTampered?: boolean; verify?: boolean },
): Promise<readonly string[]> {
  // Loaded on use: vega and vega-lite cost ~0.3 s of start-up that other commands should not pay.
  const { renderRunReport } = await import('@zpbench/report');
  const { written } = await renderRunReport(runDir, {
    html: options.html,
    figurePack: plugin.figurePack,
    allowTampered: options.allowTampered,
    verify: options.verify,
  });
  return written;
}
