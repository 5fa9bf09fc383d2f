import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
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
import { z } from 'zod';
import { defineArtifact } from './artifact-spec.js';
import { formatArtifactJson } from './canonical-json.js';
import { type DomainContract, defineDomainContract } from './domain-contract.js';
import { isZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { refreshManifest } from './manifest-update.js';
import { checkPerfDir } from './perf-gate.js';
import { readBenchmarkRun, validateRunDir } from './read-run.js';
import { checkRunDir, claimViolations } from './run-dir-check.js';
import { writeRunFile } from './run-files.js';
import { RUN_FILES } from './run-layout.js';
import { markerField, versionField } from './schemas/common.js';
import {
  FIXTURE_CONTRACT,
  writeFixturePerfDir,
  writeFixtureRunDir,
} from './testing/fixture-run.js';

/** A test domain with a per-seed sidecar of its own schema. */
const NOTE = defineArtifact({
  id: 'note',
  path: 'seed_{seed}/note.json',
  kind: 'json',
  role: 'sidecar',
  description: 'A note per seed.',
  schema: {
    marker: 'zpbench_notes_note',
    version: 1,
    schema: z
      .strictObject({
        schema: markerField('zpbench_notes_note'),
        schema_version: versionField(1),
        count: z.number().int().min(0).meta({ description: 'A count.' }),
      })
      .meta({ description: 'A note.' }),
  },
  required: true,
});
const NOTES: DomainContract = defineDomainContract({
  id: 'notes',
  title: 'Notes (tests only)',
  claimBoundary: 'Fixture domain for tests: measures nothing about any real model.',
  metricSemantics: 'Per-seed values aggregated over seeds as mean, sd and a 95% t-interval.',
  seedDetails: z.strictObject({}).meta({ description: 'No details.' }),
  artifacts: [NOTE],
});
const note = (count: number) =>
  formatArtifactJson({ schema: 'zpbench_notes_note', schema_version: 1, count });
const domains = (id: string) =>
  id === NOTES.id ? NOTES : id === FIXTURE_CONTRACT.id ? FIXTURE_CONTRACT : undefined;
const check = (dir: string) => checkRunDir(dir, { domains });

let dir: string;
let run: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zpb-rundir-'));
  run = join(dir, 'run');
  writeFixtureRunDir(run, {
    contract: NOTES,
    seedFiles: (seed) => [{ path: `seed_${seed}/note.json`, content: note(seed) }],
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const path = join(run, file);
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Rewrites a file's manifest hash, so only the intended defect remains. */
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

describe('checkRunDir on a valid run', () => {
  it('passes, and the reader returns the parsed artifacts', async () => {
    const result = await check(run);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.contract?.id).toBe('notes');
    expect(result.manifest?.seeds_completed).toEqual([0, 1, 2, 3, 4]);
    const loaded = await readBenchmarkRun(run, { domains });
    expect(loaded.seedResults.get(3)?.runs.candidate?.metrics.loss).toBe(0.101);
    expect(loaded.summary.metrics.reference?.loss?.n).toBe(5);
    expect(loaded.read(NOTE, { seed: 2 })).toEqual({
      schema: 'zpbench_notes_note',
      schema_version: 1,
      count: 2,
    });
    expect(loaded.manifest.artifacts['seed_2/note.json']).toMatchObject({
      artifact: 'note',
      role: 'sidecar',
      seed: 2,
      model: null,
    });
  });

  it('never refuses a run for its verdicts: failed claims are the gate’s business', async () => {
    editJson(RUN_FILES.claimAuditJson, (audit) => {
      audit.claims = [
        {
          id: 'c',
          description: 'd',
          kind: 'floor',
          metric: 'loss',
          claimed_model: 'candidate',
          baseline_model: null,
          direction: 'lower',
          threshold: 0,
          statistic: 's',
          observed: 1,
          p_value: null,
          p_holm: null,
          alpha: 0.05,
          per_seed: { seeds: [], claimed: [], baseline: [] },
          required: true,
          verdict: 'FAIL',
          reason: 'mean 1 > 0',
        },
      ];
    });
    rehash(RUN_FILES.claimAuditJson);
    const result = await check(run);
    expect(result.ok).toBe(true);
    expect((await readBenchmarkRun(run, { domains })).claimAudit.claims).toHaveLength(1);
    expect(claimViolations(result.artifacts.claimAudit)).toEqual([
      {
        file: RUN_FILES.claimAuditJson,
        check: 'claim',
        expected: 'required claim c PASS',
        found: 'FAIL: mean 1 > 0',
      },
    ]);
  });

  it('reads a required INCONCLUSIVE claim, which only the gate refuses, saying why', async () => {
    const inconclusive = {
      id: 'sup',
      description: 'd',
      kind: 'superiority',
      metric: 'loss',
      claimed_model: 'candidate',
      baseline_model: 'reference',
      direction: 'lower',
      threshold: null,
      statistic: 's',
      observed: -1,
      p_value: 0.0625,
      p_holm: 0.125,
      alpha: 0.05,
      per_seed: { seeds: [], claimed: [], baseline: [] },
      required: true,
      verdict: 'INCONCLUSIVE',
      reason: 'run at least 6 seeds',
    };
    editJson(RUN_FILES.claimAuditJson, (audit) => {
      audit.claims = [inconclusive, { ...inconclusive, id: 'optional', required: false }];
    });
    rehash(RUN_FILES.claimAuditJson);
    const result = await check(run);
    expect(result.ok).toBe(true);
    expect(
      (await readBenchmarkRun(run, { domains })).claimAudit.claims.map((c) => c.verdict),
    ).toEqual(['INCONCLUSIVE', 'INCONCLUSIVE']);
    expect(claimViolations(result.artifacts.claimAudit)).toEqual([
      {
        file: RUN_FILES.claimAuditJson,
        check: 'claim',
        expected: 'required claim sup PASS',
        found:
          'INCONCLUSIVE (underpowered: a required claim must be able to pass): run at least 6 seeds',
      },
    ]);
  });

  it('refuses a claim audit of the previous version (v1) as a schema-version violation', async () => {
    editJson(RUN_FILES.claimAuditJson, (audit) => {
      audit.schema_version = 1;
    });
    rehash(RUN_FILES.claimAuditJson);
    const result = await check(run);
    expect(result.violations.map((v) => [v.file, v.check])).toEqual([
      [RUN_FILES.claimAuditJson, 'schema-version'],
    ]);
  });
});

describe('checkRunDir on tampered variants names the offending file and check', () => {
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
      'a domain sidecar rewritten off its schema and rehashed',
      () => {
        writeFileSync(
          join(run, 'seed_1/note.json'),
          formatArtifactJson({ schema: 'zpbench_notes_note', schema_version: 1, count: -1 }),
        );
        rehash('seed_1/note.json');
      },
      { file: 'seed_1/note.json', check: 'schema' },
    ],
    [
      'a domain sidecar of another schema version',
      () => {
        editJson('seed_1/note.json', (v) => {
          v.schema_version = 2;
        });
        rehash('seed_1/note.json');
      },
      { file: 'seed_1/note.json', check: 'schema-version' },
    ],
    [
      'a required domain sidecar deleted with its manifest entry',
      () => {
        unlinkSync(join(run, 'seed_4/note.json'));
        editJson(RUN_FILES.manifest, (m) => {
          delete (m.artifacts as Record<string, unknown>)['seed_4/note.json'];
        });
      },
      { file: 'seed_4/note.json', check: 'required' },
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
          (m.artifacts as Record<string, unknown>)['../outside.json'] = {
            path: '../outside.json',
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'json',
            role: 'aggregate',
            artifact: 'x',
            seed: null,
            model: null,
          };
        }),
      { file: RUN_FILES.manifest, check: 'schema' },
    ],
    [
      'an entry whose key is not its path',
      () =>
        editJson(RUN_FILES.manifest, (m) => {
          const artifacts = m.artifacts as Record<string, unknown>;
          artifacts['aggregated/copy.json'] = artifacts[RUN_FILES.summary];
        }),
      { file: RUN_FILES.manifest, check: 'consistency' },
    ],
    [
      'an entry with a role other than its declared one',
      () =>
        editJson(RUN_FILES.manifest, (m) => {
          const entry = (m.artifacts as Record<string, { role: string }>)['seed_0/note.json'];
          if (entry) entry.role = 'checkpoint';
        }),
      { file: RUN_FILES.manifest, check: 'consistency' },
    ],
    [
      'checkpoint hashes that no checkpoint entry backs',
      () =>
        editJson(RUN_FILES.manifest, (m) => {
          m.checkpoint_hashes = { '0': { candidate: 'b'.repeat(64) } };
        }),
      { file: RUN_FILES.manifest, check: 'consistency' },
    ],
    [
      'a file the domain does not declare, listed in the manifest',
      () => {
        writeFileSync(join(run, 'seed_0/extra.json'), '{}\n');
        editJson(RUN_FILES.manifest, (m) => {
          (m.artifacts as Record<string, unknown>)['seed_0/extra.json'] = {
            path: 'seed_0/extra.json',
            sha256: sha256Hex('{}\n'),
            bytes: 3,
            kind: 'json',
            role: 'sidecar',
            artifact: 'note',
            seed: 0,
            model: null,
          };
        });
      },
      { file: 'seed_0/extra.json', check: 'declared' },
    ],
    [
      'a stray file the manifest does not list',
      () => {
        mkdirSync(join(run, 'seed_9'));
        writeFileSync(join(run, 'seed_9/per_seed_result.json'), '{}');
      },
      { file: 'seed_9/per_seed_result.json', check: 'listed' },
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
      'a manifest that is a symlink to an outside copy',
      () => {
        const outside = join(dir, 'manifest.json');
        writeFileSync(outside, readFileSync(join(run, RUN_FILES.manifest)));
        unlinkSync(join(run, RUN_FILES.manifest));
        symlinkSync(outside, join(run, RUN_FILES.manifest));
      },
      { file: RUN_FILES.manifest, check: 'path' },
    ],
    [
      'a FIFO in place of the manifest (never opened, so never hangs)',
      () => {
        unlinkSync(join(run, RUN_FILES.manifest));
        execFileSync('mkfifo', [join(run, RUN_FILES.manifest)]);
      },
      { file: RUN_FILES.manifest, check: 'file' },
    ],
    [
      'truncated JSON',
      () => {
        const path = join(run, RUN_FILES.pairedStats);
        writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
        rehash(RUN_FILES.pairedStats);
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
      'a seed plan edited in the resume state (rehashed)',
      () => {
        editJson(RUN_FILES.resumeState, (v) => {
          (v.contract as { seeds: number[] }).seeds = [0, 1, 2];
        });
        rehash(RUN_FILES.resumeState);
      },
      { file: RUN_FILES.resumeState, check: 'consistency' },
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
      const result = await check(run);
      expect(result.ok).toBe(false);
      const match = result.violations.find(
        (v) =>
          (typeof expected.file === 'string'
            ? v.file === expected.file
            : expected.file.test(v.file)) && v.check === expected.check,
      );
      expect(match, JSON.stringify(result.violations)).toBeDefined();
      await expect(validateRunDir(run, { domains })).rejects.toThrow(
        /is not a valid run directory/,
      );
    });
  }

  it('reports an older manifest version with the compatibility error', async () => {
    editJson(RUN_FILES.manifest, (v) => {
      v.schema_version = 5;
    });
    const result = await check(run);
    expect(result.violations).toContainEqual({
      file: 'manifest.json',
      check: 'schema-version',
      expected: 'version 6',
      found: 'version 5 (incompatible; regenerate the run with the current zpbench)',
    });
  });

  it('refuses an unknown domain with a one-line input error, not a violation or a crash', async () => {
    const error = await checkRunDir(run, { domains: () => undefined }).catch((e: unknown) => e);
    expect(isZpbenchError(error) && error.code).toBe('ZPB_UNKNOWN_ID');
    expect((error as Error).message.replace(run, '<run>')).toMatchInlineSnapshot(
      `"<run>/manifest.json: unknown domain "notes"; this zpbench cannot check its artifacts (run \`zpbench list\` for the known domains)"`,
    );
  });

  it('refuses a performance directory given as a scientific run', async () => {
    const perf = join(dir, 'perf');
    writeFixturePerfDir(perf);
    const error = await check(perf).catch((e: unknown) => e);
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
  it('records a rewritten report from the bytes written, so the gate passes again', async () => {
    const record = writeRunFile(run, RUN_FILES.runReport, '# Run report\n\nRegenerated.\n');
    const before = (await check(run)).violations.map((v) => `${v.file}:${v.check}`);
    expect(before.sort()).toEqual(['RUN_REPORT.md:bytes', 'RUN_REPORT.md:sha256']);
    refreshManifest(run, NOTES, [record]);
    expect((await check(run)).ok).toBe(true);
  });

  it('refuses to record a file no artifact declares', () => {
    const record = writeRunFile(run, 'aggregated/stray.json', '{}\n');
    expect(() => refreshManifest(run, NOTES, [record])).toThrow(
      /aggregated\/stray.json is not declared by core or by the notes domain/,
    );
  });
});
