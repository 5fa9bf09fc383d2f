#!/usr/bin/env node
/**
 * Regenerates fixtures/ from the schemas via @zpbench/core's fixture builders, so the fixtures
 * always match the current contract. Run after `pnpm -s build`: `node scripts/make-fixtures.mjs`.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixturePerfDir, writeFixtureRunDir } from '../packages/core/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? join(root, 'fixtures');
rmSync(join(target, 'scientific'), { recursive: true, force: true });
rmSync(join(target, 'performance'), { recursive: true, force: true });
writeFixtureRunDir(join(target, 'scientific', 'run_20260101_000000_nogit'));
writeFixturePerfDir(join(target, 'performance'));
process.stdout.write(`fixtures written to ${target}\n`);
