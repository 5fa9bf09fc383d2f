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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBenchmarkRuns, compareRunPair } from './compare-runs.js';

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

  it('refuses runs of another mode, with partly or wholly different seeds, naming each', async () => {
    writeFixtureRunDir(join(temp, 'six'), { seeds: [0, 1, 2, 3, 4, 5] });
    writeFixtureRunDir(join(temp, 'other'), { seeds: [5, 6, 7, 8, 9] });
    const six = compareRunPair(base, await read(join(temp, 'six')));
    expect(six.status).toBe('refused');
    expect(six.diffs).toEqual([]);
    expect(six.refusals.map((r) => [r.check, r.reason])).toEqual([
      [
        'seeds',
        "the runs share seeds {0,1,2,3,4} but not all of them; rerun the candidate on the baseline's seeds {0,1,2,3,4} to pair them, or on seeds the baseline lacks for an unpaired comparison",
      ],
    ]);
    const other = compareRunPair(base, await read(join(temp, 'other')));
    expect(other.context.pairing).toBe('unpaired');
    expect(other.context.dataset_fingerprints).toBe('no-common-seed');
    expect(other.refusals[0]?.reason).toBe(
      "the runs share no seed, and this build has no unpaired two-sample test yet; rerun the candidate on the baseline's seeds {0,1,2,3,4} for a paired comparison",
    );
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
