import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile } from './artifact-io.js';
import { renderJsonSchemaFiles } from './json-schema.js';
import {
  CORE_SCHEMA_DIR,
  JsonSchemaValidator,
  jsonSchemaPath,
  loadPrecompiledValidator,
  PRECOMPILED_VALIDATOR_DIR,
  precompiledValidatorName,
  writePrecompiledValidators,
} from './json-schema-validator.js';
import { RUN_FILES } from './run-layout.js';
import { SCHEMA_REGISTRY } from './schemas/registry.js';
import {
  FIXTURE_CONTRACT,
  writeFixturePerfDir,
  writeFixtureRunDir,
} from './testing/fixture-run.js';
import { committedSchemaDrift, undocumentedProperties } from './testing/schema-checks.js';

describe('committed JSON Schemas', () => {
  const expected = renderJsonSchemaFiles(SCHEMA_REGISTRY);
  for (const [name, text] of expected) {
    it(`${name} matches the zod schema (run \`pnpm -s schemas\` to refresh)`, () => {
      expect(readFileSync(new URL(name, CORE_SCHEMA_DIR), 'utf8')).toBe(text);
    });
  }

  it('holds no schema file that no current schema produces (old versions are removed)', () => {
    expect(committedSchemaDrift(SCHEMA_REGISTRY, CORE_SCHEMA_DIR)).toEqual([]);
  });

  it('documents every property with a description, nullable ones included', () => {
    expect(SCHEMA_REGISTRY.flatMap(undocumentedProperties)).toEqual([]);
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
    ['seed_0/per_seed_result.json', 'zeroproofml_benchmark_fixture_seed_result'],
  ];

  it('accepts every artifact of the fixture run and rejects broken copies', () => {
    writeFixtureRunDir(dir);
    const ajv = new JsonSchemaValidator();
    for (const [file, marker] of pairs) {
      const seedResult = marker === FIXTURE_CONTRACT.seedResult.marker;
      const entry = seedResult
        ? FIXTURE_CONTRACT.seedResult
        : SCHEMA_REGISTRY.find((e) => e.marker === marker);
      expect(entry, marker).toBeDefined();
      if (!entry) continue;
      // The fixture domain commits no JSON Schemas: its seed result's is rendered from zod.
      const schemaDir = seedResult ? null : CORE_SCHEMA_DIR;
      const value = readJsonFile(join(dir, file)) as Record<string, unknown>;
      expect(ajv.validate(entry, value, schemaDir), file).toEqual([]);
      expect(entry.schema.safeParse(value).success, file).toBe(true);

      const variants: Record<string, unknown>[] = [
        { ...value, schema_version: entry.version + 1 },
        { ...value, schema: 'not_a_marker' },
        { ...value, unexpected_field: 1 },
        Object.fromEntries(Object.entries(value).slice(0, -1)),
      ];
      for (const broken of variants) {
        expect(ajv.validate(entry, broken, schemaDir).length, file).toBeGreaterThan(0);
        expect(entry.schema.safeParse(broken).success, file).toBe(false);
      }
    }
  });

  it('accepts each metric-log line and the performance artifacts', () => {
    writeFixtureRunDir(dir);
    const ajv = new JsonSchemaValidator();
    const lines = readFileSync(join(dir, RUN_FILES.metricLog), 'utf8').trim().split('\n');
    expect(lines.length).toBe(10);
    const log = SCHEMA_REGISTRY.find((e) => e.marker === 'zeroproofml.metric_log');
    const perf = SCHEMA_REGISTRY.find((e) => e.marker === 'zpbench_perf_suite');
    if (!log || !perf) throw new Error('schema missing');
    for (const line of lines) expect(ajv.validate(log, JSON.parse(line))).toEqual([]);
    const { baseline } = writeFixturePerfDir(join(dir, 'perf'));
    expect(ajv.validate(perf, baseline)).toEqual([]);
    expect(ajv.validate(perf, { ...baseline, benchmarks: [] }).length).toBeGreaterThan(0);
  });

  it('rejects artifact paths that leave the run directory, in both validators', () => {
    const manifest = writeFixtureRunDir(dir);
    const entry = SCHEMA_REGISTRY.find((e) => e.marker === 'zeroproofml_benchmark_manifest');
    if (!entry) throw new Error('manifest schema missing');
    const ajv = new JsonSchemaValidator();
    for (const path of ['../outside.json', '/etc/passwd', 'a/../../b', 'C:/x']) {
      const broken = {
        ...manifest,
        artifacts: {
          [path]: {
            path,
            sha256: 'a'.repeat(64),
            bytes: 1,
            kind: 'json',
            role: 'aggregate',
            artifact: 'summary',
            seed: null,
            model: null,
          },
        },
      };
      expect(ajv.validate(entry, broken).length, path).toBeGreaterThan(0);
      expect(entry.schema.safeParse(broken).success, path).toBe(false);
    }
    expect(jsonSchemaPath(entry)).toMatch(/zeroproofml_benchmark_manifest\.v6\.schema\.json$/);
  });
});

describe('precompiled validators (the build compiles every committed schema)', () => {
  it('exist for every committed core schema, named by the sha256 of its text', () => {
    for (const entry of SCHEMA_REGISTRY) {
      const text = readFileSync(jsonSchemaPath(entry), 'utf8');
      const module = new URL(precompiledValidatorName(text), PRECOMPILED_VALIDATOR_DIR);
      expect(existsSync(module), `${entry.marker}: run \`pnpm -s build\``).toBe(true);
      // The build wrote V8's code cache beside it, and this Node accepts it.
      expect(loadPrecompiledValidator(fileURLToPath(module)).cacheAccepted, entry.marker).toBe(
        true,
      );
    }
  });

  it('validate alike with a code cache V8 rejects (another Node wrote it): the code compiles as usual', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zpb-precompiled-'));
    try {
      const entry = SCHEMA_REGISTRY.find((e) => e.marker === 'zeroproofml_provenance');
      if (!entry) throw new Error('no provenance schema');
      const name = precompiledValidatorName(readFileSync(jsonSchemaPath(entry), 'utf8'));
      writePrecompiledValidators([jsonSchemaPath(entry)], new URL(`file://${dir}/`));
      writeFileSync(join(dir, `${name}.v8-code-cache`), 'not a V8 code cache');
      // A fresh process: V8 reuses its own compilation of a source it has seen, cache or not.
      const module = pathToFileURL(join(import.meta.dirname, '../dist/json-schema-validator.js'));
      const script = `
        const { loadPrecompiledValidator } = await import(${JSON.stringify(module.href)});
        const { cacheAccepted, validate } = loadPrecompiledValidator(${JSON.stringify(join(dir, name))});
        console.log(JSON.stringify([cacheAccepted, validate({}), validate.errors.length]));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
      });
      const runtime = new JsonSchemaValidator({ precompiledDir: null }).validate(entry, {});
      expect(runtime.length).toBeGreaterThan(0);
      expect(JSON.parse(out)).toEqual([false, false, runtime.length]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('give the same errors as ajv compiling the schema at run time, valid and broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zpb-precompiled-'));
    try {
      writeFixtureRunDir(dir);
      const precompiled = new JsonSchemaValidator();
      const runtime = new JsonSchemaValidator({ precompiledDir: null });
      for (const [file, marker] of [
        [RUN_FILES.manifest, 'zeroproofml_benchmark_manifest'],
        [RUN_FILES.provenance, 'zeroproofml_provenance'],
        [RUN_FILES.summary, 'zeroproofml_benchmark_summary'],
        [RUN_FILES.claimAuditJson, 'zpbench_claim_audit'],
      ] as const) {
        const entry = SCHEMA_REGISTRY.find((e) => e.marker === marker);
        if (!entry) throw new Error(`no schema ${marker}`);
        const value = readJsonFile(join(dir, file)) as Record<string, unknown>;
        for (const doc of [value, { ...value, schema_version: 99, extra: 1 }, {}]) {
          expect(precompiled.validate(entry, doc)).toEqual(runtime.validate(entry, doc));
        }
        expect(precompiled.validate(entry, {}).length).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are written once per schema text and stale modules removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zpb-precompiled-'));
    try {
      const out = new URL(`file://${dir}/out/`);
      const files = SCHEMA_REGISTRY.slice(0, 2).map((entry) => jsonSchemaPath(entry));
      expect(writePrecompiledValidators(files, out)).toEqual({ written: 2, kept: 0, removed: 0 });
      expect(writePrecompiledValidators(files, out)).toEqual({ written: 0, kept: 2, removed: 0 });
      expect(
        readdirSync(fileURLToPath(out)).filter((f) => f.endsWith('.v8-code-cache')).length,
      ).toBe(2);
      expect(writePrecompiledValidators(files.slice(0, 1), out)).toEqual({
        written: 0,
        kept: 1,
        removed: 1,
      });
      // The stale module's code cache goes with it.
      expect(readdirSync(fileURLToPath(out)).sort()).toEqual(
        [precompiledValidatorName(readFileSync(files[0] as string, 'utf8'))].flatMap((n) => [
          n,
          `${n}.v8-code-cache`,
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
