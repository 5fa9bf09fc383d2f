// The performance gate's defaults, in a module of their own: the CLI prints them in --help
// without loading the gate (its schemas and ajv).

/** Default tolerated slowdown of the performance gate (candidate p50 / baseline p50). */
export const DEFAULT_MAX_SLOWDOWN = 1.2;

/** Where `zpbench perf baseline update` writes the committed baseline, relative to the checkout. */
export const DEFAULT_PERF_BASELINE = 'perf/baseline.json';
