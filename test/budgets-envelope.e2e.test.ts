/**
 * Budgets beyond the run command and the provenance envelope, end to end on the built CLI:
 * `runs compare --budget-file` (both runs' status and the changes, exit 1 on a candidate
 * violation), `benchmark-gate --family performance --budget-file` over the committed v2 perf
 * fixture, the envelope of `zpbench <domain> --json`, RUN_REPORT.md and comparisons (python
 * jsonschema against the committed schemas, digests equal across paths and reruns).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  COMPARISON_SCHEMA,
  CORE_SCHEMA_DIR,
  ENVELOPE_SCHEMA,
  readBudgetFile,
  type SummaryV1,
} from '@zpbench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allValid,
  cli,
  envelopeBlock,
  GATE,
  readJson as json,
  PERF_FIXTURE as PERF,
  pythonValidates,
  ROOT,
  scratch,
  writeJson,
  ZPBENCH,
} from './support/budgets.js';
import { runSynthetic } from './support/synthetic-run.js';

const { at } = scratch('zpb-budget-envelope-');
const run = cli;

beforeAll(async () => {
  await runSynthetic(at('runs/base'), {}, { report: true });
  await runSynthetic(
    at('runs/local'),
    { domainOptions: { 'inject-regression': 'local' }, baselineRunDir: at('runs/base') },
    { report: true },
  );
}, 180_000);

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
    // --format json with a budget: the comparison as the result, and the candidates' gate.
    const gated = JSON.parse(out.stdout);
    expect(Object.keys(gated)).toEqual(['ok', 'result', 'gate', 'budget_file']);
    expect(gated.ok).toBe(false);
    const comparison = COMPARISON_SCHEMA.schema.parse(gated.result);
    const budget = comparison.baselines[0]?.budget;
    expect(budget?.baseline.ok).toBe(true);
    expect(budget?.candidate).toMatchObject({ ok: false, n_violations: 1 });
    expect(gated.gate).toEqual(budget?.candidate);
    expect(gated.budget_file).toEqual(budget?.budget_file);
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
    // The same envelope but for the command line that made it.
    const mdEnvelope = envelopeBlock(md.stdout);
    expect(mdEnvelope).toEqual({ ...comparison.envelope, command: mdEnvelope.command });
    expect(md.stdout).toMatch(/budget gate FAIL: 1 violation/);
    // csv with a budget: the violation table alone (header and the one violated threshold);
    // the comparison CSV goes to --output, the table still to stdout.
    const csv = await run(ZPBENCH, [...args, '--budget-file', file, '--format', 'csv']);
    expect(csv.exitCode).toBe(1);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'budget,selector,source,subject,threshold_name,threshold,observed,status,reason',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(
      new RegExp(
        `^0,domain=synthetic mode=\\* model=${model} metric=${metric},${json(at('runs/local/manifest.json')).run_id},${model}/${metric},max_mean,[-0-9.e]+,[-0-9.e]+,fail,`,
      ),
    );
    const written = await run(ZPBENCH, [
      ...args,
      '--budget-file',
      file,
      '--format',
      'csv',
      '--output',
      at('comparison.csv'),
    ]);
    expect(written.stdout).toBe(csv.stdout);
    expect(readFileSync(at('comparison.csv'), 'utf8')).toMatch(
      /^# zpbench_provenance_envelope v2: .*\r\n# \{.*\}\r\nbaseline_run_id,/,
    );
    // Without a budget the same regression comparison has neither, and csv is the comparison.
    const plain = await run(ZPBENCH, [...args, '--format', 'json']);
    expect(JSON.parse(plain.stdout).baselines[0].budget).toBeUndefined();
    expect(JSON.parse(plain.stdout).envelope.budget_file).toBeNull();
    expect((await run(ZPBENCH, [...args, '--format', 'csv'])).stdout).toMatch(
      /^# zpbench_provenance_envelope/,
    );
  }, 120_000);

  it('carries the envelope in the HTML and as the CSV preamble, with the JSON’s digests', async () => {
    const args = ['runs', 'compare', at('runs/base'), at('runs/local')];
    const envelope = JSON.parse(
      (await run(ZPBENCH, [...args, '--format', 'json'])).stdout,
    ).envelope;
    const csv = (await run(ZPBENCH, [...args, '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe(
      '# zpbench_provenance_envelope v2: the next line is its JSON; skip the 2 lines starting with # to read the table',
    );
    const fromCsv = JSON.parse((csv[1] as string).slice(2));
    expect(fromCsv).toEqual({ ...envelope, command: fromCsv.command });
    expect(fromCsv.command).toContain('csv');
    expect(csv[2]?.startsWith('baseline_run_id,candidate_run_id,')).toBe(true);
    const html = (await run(ZPBENCH, [...args, '--format', 'html'])).stdout;
    expect(html).toContain('Provenance envelope');
    expect(html).toContain(envelope.input_digest);
    expect(html).toContain(envelope.result_digest);
    expect(writeJson(at('csv-envelope.json'), fromCsv)).toBeTruthy();
    expect(pythonValidates([at('csv-envelope.json')])).toBe(allValid(1));
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
    const [x, y] = [JSON.parse(a.stdout).result.envelope, JSON.parse(b.stdout).result.envelope];
    expect([y.input_digest, y.result_digest]).toEqual([x.input_digest, x.result_digest]);
    expect(x.command).not.toEqual(y.command);
    // The gated output, the comparison in it and its nested envelope, all valid.
    const gatedFile = writeJson(at('comparison-gated.json'), JSON.parse(a.stdout).result);
    expect(pythonValidates([gatedFile, writeJson(at('comparison-envelope.json'), x)])).toBe(
      allValid(3),
    );
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
    const gated = JSON.parse(gateJson.stdout);
    expect(gated).toMatchObject({
      ok: false,
      result: { family: 'performance', ok: true },
      gate: { ok: false, n_violations: 3 },
      budget_file: { budgets: 2 },
    });
    // The candidate artifact's own envelope (perf suite v3), as stored.
    const candidate = json(join(PERF, 'benchmarks_20260102T000000Z.json'));
    expect(gated.result.results[0].envelope).toEqual(candidate.envelope);
    expect(candidate.envelope).toMatchObject({
      kind: 'performance',
      suite_id: 'all',
      models: ['nn.mlp_4_64_64_2.train_step', 'stats.severity_exact_12x3x200'],
      event_count: 10,
      runtime: { device: 'cpu', cuda_available: false },
    });
    // Python: the gate output's envelope, both fixture artifacts (v3) and theirs, the
    // budget files (no marker: named) and the verdict inside the gate output.
    const verdictFile = writeJson(at('perf-verdict.json'), gated.gate);
    expect(
      pythonValidates([
        writeJson(at('perf-envelope.json'), gated.result.results[0].envelope),
        join(PERF, 'benchmarks_20260102T000000Z.json'),
        join(PERF, 'baseline.json'),
        `${within}=zpbench_budget_file.v1`,
        `${beyond}=zpbench_budget_file.v1`,
        verdictFile,
      ]),
    ).toBe(allValid(8));
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
    const gated = JSON.parse(r.stdout);
    expect(Object.keys(gated)).toEqual(['ok', 'result', 'gate', 'budget_file']);
    const { result, gate } = gated;
    expect([gated.ok, gate.ok, gate.n_checks]).toEqual([true, true, 2]);
    const envelope = ENVELOPE_SCHEMA.schema.parse(result.envelope);
    const manifest = json(join(out, 'manifest.json'));
    expect(gated.budget_file).toEqual(manifest.budget_file);
    expect(envelope).toMatchObject({
      kind: 'scientific-run',
      notes: 'release <candidate> | 2',
      budget_file: manifest.budget_file,
      event_count: 5 * 2,
    });
    // GPUs and CUDA as nvidia-smi reports them (none on this machine: [] and false, not a guess),
    // the git tag and the reproducibility variables, in provenance; the envelope's flag is its.
    const provenance = json(join(out, 'provenance.json'));
    const smi = spawnSync('nvidia-smi', ['-L']).status === 0;
    expect(provenance.environment).toMatchObject({ device: 'cpu', cuda_available: smi });
    if (!smi) expect(provenance.environment.gpu_devices).toEqual([]);
    expect(provenance.environment).toHaveProperty('git_tag');
    expect(provenance.environment).toHaveProperty('reproducibility_env');
    expect(envelope.runtime).toMatchObject({ device: 'cpu', cuda_available: smi });
    const report = readFileSync(join(out, 'RUN_REPORT.md'), 'utf8');
    expect(envelopeBlock(report)).toEqual(envelope);
    expect(report).toContain('release \\<candidate\\> \\| 2');
    // Same config and seeds as runs/base: the same inputs and results, so the same digests.
    const baseBlock = envelopeBlock(readFileSync(at('runs/base/RUN_REPORT.md'), 'utf8'));
    expect([baseBlock.input_digest, baseBlock.result_digest]).toEqual([
      envelope.input_digest,
      envelope.result_digest,
    ]);
    // benchmark-gate --json over the run: the gate object and the run's envelope as the report has it.
    const g = await run(GATE, ['--family', 'scientific', out, '--budget-file', budget, '--json']);
    expect(g.exitCode, g.stdout).toBe(0);
    const gateOut = JSON.parse(g.stdout);
    expect(gateOut).toMatchObject({ ok: true, gate: { ok: true, n_checks: 2 } });
    expect(gateOut.result.results[0].envelope).toEqual(envelope);
    // Without a budget the gate's JSON is the bare result, its envelope still there.
    const bare = JSON.parse((await run(GATE, ['--family', 'scientific', out, '--json'])).stdout);
    expect(Object.keys(bare)).toEqual(['family', 'ok', 'results']);
    expect(bare.results[0].envelope).toEqual(envelope);
    // Python: the envelope, the RUN_REPORT.md block, the budget file and the stored verdict.
    expect(
      pythonValidates([
        writeJson(at('run-envelope.json'), envelope),
        join(out, 'RUN_REPORT.md'),
        `${budget}=zpbench_budget_file.v1`,
        join(out, 'aggregated/budget_verdict.json'),
      ]),
    ).toBe(allValid(4));
  }, 180_000);

  it('a run’s derived Markdown carries a deterministic envelope: the same bytes across runs, --deep and report benchmark; python checks it', async () => {
    const budget = writeJson(at('derived-budget.json'), {
      budgets: [{ domain: 'synthetic', max_failed_seeds: 0 }],
    });
    const plain = at('runs/derived-a');
    const other = at('runs/derived-b');
    const common = ['synthetic', '--mode', 'smoke', '--quiet'];
    const [a, b] = await Promise.all([
      run(ZPBENCH, [...common, '--out-root', plain, '--workers', '0']),
      run(ZPBENCH, [
        ...common,
        '--out-root',
        other,
        '--workers',
        '1',
        '--budget-file',
        budget,
        '--notes',
        'second run',
      ]),
    ]);
    expect([a.exitCode, b.exitCode], a.stderr + b.stderr).toEqual([0, 0]);
    const derived = ['CLAIM_AUDIT.md', 'aggregated/summary.md', 'aggregated/paired_stats.md'];
    const report = envelopeBlock(readFileSync(join(other, 'RUN_REPORT.md'), 'utf8'));
    expect(report).toMatchObject({ notes: 'second run', budget_file: { path: budget } });
    const models = (json(join(other, 'aggregated/summary.json')) as SummaryV1).models.map(
      (m) => m.id,
    );
    for (const file of derived) {
      const text = readFileSync(join(other, file), 'utf8');
      // Another out-root, worker count, budget and note: the same bytes.
      expect(readFileSync(join(plain, file), 'utf8'), file).toBe(text);
      const cut = text.lastIndexOf('\n## Provenance envelope\n');
      expect(ENVELOPE_SCHEMA.schema.parse(envelopeBlock(text)), file).toEqual({
        schema: 'zpbench_provenance_envelope',
        schema_version: 2,
        kind: 'scientific-run',
        suite_id: 'synthetic',
        suite_version: report.suite_version,
        zpbench_version: report.zpbench_version,
        created_at: null,
        command: null,
        models,
        runtime: null,
        input_digest: report.input_digest,
        result_digest: `sha256:${createHash('sha256')
          .update(text.slice(0, cut + 1))
          .digest('hex')}`,
        budget_file: null,
        event_count: 5 * models.length,
        claim_boundary: report.claim_boundary,
        metric_semantics: report.metric_semantics,
        notes: null,
      });
    }
    // --deep rebuilds them byte for byte; report benchmark regenerates the same bytes.
    const deep = await run(GATE, ['--family', 'scientific', '--deep', other]);
    expect(deep.exitCode, deep.stdout).toBe(0);
    const before = derived.map((file) => readFileSync(join(other, file), 'utf8'));
    const refreshed = await run(ZPBENCH, ['report', 'benchmark', other]);
    expect(refreshed.exitCode, refreshed.stderr).toBe(0);
    expect(derived.map((file) => readFileSync(join(other, file), 'utf8'))).toEqual(before);
    // Python: the blocks validate, and a body edited under its block is refused.
    expect(pythonValidates(derived.map((file) => join(other, file)))).toBe(allValid(3));
    const forged = at('forged-claim-audit.md');
    writeFileSync(forged, (before[0] as string).replace('**PASS**', '**FAIL**'));
    const refused = spawnSync(
      'python3',
      [
        join(ROOT, 'scripts/validate-with-jsonschema.py'),
        '--files',
        fileURLToPath(CORE_SCHEMA_DIR),
        forged,
      ],
      { encoding: 'utf8' },
    );
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(
      /^.*forged-claim-audit\.md: result_digest sha256:[0-9a-f]{64} is not the sha256 of the bytes above its envelope \(sha256:[0-9a-f]{64}\)\n1 documents, 0 valid against the committed JSON Schemas, 1 invalid\n$/,
    );
    // report training-log cites the log it reports on (kind artifact-report); Python validates it.
    const log = join(other, 'aggregated/benchmark_metrics.jsonl');
    const logged = await run(ZPBENCH, ['report', 'training-log', log]);
    expect(logged.exitCode, logged.stderr).toBe(0);
    const logReport = join(other, 'aggregated/benchmark_metrics_REPORT.md');
    expect(pythonValidates([logReport])).toBe(allValid(1));
    expect(readFileSync(logReport, 'utf8')).toContain(
      `"input_digest": "sha256:${createHash('sha256').update(readFileSync(log)).digest('hex')}"`,
    );
  }, 180_000);

  it('--format csv prints only the violation table on zpbench <domain> and benchmark-gate (both families)', async () => {
    const budget = writeJson(at('strict.json'), {
      budgets: [
        { domain: 'synthetic', model: 'candidate', metric: 'mean_loss', max_mean: 1e-9 },
        { domain: 'synthetic', max_failed_seeds: 0 },
      ],
    });
    const header = 'budget,selector,source,subject,threshold_name,threshold,observed,status,reason';
    const r = await run(ZPBENCH, [
      'synthetic',
      '--mode',
      'smoke',
      '--out-root',
      at('runs/strict'),
      '--workers',
      '0',
      '--budget-file',
      budget,
      '--format',
      'csv',
    ]);
    expect(r.exitCode, r.stderr).toBe(1);
    const mean = (json(at('runs/strict/aggregated/summary.json')) as SummaryV1).metrics.candidate
      ?.mean_loss?.mean;
    expect(r.stdout).toBe(
      `${header}\r\n0,domain=synthetic mode=* model=candidate metric=mean_loss,${json(at('runs/strict/manifest.json')).run_id},candidate/mean_loss,max_mean,1e-9,${mean},fail,mean over seeds ${mean} outside ≤ 1e-9`,
    );
    const g = await run(GATE, [
      '--family',
      'scientific',
      at('runs/strict'),
      '--budget-file',
      budget,
      '--format',
      'csv',
    ]);
    expect([g.exitCode, g.stdout]).toEqual([1, r.stdout]);
    // Refused: csv without a budget, and --json with csv (exit 2, naming the flags).
    const noBudget = await run(GATE, [
      '--family',
      'scientific',
      at('runs/strict'),
      '--format',
      'csv',
    ]);
    expect([noBudget.exitCode, noBudget.stderr]).toEqual([
      2,
      expect.stringMatching(/--format csv .*add --budget-file/),
    ]);
    const both = await run(GATE, [
      '--family',
      'performance',
      PERF,
      '--budget-file',
      budget,
      '--format',
      'csv',
      '--json',
    ]);
    expect([both.exitCode, both.stderr]).toEqual([
      2,
      expect.stringMatching(/--json and --format csv/),
    ]);
  }, 180_000);
});
