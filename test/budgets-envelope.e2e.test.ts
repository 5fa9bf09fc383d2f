/**
 * Budgets beyond the run command and the provenance envelope, end to end on the built CLI:
 * `runs compare --budget-file` (both runs' status and the changes, exit 1 on a candidate
 * violation), `benchmark-gate --family performance --budget-file` over the committed v2 perf
 * fixture, the envelope of `zpbench <domain> --json`, RUN_REPORT.md and comparisons (python
 * jsonschema against the committed schemas, digests equal across paths and reruns).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  COMPARISON_SCHEMA,
  CORE_SCHEMA_DIR,
  ENVELOPE_SCHEMA,
  jsonSchemaFileName,
  readBudgetFile,
  type SummaryV1,
} from '@zpbench/core';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSynthetic } from './support/synthetic-run.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
const PERF = join(ROOT, 'fixtures/performance');
const run = (bin: string, args: string[], cwd?: string) =>
  execa(process.execPath, [bin, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });

let temp: string;
const at = (...parts: string[]) => join(temp, ...parts);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path: string, value: unknown) => {
  writeFileSync(path, JSON.stringify(value));
  return path;
};

/** Validates (schema file, JSON file) pairs with Python's jsonschema (Draft 2020-12). */
function pythonValidates(pairs: readonly (readonly [string, string])[]): string {
  const py = [
    'import json,sys',
    'from jsonschema import Draft202012Validator as V',
    'd=sys.argv[1]',
    'for s,f in zip(sys.argv[2::2], sys.argv[3::2]):',
    '    V(json.load(open(d+"/"+s))).validate(json.load(open(f)))',
    'print("ok")',
  ].join('\n');
  return execFileSync('python3', ['-c', py, fileURLToPath(CORE_SCHEMA_DIR), ...pairs.flat()], {
    encoding: 'utf8',
  }).trim();
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'zpb-budget-envelope-'));
  await runSynthetic(at('runs/base'), {}, { report: true });
  await runSynthetic(
    at('runs/local'),
    { domainOptions: { 'inject-regression': 'local' }, baselineRunDir: at('runs/base') },
    { report: true },
  );
}, 180_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('runs compare --budget-file', () => {
  /** A max_mean between the two runs' means of the (model, metric) the regression moved most. */
  function splittingBudget(): { file: string; model: string; metric: string } {
    const base = json(at('runs/base/aggregated/summary.json')) as SummaryV1;
    const local = json(at('runs/local/aggregated/summary.json')) as SummaryV1;
    let best = { model: '', metric: '', gap: 0, mid: 0 };
    for (const [model, metrics] of Object.entries(local.metrics))
      for (const [metric, d] of Object.entries(metrics)) {
        const b = base.metrics[model]?.[metric]?.mean;
        if (d.mean === null || b === null || b === undefined) continue;
        if (d.mean - b > best.gap) best = { model, metric, gap: d.mean - b, mid: (d.mean + b) / 2 };
      }
    expect(best.gap).toBeGreaterThan(0);
    const file = writeJson(at(`split.json`), {
      budgets: [
        { domain: 'synthetic', model: best.model, metric: best.metric, max_mean: best.mid },
        { domain: 'synthetic', max_failed_seeds: 0 },
      ],
    });
    return { file, model: best.model, metric: best.metric };
  }

  it('holds both runs’ budget status and the pass → fail change, exits 1, and prints the gate report', async () => {
    const { file, model, metric } = splittingBudget();
    const args = ['runs', 'compare', at('runs/base'), at('runs/local'), '--mode', 'regression'];
    const out = await run(ZPBENCH, [...args, '--budget-file', file, '--format', 'json']);
    expect(out.exitCode, out.stderr).toBe(1);
    const comparison = COMPARISON_SCHEMA.schema.parse(JSON.parse(out.stdout));
    const budget = comparison.baselines[0]?.budget;
    expect(budget?.baseline.ok).toBe(true);
    expect(budget?.candidate).toMatchObject({ ok: false, n_violations: 1 });
    expect(budget?.status_changes).toEqual([
      expect.objectContaining({
        budget: 0,
        subject: `${model}/${metric}`,
        threshold_name: 'max_mean',
        baseline: 'pass',
        candidate: 'fail',
      }),
    ]);
    expect(budget?.budget_file.sha256).toBe(readBudgetFile(file).ref.sha256);
    expect(comparison.envelope).toMatchObject({
      kind: 'comparison',
      suite_id: 'synthetic',
      budget_file: budget?.budget_file,
      event_count: comparison.baselines[0]?.diffs.length,
    });
    // Markdown: the comparison, its budget section and envelope, then the gate report.
    const md = await run(ZPBENCH, [...args, '--budget-file', file]);
    expect(md.exitCode).toBe(1);
    expect(md.stdout).toContain('## Budget status');
    expect(md.stdout).toMatch(/\| 0 \| .*max\\_mean|`max_mean` \| pass \(/);
    expect(md.stdout).toContain('## Provenance envelope');
    expect(md.stdout).toMatch(/budget gate FAIL: 1 violation/);
    // Without a budget the same regression comparison has neither.
    const plain = await run(ZPBENCH, [...args, '--format', 'json']);
    expect(JSON.parse(plain.stdout).baselines[0].budget).toBeUndefined();
    expect(JSON.parse(plain.stdout).envelope.budget_file).toBeNull();
  }, 120_000);

  it('gives the comparison envelope the same digests from another directory and path spelling', async () => {
    const { file } = splittingBudget();
    const a = await run(ZPBENCH, [
      'runs',
      'compare',
      at('runs/base'),
      at('runs/local'),
      '--budget-file',
      file,
      '--format',
      'json',
    ]);
    const b = await run(
      ZPBENCH,
      [
        'runs',
        'compare',
        relative(at('runs'), at('runs/base')),
        join(relative(at('runs'), at('runs/local')), 'manifest.json'),
        '--budget-file',
        file,
        '--format',
        'json',
      ],
      at('runs'),
    );
    const [x, y] = [JSON.parse(a.stdout).envelope, JSON.parse(b.stdout).envelope];
    expect([y.input_digest, y.result_digest]).toEqual([x.input_digest, x.result_digest]);
    expect(x.command).not.toEqual(y.command);
    const envelopeFile = writeJson(at('comparison-envelope.json'), x);
    const comparisonFile = writeJson(at('comparison.json'), JSON.parse(a.stdout));
    expect(
      pythonValidates([
        [jsonSchemaFileName(ENVELOPE_SCHEMA), envelopeFile],
        [jsonSchemaFileName(COMPARISON_SCHEMA), comparisonFile],
      ]),
    ).toBe('ok');
  }, 120_000);
});

describe('benchmark-gate --family performance --budget-file over the v2 artifact', () => {
  it('passes within the latency and throughput thresholds and fails with the violation table beyond them', async () => {
    const within = writeJson(at('perf-ok.json'), {
      budgets: [
        {
          group: 'nn',
          max_average_latency_ms: 2.5,
          max_p50_latency_ms: 2.4,
          max_p95_latency_ms: 3.1,
          min_throughput_per_second: 100_000,
          max_error_count: 0,
        },
        { benchmark: 'stats.severity_exact_12x3x200', max_p95_latency_ms: 13 },
      ],
    });
    const ok = await run(GATE, ['--family', 'performance', PERF, '--budget-file', within]);
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/budget gate PASS: 0 violations in 6 checks/);

    // p95 of the fixture's nn benchmark is 3.045 ms; its throughput 102873 samples/s.
    const beyond = writeJson(at('perf-bad.json'), {
      budgets: [
        { group: 'nn', max_p95_latency_ms: 3, min_throughput_per_second: 200_000 },
        { benchmark: 'io.none', max_p50_latency_ms: 1 },
      ],
    });
    const bad = await run(GATE, ['--family', 'performance', PERF, '--budget-file', beyond]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/budget gate FAIL: 3 violations in 3 checks/);
    expect(bad.stdout).toMatch(
      /nn\.mlp_4_64_64_2\.train_step \| max_p95_latency_ms \| 3 \| 3\.045 \|/,
    );
    const csv = await run(GATE, [
      '--family',
      'performance',
      PERF,
      '--budget-file',
      beyond,
      '--format',
      'csv',
    ]);
    expect(csv.exitCode).toBe(1);
    const rows = csv.stdout.trim().split(/\r?\n/);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.includes('min_throughput_per_second'))).toMatch(/,200000,102873\.2/);
    const gateJson = await run(GATE, [
      '--family',
      'performance',
      PERF,
      '--budget-file',
      beyond,
      '--json',
    ]);
    expect(JSON.parse(gateJson.stdout)).toMatchObject({
      ok: false,
      gate: { ok: false, n_violations: 3 },
      budget_file: { budgets: 2 },
    });
  }, 120_000);
});

describe('the run envelope', () => {
  it('zpbench <domain> --json and RUN_REPORT.md carry one envelope: notes, budget file, digests; python validates it', async () => {
    const budget = writeJson(at('run-budget.json'), {
      metadata: { source: 'test' },
      budgets: [{ domain: 'synthetic', max_failed_seeds: 0, required_claims: ['completeness'] }],
    });
    const out = at('runs/enveloped');
    const r = await run(ZPBENCH, [
      'synthetic',
      '--mode',
      'smoke',
      '--out-root',
      out,
      '--workers',
      '1',
      '--budget-file',
      budget,
      '--notes',
      'release <candidate> | 2',
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const { result, gate } = JSON.parse(r.stdout);
    expect(gate.ok).toBe(true);
    const envelope = ENVELOPE_SCHEMA.schema.parse(result.envelope);
    const manifest = json(join(out, 'manifest.json'));
    expect(envelope).toMatchObject({
      kind: 'scientific-run',
      notes: 'release <candidate> | 2',
      budget_file: manifest.budget_file,
      event_count: 5 * 2,
    });
    // Same config and seeds as runs/base: the same inputs and results, so the same digests.
    const base = await run(ZPBENCH, ['runs', 'compare', at('runs/base'), out, '--format', 'json']);
    expect(base.exitCode, base.stderr).toBe(0);
    const report = readFileSync(join(out, 'RUN_REPORT.md'), 'utf8');
    const block = report
      .split('## Provenance envelope')[1]
      ?.split('```json\n')[1]
      ?.split('\n```')[0];
    expect(JSON.parse(block as string)).toEqual(envelope);
    expect(report).toContain('release \\<candidate\\> \\| 2');
    const baseReport = readFileSync(at('runs/base/RUN_REPORT.md'), 'utf8');
    const baseBlock = JSON.parse(
      baseReport
        .split('## Provenance envelope')[1]
        ?.split('```json\n')[1]
        ?.split('\n```')[0] as string,
    );
    expect([baseBlock.input_digest, baseBlock.result_digest]).toEqual([
      envelope.input_digest,
      envelope.result_digest,
    ]);
    const file = writeJson(at('run-envelope.json'), envelope);
    expect(pythonValidates([[jsonSchemaFileName(ENVELOPE_SCHEMA), file]])).toBe('ok');
  }, 180_000);
});
