import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPerfDir, perfArtifactName } from './perf-gate.js';
import type { PerfSuiteV3 } from './schemas/perf-suite.js';
import { writeFixturePerfDir } from './testing/fixture-run.js';

let dir: string;
let perf: string;
let fixture: { baseline: PerfSuiteV3; candidate: PerfSuiteV3 };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-perf-gate-'));
  perf = join(dir, 'benchmark_results');
  fixture = writeFixturePerfDir(perf);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CANDIDATE = 'benchmarks_20260102T000000Z.json';

function writeCandidate(edit: (suite: PerfSuiteV3) => void, name = CANDIDATE): void {
  const suite = structuredClone(fixture.candidate);
  edit(suite);
  writeFileSync(join(perf, name), JSON.stringify(suite));
}

describe('checkPerfDir', () => {
  it('compares the p50 of every benchmark with the baseline beside it', () => {
    const check = checkPerfDir(perf);
    expect(check.ok).toBe(true);
    expect(check.candidate).toBe(CANDIDATE);
    expect(check.baseline).toBe(join(perf, 'baseline.json'));
    expect(check.machine_class).toBe('fixture-x64-2cpu');
    expect(check.comparisons).toEqual([
      {
        name: 'nn.mlp_4_64_64_2.train_step',
        baseline_p50_ms: 2.25,
        candidate_p50_ms: 2.25 * 1.05,
        slowdown: expect.closeTo(1.05, 12),
        ok: true,
      },
      {
        name: 'stats.severity_exact_12x3x200',
        baseline_p50_ms: 11,
        candidate_p50_ms: 11 * 1.05,
        slowdown: expect.closeTo(1.05, 12),
        ok: true,
      },
    ]);
  });

  it('fails a benchmark slower than allowed, naming it and both figures', () => {
    const check = checkPerfDir(perf, { maxSlowdown: 1.01 });
    expect(check.ok).toBe(false);
    expect(check.violations[0]).toEqual({
      file: CANDIDATE,
      check: 'slowdown',
      expected: "nn.mlp_4_64_64_2.train_step p50 at most 1.01× the baseline's 2.250 ms",
      found: '2.363 ms (1.05×)',
    });
  });

  it('passes against itself', () => {
    const check = checkPerfDir(perf, { baselinePath: join(perf, CANDIDATE), maxSlowdown: 1 });
    expect(check.ok).toBe(true);
    expect(check.comparisons.map((c) => c.slowdown)).toEqual([1, 1]);
  });

  it('takes the newest artifact by its timestamped name', () => {
    const newer = perfArtifactName(new Date('2026-01-03T04:05:06.789Z'));
    expect(newer).toBe('benchmarks_20260103T040506Z.json');
    writeCandidate((s) => {
      (s.benchmarks[0] as PerfSuiteV3['benchmarks'][number]).latency_ms.p50 = 9;
    }, newer);
    const check = checkPerfDir(perf);
    expect(check.candidate).toBe(newer);
    expect(check.violations.map((v) => v.found)).toEqual(['9.000 ms (4.00×)']);
  });

  it('refuses a baseline of another machine class, runtime or suite version', () => {
    writeCandidate((s) => {
      s.environment.machine_class = 'linux-x64-other-8cpu';
    });
    expect(() => checkPerfDir(perf)).toThrow(
      `refusing to compare ${CANDIDATE} (machine class linux-x64-other-8cpu) with ${join(perf, 'baseline.json')} (machine class fixture-x64-2cpu): performance figures compare only like with like; rerun the suite on that machine, or record a baseline here with \`zpbench perf baseline update --src ${perf}\``,
    );
    writeCandidate((s) => {
      s.environment.node = 'v22.1.0';
    });
    expect(() => checkPerfDir(perf)).toThrow(/\(runtime node 22\) with .* \(runtime node 20\)/);
    writeCandidate((s) => {
      s.provenance.suite_version = 2;
    });
    expect(() => checkPerfDir(perf)).toThrow(/\(suite version v2\) with .* \(suite version v1\)/);
  });

  it('fails a benchmark missing from a suite that ran, and notes suites that did not run', () => {
    writeCandidate((s) => {
      s.benchmarks = s.benchmarks.filter((b) => b.group === 'nn');
    });
    expect(checkPerfDir(perf).violations.map((v) => [v.check, v.found])).toEqual([
      ['benchmark', 'missing'],
    ]);
    writeCandidate((s) => {
      s.suite = 'nn';
      s.suites = ['nn'];
      s.benchmarks = s.benchmarks.filter((b) => b.group === 'nn');
    });
    const check = checkPerfDir(perf);
    expect(check.ok).toBe(true);
    expect(check.notes).toEqual(['suites in the baseline that did not run: stats']);
  });

  it('refuses a version-1 or broken baseline as an input error, not a failed check', () => {
    const v1 = { ...fixture.baseline, schema_version: 1 };
    writeFileSync(join(perf, 'baseline.json'), JSON.stringify(v1));
    expect(() => checkPerfDir(perf)).toThrow(
      `baseline ${join(perf, 'baseline.json')}: schema-version: expected version 3 (rerun \`zpbench perf run\`, then \`zpbench perf baseline update\` for a baseline), found version 1`,
    );
    writeFileSync(join(perf, 'baseline.json'), '{"schema": "zpbench_perf_suite"');
    expect(() => checkPerfDir(perf)).toThrow(
      /^baseline .*baseline\.json: json: expected valid JSON/,
    );
  });

  it('finds perf/baseline.json under cwd, and checks the schema only without any baseline', () => {
    const baseline = readFileSync(join(perf, 'baseline.json'), 'utf8');
    unlinkSync(join(perf, 'baseline.json'));
    const alone = checkPerfDir(perf, { cwd: dir });
    expect(alone.ok).toBe(true);
    expect(alone.baseline).toBeNull();
    expect(alone.notes[0]).toMatch(/^no baseline .*schema checks only/);
    mkdirSync(join(dir, 'perf'));
    writeFileSync(join(dir, 'perf/baseline.json'), baseline);
    const found = checkPerfDir(perf, { cwd: dir });
    expect(found.baseline).toBe(join(dir, 'perf/baseline.json'));
    expect(found.comparisons).toHaveLength(2);
  });

  it('rejects a --baseline that is not a file', () => {
    expect(() => checkPerfDir(perf, { baselinePath: join(dir, 'nope.json') })).toThrow(
      `--baseline ${join(dir, 'nope.json')} is not a file; pass a performance-suite JSON or record one with \`zpbench perf baseline update --src ${perf}\``,
    );
  });
});
