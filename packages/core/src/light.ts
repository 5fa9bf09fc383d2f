/**
 * The light entry point (`@zpbench/core/light`): the parts of core that load no schema (no zod,
 * no ajv): typed errors, the number and path argument parsers, the performance gate's defaults.
 * A command line imports these at start-up and the rest of core only when a command runs; a
 * bundler cannot split one entry module between the two, hence a module of its own.
 */
export type { ErrorCode } from './errors.js';
export { ERROR_CODES, isZpbenchError, ZpbenchError } from './errors.js';
export type { NumberArgumentSpec } from './number-argument.js';
export { parseNumberArgument } from './number-argument.js';
export type { PathArgumentKind, PathArgumentSpec } from './path-argument.js';
export { resolvePathArgument } from './path-argument.js';
export { DEFAULT_MAX_SLOWDOWN, DEFAULT_PERF_BASELINE } from './perf-defaults.js';
export { DEFAULT_BASELINE_STORE } from './run-defaults.js';
export { RUN_FILES } from './run-layout.js';
