import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../atomic-write.js';
import { formatArtifactJson } from '../canonical-json.js';
import { configHash, fingerprint, sha256Hex } from '../hash.js';
import { perSeedResultPath, RUN_FILES, seedDir } from '../run-layout.js';
import {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  type ClaimAuditV1,
} from '../schemas/claim-audit.js';
import type { Distribution } from '../schemas/common.js';
import {
  type ArtifactEntry,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  type RunManifestV4,
} from '../schemas/manifest.js';
import { METRIC_LOG_MARKER, METRIC_LOG_VERSION } from '../schemas/metric-log.js';
import {
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  type PairedStatsV1,
} from '../schemas/paired-stats.js';
import { PERF_SUITE_MARKER, PERF_SUITE_VERSION, type PerfSuiteV1 } from '../schemas/perf-suite.js';
import { PROVENANCE_MARKER, PROVENANCE_VERSION, type ProvenanceV6 } from '../schemas/provenance.js';
import {
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  type ResumeStateV2,
} from '../schemas/resume-state.js';
import { SEED_RESULT_VERSION, type SeedResult, seedResultMarker } from '../schemas/seed-result.js';
import { SUMMARY_MARKER, SUMMARY_VERSION, type SummaryV1 } from '../schemas/summary.js';

const FIXED_TIME = '2026-01-01T00:00:00Z';
const MODELS = ['scm', 'mlp'] as const;

function distribution(values: number[]): Distribution {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sorted = [...values].sort((a, b) => a - b);
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
  const mid = Math.floor(n / 2);
  const median =
    n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    n,
    mean,
    std,
    median,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    ci95: null,
    values,
  };
}

function loss(seed: number, model: string): number {
  // A deterministic stand-in value; fixtures exercise the contract, not the science.
  return Number(((model === 'scm' ? 0.1 : 0.2) + ((seed * 37) % 11) / 1000).toFixed(6));
}

/**
 * Writes a small but complete, valid scientific run directory built from the schemas, with
 * fixed timestamps so the bytes are reproducible. Used by fixtures, tests and the gate benchmark.
 */
export function writeFixtureRunDir(
  dir: string,
  options: { seeds?: readonly number[] } = {},
): RunManifestV4 {
  const seeds = [...(options.seeds ?? [0, 1, 2, 3, 4])];
  const domain = 'synthetic';
  const mode = 'smoke';
  const config = { fixture: true, n_steps: 3 };
  const hash = configHash({ domain, mode, config });
  const runId = 'run_20260101_000000_nogit';
  const files = new Map<string, { content: string; kind: ArtifactEntry['kind'] }>();
  const put = (path: string, content: string, kind: ArtifactEntry['kind']) =>
    files.set(path, { content, kind });
  const datasetFingerprints: Record<string, string> = {};

  for (const seed of seeds) {
    datasetFingerprints[seed] = fingerprint({ domain, seed });
    const result: SeedResult = {
      schema: seedResultMarker(domain),
      schema_version: SEED_RESULT_VERSION,
      domain,
      mode,
      seed,
      protocol: { protocol_version: 'v1', invalid_output_policy: 'not applicable' },
      config_hash: hash,
      dataset_fingerprint: datasetFingerprints[seed] as string,
      data_config: { dataset_name: 'fixture', dataset_version: 1 },
      train_config: {},
      split_sizes: { test: 3 },
      tau_infer: null,
      tau_train: null,
      runs: Object.fromEntries(
        MODELS.map((model) => [
          model,
          {
            metrics: { loss: loss(seed, model) },
            model_meta: { family: model, n_params: 0, architecture: 'fixture' },
            train: { optimizer: 'none', steps: 0, epochs: 0, batch_size: 0 },
            train_log: [],
            checkpoint: null,
          },
        ]),
      ),
      artifact_naming: { per_seed_result: perSeedResultPath(seed) },
      details: {},
    };
    put(perSeedResultPath(seed), formatArtifactJson(result), 'json');
  }

  const metrics = Object.fromEntries(
    MODELS.map((model) => [model, { loss: distribution(seeds.map((s) => loss(s, model))) }]),
  );
  const summary: SummaryV1 = {
    schema: SUMMARY_MARKER,
    schema_version: SUMMARY_VERSION,
    domain,
    mode,
    config_hash: hash,
    n_seeds: seeds.length,
    seeds,
    models: [
      { id: 'scm', label: 'SCM', role: 'claimed' },
      { id: 'mlp', label: 'MLP', role: 'baseline' },
    ],
    metric_definitions: {
      loss: { description: 'Fixture loss.', direction: 'lower', unit: 'loss', subset: 'all' },
    },
    metrics,
    per_seed: seeds.flatMap((seed) =>
      MODELS.map((model) => ({ seed, model, metrics: { loss: loss(seed, model) } })),
    ),
  };
  put(RUN_FILES.summary, formatArtifactJson(summary), 'json');
  put(
    RUN_FILES.summaryMd,
    '# Summary\n\n| model | loss |\n|---|---|\n| scm | fixture |\n',
    'markdown',
  );
  const paired: PairedStatsV1 = {
    schema: PAIRED_STATS_MARKER,
    schema_version: PAIRED_STATS_VERSION,
    domain,
    mode,
    config_hash: hash,
    claimed_model: 'scm',
    seeds,
    distributions: metrics,
    comparisons: [],
    baseline_run: null,
  };
  put(RUN_FILES.pairedStats, formatArtifactJson(paired), 'json');
  put(
    RUN_FILES.pairedStatsMd,
    '# Paired statistics\n\nNo comparisons in the fixture.\n',
    'markdown',
  );
  const log = seeds
    .flatMap((seed, step) =>
      MODELS.map((model) =>
        JSON.stringify({
          schema: METRIC_LOG_MARKER,
          schema_version: METRIC_LOG_VERSION,
          phase: 'benchmark_seed',
          record_type: 'benchmark_seed',
          step,
          metrics: { loss: loss(seed, model) },
          context: { domain, model, seed },
        }),
      ),
    )
    .join('\n');
  put(RUN_FILES.metricLog, `${log}\n`, 'jsonl');
  put(
    RUN_FILES.metricSummarySvg,
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n',
    'svg',
  );
  put(
    RUN_FILES.perSeedDistributionsSvg,
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n',
    'svg',
  );
  put(RUN_FILES.claimAudit, '# Claim audit\n\nNo claims in the fixture.\n', 'markdown');
  put(RUN_FILES.runReport, '# Run report\n\nFixture run directory.\n', 'markdown');

  const audit: ClaimAuditV1 = {
    schema: CLAIM_AUDIT_MARKER,
    schema_version: CLAIM_AUDIT_VERSION,
    domain,
    mode,
    config_hash: hash,
    claims: [],
    evidence: [RUN_FILES.summary, RUN_FILES.pairedStats].map((path) => ({
      path,
      sha256: sha256Hex(files.get(path)?.content ?? ''),
    })),
  };
  put(RUN_FILES.claimAuditJson, formatArtifactJson(audit), 'json');

  const git = { commit: null, branch: null, dirty: null };
  const attempt = {
    attempt: 1,
    argv: ['synthetic', '--mode', 'smoke'],
    started_utc: FIXED_TIME,
    finished_utc: FIXED_TIME,
    seeds_run: seeds,
    seeds_completed: seeds,
    seeds_failed: [],
    status: 'complete' as const,
  };
  const provenance: ProvenanceV6 = {
    schema: PROVENANCE_MARKER,
    schema_version: PROVENANCE_VERSION,
    run_id: runId,
    domain,
    mode,
    zpbench_version: '0.1.0',
    created_utc: FIXED_TIME,
    git,
    system: {
      os: 'fixture',
      arch: 'fixture',
      cpu_model: 'fixture',
      cpu_count: 1,
      total_memory_bytes: 0,
      gpu: null,
      hostname_sha256: sha256Hex('fixture'),
    },
    runtime: { node: 'v20.0.0', v8: '0', packages: {} },
    invocation: { argv: attempt.argv, env_flags: {} },
    config_hash: hash,
    config: { domain, mode, config },
    dataset_fingerprints: datasetFingerprints,
    seed_timings: {},
    seed_errors: {},
    resume: { attempts: [attempt] },
  };
  put(RUN_FILES.provenance, formatArtifactJson(provenance), 'json');
  const resume: ResumeStateV2 = {
    schema: RESUME_STATE_MARKER,
    schema_version: RESUME_STATE_VERSION,
    run_id: runId,
    contract: { domain, mode, seeds, config_hash: hash, code_version: '0.1.0' },
    startup: { created_utc: FIXED_TIME, argv: attempt.argv, git },
    seed_status: Object.fromEntries(seeds.map((seed) => [String(seed), 'complete' as const])),
    seed_errors: {},
    attempts: [attempt],
  };
  put(RUN_FILES.resumeState, formatArtifactJson(resume), 'json');

  mkdirSync(dir, { recursive: true });
  for (const seed of seeds) mkdirSync(join(dir, seedDir(seed)), { recursive: true });
  const artifacts: Record<string, ArtifactEntry> = {};
  for (const [path, { content, kind }] of files) {
    writeFileAtomic(join(dir, path), content);
    artifacts[path] = { path, sha256: sha256Hex(content), bytes: Buffer.byteLength(content), kind };
  }
  const manifest: RunManifestV4 = {
    schema: MANIFEST_MARKER,
    schema_version: MANIFEST_VERSION,
    run_id: runId,
    domain,
    mode,
    zpbench_version: '0.1.0',
    config_hash: hash,
    seeds_planned: seeds,
    seeds_completed: seeds,
    seeds_failed: [],
    artifacts,
    dataset_fingerprints: datasetFingerprints,
    checkpoint_hashes: {},
    bundle_hashes: {},
    summary_hashes: Object.fromEntries(
      [RUN_FILES.summary, RUN_FILES.pairedStats, RUN_FILES.claimAuditJson].map((path) => [
        path,
        sha256Hex(readFileSync(join(dir, path))),
      ]),
    ),
  };
  writeJsonAtomic(join(dir, RUN_FILES.manifest), manifest);
  return manifest;
}

/** Writes a valid performance-suite directory: a baseline and one candidate within budget. */
export function writeFixturePerfDir(dir: string): {
  baseline: PerfSuiteV1;
  candidate: PerfSuiteV1;
} {
  const suite = (created: string, scale: number): PerfSuiteV1 => ({
    schema: PERF_SUITE_MARKER,
    schema_version: PERF_SUITE_VERSION,
    suite: 'all',
    created_utc: created,
    machine: {
      os: 'fixture',
      arch: 'x64',
      cpu_model: 'fixture',
      cpu_count: 2,
      node: 'v20.0.0',
      hostname_sha256: sha256Hex('fixture'),
    },
    git_commit: null,
    benchmarks: [
      {
        name: 'nn.mlp_4_64_64_2.step',
        group: 'nn',
        unit: 'ms',
        value: 2 * scale,
        lower_is_better: true,
        samples: [2 * scale],
      },
      {
        name: 'nn.mlp_4_64_64_2.throughput',
        group: 'nn',
        unit: 'samples_per_s',
        value: 1000 / scale,
        lower_is_better: false,
        samples: [1000 / scale],
      },
    ],
  });
  const baseline = suite('2026-01-01T00:00:00Z', 1);
  const candidate = suite('2026-01-02T00:00:00Z', 1.05);
  mkdirSync(dir, { recursive: true });
  writeJsonAtomic(join(dir, 'baseline.json'), baseline);
  writeJsonAtomic(join(dir, 'benchmarks_20260102T000000Z.json'), candidate);
  return { baseline, candidate };
}
