/**
 * zod as zpbench's schema modules use it (`* as z` from `@zpbench/core/zod` in a domain, from
 * `./zod.js` in core), with schemas built on first use instead of at import,
 * and zod itself loaded on first build. Every type of zod is re-exported; the builders the schema
 * modules call (`z.string()`, `z.strictObject()`, …) return a stand-in that records the call, and
 * the schema-returning methods chained on it (`.meta()`, `.nullable()`, `.min()`, …) record
 * theirs, as do the fields read from its `.shape`. The first other use of a stand-in
 * (`safeParse`, `toJSONSchema`, nesting in a schema built with zod itself) builds the real zod
 * schema once, with the same calls in the same order, and forwards to it; stand-ins nested in a
 * recorded call are replaced by their built schemas, so a built schema never holds a stand-in.
 *
 * Why: importing core or a domain's contract (as the gate and the run reader do) used to build
 * every artifact schema, and load zod's ~750 KB, a large share of a short command's start-up,
 * while `benchmark-gate` and the run reader validate with ajv's precompiled validators and parse
 * with zod only what ajv refuses or a writer checks. zod loads synchronously when first needed:
 * from its package (CommonJS build) here, and in the CLI bundle from bundle/zod.cjs, the members
 * listed in {@link ZOD_MEMBERS} built into one file (scripts/bundle.mjs points this module's
 * `require('zod')` there).
 */
import { createRequire } from 'node:module';
import type * as zodModule from 'zod';

export type * from 'zod';

/** The members of zod this module uses: all of zod the CLI bundle ships (scripts/bundle.mjs). */
export const ZOD_MEMBERS = [
  'array',
  'boolean',
  'config',
  'custom',
  'discriminatedUnion',
  'enum',
  'globalRegistry',
  'literal',
  'null',
  'number',
  'object',
  'prettifyError',
  'record',
  'strictObject',
  'string',
  'toJSONSchema',
  'tuple',
  'union',
  'unknown',
] as const;
type Zod = Pick<typeof zodModule, (typeof ZOD_MEMBERS)[number]>;

let loaded: Zod | undefined;

/** zod, loaded on the first call. */
function zod(): Zod {
  if (loaded === undefined) {
    // A bundle defines `require` (and esbuild resolves this call); an ES module of the package
    // does not.
    loaded = (
      typeof require === 'function' ? require('zod') : createRequire(import.meta.url)('zod')
    ) as Zod;
    // zpbench's processes parse each schema a handful of times: zod's JIT fast path (code
    // generated with `new Function` on a schema's first parse) costs more to build and compile
    // than it saves, and no parse result depends on it.
    loaded.config({ jitless: true });
  }
  return loaded;
}

/** The build function of each stand-in, by stand-in. */
const builds = new WeakMap<object, () => object>();

/** Methods of a zod schema that return another schema: recorded, not run, on a stand-in. */
const CHAINED = new Set([
  'meta',
  'describe',
  'nullable',
  'optional',
  'nullish',
  'min',
  'max',
  'gt',
  'gte',
  'lt',
  'lte',
  'int',
  'regex',
  'length',
  'superRefine',
  'refine',
  'positive',
  'omit',
  'extend',
]);

/** A recorded argument with every stand-in in it (directly, in an array or a shape) built. */
function built(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const build = builds.get(value);
  if (build) return build();
  if (Array.isArray(value)) return value.map(built);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, built(v)]));
}

/** A stand-in for the schema `recipe` returns, built on first use. */
function lazy(recipe: () => object): object {
  let schema: object | undefined;
  const build = (): object => {
    if (schema === undefined) {
      schema = recipe();
      // zod keeps `.meta()` by schema instance: the stand-in carries its schema's, so a schema
      // that nests the stand-in renders the same JSON Schema as one that nests the schema.
      const { globalRegistry } = zod();
      const meta = globalRegistry.get(schema as zodModule.ZodType);
      if (meta !== undefined) globalRegistry.add(standIn as zodModule.ZodType, meta);
    }
    return schema;
  };
  const standIn: object = new Proxy(
    {},
    {
      get(_, key) {
        if (typeof key === 'string' && CHAINED.has(key))
          return (...args: unknown[]) =>
            lazy(
              () =>
                (build() as Record<string, (...a: unknown[]) => object>)[key]?.(
                  ...args.map(built),
                ) ?? missing(key),
            );
        // A field of an object schema's shape (`schema.shape.direction`), as a stand-in too.
        if (key === 'shape')
          return new Proxy(
            {},
            {
              get: (__, field) =>
                lazy(
                  () =>
                    (build() as { shape: Record<string | symbol, object> }).shape[field] ??
                    missing(`shape.${String(field)}`),
                ),
            },
          );
        return Reflect.get(build(), key);
      },
      set: (_, key, value) => Reflect.set(build(), key, value),
      has: (_, key) => Reflect.has(build(), key),
      ownKeys: () => Reflect.ownKeys(build()),
      getOwnPropertyDescriptor(_, key) {
        const descriptor = Reflect.getOwnPropertyDescriptor(build(), key);
        // The stand-in's own target has no such property: a proxy may not report it fixed.
        return descriptor && { ...descriptor, configurable: true };
      },
      getPrototypeOf: () => Reflect.getPrototypeOf(build()),
    },
  );
  builds.set(standIn, build);
  return standIn;
}

function missing(method: string): never {
  throw new TypeError(`zod schema has no method ${method}`);
}

/** The zod builder `name`, with its calls recorded. */
function recorded<K extends (typeof ZOD_MEMBERS)[number]>(name: K): Zod[K] {
  return ((...args: unknown[]) =>
    lazy(() => (zod()[name] as (...a: unknown[]) => object)(...args.map(built)))) as Zod[K];
}

const enum_ = recorded('enum');
const null_ = recorded('null');

export { enum_ as enum, null_ as null };
export const array = recorded('array');
export const boolean = recorded('boolean');
export const custom = recorded('custom');
export const discriminatedUnion = recorded('discriminatedUnion');
export const literal = recorded('literal');
export const number = recorded('number');
export const object = recorded('object');
export const record = recorded('record');
export const strictObject = recorded('strictObject');
export const string = recorded('string');
export const tuple = recorded('tuple');
export const union = recorded('union');
export const unknown = recorded('unknown');

/** zod's `toJSONSchema` (loads zod). */
export const toJSONSchema = ((...args: unknown[]) =>
  (zod().toJSONSchema as (...a: unknown[]) => unknown)(...args)) as Zod['toJSONSchema'];
/** zod's `prettifyError` (loads zod). */
export const prettifyError: Zod['prettifyError'] = (error) => zod().prettifyError(error);
