#!/usr/bin/env node
// The zpbench program as scripts/bundle.mjs bundles it (esbuild): a few large files to compile at
// start-up instead of hundreds of small modules. The unbundled program is ./zpbench-main.js.
await import(new URL('../bundle/zpbench.mjs', import.meta.url).href);
