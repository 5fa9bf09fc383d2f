import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { jsonSchemaFileName } from './schemas/registry.js';

const SCHEMA_DIR = new URL('../schemas/', import.meta.url);

/** Validates parsed artifacts against the committed JSON Schema files with ajv. */
export class JsonSchemaValidator {
  readonly #ajv = new Ajv2020({ allErrors: true, strict: false });
  readonly #compiled = new Map<string, ValidateFunction>();

  /** Returns the ajv error list (empty when valid) of `value` against `<marker>.v<version>`. */
  validate(marker: string, version: number, value: unknown): string[] {
    const validate = this.#compile(marker, version);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(formatAjvError);
  }

  #compile(marker: string, version: number): ValidateFunction {
    const key = jsonSchemaFileName({ marker, version });
    let validate = this.#compiled.get(key);
    if (!validate) {
      const schema = JSON.parse(readFileSync(new URL(key, SCHEMA_DIR), 'utf8'));
      validate = this.#ajv.compile(schema);
      this.#compiled.set(key, validate);
    }
    return validate;
  }
}

function formatAjvError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}

/** Absolute path of the committed JSON Schema file of a marker and version. */
export function jsonSchemaPath(marker: string, version: number): string {
  return new URL(jsonSchemaFileName({ marker, version }), SCHEMA_DIR).pathname;
}

let shared: JsonSchemaValidator | undefined;

/** A process-wide validator, so each JSON Schema is compiled once. */
export function sharedJsonSchemaValidator(): JsonSchemaValidator {
  shared ??= new JsonSchemaValidator();
  return shared;
}
