/**
 * The run-directory layout: every path a run directory may hold, relative to the run root.
 * Paths always use forward slashes, whatever the platform.
 */
export const RUN_FILES = {
  manifest: 'manifest.json',
  manifestSignature: 'manifest.sig.json',
  provenance: 'provenance.json',
  resumeState: 'resume_state.json',
  lock: '.zpbench.lock',
  claimAudit: 'CLAIM_AUDIT.md',
  claimAuditJson: 'aggregated/claim_audit.json',
  runReport: 'RUN_REPORT.md',
  runReportHtml: 'RUN_REPORT.html',
  summary: 'aggregated/summary.json',
  summaryMd: 'aggregated/summary.md',
  pairedStats: 'aggregated/paired_stats.json',
  pairedStatsMd: 'aggregated/paired_stats.md',
  metricLog: 'aggregated/benchmark_metrics.jsonl',
  budgetVerdict: 'aggregated/budget_verdict.json',
  metricSummarySvg: 'figures/metric_summary.svg',
  perSeedDistributionsSvg: 'figures/per_seed_metric_distributions.svg',
  baselineDeltaSvg: 'figures/baseline_delta.svg',
  trainingLossSvg: 'figures/training_loss.svg',
  perSeedResult: 'seed_{seed}/per_seed_result.json',
} as const;

/** The directory of one seed, relative to the run root. */
export function seedDir(seed: number): string {
  return `seed_${seed}`;
}

/** The canonical per-seed result path, relative to the run root. Its presence marks a complete seed. */
export function perSeedResultPath(seed: number): string {
  return `${seedDir(seed)}/per_seed_result.json`;
}

/** Default run-directory root for a domain, relative to the working directory. */
export function defaultRunRoot(domain: string): string {
  return `results/benchmarks/${domain}`;
}

/** Parses `seed_<n>` back to its seed number, or returns null. */
export function parseSeedDirName(name: string): number | null {
  const match = /^seed_(\d+)$/.exec(name);
  return match ? Number(match[1]) : null;
}
