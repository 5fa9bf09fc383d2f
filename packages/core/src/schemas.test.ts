import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile } from './artifact-io.js';
import { renderJsonSchema } from './json-schema.js';
import { JsonSchemaValidator, jsonSchemaPath } from './json-schema-validator.js';
import { RUN_FILES } from './run-layout.js';
import { jsonSchemaFileName, SCHEMA_REGISTRY } from './schemas/registry.js';
import { writeFixturePerfDir, writeFixtureRunDir } from './testing/fixture-run.js';

const SCHEMA_DIR = new URL('../schemas/', import.meta.url);

describe('committed JSON Schemas', () => {
  for (const entry of SCHEMA_REGISTRY) {
    it(`${jsonSchemaFileName(entry)} matches the zod schema (run \`pnpm -s schemas\` to refresh)`, () => {
      const committed = readFileSync(new URL(jsonSchemaFileName(entry), SCHEMA_DIR), 'utf8');
      expect(committed).toBe(`${JSON.stringify(renderJsonSchema(entry), null, 2)}\n`);
    });
  }

  it('documents every property with a description', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object') {
        for (const [key, child] of Object.entries(record.properties as Record<string, unknown>)) {
          const c = child as Record<string, unknown>;
          if (typeof c.description !== 'string' && !c.anyOf) undocumented.push(`${path}.${key}`);
          walk(child, `${path}.${key}`);
        }
      }
      for (const key of ['items', 'additionalProperties', 'anyOf', 'prefixItems']) {
        const child = record[key];
        if (Array.isArray(child)) {
          child.forEach((c, i) => {
            walk(c, `${path}.${key}[${i}]`);
          });
        } else walk(child, `${path}.${key}`);
      }
    };
    for (const entry of SCHEMA_REGISTRY) walk(renderJsonSchema(entry), entry.marker);
    expect(undocumented).toEqual([]);
  });
});

describe('valid and invalid artifacts under both zod and ajv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zpb-schemas-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pairs: [string, string][] = [
    [RUN_FILES.manifest, 'zeroproofml_benchmark_manifest'],
    [RUN_FILES.provenance, 'zeroproofml_provenance'],
    [RUN_FILES.resumeState, 'zeroproofml_benchmark_resume_state'],
    [RUN_FILES.summary, 'zeroproofml_benchmark_summary'],
    [RUN_FILES.pairedStats, 'zeroproofml_paired_stats'],
    [RUN_FILES.claimAuditJson, 'zpbench_claim_audit'],
    ['seed_0/per_seed_result.json', 'zeroproofml_benchmark_synthetic_seed_result'],
  ];

  it('accepts every artifact of the fixture run and rejects broken copies', () => {
    writeFixtureRunDir(dir);
    const ajv = new JsonSchemaValidator();
    for (const [file, marker] of pairs) {
      const entry = SCHEMA_REGISTRY.find((e) => e.marker === marker);
      expect(entry, marker).toBeDefined();
      if (!entry) continue;
      const value = readJsonFile(join(dir, file)) as Record<string, unknown>;
      expect(ajv.validate(entry.marker, entry.version, value), file).toEqual([]);
      expect(entry.schema.safeParse(value).success, file).toBe(true);

      const variants: Record<string, unknown>[] = [
        { ...value, schema_version: entry.version + 1 },
        { ...value, schema: 'not_a_marker' },
        { ...value, unexpected_field: 1 },
        Object.fromEntries(Object.entries(value).slice(0, -1)),
      ];
      for (const broken of variants) {
        expect(ajv.validate(entry.marker, entry.version, broken).length, file).toBeGreaterThan(0);
        expect(entry.schema.safeParse(broken).success, file).toBe(false);
      }
    }
  });

  it('accepts each metric-log line and the performance artifacts', () => {
    writeFixtureRunDir(dir);
    const ajv = new JsonSchemaValidator();
    const lines = readFileSync(join(dir, RUN_FILES.metricLog), 'utf8').trim().split('\n');
    expect(lines.length).toBe(10);
    for (const line of lines)
      expect(ajv.validate('zeroproofml.metric_log', 1, JSON.parse(line))).toEqual([]);
    const { baseline } = writeFixturePerfDir(join(dir, 'perf'));
    expect(ajv.validate('zpbench_perf_suite', 1, baseline)).toEqual([]);
    expect(
      ajv.validate('zpbench_perf_suite', 1, { ...baseline, benchmarks: [] }).length,
    ).toBeGreaterThan(0);
  });

  it('rejects artifact paths that leave the run directory, in both validators', () => {
    const manifest = writeFixtureRunDir(dir);
    const entry = SCHEMA_REGISTRY.find((e) => e.marker === 'zeroproofml_benchmark_manifest');
    if (!entry) throw new Error('manifest schema missing');
    const ajv = new JsonSchemaValidator();
    for (const path of ['../outside.json', '/etc/passwd', 'a/../../b', 'C:/x']) {
      const broken = {
        ...manifest,
        artifacts: { x: { path, sha256: 'a'.repeat(64), bytes: 1, kind: 'json' } },
      };
      expect(ajv.validate(entry.marker, entry.version, broken).length, path).toBeGreaterThan(0);
      expect(entry.schema.safeParse(broken).success, path).toBe(false);
    }
    expect(jsonSchemaPath(entry.marker, entry.version)).toMatch(
      /zeroproofml_benchmark_manifest\.v4\.schema\.json$/,
    );
  });
});
