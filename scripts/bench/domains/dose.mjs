#!/usr/bin/env node
// DOSE speed bench: runs domain.runSeed directly (one thread) and prints per-seed wall time and
// the share spent in training. Usage: node scripts/bench/domains/dose.mjs [smoke|paper|both] [seeds]
// e.g. `node scripts/bench/domains/dose.mjs smoke 0,1,2,3,4` or `... paper 0`.
import { performance } from 'node:perf_hooks';
import { configHash } from '../../../packages/core/dist/index.js';
import { domain } from '../../../packages/domain-dose/dist/index.js';

const which = process.argv[2] ?? 'both';
const seedArg = process.argv[3];
const modes = which === 'both' ? ['smoke', 'paper'] : [which];

for (const mode of modes) {
  const m = domain.modes[mode];
  if (!m) throw new Error(`unknown mode ${mode}`);
  const seeds = seedArg
    ? seedArg.split(',').map(Number)
    : mode === 'smoke'
      ? m.seeds
      : [m.seeds[0]];
  const hash = configHash(m.config);
  let wallSum = 0;
  let trainSum = 0;
  for (const seed of seeds) {
    const t0 = performance.now();
    const out = await domain.runSeed({
      domain: 'dose',
      mode,
      seed,
      config: m.config,
      configHash: hash,
      runDir: '.',
      progress: () => {},
    });
    const wall = (performance.now() - t0) / 1000;
    const train = Object.values(out.trainSeconds ?? {}).reduce((a, b) => a + b, 0);
    wallSum += wall;
    trainSum += train;
    const perModel = Object.entries(out.trainSeconds ?? {})
      .map(([k, v]) => `${k} ${v.toFixed(2)}s`)
      .join(', ');
    process.stdout.write(
      `${mode} seed ${seed}: wall ${wall.toFixed(2)} s, training ${train.toFixed(2)} s (${((100 * train) / wall).toFixed(0)}%) [${perModel}]\n`,
    );
  }
  process.stdout.write(
    `${mode}: ${seeds.length} seed(s), total wall ${wallSum.toFixed(2)} s, training share ${((100 * trainSum) / wallSum).toFixed(0)}%\n`,
  );
}
