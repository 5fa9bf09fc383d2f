#!/usr/bin/env node
// Committed launcher: exists before the build, so package managers link `zpbench` at install
// time (`npx zpbench …`, `pnpm exec zpbench …`). The program is built: dist/zpbench.js (tsc) loads the esbuild bundle
// in bundle/ (scripts/bundle.mjs).
await import('../dist/zpbench.js');
