import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z as zod } from 'zod';
import * as z from './zod.js';

const registry = zod.globalRegistry;

describe('core’s lazily built zod schemas', () => {
  const lazyRow = () =>
    z
      .strictObject({
        id: z.string().min(2).meta({ description: 'Id.' }),
        score: z.number().int().min(0).max(10).nullable(),
        kind: z.enum(['a', 'b']).optional(),
        tags: z.array(z.union([z.literal('x'), z.null()])),
        pair: z.tuple([z.number(), z.number()]),
        extra: z.record(z.string(), z.unknown()),
        flag: z.boolean(),
      })
      .meta({ title: 'row', description: 'A row.' });
  const eagerRow = () =>
    zod
      .strictObject({
        id: zod.string().min(2).meta({ description: 'Id.' }),
        score: zod.number().int().min(0).max(10).nullable(),
        kind: zod.enum(['a', 'b']).optional(),
        tags: zod.array(zod.union([zod.literal('x'), zod.null()])),
        pair: zod.tuple([zod.number(), zod.number()]),
        extra: zod.record(zod.string(), zod.unknown()),
        flag: zod.boolean(),
      })
      .meta({ title: 'row', description: 'A row.' });
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

  it('importing @zpbench/core builds none of its artifact schemas', () => {
    // A fresh process: the schemas this test file built are in this one's registry.
    const script = `
      const core = await import('@zpbench/core');
      const built = () => core.SCHEMA_REGISTRY.filter((e) => globalThis.__zod_globalRegistry.has(e.schema)).length;
      const before = built();
      core.MANIFEST_SCHEMA.schema.safeParse({});
      console.log(JSON.stringify([before, built(), core.SCHEMA_REGISTRY.length]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([0, 1, 17]);
  });
});
