import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../atomic-write.js';
import { formatArtifactJson } from '../canonical-json.js';
import { type DomainContract, defineDomainContract } from '../domain-contract.js';
import {
  appendDerivedEnvelope,
  buildRunEnvelope,
  perfSuiteEnvelope,
  renderEnvelopeMarkdown,
  runInputDigestOf,
} from '../envelope.js';
import { configHash, fingerprint, sha256Hex } from '../hash.js';
import { createManifestEntry, SUMMARY_HASHED_FILES, sortArtifacts } from '../manifest-update.js';
import { type FileRecord, writeRunFile } from '../run-files.js';
import { perSeedResultPath, RUN_FILES } from '../run-layout.js';
import {
  CLAIM_AUDIT_MARKER,
  CLAIM_AUDIT_VERSION,
  type ClaimAuditV2,
} from '../schemas/claim-audit.js';
import type { Distribution } from '../schemas/common.js';
import {
  type ArtifactEntry,
  MANIFEST_MARKER,
  MANIFEST_VERSION,
  type RunManifestV6,
} from '../schemas/manifest.js';
import { METRIC_LOG_MARKER, METRIC_LOG_VERSION } from '../schemas/metric-log.js';
import {
  PAIRED_STATS_MARKER,
  PAIRED_STATS_VERSION,
  type PairedStatsV1,
} from '../schemas/paired-stats.js';
import {
  PERF_SUITE_MARKER,
  PERF_SUITE_VERSION,
  type PerfBenchmark,
  type PerfSuiteV3,
} from '../schemas/perf-suite.js';
import { PROVENANCE_MARKER, PROVENANCE_VERSION, type ProvenanceV8 } from '../schemas/provenance.js';
import {
  RESUME_STATE_MARKER,
  RESUME_STATE_VERSION,
  type ResumeStateV3,
} from '../schemas/resume-state.js';
import type { SeedContract } from '../schemas/seed-contract.js';
import { SEED_RESULT_VERSION, type SeedResult, seedResultMarker } from '../schemas/seed-result.js';
import { SUMMARY_MARKER, SUMMARY_VERSION, type SummaryV1 } from '../schemas/summary.js';
import * as z from '../schemas/zod.js';

const FIXED_TIME = '2026-01-01T00:00:00Z';

/** The environment of a fixture: a CPU machine without GPUs, tags or reproducibility variables. */
export const NO_GPU_ENVIRONMENT: ProvenanceV8['environment'] = {
  device: 'cpu',
  gpu_devices: [],
  cuda_available: false,
  git_tag: null,
  reproducibility_env: {},
};
/** A test-only domain contract: empty details, no sidecars, JSON Schemas rendered from zod. */
export const FIXTURE_CONTRACT = defineDomainContract({
  id: 'fixture',
  title: 'Fixture domain (tests only)',
  claimBoundary: 'Fixture domain for tests: measures nothing about any real model.',
  metricSemantics: 'Per-seed values aggregated over seeds as mean, sd and a 95% t-interval.',
  seedDetails: z.strictObject({}).meta({ description: 'No details.' }),
  artifacts: [],
});

/** Options of {@link writeFixtureRunDir}. */
export interface FixtureRunOptions<D> {
  /** The domain the fixture run belongs to; {@link FIXTURE_CONTRACT} by default. */
  readonly contract?: DomainContract<D>;
  readonly seeds?: readonly number[];
  /** Models and their roles; a claimed `candidate` and a baseline `reference` by default. */
  readonly models?: readonly { id: string; label: string; role: 'claimed' | 'baseline' }[];
  /** The per-seed `details` (must parse with the contract's seedDetails). */
  readonly details?: (seed: number) => D;
  /** Extra files (sidecars) per seed, relative to the run root, each declared by the contract. */
  readonly seedFiles?: (seed: number) => readonly { path: string; content: string }[];
  /** Each model's per-epoch training log on a seed; empty by default. */
  readonly trainLog?: (
    seed: number,
    model: string,
  ) => { epoch: number; step: number; metrics: Record<string, number> }[];
}

// Two-sided 95% Student-t quantiles by degrees of freedom; 1.96 beyond the table.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179];

/**
 * A seed distribution for fixtures, computed here (not by the runner) so tests that compare the
 * runner's numbers with a fixture's have an independent oracle; the interval uses a 3-digit t table.
 */
export function fixtureDistribution(values: readonly (number | null)[]): Distribution {
  const finite = values.filter((v): v is number => v !== null);
  const n = finite.length;
  if (n === 0)
    return {
      n: 0,
      mean: null,
      std: null,
      median: null,
      min: null,
      max: null,
      ci95: null,
      values: [...values],
    };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const sorted = [...finite].sort((a, b) => a - b);
  const std = n > 1 ? Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
  const half = std === null ? null : ((T975[n - 2] ?? 1.96) * std) / Math.sqrt(n);
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
    ci95: half === null ? null : [mean - half, mean + half],
    values: [...values],
  };
}

function loss(seed: number, index: number): number {
  // A deterministic stand-in value; fixtures exercise the contract, not the science.
  return Number((0.1 * (index + 1) + ((seed * 37) % 11) / 1000).toFixed(6));
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n';

/**
 * Writes a small but complete, valid scientific run directory of a domain, built from the
 * schemas with fixed timestamps so the bytes are reproducible. Used by fixtures, tests and the
 * gate benchmark.
 */
export function writeFixtureRunDir<D = Record<string, never>>(
  dir: string,
  options: FixtureRunOptions<D> = {},
): RunManifestV6 {
  const contract = (options.contract ?? FIXTURE_CONTRACT) as DomainContract<D>;
  const seeds = [...(options.seeds ?? [0, 1, 2, 3, 4])];
  const models = options.models ?? [
    { id: 'candidate', label: 'Candidate', role: 'claimed' as const },
    { id: 'reference', label: 'Reference', role: 'baseline' as const },
  ];
  const domain = contract.id;
  const mode = 'smoke';
  const config = { fixture: true, n_steps: 3 };
  const hash = configHash({ domain, mode, config });
  const runId = 'run_20260101_000000_nogit';
  const records: FileRecord[] = [];
  const seedFiles: Record<string, Record<string, { sha256: string; bytes: number }>> = {};
  mkdirSync(dir, { recursive: true });
  const put = (path: string, content: string) => {
    const record = writeRunFile(dir, path, content);
    records.push(record);
    return record;
  };
  const datasetFingerprints: Record<string, string> = {};
  const seedTimings: ProvenanceV8['seed_timings'] = {};

  for (const seed of seeds) {
    datasetFingerprints[seed] = fingerprint({ domain, seed });
    const files: Record<string, { sha256: string; bytes: number }> = {};
    for (const file of options.seedFiles?.(seed) ?? []) {
      const record = put(file.path, file.content);
      files[record.path] = { sha256: record.sha256, bytes: record.bytes };
    }
    const result: SeedResult<D> = {
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
      runs: Object.fromEntries(
        models.map((model, i) => [
          model.id,
          {
            metrics: { loss: loss(seed, i) },
            model_meta: { family: model.id, n_params: 0, architecture: 'fixture' },
            train: { optimizer: 'none', steps: 0, epochs: 0, batch_size: 0 },
            train_log: options.trainLog?.(seed, model.id) ?? [],
            checkpoint: null,
          },
        ]),
      ),
      artifact_naming: { per_seed_result: perSeedResultPath(seed) },
      details: (options.details?.(seed) ?? {}) as D,
    };
    const record = put(perSeedResultPath(seed), formatArtifactJson(result));
    files[record.path] = { sha256: record.sha256, bytes: record.bytes };
    seedTimings[seed] = {
      started_utc: FIXED_TIME,
      finished_utc: FIXED_TIME,
      wall_time_s: 0,
      train_time_s: {},
      attempt: 1,
      result_sha256: record.sha256,
    };
    seedFiles[String(seed)] = files;
  }

  const metrics = Object.fromEntries(
    models.map((model, i) => [
      model.id,
      { loss: fixtureDistribution(seeds.map((s) => loss(s, i))) },
    ]),
  );
  const summary: SummaryV1 = {
    schema: SUMMARY_MARKER,
    schema_version: SUMMARY_VERSION,
    domain,
    mode,
    config_hash: hash,
    n_seeds: seeds.length,
    seeds,
    models: models.map(({ id, label, role }) => ({ id, label, role })),
    metric_definitions: {
      loss: { description: 'Fixture loss.', direction: 'lower', unit: 'loss', subset: 'all' },
    },
    metrics,
    per_seed: seeds.flatMap((seed) =>
      models.map((model, i) => ({ seed, model: model.id, metrics: { loss: loss(seed, i) } })),
    ),
  };
  const summaryRecord = put(RUN_FILES.summary, formatArtifactJson(summary));
  // The derived Markdown carries the run's derived envelope, as a real run's does.
  const derived = (markdown: string) =>
    appendDerivedEnvelope(markdown, {
      contract,
      mode,
      codeVersion: '0.1.0',
      inputDigest: runInputDigestOf({
        domain,
        mode,
        configHash: hash,
        seeds,
        datasetFingerprints,
      }),
      models: models.map((model) => model.id),
      eventCount: seeds.length * models.length,
    });
  put(RUN_FILES.summaryMd, derived('# Summary\n\nFixture summary.\n'));
  const paired: PairedStatsV1 = {
    schema: PAIRED_STATS_MARKER,
    schema_version: PAIRED_STATS_VERSION,
    domain,
    mode,
    config_hash: hash,
    claimed_model: models.find((m) => m.role === 'claimed')?.id ?? null,
    seeds,
    distributions: metrics,
    comparisons: [],
    baseline_run: null,
  };
  const pairedRecord = put(RUN_FILES.pairedStats, formatArtifactJson(paired));
  put(RUN_FILES.pairedStatsMd, derived('# Paired statistics\n\nNo comparisons in the fixture.\n'));
  const log = seeds
    .flatMap((seed, step) =>
      models.map((model, i) =>
        JSON.stringify({
          schema: METRIC_LOG_MARKER,
          schema_version: METRIC_LOG_VERSION,
          phase: 'benchmark_seed',
          record_type: 'benchmark_seed',
          step,
          metrics: { loss: loss(seed, i) },
          context: { domain, model: model.id, seed },
        }),
      ),
    )
    .join('\n');
  put(RUN_FILES.metricLog, `${log}\n`);
  put(RUN_FILES.metricSummarySvg, SVG);
  put(RUN_FILES.perSeedDistributionsSvg, SVG);
  put(RUN_FILES.claimAudit, derived('# Claim audit\n\nNo claims in the fixture.\n'));
  const audit: ClaimAuditV2 = {
    schema: CLAIM_AUDIT_MARKER,
    schema_version: CLAIM_AUDIT_VERSION,
    domain,
    mode,
    config_hash: hash,
    claims: [],
    evidence: [summaryRecord, pairedRecord].map(({ path, sha256 }) => ({ path, sha256 })),
  };
  put(RUN_FILES.claimAuditJson, formatArtifactJson(audit));

  const git = { commit: null, branch: null, dirty: null };
  const attempt = {
    attempt: 1,
    argv: [domain, '--mode', 'smoke'],
    started_utc: FIXED_TIME,
    finished_utc: FIXED_TIME,
    seeds_run: seeds,
    seeds_completed: seeds,
    seeds_failed: [],
    status: 'complete' as const,
  };
  const contractRecord: SeedContract = {
    domain,
    mode,
    seeds,
    config_hash: hash,
    code_version: '0.1.0',
    shard: null,
    parent_run: null,
  };
  const provenance: ProvenanceV8 = {
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
      hostname_sha256: sha256Hex('fixture'),
    },
    environment: NO_GPU_ENVIRONMENT,
    runtime: { node: 'v20.0.0', v8: '0', packages: {} },
    invocation: { argv: attempt.argv, env_flags: {} },
    config_hash: hash,
    parent_run_dir: null,
    contract: contractRecord,
    config: { domain, mode, config },
    dataset_fingerprints: datasetFingerprints,
    seed_timings: seedTimings,
    seed_errors: {},
    resume: { attempts: [attempt] },
    shards: null,
    budget_file: null,
    notes: null,
  };
  const provenanceRecord = put(RUN_FILES.provenance, formatArtifactJson(provenance));
  const envelope = buildRunEnvelope({
    contract,
    provenance,
    summary,
    claimAudit: audit,
    references: { [RUN_FILES.provenance]: `sha256:${provenanceRecord.sha256}` },
  });
  put(
    RUN_FILES.runReport,
    ['# Run report', 'Fixture run directory.', ...renderEnvelopeMarkdown(envelope)]
      .join('\n\n')
      .concat('\n'),
  );
  const resume: ResumeStateV3 = {
    schema: RESUME_STATE_MARKER,
    schema_version: RESUME_STATE_VERSION,
    run_id: runId,
    contract: contractRecord,
    startup: { created_utc: FIXED_TIME, argv: attempt.argv, git },
    seed_status: Object.fromEntries(seeds.map((seed) => [String(seed), 'complete' as const])),
    seed_errors: {},
    seed_files: seedFiles,
    attempts: [attempt],
  };
  put(RUN_FILES.resumeState, formatArtifactJson(resume));

  const artifacts: Record<string, ArtifactEntry> = {};
  for (const record of records) artifacts[record.path] = createManifestEntry(contract, record);
  const manifest: RunManifestV6 = {
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
    artifacts: sortArtifacts(artifacts),
    dataset_fingerprints: datasetFingerprints,
    checkpoint_hashes: {},
    bundle_hashes: {},
    summary_hashes: Object.fromEntries(
      records
        .filter((record) => SUMMARY_HASHED_FILES.includes(record.path))
        .map((record) => [record.path, record.sha256]),
    ),
    budget_file: null,
  };
  writeJsonAtomic(join(dir, RUN_FILES.manifest), manifest);
  return manifest;
}

/** Writes a valid performance-suite directory: a baseline and one candidate within budget. */
export function writeFixturePerfDir(dir: string): {
  baseline: PerfSuiteV3;
  candidate: PerfSuiteV3;
} {
  const benchmark = (
    name: string,
    group: string,
    samples: number[],
    items: number,
    unit: string,
  ): PerfBenchmark => {
    const sorted = [...samples].sort((a, b) => a - b);
    const sum = samples.reduce((a, b) => a + b, 0);
    // Linear interpolation at rank q·(n − 1), as the harness computes it.
    const quantile = (q: number) => {
      const r = q * (sorted.length - 1);
      const lo = Math.floor(r);
      const hi = Math.ceil(r);
      return (sorted[lo] as number) + (r - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
    };
    return {
      name,
      group,
      description: `fixture benchmark ${name}`,
      iterations: samples.length,
      warmup: 1,
      concurrency: 1,
      latency_ms: {
        min: sorted[0] as number,
        p50: quantile(0.5),
        p95: quantile(0.95),
        max: sorted[sorted.length - 1] as number,
        mean: sum / samples.length,
      },
      throughput: { value: (items * samples.length * 1000) / sum, unit },
      samples_ms: samples,
    };
  };
  const suite = (created: string, scale: number): PerfSuiteV3 => {
    const content: Omit<PerfSuiteV3, 'envelope'> = {
      schema: PERF_SUITE_MARKER,
      schema_version: PERF_SUITE_VERSION,
      suite: 'all',
      suites: ['nn', 'stats'],
      created_utc: created,
      environment: {
        machine_class: 'fixture-x64-2cpu',
        os: 'fixture',
        arch: 'x64',
        cpu_model: 'fixture',
        cpu_count: 2,
        total_memory_bytes: 2 ** 33,
        load_average: [0, 0, 0],
        node: 'v20.0.0',
        v8: '11.3.244.8-node.0',
        hostname_sha256: sha256Hex('fixture'),
      },
      provenance: {
        zpbench_version: '0.1.0',
        suite_version: 1,
        git: { commit: null, branch: null, dirty: null },
        environment: NO_GPU_ENVIRONMENT,
        command: ['zpbench', 'perf', 'run', '--suite', 'all'],
        options: { iterations: 5, concurrency: 1 },
        wall_time_s: 1.5,
      },
      benchmarks: [
        benchmark(
          'nn.mlp_4_64_64_2.train_step',
          'nn',
          [2, 2.5, 2.25, 2.1, 3].map((v) => v * scale),
          256,
          'samples/s',
        ),
        benchmark(
          'stats.severity_exact_12x3x200',
          'stats',
          [10, 12, 11, 10.5, 11.5].map((v) => v * scale),
          1,
          'calls/s',
        ),
      ],
    };
    return { ...content, envelope: perfSuiteEnvelope(content) };
  };
  const baseline = suite('2026-01-01T00:00:00Z', 1);
  const candidate = suite('2026-01-02T00:00:00Z', 1.05);
  mkdirSync(dir, { recursive: true });
  writeJsonAtomic(join(dir, 'baseline.json'), baseline);
  writeJsonAtomic(join(dir, 'benchmarks_20260102T000000Z.json'), candidate);
  return { baseline, candidate };
}
