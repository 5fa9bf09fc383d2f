#!/usr/bin/env node
/**
 * Start-up benchmark (after `pnpm -s build`): whole-process wall time of everyday commands, cold,
 * as a user runs them, against `node -e 0`, in interleaved rounds (the shared @zpbench/perf
 * harness). Aim (issue 16): `zpbench --help`, `zpbench regress` on a tiny input and
 * `benchmark-gate` on a small run each within 3× of `node -e 0`.
 * With --unbundled it also times the same commands through tsc's unbundled entry points
 * (packages/cli/dist/*-main.js), the before of the bundle and the lazy imports.
 * With --against <checkout> it also times them through another built checkout's bundled programs
 * (say main's, for a before and after measured side by side in the same rounds).
 * Usage: node scripts/bench/startup/index.mjs [--rounds 15] [--seeds 5] [--unbundled]
 *   [--against <checkout>] [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticFixtureRun } from '@zpbench/domain-synthetic/testing';
import { defineBenchmark, measureInterleaved, ratioSpread } from '@zpbench/perf';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    seeds: { type: 'string', default: '5' },
    unbundled: { type: 'boolean' },
    against: { type: 'string' },
    json: { type: 'boolean' },
  },
});
const rounds = Number(values.rounds) || 15;
const seedCount = Number(values.seeds) || 5;
const dist = (file) =>
  fileURLToPath(new URL(`../../../packages/cli/dist/${file}`, import.meta.url));
const AIM = 3;

const dir = mkdtempSync(join(tmpdir(), 'zpb-bench-startup-'));
try {
  // A tiny regress input: 6 seeds × 2 metrics × 3 steps (exact path), and a small valid run.
  const matrix = (shift) => ({
    'min:loss': Array.from({ length: 6 }, (_, s) => [1, 0.8, 0.6].map((v) => v + s * 0.01 + shift)),
    acc: Array.from({ length: 6 }, (_, s) => [0.5, 0.6, 0.7].map((v) => v - s * 0.01)),
  });
  writeFileSync(join(dir, 'base.json'), JSON.stringify(matrix(0)));
  writeFileSync(join(dir, 'cur.json'), JSON.stringify(matrix(0.001)));
  const run = join(dir, 'run');
  writeSyntheticFixtureRun(run, { seeds: Array.from({ length: seedCount }, (_, i) => i) });

  const commands = [
    { name: 'node -e 0', argv: ['-e', '0'], ok: [0] },
    { name: 'zpbench --help', bin: 'zpbench', args: ['--help'], ok: [0] },
    {
      name: 'zpbench regress (tiny)',
      bin: 'zpbench',
      args: ['regress', '--baseline', join(dir, 'base.json'), '--current', join(dir, 'cur.json')],
      ok: [0, 1],
    },
    {
      name: `benchmark-gate (${seedCount} seeds)`,
      bin: 'benchmark-gate',
      args: ['--family', 'scientific', run],
      ok: [0],
    },
  ];
  const variants = commands.flatMap((c) => {
    if (!c.bin) return [{ ...c, label: c.name }];
    const bundled = { ...c, label: c.name, argv: [dist(`${c.bin}.js`), ...c.args] };
    const unbundled = {
      ...c,
      label: `${c.name} [unbundled]`,
      argv: [dist(`${c.bin}-main.js`), ...c.args],
    };
    const against = values.against && {
      ...c,
      label: `${c.name} [${basename(resolve(values.against))}]`,
      argv: [join(resolve(values.against), `packages/cli/dist/${c.bin}.js`), ...c.args],
    };
    return [bundled, ...(values.unbundled ? [unbundled] : []), ...(against ? [against] : [])];
  });
  const benches = variants.map((v) =>
    defineBenchmark({
      name: v.label,
      group: 'startup',
      description: `${v.label}, whole process`,
      iterations: rounds,
      warmup: 1,
      run: () => {
        const result = spawnSync(process.execPath, v.argv, { encoding: 'utf8' });
        if (!v.ok.includes(result.status ?? -1))
          throw new Error(`${v.label} exited ${result.status}: ${result.stderr}`);
      },
    }),
  );
  const measured = await measureInterleaved(benches);
  const node = measured[0];
  const rows = variants.map((v, i) => {
    const m = measured[i];
    const ratio = ratioSpread(m.samples_ms, node.samples_ms);
    return { command: v.label, p50_ms: m.latency_ms.p50, ratio_to_node: ratio };
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ aim: AIM, rounds, rows })}\n`);
  else {
    process.stdout.write(
      `whole-process wall time, ${rounds} interleaved rounds; ratio = per-round command / node -e 0 (median [min–max])\n`,
    );
    for (const row of rows) {
      const r = row.ratio_to_node;
      const verdict =
        row.command === 'node -e 0' || row.command.includes(' [')
          ? ''
          : r.median <= AIM
            ? `  within ${AIM}×`
            : `  OVER ${AIM}×`;
      process.stdout.write(
        `${row.command.padEnd(38)} ${row.p50_ms.toFixed(0).padStart(6)} ms  ${r.median.toFixed(2)}× [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${verdict}\n`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
