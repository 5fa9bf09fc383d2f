#!/usr/bin/env node
// Committed launcher: exists before the build, so package managers link `zpbench` at install
// time (`npx zpbench …`, `pnpm exec zpbench …`); the program itself is built into dist/.
await import('../dist/zpbench.js');
