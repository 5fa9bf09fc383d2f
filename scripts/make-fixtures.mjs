#!/usr/bin/env node
/**
 * Regenerates fixtures/ from the schemas: a synthetic-domain run directory (the domain's own
 * schema-built fixture) and a performance-suite directory, so the fixtures always match the
 * current contract. Run after `pnpm -s build`: `node scripts/make-fixtures.mjs`.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixturePerfDir } from '@zpbench/core/testing';
import { writeSyntheticFixtureRun } from '@zpbench/domain-synthetic/testing';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? join(root, 'fixtures');
rmSync(join(target, 'scientific'), { recursive: true, force: true });
rmSync(join(target, 'performance'), { recursive: true, force: true });
writeSyntheticFixtureRun(join(target, 'scientific', 'run_20260101_000000_nogit'));
writeFixturePerfDir(join(target, 'performance'));
process.stdout.write(`fixtures written to ${target}\n`);
