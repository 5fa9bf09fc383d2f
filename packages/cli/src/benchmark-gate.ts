#!/usr/bin/env node
// The benchmark-gate program as scripts/bundle.mjs bundles it (esbuild): a few large files to compile at
// start-up instead of hundreds of small modules. The unbundled program is ./benchmark-gate-main.js.
await import(new URL('../bundle/benchmark-gate.mjs', import.meta.url).href);
