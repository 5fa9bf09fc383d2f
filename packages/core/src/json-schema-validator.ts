import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { Ajv2020 as Ajv2020Type, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { SchemaEntry } from './artifact-spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import { renderJsonSchema } from './json-schema.js';
import { jsonSchemaFileName } from './schemas/registry.js';

/** Where core's committed JSON Schemas live. */
export const CORE_SCHEMA_DIR = new URL('../schemas/', import.meta.url);

/**
 * Where the build puts ajv's standalone validators of the committed JSON Schemas (`pnpm -s
 * build` runs `scripts/compile-json-schemas.mjs`), one CommonJS module per schema file, named by
 * the sha256 of the file's text. The name is the content, so a module can never be stale: a
 * schema edited after the build has another hash and is compiled at run time instead.
 */
export const PRECOMPILED_VALIDATOR_DIR = new URL(
  '../dist/json-schema-validators/',
  import.meta.url,
);

/** ajv's options, the same for a validator compiled at run time and one compiled by the build. */
const AJV_OPTIONS = { allErrors: true, strict: false } as const;

const require = createRequire(import.meta.url);

// ajv is loaded on first use: a process that finds every validator precompiled never loads it.
let ajvClass: typeof Ajv2020Type | undefined;
function createAjv(options: Record<string, unknown> = {}): Ajv2020Type {
  ajvClass ??= (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Type }).Ajv2020;
  return new ajvClass({ ...AJV_OPTIONS, ...options });
}

/** File name of the precompiled validator of a JSON Schema file's text: `<sha256>.cjs`. */
export function precompiledValidatorName(schemaText: string): string {
  return `${sha256Hex(schemaText)}.cjs`;
}

/** File name of V8's code cache of a precompiled validator, beside it. */
const CODE_CACHE_SUFFIX = '.v8-code-cache';

/**
 * Runs a precompiled validator module as `require` would (in CommonJS's module wrapper, ajv's
 * runtime helpers resolved from core), with V8's code cache of it when the build wrote one this
 * Node accepts. The cache holds the validator's compiled function: without it, V8 parses the
 * module (up to ~300 KB of generated code) at load and compiles the validator on its first call,
 * which cost a short command such as the gate several milliseconds per schema.
 * A cache another Node or V8 wrote is rejected by V8 and the code compiles as usual.
 */
export function loadPrecompiledValidator(path: string): {
  readonly validate: ValidateFunction;
  readonly script: Script;
  readonly cacheAccepted: boolean;
} {
  const cachePath = `${path}${CODE_CACHE_SUFFIX}`;
  const cachedData = existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const script = new Script(
    `(function (exports, require, module) {${readFileSync(path, 'utf8')}\n})`,
    {
      filename: path,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  const module = { exports: {} as { default?: ValidateFunction } };
  (script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown) => void)(
    module.exports,
    require,
    module,
  );
  const validate = module.exports.default;
  if (typeof validate !== 'function')
    throw new ZpbenchError(
      ERROR_CODES.PLUGIN_CONTRACT,
      `${path} is no ajv standalone validator; rebuild with \`pnpm -s build\``,
    );
  return {
    validate,
    script,
    cacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
  };
}

/**
 * Validates parsed artifacts against committed JSON Schema files with ajv: core's under
 * `packages/core/schemas/`, a domain's in its own package (`DomainContract.schemaDir`). A schema
 * the build precompiled is loaded as ajv's standalone code (compiling the core schemas at run
 * time costs most of a second); any other is compiled on first use. For a schema source without
 * committed files (a test-only domain) the JSON Schema is rendered from the zod schema, so both
 * validators still see every artifact.
 */
export class JsonSchemaValidator {
  #ajv: Ajv2020Type | undefined;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #precompiledDir: URL | null;

  /** `precompiledDir: null` compiles every schema at run time (to compare the two). */
  constructor(options: { readonly precompiledDir?: URL | null } = {}) {
    this.#precompiledDir =
      options.precompiledDir === undefined ? PRECOMPILED_VALIDATOR_DIR : options.precompiledDir;
  }

  /** Returns the ajv error list (empty when valid) of `value` against the entry's JSON Schema. */
  validate(entry: SchemaEntry, value: unknown, schemaDir: URL | null = CORE_SCHEMA_DIR): string[] {
    const validate = this.#compile(entry, schemaDir);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(formatAjvError);
  }

  #compile(entry: SchemaEntry, schemaDir: URL | null): ValidateFunction {
    const file = jsonSchemaFileName(entry);
    const key = `${schemaDir?.href ?? 'rendered:'}${file}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      if (schemaDir === null) validate = this.#ajvCompile(renderJsonSchema(entry));
      else {
        const url = new URL(file, schemaDir);
        let text: string;
        try {
          text = readFileSync(url, 'utf8');
        } catch (error) {
          throw new ZpbenchError(
            ERROR_CODES.PLUGIN_CONTRACT,
            `the committed JSON Schema ${url.pathname} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); regenerate the schemas with \`pnpm -s schemas\``,
            { cause: error },
          );
        }
        validate = this.#loadPrecompiled(text) ?? this.#ajvCompile(JSON.parse(text));
      }
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  #loadPrecompiled(schemaText: string): ValidateFunction | null {
    if (!this.#precompiledDir) return null;
    const path = fileURLToPath(new URL(precompiledValidatorName(schemaText), this.#precompiledDir));
    if (!existsSync(path)) return null;
    return loadPrecompiledValidator(path).validate;
  }

  #ajvCompile(schema: object): ValidateFunction {
    this.#ajv ??= createAjv();
    return this.#ajv.compile(schema);
  }
}

/**
 * Compiles JSON Schema files into ajv standalone validator modules in `outDir`
 * (`<sha256 of the file's text>.cjs`), skipping those already there and removing modules no
 * given file produces; returns the counts. Beside each module it writes V8's code cache of it
 * (after one call, so the cache holds the compiled validator), unless one this Node accepts is
 * there. The build runs it over every committed schema.
 */
export function writePrecompiledValidators(
  schemaFiles: readonly string[],
  outDir: URL = PRECOMPILED_VALIDATOR_DIR,
): { readonly written: number; readonly kept: number; readonly removed: number } {
  const dir = fileURLToPath(outDir);
  mkdirSync(dir, { recursive: true });
  const standaloneCode = (
    require('ajv/dist/standalone/index.js') as {
      default: (ajv: Ajv2020Type, validate: ValidateFunction) => string;
    }
  ).default;
  const wanted = new Set<string>();
  let written = 0;
  for (const file of schemaFiles) {
    const text = readFileSync(file, 'utf8');
    const name = precompiledValidatorName(text);
    wanted.add(name);
    const path = join(dir, name);
    if (!existsSync(path)) {
      // One instance per schema: the module holds that schema alone, whatever its $id.
      const ajv = createAjv({ code: { source: true } });
      writeFileAtomic(path, standaloneCode(ajv, ajv.compile(JSON.parse(text))));
      written++;
    }
    const { validate, script, cacheAccepted } = loadPrecompiledValidator(path);
    if (!cacheAccepted) {
      validate({});
      writeFileAtomic(`${path}${CODE_CACHE_SUFFIX}`, script.createCachedData());
    }
  }
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (name.endsWith(CODE_CACHE_SUFFIX) && !wanted.has(name.slice(0, -CODE_CACHE_SUFFIX.length)))
      rmSync(join(dir, name));
    else if (name.endsWith('.cjs') && !wanted.has(name)) {
      rmSync(join(dir, name));
      removed++;
    }
  }
  return { written, kept: wanted.size - written, removed };
}

function formatAjvError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}

/** Absolute path of the committed JSON Schema file of an entry in a schema directory. */
export function jsonSchemaPath(
  entry: Pick<SchemaEntry, 'marker' | 'version'>,
  schemaDir: URL = CORE_SCHEMA_DIR,
): string {
  return new URL(jsonSchemaFileName(entry), schemaDir).pathname;
}

let shared: JsonSchemaValidator | undefined;

/** A process-wide validator, so each JSON Schema is compiled once. */
export function sharedJsonSchemaValidator(): JsonSchemaValidator {
  shared ??= new JsonSchemaValidator();
  return shared;
}
