import { join } from 'node:path';

/** Where `zpbench baseline save` and `--against-baseline` keep baseline references by default. */
export const DEFAULT_BASELINE_STORE = join('results', 'baselines');
