// Times `zpbench plan` whole-process (as a user runs it) on the issue-19 scale: a baseline of
// 200 seeds × 5,000 slots (5 metrics × 1,000 steps of loss-curve-like data), effect 5%.
// Usage: npx -y pnpm@10.34.8 -s build && node scripts/bench/stats/plan.mjs [--seeds 200]
//        [--steps 1000] [--before <checkout with a built packages/cli>] [--json]
// With --before, the same command of another checkout runs on the same file right after, so the
// two times are measured side by side.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchmark, measureBenchmark } from '@zpbench/perf';
import { createRandomStream } from '@zpbench/stats';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const nSeeds = Number(flag('--seeds', 200));
const nSteps = Number(flag('--steps', 1000));
const before = flag('--before', null);
const asJson = argv.includes('--json');

function baselineMatrix() {
  const r = createRandomStream('bench/plan');
  const out = {};
  for (let m = 0; m < 5; m++) {
    const offsets = Array.from({ length: nSeeds }, () => r.normal(0, 0.02));
    out[m % 2 ? `acc_${m}` : `min:loss_${m}`] = offsets.map((o) =>
      Array.from({ length: nSteps }, (_, t) => Math.exp(-t / 30) + 0.1 + o + r.normal(0, 0.05)),
    );
  }
  return out;
}

/** One whole `zpbench plan` process of `cli`, timed by the shared harness (one cold run). */
async function timePlan(cli, file) {
  let out = null;
  const measured = await measureBenchmark(
    defineBenchmark({
      name: `plan.${cli}`,
      group: 'plan',
      description: `zpbench plan --effect 0.05 --json on ${nSeeds} seeds × ${5 * nSteps} slots`,
      iterations: 1,
      warmup: 0,
      run: () => {
        const run = spawnSync(
          process.execPath,
          [cli, 'plan', '--baseline', file, '--effect', '0.05', '--json'],
          { encoding: 'utf8', maxBuffer: 1 << 26 },
        );
        if (run.status !== 0)
          throw new Error(`${cli} plan exited ${run.status}: ${run.stderr.trim()}`);
        out = JSON.parse(run.stdout);
      },
    }),
  );
  return {
    seconds: measured.latency_ms.p50 / 1000,
    mde: out.minimumDetectableEffect?.effect ?? null,
    powerAtEffect: out.powerAtEffect?.power ?? null,
    requiredSeeds: out.requiredSeeds?.nSeeds ?? null,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'zpb-plan-bench-'));
try {
  const file = join(dir, 'baseline.json');
  writeFileSync(file, JSON.stringify(baselineMatrix()));
  const rows = [
    {
      build: 'this checkout',
      ...(await timePlan(join(root, 'packages/cli/dist/zpbench.js'), file)),
    },
  ];
  if (before)
    rows.push({
      build: before,
      ...(await timePlan(join(resolve(before), 'packages/cli/dist/zpbench.js'), file)),
    });
  if (asJson)
    console.log(
      JSON.stringify({ node: process.version, nSeeds, slots: 5 * nSteps, rows }, null, 2),
    );
  else {
    console.log(
      `zpbench plan --effect 0.05 on ${nSeeds} seeds × ${5 * nSteps} slots (whole process)`,
    );
    for (const r of rows) {
      console.log(
        `  ${r.build.padEnd(24)} ${r.seconds.toFixed(1).padStart(7)} s   MDE ${(100 * r.mde).toFixed(2)}%, power at 5% ${r.powerAtEffect}, seeds for 5% ${r.requiredSeeds}`,
      );
    }
    if (rows.length === 2)
      console.log(`  speed-up ${(rows[1].seconds / rows[0].seconds).toFixed(1)}×`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
