/**
 * Test support for the budgets end-to-end tests (budgets-envelope*, budgets-presets*): the built
 * binaries, a scratch directory, JSON files, the envelope block of a Markdown report, and Python's
 * jsonschema run over files against the committed schemas (scripts/validate-with-jsonschema.py).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA_DIR } from '@zpbench/core';
import { execa } from 'execa';
import { afterAll, expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ZPBENCH = join(ROOT, 'packages/cli/dist/zpbench.js');
export const GATE = join(ROOT, 'packages/cli/dist/benchmark-gate.js');
/** The committed performance-suite fixture directory (a baseline and one candidate). */
export const PERF_FIXTURE = join(ROOT, 'fixtures/performance');

/** Runs a built binary (NO_COLOR, never rejecting), optionally from another directory. */
export const cli = (bin: string, args: readonly string[], cwd?: string) =>
  execa(process.execPath, [bin, ...args], { reject: false, cwd, env: { NO_COLOR: '1' } });

/** A scratch directory removed after the file's tests; `at(...)` joins paths inside it. */
export function scratch(prefix: string): { dir: string; at: (...parts: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, at: (...parts) => join(dir, ...parts) };
}

export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Writes `value` as JSON to `path` and returns the path. */
export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** The JSON block of a Markdown report's "Provenance envelope" section, parsed. */
export function envelopeBlock(markdown: string): Record<string, unknown> {
  const block = markdown
    .split('## Provenance envelope')[1]
    ?.split('```json\n')[1]
    ?.split('\n```')[0];
  expect(block, 'a "Provenance envelope" section with a JSON block').toBeDefined();
  return JSON.parse(block as string);
}

/**
 * Validates files with Python's jsonschema against the committed core schemas: each `FILE`
 * against the schema its marker names, `FILE=NAME` against NAME.schema.json, a Markdown file's
 * envelope block, and every envelope nested in a document. Returns the script's last line
 * (`N documents, N valid …`); throws with its output when one is invalid.
 */
export function pythonValidates(files: readonly string[]): string {
  const out = execFileSync(
    'python3',
    [
      join(ROOT, 'scripts/validate-with-jsonschema.py'),
      '--files',
      fileURLToPath(CORE_SCHEMA_DIR),
      ...files,
    ],
    { encoding: 'utf8' },
  );
  return out.trim().split('\n').at(-1) as string;
}

/** `N documents, N valid …, 0 invalid` for exactly `n` documents. */
export const allValid = (n: number) =>
  `${n} documents, ${n} valid against the committed JSON Schemas, 0 invalid`;
