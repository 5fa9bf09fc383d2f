/**
 * The shared conformance suite (`describeDomainConformance` of `@zpbench/runner/testing`), run
 * for every registered domain on its tiny configuration, with the real report renderer.
 */
import { loadDomains, renderReportFor } from '@zpbench/cli';
import { describeDomainConformance } from '@zpbench/runner/testing';

for (const { plugin } of await loadDomains()) {
  describeDomainConformance(plugin, {
    renderReport: (p, runDir, files) =>
      renderReportFor(p, runDir, { html: true, verify: false, files }),
  });
}
