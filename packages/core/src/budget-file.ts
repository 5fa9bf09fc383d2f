import { parseJsonText, parseWithSchema, readTextFile } from './artifact-io.js';
import { ERROR_CODES, ZpbenchError } from './errors.js';
import { sha256Hex } from './hash.js';
import {
  BUDGET_FILE_MARKER,
  BUDGET_FILE_VERSION,
  type BudgetFileRef,
  type BudgetFileV1,
  budgetFileV1Schema,
} from './schemas/budget.js';

/** A budget file as loaded: the parsed budgets and the reference (path, digest) runs record. */
export interface LoadedBudgetFile {
  readonly file: BudgetFileV1;
  readonly ref: BudgetFileRef;
}

/**
 * Parses the text of a budget file (`{"budgets": [ … ]}`): the one parser of hand-written budget
 * files, preset budgets and calibrated `candidate-budgets.json`. Throws `ZPB_JSON_PARSE`,
 * `ZPB_SCHEMA_VERSION` or `ZPB_SCHEMA` naming the file and the first problems.
 */
export function parseBudgetFile(text: string, path: string, label = path): LoadedBudgetFile {
  const value = parseJsonText(text, label) as Record<string, unknown>;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (value.schema !== undefined && value.schema !== BUDGET_FILE_MARKER)
      throw new ZpbenchError(
        ERROR_CODES.SCHEMA,
        `${label} is not a budget file (its schema is ${JSON.stringify(value.schema)}, expected ${BUDGET_FILE_MARKER}); pass a file of the form {"budgets": [ … ]}`,
      );
    if (value.schema_version !== undefined && value.schema_version !== BUDGET_FILE_VERSION)
      throw new ZpbenchError(
        ERROR_CODES.SCHEMA_VERSION,
        `${label} is budget-file version ${JSON.stringify(value.schema_version)}; this zpbench reads version ${BUDGET_FILE_VERSION}`,
      );
  }
  const file = parseWithSchema(budgetFileV1Schema, value, `budget file ${label}`);
  return {
    file,
    ref: {
      path,
      sha256: `sha256:${sha256Hex(text)}`,
      budgets: file.budgets.length,
      metadata: { ...(file.metadata ?? {}) },
    },
  };
}

/** Reads and parses a budget file from disk (see {@link parseBudgetFile}). */
export function readBudgetFile(path: string, label = path): LoadedBudgetFile {
  return parseBudgetFile(readTextFile(path, label), path, label);
}
