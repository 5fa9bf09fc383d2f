/**
 * zod as core's schema modules use it (`import * as z from './zod.js'`), with schemas built on
 * first use instead of at import. Every value and type of zod is re-exported; the builders the
 * schema modules call (`z.string()`, `z.strictObject()`, …) return a stand-in that records the
 * call, and the schema-returning methods chained on it (`.meta()`, `.nullable()`, `.min()`, …)
 * record theirs. The first other use of a stand-in (`safeParse`, `toJSONSchema`, nesting in a
 * schema built with zod itself) builds the real zod schema once, with the same calls in the same
 * order, and forwards to it; stand-ins nested in a recorded call are replaced by their built
 * schemas, so a built schema never holds a stand-in.
 *
 * Why: importing core (as every command does) used to build all of its ~20 artifact schemas, a
 * large share of a short command's start-up, while `benchmark-gate` and the run reader validate
 * with ajv's precompiled validators and parse with zod only what ajv refuses or a writer checks.
 */
import { z as zod } from 'zod';

export * from 'zod';

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
      const meta = zod.globalRegistry.get(schema as zod.ZodType);
      if (meta !== undefined) zod.globalRegistry.add(standIn as zod.ZodType, meta);
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

/** A zod builder whose calls are recorded. */
function recorded<F>(builder: F): F {
  return ((...args: unknown[]) =>
    lazy(() => (builder as (...a: unknown[]) => object)(...args.map(built)))) as F;
}

const enum_ = recorded(zod.enum);
const null_ = recorded(zod.null);

export { enum_ as enum, null_ as null };
export const array = recorded(zod.array);
export const boolean = recorded(zod.boolean);
export const literal = recorded(zod.literal);
export const number = recorded(zod.number);
export const record = recorded(zod.record);
export const strictObject = recorded(zod.strictObject);
export const string = recorded(zod.string);
export const tuple = recorded(zod.tuple);
export const union = recorded(zod.union);
export const unknown = recorded(zod.unknown);
