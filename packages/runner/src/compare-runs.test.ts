import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BenchmarkRun,
  COMPARISON_SCHEMA,
  JsonSchemaValidator,
  readBenchmarkRun,
  type SeedResult,
} from '@zpbench/core';
import { FIXTURE_CONTRACT, writeFixtureRunDir } from '@zpbench/core/testing';
import { tQuantile } from '@zpbench/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBenchmarkRuns, compareRunPair, createRunComparison } from './compare-runs.js';

let temp: string;
let base: BenchmarkRun;
const read = (dir: string) =>
  readBenchmarkRun(dir, {
    domains: (id) => (id === FIXTURE_CONTRACT.id ? FIXTURE_CONTRACT : undefined),
  });

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-compare-'));
  writeFixtureRunDir(join(temp, 'base'));
  base = await read(join(temp, 'base'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The run with the candidate's loss on seed s changed by shift(s): an in-memory candidate. */
function shifted(
  run: BenchmarkRun,
  shift: (seed: number) => number,
  model = 'candidate',
): BenchmarkRun {
  const seedResults = new Map<number, SeedResult>();
  for (const [seed, result] of run.seedResults) {
    const own = result.runs[model];
    if (!own) throw new Error(`no ${model}`);
    const loss = own.metrics.loss as number;
    seedResults.set(seed, {
      ...result,
      runs: { ...result.runs, [model]: { ...own, metrics: { loss: loss + shift(seed) } } },
    });
  }
  return { ...run, seedResults };
}

/** t_{0.975, 4}, for the 5-seed fixtures. */
const T975_4 = 2.7764451051977987;

describe('compareBenchmarkRuns', () => {
  it('gives a run compared with itself zero deltas, p = 1, unchanged rows and a PASS', () => {
    const comparison = compareBenchmarkRuns(base, [base], { mode: 'regression' });
    expect(new JsonSchemaValidator().validate(COMPARISON_SCHEMA, comparison)).toEqual([]);
    expect(COMPARISON_SCHEMA.schema.safeParse(comparison).success).toBe(true);
    const [pair] = comparison.baselines;
    expect(pair?.status).toBe('compared');
    expect(pair?.context).toMatchObject({
      pairing: 'paired',
      test: 'paired-sign-flip',
      dataset_fingerprints: 'match',
      config: 'identical',
      config_differences: [],
      common_seeds: [0, 1, 2, 3, 4],
    });
    expect(pair?.diffs.map((d) => [d.model, d.delta, d.delta_ci95, d.p, d.status])).toEqual([
      ['candidate', 0, [0, 0], 1, 'unchanged'],
      ['reference', 0, [0, 0], 1, 'unchanged'],
    ]);
    expect(pair?.diffs[0]?.sign_agreement).toBeNull();
    expect(pair?.regression?.verdict).toMatchObject({ verdict: 'PASS', meta_p: 1, n_flagged: 0 });
    expect(pair?.regression?.claim_failures).toEqual({ new: [], removed: [], persisting: [] });
    expect(pair?.regression?.provenance_differences).toEqual([]);
    expect(pair?.regression?.artifact_drift.changed).toEqual([]);
  });

  it('computes the delta, its interval, the exact sign-flip p and d_z in closed form', () => {
    // Candidate loss up by 0.1 + 0.01·s: mean 0.12, sd 0.01·√2.5, every seed worse.
    const candidate = shifted(base, (s) => 0.1 + 0.01 * s);
    const pair = compareRunPair(base, candidate, { mode: 'regression' });
    const row = pair.diffs.find((d) => d.model === 'candidate');
    const sd = 0.01 * Math.sqrt(2.5);
    const half = (T975_4 * sd) / Math.sqrt(5);
    expect(row?.delta).toBeCloseTo(0.12, 12);
    expect(row?.delta_ci95?.[0]).toBeCloseTo(0.12 - half, 10);
    expect(row?.delta_ci95?.[1]).toBeCloseTo(0.12 + half, 10);
    // Two-sided: only the identity and the all-flipped pattern reach |Σd|: 2/32.
    expect(row?.p).toBe(2 / 32);
    expect(row?.cohens_d).toBeCloseTo(0.12 / sd, 8);
    expect(row?.sign_agreement).toBe(1);
    expect(row?.status).toBe('regressed');
    expect(row?.n_pairs).toBe(5);
    expect(pair.diffs.find((d) => d.model === 'reference')?.status).toBe('unchanged');
    // The severity test: one-sided, only the identity pattern reaches T_obs.
    expect(pair.regression?.verdict).toMatchObject({
      verdict: 'FAIL',
      meta_p: 1 / 32,
      flagged: ['candidate/loss'],
    });
  });

  it('follows the declared direction: lower loss is improved, never regressed', () => {
    const pair = compareRunPair(
      base,
      shifted(base, (s) => -0.1 - 0.01 * s),
    );
    expect(pair.diffs[0]?.status).toBe('improved');
    const higher: BenchmarkRun = {
      ...base,
      summary: {
        ...base.summary,
        metric_definitions: {
          loss: { ...(base.summary.metric_definitions.loss as never), direction: 'higher' },
        },
      },
    };
    const up = shifted(higher, (s) => 0.1 + 0.01 * s);
    expect(compareRunPair(higher, up).diffs[0]?.status).toBe('improved');
  });

  it('compares runs on disjoint seeds as two samples: exact unpaired p, Welch interval, pooled d', async () => {
    writeFixtureRunDir(join(temp, 'other'), { seeds: [5, 6, 7, 8, 9] });
    // The candidate's loss on seeds 5–9 is 0.1 above anything on seeds 0–4: a clean separation.
    const other = shifted(await read(join(temp, 'other')), () => 0.1);
    const pair = compareRunPair(base, other, { mode: 'regression' });
    expect(
      new JsonSchemaValidator().validate(COMPARISON_SCHEMA, createRunComparison([pair])),
    ).toEqual([]);
    expect(pair.status).toBe('compared');
    expect(pair.context).toMatchObject({
      pairing: 'unpaired',
      test: 'unpaired-permutation',
      common_seeds: [],
      dataset_fingerprints: 'no-common-seed',
    });
    const [candidate, reference] = pair.diffs;
    // Losses (×1000) 100, 104, 108, 101, 105 against 209, 202, 206, 210, 203: Δ = 0.1024.
    expect(candidate?.delta).toBeCloseTo(0.1024, 12);
    expect(candidate?.test).toBe('unpaired-permutation');
    // Two-sided: only the observed split and its mirror reach |Δ|, of C(10, 5) = 252.
    expect(candidate?.p).toBe(2 / 252);
    // Welch's interval and the pooled sd from the two sample variances, in closed form.
    const v = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
    };
    const vb = v([0.1, 0.104, 0.108, 0.101, 0.105]);
    const vc = v([0.209, 0.202, 0.206, 0.21, 0.203]);
    const se = Math.sqrt(vb / 5 + vc / 5);
    const df = (vb / 5 + vc / 5) ** 2 / ((vb / 5) ** 2 / 4 + (vc / 5) ** 2 / 4);
    const half = tQuantile(0.975, df) * se;
    expect(candidate?.delta_ci95?.[0]).toBeCloseTo(0.1024 - half, 10);
    expect(candidate?.delta_ci95?.[1]).toBeCloseTo(0.1024 + half, 10);
    expect(candidate?.cohens_d).toBeCloseTo(0.1024 / Math.sqrt((vb + vc) / 2), 6);
    expect([candidate?.n_pairs, candidate?.sign_agreement, candidate?.status]).toEqual([
      0,
      null,
      'regressed',
    ]);
    // The reference did not move beyond seed-to-seed noise: Δ = 0.0024, 0.530 vs 0.518 summed.
    expect(reference?.delta).toBeCloseTo(0.0024, 12);
    expect(reference?.status).toBe('unchanged');
    // The unpaired severity test: the observed split alone reaches T_obs, of 252.
    expect(pair.regression?.verdict).toMatchObject({
      verdict: 'FAIL',
      meta_p: 1 / 252,
      method: 'exact',
      flagged: ['candidate/loss'],
    });
  });

  it('compares runs whose seeds overlap in part as two samples, each run on all its seeds', async () => {
    writeFixtureRunDir(join(temp, 'six'), { seeds: [0, 1, 2, 3, 4, 5] });
    const pair = compareRunPair(base, await read(join(temp, 'six')), { mode: 'regression' });
    expect(pair.status).toBe('compared');
    expect(pair.context).toMatchObject({
      pairing: 'partial',
      test: 'unpaired-permutation',
      common_seeds: [0, 1, 2, 3, 4],
      dataset_fingerprints: 'match',
    });
    const row = pair.diffs[0];
    // 100, 104, 108, 101, 105 against the same and 109 (×1000): Δ = 104.5 − 103.6 = 0.9.
    expect([row?.baseline.n, row?.candidate.n]).toEqual([5, 6]);
    expect(row?.delta).toBeCloseTo(0.0009, 12);
    // Enumerated: 337 of the C(11, 6) = 462 splits reach |Δ| (the duplicated values tie often).
    expect(row?.p).toBe(337 / 462);
    expect([row?.test, row?.status]).toEqual(['unpaired-permutation', 'unchanged']);
    expect(pair.regression?.verdict).toMatchObject({ verdict: 'PASS', method: 'exact' });
  });

  it('has no verdict when the seeds cannot reach alpha, and says so for either test', async () => {
    writeFixtureRunDir(join(temp, 'two'), { seeds: [7, 8] });
    const pair = compareRunPair(base, await read(join(temp, 'two')), { mode: 'regression' });
    // C(7, 2) = 21 splits: the smallest p, 1/21 ≈ 0.048, can fall below alpha 0.05 (a verdict),
    // never below 0.04 (none).
    expect(pair.regression?.verdict).toMatchObject({ method: 'exact', n_slots: 2 });
    const strict = compareRunPair(base, await read(join(temp, 'two')), {
      mode: 'regression',
      alpha: 0.04,
    });
    expect(strict.regression?.verdict).toBeNull();
    expect(strict.regression?.verdict_note).toBe(
      '5 baseline and 2 candidate seeds cannot reach alpha 0.04 (the smallest unpaired permutation p is 1/C(7, 2) = 1/21); run more seeds for a verdict',
    );
  });

  it('refuses runs of another mode', () => {
    const paper: BenchmarkRun = { ...base, manifest: { ...base.manifest, mode: 'paper' } };
    expect(compareRunPair(base, paper).refusals.map((r) => r.check)).toEqual(['mode']);
  });

  it('refuses a setup difference unless allowed, then names the key; allows a treatment', () => {
    const config = (inner: Record<string, unknown>): BenchmarkRun => ({
      ...base,
      manifest: { ...base.manifest, config_hash: 'b'.repeat(64) },
      provenance: {
        ...base.provenance,
        config: { ...base.provenance.config, config: { fixture: true, n_steps: 3, ...inner } },
      },
    });
    const steps = config({ n_steps: 4 });
    const refused = compareRunPair(base, steps);
    expect(refused.refusals.map((r) => r.check)).toEqual(['config']);
    expect(refused.refusals[0]?.reason).toMatch(
      /^the configurations differ in config\.n_steps \(config hash [0-9a-f]{12}… vs b{12}…\); pass --allow-config-diff/,
    );
    const allowed = compareRunPair(base, steps, { allowConfigDiff: true });
    expect(allowed.status).toBe('compared');
    expect(allowed.context.config_differences).toEqual([
      { key: 'config.n_steps', baseline: '3', candidate: '4', treatment: false },
    ]);
    const treated = compareRunPair(base, config({ learning_rate: 2 }), {
      domain: { treatmentKeys: ['learning_rate'] },
    });
    expect(treated.status).toBe('compared');
    expect(treated.context.config).toBe('treatment-only');
  });

  it('refuses a dataset that differs on a common seed', () => {
    const other: BenchmarkRun = {
      ...base,
      manifest: {
        ...base.manifest,
        dataset_fingerprints: { ...base.manifest.dataset_fingerprints, '3': 'c'.repeat(64) },
      },
    };
    const pair = compareRunPair(base, other);
    expect(pair.refusals.map((r) => r.check)).toEqual(['dataset-fingerprint']);
    expect(pair.refusals[0]?.reason).toMatch(/^seed 3 generated another dataset \(sha256 /);
  });
});
