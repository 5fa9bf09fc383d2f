#!/usr/bin/env node
// Committed launcher: exists before the build, so package managers link `benchmark-gate` at
// install time; the program itself is built into dist/.
await import('../dist/benchmark-gate.js');
