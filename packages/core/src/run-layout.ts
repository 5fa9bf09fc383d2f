/**
 * The run-directory layout: every path a run directory may hold, relative to the run root.
 * Paths always use forward slashes, whatever the platform.
 */
export const RUN_FILES = {
  manifest: 'manifest.json',
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
  metricSummarySvg: 'figures/metric_summary.svg',
  perSeedDistributionsSvg: 'figures/per_seed_metric_distributions.svg',
  baselineDeltaSvg: 'figures/baseline_delta.svg',
} as const;

/** Files every completed scientific run directory must hold. */
export const REQUIRED_RUN_FILES: readonly string[] = [
  RUN_FILES.manifest,
  RUN_FILES.provenance,
  RUN_FILES.resumeState,
  RUN_FILES.claimAudit,
  RUN_FILES.claimAuditJson,
  RUN_FILES.runReport,
  RUN_FILES.summary,
  RUN_FILES.summaryMd,
  RUN_FILES.pairedStats,
  RUN_FILES.pairedStatsMd,
  RUN_FILES.metricLog,
  RUN_FILES.metricSummarySvg,
  RUN_FILES.perSeedDistributionsSvg,
];

/** Extra files each domain requires, with `{seed}` standing for every completed seed. */
export const DOMAIN_REQUIRED_FILES: Readonly<Record<string, readonly string[]>> = {
  dose: [
    'seed_{seed}/dose_diagnostics.json',
    'aggregated/dose_diagnostics.json',
    'aggregated/dose_operating_points.json',
    'aggregated/dose_operating_points.md',
    'aggregated/dose_pareto_front.json',
    'aggregated/dose_pareto_front.md',
  ],
  rf: ['seed_{seed}/rf_signal_traces.json', 'seed_{seed}/rf_frequency_response.svg'],
  ik: [],
  synthetic: [],
};

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
