import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { checkPerfDir } from './perf-gate.js';
import { checkRunDir, loadBenchmarkRun, validateRunDir } from './run-dir.js';
import { RUN_FILES } from './run-layout.js';
import { writeFixturePerfDir, writeFixtureRunDir } from './testing/fixture-run.js';

let dir: string;
let run: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-rundir-'));
  run = join(dir, 'run');
  writeFixtureRunDir(run);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const path = join(run, file);
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Rewrites a file and its manifest hash, so only the intended defect remains. */
function rehash(file: string): void {
  editJson(RUN_FILES.manifest, (manifest) => {
    const bytes = readFileSync(join(run, file));
    const artifacts = manifest.artifacts as Record<string, { sha256: string; bytes: number }>;
    const entry = artifacts[file];
    if (entry) Object.assign(entry, { sha256: sha256Hex(bytes), bytes: bytes.length });
    const summaries = manifest.summary_hashes as Record<string, string>;
    if (file in summaries) summaries[file] = sha256Hex(bytes);
  });
}

describe('checkRunDir on the valid fixture', () => {
  it('passes and returns the manifest', async () => {
    const result = await checkRunDir(run);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.manifest?.seeds_completed).toEqual([0, 1, 2, 3, 4]);
    const loaded = await loadBenchmarkRun(run);
    expect(loaded.seedResults.get(3)?.runs.scm?.metrics.loss).toBe(0.101);
    expect(loaded.summary.metrics.mlp?.loss?.n).toBe(5);
  });
});

describe('checkRunDir on tampered variants names the offending file', () => {
  const cases: [string, () => void, { file: string | RegExp; check: string }][] = [
    [
      'a flipped byte in a hashed file',
      () => {
        const path = join(run, 'seed_2/per_seed_result.json');
        const bytes = readFileSync(path);
        bytes[10] = (bytes[10] as number) ^ 0x01;
        writeFileSync(path, bytes);
      },
      { file: 'seed_2/per_seed_result.json', check: 'sha256' },
    ],
    [
      'a deleted file',
      () => unlinkSync(join(run, RUN_FILES.summaryMd)),
      { file: RUN_FILES.summaryMd, check: 'exists' },
    ],
    [
      'a bumped schema version',
      () => {
        editJson(RUN_FILES.summary, (v) => {
          v.schema_version = 2;
        });
        rehash(RUN_FILES.summary);
      },
      { file: RUN_FILES.summary, check: 'schema-version' },
    ],
    [
      'a ../ path in manifest.artifacts',
      () =>
        editJson(RUN_FILES.manifest, (m) => {
          (m.artifacts as Record<string, unknown>).evil = {
            path: '../outside.json',
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'json',
          };
        }),
      { file: RUN_FILES.manifest, check: 'schema' },
    ],
    [
      'an absolute path in manifest.artifacts',
      () =>
        editJson(RUN_FILES.manifest, (m) => {
          (m.artifacts as Record<string, unknown>).evil = {
            path: '/etc/hostname',
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'text',
          };
        }),
      { file: RUN_FILES.manifest, check: 'schema' },
    ],
    [
      'a symlink pointing outside the run directory',
      () => {
        const outside = join(dir, 'outside.md');
        writeFileSync(outside, readFileSync(join(run, RUN_FILES.summaryMd)));
        unlinkSync(join(run, RUN_FILES.summaryMd));
        symlinkSync(outside, join(run, RUN_FILES.summaryMd));
      },
      { file: RUN_FILES.summaryMd, check: 'path' },
    ],
    [
      'truncated JSON',
      () => {
        const path = join(run, RUN_FILES.pairedStats);
        writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
      },
      { file: RUN_FILES.pairedStats, check: 'json' },
    ],
    [
      'a wrong marker',
      () => {
        editJson(RUN_FILES.provenance, (v) => {
          v.schema = 'zeroproofml_benchmark_manifest';
        });
        rehash(RUN_FILES.provenance);
      },
      { file: RUN_FILES.provenance, check: 'schema-marker' },
    ],
    [
      'an incomplete seed plan',
      () => {
        editJson(RUN_FILES.manifest, (m) => {
          m.seeds_planned = [0, 1, 2, 3, 4, 5];
        });
      },
      { file: RUN_FILES.manifest, check: 'seeds' },
    ],
    [
      'a malformed metric-log line',
      () => {
        appendFileSync(join(run, RUN_FILES.metricLog), '{"schema": "zeroproofml.metric_log"\n');
        rehash(RUN_FILES.metricLog);
      },
      { file: /^aggregated\/benchmark_metrics\.jsonl:11$/, check: 'json' },
    ],
  ];

  for (const [name, tamper, expected] of cases) {
    it(name, async () => {
      tamper();
      const result = await checkRunDir(run);
      expect(result.ok).toBe(false);
      const match = result.violations.find(
        (v) =>
          (typeof expected.file === 'string'
            ? v.file === expected.file
            : expected.file.test(v.file)) && v.check === expected.check,
      );
      expect(match, JSON.stringify(result.violations)).toBeDefined();
      await expect(validateRunDir(run)).rejects.toThrow(/is not a valid run directory/);
    });
  }

  it('reports a version mismatch with the version found and expected', async () => {
    editJson(RUN_FILES.manifest, (v) => {
      v.schema_version = 3;
    });
    const result = await checkRunDir(run);
    expect(result.violations).toContainEqual({
      file: 'manifest.json',
      check: 'schema-version',
      expected: 'version 4',
      found: 'version 3 (incompatible; regenerate the run with the current zpbench)',
    });
  });

  it('refuses a performance directory given as a scientific run', async () => {
    const perf = join(dir, 'perf');
    writeFixturePerfDir(perf);
    const error = await checkRunDir(perf).catch((e: unknown) => e);
    expect(isZpbenchError(error) && error.code).toBe('ZPB_WRONG_FAMILY');
    expect((error as Error).message).toMatch(/use --family performance$/);
  });
});

describe('checkPerfDir', () => {
  it('passes within the slowdown budget and fails beyond it', () => {
    const perf = join(dir, 'perf');
    writeFixturePerfDir(perf);
    const ok = checkPerfDir(perf);
    expect(ok.violations).toEqual([]);
    expect(ok.comparisons.map((c) => Number(c.slowdown.toFixed(4)))).toEqual([1.05, 1.05]);
    const strict = checkPerfDir(perf, { maxSlowdown: 1.01 });
    expect(strict.ok).toBe(false);
    expect(strict.violations.map((v) => v.check)).toEqual(['slowdown', 'slowdown']);
  });

  it('refuses a scientific run directory', () => {
    expect(() => checkPerfDir(run)).toThrow(
      /looks like a scientific run directory; use --family scientific/,
    );
  });
});

describe('refreshManifest', () => {
  it('re-hashes a regenerated report so the gate passes again', async () => {
    const { refreshManifest } = await import('./manifest-update.js');
    writeFileSync(join(run, RUN_FILES.runReport), '# Run report\n\nRegenerated.\n');
    const before = (await checkRunDir(run)).violations.map((v) => `${v.file}:${v.check}`);
    expect(before.sort()).toEqual(['RUN_REPORT.md:bytes', 'RUN_REPORT.md:sha256']);
    await refreshManifest(run, [RUN_FILES.runReport]);
    expect((await checkRunDir(run)).ok).toBe(true);
  });
});
