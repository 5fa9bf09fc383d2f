#!/usr/bin/env node
// Committed launcher: exists before the build, so package managers link `benchmark-gate` at install
// time. The program is built: dist/benchmark-gate.js (tsc) loads the esbuild bundle
// in bundle/ (scripts/bundle.mjs).
await import('../dist/benchmark-gate.js');
