import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { SchemaEntry } from './artifact-spec.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { renderJsonSchema } from './json-schema.js';
import { jsonSchemaFileName } from './schemas/registry.js';

/** Where core's committed JSON Schemas live. */
export const CORE_SCHEMA_DIR = new URL('../schemas/', import.meta.url);

/**
 * Validates parsed artifacts against committed JSON Schema files with ajv: core's under
 * `packages/core/schemas/`, a domain's in its own package (`DomainContract.schemaDir`). For a
 * schema source without committed files (a test-only domain) the JSON Schema is rendered from
 * the zod schema, so both validators still see every artifact.
 */
export class JsonSchemaValidator {
  readonly #ajv = new Ajv2020({ allErrors: true, strict: false });
  readonly #compiled = new Map<string, ValidateFunction>();

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
      let schema: unknown;
      if (schemaDir === null) schema = renderJsonSchema(entry);
      else {
        const url = new URL(file, schemaDir);
        try {
          schema = JSON.parse(readFileSync(url, 'utf8'));
        } catch (error) {
          throw new ZpbenchError(
            ERROR_CODES.PLUGIN_CONTRACT,
            `the committed JSON Schema ${url.pathname} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); regenerate the schemas with \`pnpm -s schemas\``,
            { cause: error },
          );
        }
      }
      validate = this.#ajv.compile(schema as object);
      this.#compiled.set(key, validate);
    }
    return validate;
  }
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
