/**
 * Every script under scripts/bench/ times through the shared @zpbench/perf harness (issue 16:
 * "no hand-rolled medians or timers left there"): no script reads a clock of its own. Checked by
 * reading the scripts, so the check also names the file and line that broke it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH = join(ROOT, 'scripts/bench');

/** Clock reads a bench script must leave to the harness. */
const CLOCKS = [
  /\bperformance\.now\s*\(/,
  /\bprocess\.hrtime\b/,
  /\bDate\.now\s*\(/,
  /\bconsole\.time\(/,
];

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scripts(path);
    return /\.(mjs|js|ts)$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: text` of every clock read in `text`, comments included (a comment is cheap to fix). */
function clockReads(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      CLOCKS.some((clock) => clock.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe('scripts/bench timing', () => {
  it('finds a clock read where there is one', () => {
    const found = clockReads('x.mjs', 'const a = 1;\nconst t0 = performance.now();\n');
    expect(found).toEqual(['x.mjs:2: const t0 = performance.now();']);
    expect(clockReads('y.mjs', 'const t = process.hrtime.bigint();')).toHaveLength(1);
    expect(clockReads('z.mjs', 'const { seconds } = await timeOnce(name, run);')).toEqual([]);
  });

  it('leaves every timer of every bench script to the shared harness', () => {
    const files = scripts(BENCH);
    expect(files.length).toBeGreaterThan(10);
    const reads = files.flatMap((file) =>
      clockReads(relative(ROOT, file), readFileSync(file, 'utf8')),
    );
    expect(reads).toEqual([]);
  });
});
