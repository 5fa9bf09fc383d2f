import { createRequire } from 'node:module';

/** The zpbench version, from the CLI package manifest. */
export const ZPBENCH_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
