import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z as zod } from 'zod';
import * as z from './zod.js';

const registry = zod.globalRegistry;

describe('core’s lazily built zod schemas', () => {
  // One schema, built through core's facade (lazily) and through zod itself (at once).
  type Builder = 'array' | 'boolean' | 'enum' | 'literal' | 'null' | 'number' | 'record';
  type Builders = Pick<
    typeof zod,
    Builder | 'strictObject' | 'string' | 'tuple' | 'union' | 'unknown'
  >;
  const row = (b: Builders) =>
    b
      .strictObject({
        id: b.string().min(2).meta({ description: 'Id.' }),
        score: b.number().int().min(0).max(10).nullable(),
        kind: b.enum(['a', 'b']).optional(),
        tags: b.array(b.union([b.literal('x'), b.null()])),
        pair: b.tuple([b.number(), b.number()]),
        extra: b.record(b.string(), b.unknown()),
        flag: b.boolean(),
      })
      .meta({ title: 'row', description: 'A row.' });
  const lazyRow = () => row(z);
  const eagerRow = () => row(zod);
  const valid = { id: 'ab', score: 3, tags: ['x', null], pair: [1, 2], extra: {}, flag: true };
  const invalid = { id: 'a', score: 3.5, tags: ['y'], pair: [1], extra: {}, flag: 1, more: 0 };

  it('builds a schema only on its first use', () => {
    const row = lazyRow();
    expect(registry.has(row)).toBe(false);
    expect(row.safeParse(valid).success).toBe(true);
    expect(registry.get(row)).toEqual({ title: 'row', description: 'A row.' });
  });

  it('parses and refuses exactly as the same schema built at once', () => {
    const [lazy, eager] = [lazyRow(), eagerRow()];
    expect(lazy.parse(valid)).toEqual(eager.parse(valid));
    const issues = (schema: zod.ZodType) => schema.safeParse(invalid).error?.issues;
    expect(issues(lazy)).toEqual(issues(eager));
    expect(issues(lazy)?.length).toBe(6);
  });

  it('renders the same JSON Schema, alone or nested in a schema zod built itself', () => {
    const render = (schema: zod.ZodType) => zod.toJSONSchema(schema, { reused: 'inline' });
    expect(render(lazyRow())).toEqual(render(eagerRow()));
    expect(render(zod.strictObject({ rows: zod.array(lazyRow()) }))).toEqual(
      render(zod.strictObject({ rows: zod.array(eagerRow()) })),
    );
    expect(JSON.stringify(render(lazyRow()))).toContain('"description":"Id."');
  });

  it('runs a refinement when the schema parses, not before', () => {
    const seen: unknown[] = [];
    const refined = z.number().superRefine((value) => {
      seen.push(value);
    });
    expect(seen).toEqual([]);
    expect(refined.parse(4)).toBe(4);
    expect(seen).toEqual([4]);
  });

  it('importing core loads no zod and builds none of its artifact schemas', () => {
    // A fresh process (this one has zod loaded and the schemas this file built in its registry),
    // importing core's built entry. zod defines its global registry when it loads.
    const entry = pathToFileURL(join(import.meta.dirname, '../../dist/index.js')).href;
    const script = `
      const core = await import(${JSON.stringify(entry)});
      const loaded = globalThis.__zod_globalRegistry !== undefined;
      core.MANIFEST_SCHEMA.schema.safeParse({});
      const built = core.SCHEMA_REGISTRY.filter((e) => globalThis.__zod_globalRegistry.has(e.schema)).length;
      console.log(JSON.stringify([loaded, built, core.SCHEMA_REGISTRY.length]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([false, 1, 17]);
  });

  it('keeps the fields read from a stand-in’s shape lazy, and renders them as zod does', () => {
    const lazy = z.strictObject({ a: z.number().positive().meta({ description: 'A.' }) });
    const field = lazy.shape.a;
    expect(registry.has(lazy)).toBe(false);
    const eager = zod.strictObject({ a: zod.number().positive().meta({ description: 'A.' }) });
    const render = (schema: zod.ZodType) => zod.toJSONSchema(schema, { reused: 'inline' });
    expect(render(z.array(field))).toEqual(render(zod.array(eager.shape.a)));
    expect(field.safeParse(-1).success).toBe(false);
  });
});
